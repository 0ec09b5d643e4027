"""The follow-up sequence's periodic job: queue each lead's due step, at most once.

The rules (who is nurtured, which step is due, what it talks about) are in
:mod:`madfam.rules.nurture`. A step is claimed by inserting its ``NurtureStep`` row:
the unique (lead, step) pair lets only one of two workers running this job at the same
time commit it, and its email is queued in that same transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from madfam import jobs
from madfam.delivery.suppression import is_suppressed
from madfam.delivery.unsubscribe import unsubscribe_url
from madfam.enums import AssessmentStatus
from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.email import add_email
from madfam.jobs.retry import now_utc
from madfam.models import Assessment, Calculation, Lead, LeadActivity, NurtureStep
from madfam.rules import nurture as rules
from madfam.rules.tiers import TIER_INFO

log = logging.getLogger(__name__)
TEMPLATE = "follow_up"


def status_set_by_staff(lead_id: str) -> bool:
    """True when anyone but the system (staff in the admin area, or an integration acting
    for them) has ever changed this lead's status."""
    changes = db.session.execute(
        select(LeadActivity.user_id, LeadActivity.metadata_).where(
            LeadActivity.lead_id == lead_id, LeadActivity.type == "status_updated"
        )
    ).all()
    return any(user_id or (meta or {}).get("by") != "system" for user_id, meta in changes)


def in_sequence(lead: Lead) -> bool:
    """Whether the lead is nurtured now (consent, not suppressed, not taken over by staff)."""
    return rules.nurtured(
        rules.NurtureFacts(
            status=lead.status,
            marketing_consent=lead.marketing_consent,
            status_set_by_staff=status_set_by_staff(lead.id),
            suppressed=is_suppressed(lead.email),
        )
    )


def _content(lead: Lead) -> dict:
    """What the step builds on: the latest assessment's result, else the latest calculation."""
    assessment = db.session.scalar(
        select(Assessment)
        .where(Assessment.lead_id == lead.id, Assessment.status == AssessmentStatus.COMPLETED)
        .order_by(Assessment.completed_at.desc())
        .limit(1)
    )
    calculation = db.session.scalar(
        select(Calculation)
        .where(Calculation.lead_id == lead.id)
        .order_by(Calculation.created_at.desc())
        .limit(1)
    )
    kind = rules.content_for(assessment is not None, calculation is not None)
    if kind == rules.ASSESSMENT and assessment.tier:
        return {
            "content": kind,
            "score": assessment.score,
            "tier_name": TIER_INFO[assessment.tier].name,
        }
    if kind == rules.CALCULATION:
        return {"content": kind, "calculation_type": calculation.type}
    return {"content": rules.GENERAL}


def _queue_step(lead: Lead, step: int) -> bool:
    """Claim and queue one step for one lead, and commit; False if another worker had it."""
    try:
        with jobs.savepoint():
            claimed = NurtureStep(lead_id=lead.id, step=step)
            db.session.add(claimed)
            db.session.flush()
    except IntegrityError:
        return False
    locale = lead.locale or "es"
    data = {
        "lead_id": lead.id,
        "first_name": lead.first_name,
        "step": step,
        "last_step": step == len(current_app.config["NURTURE_DELAYS_DAYS"]),
        "unsubscribe_url": unsubscribe_url(lead.id, locale),
        **_content(lead),
    }
    claimed.email_id = add_email(TEMPLATE, [lead.email], data, locale).id
    jobs.commit()
    return True


def queue_due_steps(now: datetime | None = None) -> int:
    """Queue every due follow-up step; returns how many were queued by this call."""
    now = now or now_utc()
    delays = current_app.config["NURTURE_DELAYS_DAYS"]
    if not delays:
        return 0
    oldest, newest = rules.earliest_due(now, delays)
    candidates = db.session.scalars(
        select(Lead).where(
            Lead.marketing_consent.is_(True),
            Lead.status.in_(rules.NURTURED_STATUSES),
            Lead.created_at >= oldest,
            Lead.created_at <= newest,
        )
    ).all()
    queued = 0
    for lead in candidates:
        sent = set(
            db.session.scalars(select(NurtureStep.step).where(NurtureStep.lead_id == lead.id))
        )
        step = rules.due_step(lead.created_at, now, delays, sent)
        if step is not None and in_sequence(lead) and _queue_step(lead, step):
            queued += 1
    db.session.commit()
    return queued


@app_context
def nurture_job() -> int:
    """The periodic job: queue the due follow-up steps."""
    return queue_due_steps()
