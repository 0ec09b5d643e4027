"""Automatic qualification after a scoring: the rule decides, this records and announces it."""

from __future__ import annotations

from dataclasses import replace

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from madfam.delivery.suppression import is_suppressed
from madfam.enums import LeadStatus
from madfam.extensions import db
from madfam.jobs.nurture import status_set_by_staff
from madfam.models import Lead, LeadActivity
from madfam.rules.qualification import QualificationFacts, qualification
from madfam.services.webhooks import emit_safely, lead_payload

SYSTEM = "system"


def qualify_if_due(lead: Lead) -> bool:
    """Make a freshly scored lead QUALIFIED when the rule says so; nothing is committed.

    Records a ``status_updated`` activity by the system with the reason and queues
    ``lead.qualified`` and ``lead.status_updated`` for the integrations. The conditional
    UPDATE makes it once per lead, even when two requests score it at the same time.
    """
    if lead.status is not LeadStatus.NEW:
        return False  # the common case, without a query
    facts = QualificationFacts(
        status=lead.status,
        score=lead.score,
        email=lead.email,
        threshold=current_app.config["QUALIFY_SCORE"],
        status_set_by_staff=False,
        suppressed=False,
    )
    if qualification(facts) is None:
        return False  # not even without the two facts below: no query for them
    db.session.flush()
    reason = qualification(
        replace(
            facts,
            status_set_by_staff=status_set_by_staff(lead.id),
            suppressed=is_suppressed(lead.email),
        )
    )
    if reason is None:
        return False
    changed = db.session.execute(
        update(Lead)
        .where(Lead.id == lead.id, Lead.status == LeadStatus.NEW)
        .values(status=LeadStatus.QUALIFIED)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        return False
    set_committed_value(lead, "status", LeadStatus.QUALIFIED)  # written above
    change = {"from": LeadStatus.NEW.value, "to": LeadStatus.QUALIFIED.value, "by": SYSTEM}
    db.session.add(
        LeadActivity(
            lead=lead,
            type="status_updated",
            description=reason,
            metadata_={**change, "reason": reason, "score": lead.score},
        )
    )
    db.session.flush()
    payload = {**lead_payload(lead), **change, "reason": reason}
    emit_safely("lead.qualified", payload)
    emit_safely("lead.status_updated", payload)
    return True
