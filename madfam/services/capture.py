"""The contact-form use case: store the lead, queue its follow-ups, commit once.

Jobs (the welcome email, the ``lead.*`` webhooks queued with the lead) leave only after
the commit, and dispatching them never raises: if the job system is down the lead is
still saved and the outbox rows wait for the sweep.
"""

from __future__ import annotations

from dataclasses import dataclass

from madfam import jobs
from madfam.services.context import Visit
from madfam.services.leads import LeadInput, upsert_lead
from madfam.services.outbox import queue_email
from madfam.services.privacy import lift_suppression

ORIGIN = "contact_form"


@dataclass(frozen=True)
class CaptureResult:
    lead_id: str
    created: bool
    score: int


def capture_lead(
    data: LeadInput, visit: Visit, last_touch: dict[str, str] | None = None
) -> CaptureResult:
    """Create or update the visitor's lead from the contact form and commit.

    ``visit.utm`` is the session's first touch (kept on a new lead); ``last_touch``
    is the most recent landing's attribution, recorded in this submission's activity
    when it differs from the first touch. A new lead gets a welcome email in the
    visitor's language; a repeat submission does not, so the form cannot be used to
    send the same person email over and over.
    """
    if data.marketing_consent:
        # The person asked for email again: an earlier erasure's suppression ends.
        lift_suppression(data.email)

    upserted = upsert_lead(data, visit, origin=ORIGIN)
    lead, created, activity = upserted.lead, upserted.created, upserted.activity

    touch = {k: v for k, v in (last_touch or {}).items() if v}
    first = {k: v for k, v in (visit.utm or {}).items() if v}
    if touch and touch != first:
        activity.metadata_ = {**(activity.metadata_ or {}), "last_touch": touch}

    if created:
        queue_email("welcome", lead.email, {"first_name": lead.first_name}, locale=visit.locale)

    result = CaptureResult(lead_id=lead.id, created=created, score=lead.score)
    jobs.commit()
    return result
