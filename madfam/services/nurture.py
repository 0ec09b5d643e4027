"""The follow-up sequence from the lead's side: one-click unsubscribe, and stopping it.

The periodic job that queues the steps is :mod:`madfam.jobs.nurture`; it asks, before
each step, whether the lead is still in the sequence. Unsubscribing withdraws consent
and a staff status change takes the lead over, so both end it; so do erasure (the lead
and its queued emails are deleted) and suppression (the email job sends nothing to a
suppressed address). A step already queued but not yet sent is cancelled here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from madfam import jobs
from madfam.delivery.unsubscribe import lead_id_from
from madfam.extensions import db
from madfam.models import EmailQueue, Lead, LeadActivity, NurtureStep
from madfam.services.webhooks import emit_safely, lead_payload


def stop_sequence(lead: Lead, why: str) -> int:
    """Cancel the lead's follow-up emails still waiting to be sent; not committed."""
    queued = select(NurtureStep.email_id).where(
        NurtureStep.lead_id == lead.id, NurtureStep.email_id.is_not(None)
    )
    return db.session.execute(
        update(EmailQueue)
        .where(EmailQueue.id.in_(queued), EmailQueue.status == "pending")
        .values(status="suppressed", error=why, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def lead_for_token(token: str) -> Lead | None:
    lead_id = lead_id_from(token)
    return db.session.get(Lead, lead_id) if lead_id else None


def unsubscribe(token: str) -> Lead | None:
    """Withdraw the marketing consent of the lead the token names, and commit.

    Records it on the timeline, stops the sequence and tells the integrations
    (``email.unsubscribed``). ``None`` for a token that names no lead; a second click
    changes nothing.
    """
    lead = lead_for_token(token)
    if lead is None or not lead.marketing_consent:
        return lead
    now = datetime.now(UTC)
    lead.marketing_consent = False
    lead.consent_at = now
    lead.updated_at = now
    db.session.add(
        LeadActivity(
            lead=lead,
            type="email_unsubscribed",
            description="Unsubscribed from marketing email (one-click link)",
            metadata_={"by": "lead"},
        )
    )
    stop_sequence(lead, "unsubscribed")
    emit_safely("email.unsubscribed", lead_payload(lead))
    jobs.commit()
    return lead
