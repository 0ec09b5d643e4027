"""Privacy requests: export everything about one lead, erase it, and suppress the address.

The suppression list keeps only an HMAC of the normalised email; this module adds and
lifts entries, :mod:`madfam.delivery.suppression` answers "is this address suppressed?".
Every export and erasure writes an AuditLog row with the staff user, the action and the
lead id, never the personal data.

Which rows are "about" a lead is decided in one place, services/lead_records.py, which
the admin timeline uses as well.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from madfam.delivery.suppression import email_hash, is_suppressed
from madfam.extensions import db
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    AuditLog,
    Calculation,
    EmailQueue,
    Lead,
    LeadActivity,
    LeadNote,
    Suppression,
    WebhookDelivery,
)
from madfam.services.lead_records import LeadRecords, collect

ACTION_EXPORT = "lead_export"
ACTION_ERASE = "lead_erase"


def suppress(email: str) -> None:
    """Add the address to the suppression list (in the caller's transaction)."""
    if is_suppressed(email):
        return
    try:
        with db.session.begin_nested():
            db.session.add(Suppression(email_hash=email_hash(email)))
    except IntegrityError:  # added concurrently
        pass


def lift_suppression(email: str) -> bool:
    """The person submitted again: automated email may reach them. Not committed."""
    result = db.session.execute(
        delete(Suppression).where(Suppression.email_hash == email_hash(email))
    )
    return bool(result.rowcount)


# --- Finding every row about a lead ---------------------------------------------------


def find_records(lead: Lead) -> LeadRecords:
    """Every row an export holds and an erasure removes (copies in events and webhooks too)."""
    return collect(lead, copies=True)


# --- Export ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def row_dict(row) -> dict[str, Any]:
    """Every column of a model row as JSON-ready values, under the column names."""
    mapper = row.__mapper__
    return {attr.columns[0].name: _plain(getattr(row, attr.key)) for attr in mapper.column_attrs}


def _audit(action: str, lead_id: str, actor_id: str | None) -> None:
    db.session.add(AuditLog(action=action, lead_id=lead_id, actor_id=actor_id))


def export_lead(lead: Lead, actor_id: str | None) -> dict[str, Any]:
    """Everything stored about the lead as a JSON-ready dict; the export is audited."""
    records = find_records(lead)
    document = {
        "exported_at": datetime.now(UTC).isoformat(),
        "lead": row_dict(records.lead),
        "notes": [row_dict(r) for r in records.notes],
        "activities": [row_dict(r) for r in records.activities],
        "assessments": [row_dict(r) for r in records.assessments],
        "calculations": [row_dict(r) for r in records.calculations],
        "emails": [row_dict(r) for r in records.emails],
        "analytics_events": [row_dict(r) for r in records.events],
        "webhook_deliveries": [row_dict(r) for r in records.webhooks],
    }
    _audit(ACTION_EXPORT, lead.id, actor_id)
    db.session.commit()
    return document


# --- Erasure --------------------------------------------------------------------------


def erase_lead(lead: Lead, actor_id: str | None) -> dict[str, int]:
    """Delete the lead and every row about it, suppress the address, audit; one commit.

    Returns how many rows of each kind were removed.
    """
    records = find_records(lead)
    counts = records.counts()
    lead_id, email = lead.id, lead.email
    for model, rows in (
        (AnalyticsEvent, records.events),
        (EmailQueue, records.emails),
        (Calculation, records.calculations),
        (Assessment, records.assessments),
        (LeadNote, records.notes),
        (LeadActivity, records.activities),
        (WebhookDelivery, records.webhooks),
    ):
        ids = [row.id for row in rows]
        if ids:
            db.session.execute(
                delete(model).where(model.id.in_(ids)).execution_options(synchronize_session=False)
            )
    db.session.execute(
        delete(Lead).where(Lead.id == lead_id).execution_options(synchronize_session=False)
    )
    for row in (
        records.lead,
        *records.notes,
        *records.activities,
        *records.assessments,
        *records.calculations,
        *records.emails,
        *records.events,
        *records.webhooks,
    ):
        if row in db.session:
            db.session.expunge(row)
    suppress(email)
    _audit(ACTION_ERASE, lead_id, actor_id)
    db.session.commit()
    return counts
