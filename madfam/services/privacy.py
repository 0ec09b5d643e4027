"""Privacy requests: export everything about one lead, erase it, and suppress the address.

The suppression list keeps only an HMAC of the normalised email; this module adds and
lifts entries, :mod:`madfam.delivery.suppression` answers "is this address suppressed?".
Every export and erasure writes an AuditLog row with the staff user, the action and the
lead id, never the personal data.

JSON columns are searched portably: a text match narrows the candidate rows on both
SQLite and PostgreSQL, and Python then checks each candidate exactly.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import String, cast, delete, func, or_, select
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
from madfam.rules.emails import normalise_email

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


@dataclass
class LeadRecords:
    """Every row about one lead, grouped by kind."""

    lead: Lead
    notes: list[LeadNote] = field(default_factory=list)
    activities: list[LeadActivity] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    calculations: list[Calculation] = field(default_factory=list)
    emails: list[EmailQueue] = field(default_factory=list)
    events: list[AnalyticsEvent] = field(default_factory=list)
    webhooks: list[WebhookDelivery] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "notes": len(self.notes),
            "activities": len(self.activities),
            "assessments": len(self.assessments),
            "calculations": len(self.calculations),
            "emails": len(self.emails),
            "events": len(self.events),
            "webhooks": len(self.webhooks),
        }


def _json_text_variants(value: str) -> list[str]:
    """How ``value`` can appear inside a JSON document stored as text (escaped or not)."""
    escaped = json.dumps(value)[1:-1]
    return list(dict.fromkeys([value, escaped]))


def _text_candidates(column, needles: list[str]):
    """A portable condition: the JSON column's text contains one of ``needles``."""
    text = func.lower(cast(column, String))
    return or_(
        *(
            text.contains(variant.lower(), autoescape=True)
            for needle in needles
            for variant in _json_text_variants(needle)
        )
    )


def _walk(value: Any):
    """Every scalar inside a JSON value, with the key it sits under (if any)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _walk(item)
            else:
                yield key, item
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list):
                yield from _walk(item)
            else:
                yield None, item
    elif value is not None:
        yield None, value


def _carries(value: Any, lead_id: str, email: str) -> bool:
    """True when a JSON value holds the lead id or the email (case-insensitive)."""
    for _key, item in _walk(value):
        if not isinstance(item, str):
            continue
        if item == lead_id or normalise_email(item) == email:
            return True
    return False


def _recipient_match(to: Any, email: str) -> bool:
    recipients = [to] if isinstance(to, str) else list(to or [])
    for recipient in recipients:
        if not isinstance(recipient, str):
            continue
        address = normalise_email(recipient)
        if address == email or address.endswith(f"<{email}>"):
            return True
    return False


def find_records(lead: Lead) -> LeadRecords:
    email = normalise_email(lead.email)
    lead_id = lead.id
    notes = db.session.scalars(
        select(LeadNote).where(LeadNote.lead_id == lead_id).order_by(LeadNote.created_at)
    ).all()
    activities = db.session.scalars(
        select(LeadActivity)
        .where(LeadActivity.lead_id == lead_id)
        .order_by(LeadActivity.created_at)
    ).all()
    assessments = db.session.scalars(
        select(Assessment)
        .where(or_(Assessment.lead_id == lead_id, func.lower(Assessment.email) == email))
        .order_by(Assessment.created_at)
    ).all()
    calculations = db.session.scalars(
        select(Calculation)
        .where(or_(Calculation.lead_id == lead_id, func.lower(Calculation.email) == email))
        .order_by(Calculation.created_at)
    ).all()
    email_candidates = db.session.scalars(
        select(EmailQueue)
        .where(
            or_(
                _text_candidates(EmailQueue.to, [email]),
                _text_candidates(EmailQueue.data, [lead_id]),
            )
        )
        .order_by(EmailQueue.created_at)
    ).all()
    emails = [
        row
        for row in email_candidates
        if _recipient_match(row.to, email) or _carries(row.data, lead_id, "\0")
    ]
    event_candidates = db.session.scalars(
        select(AnalyticsEvent)
        .where(_text_candidates(AnalyticsEvent.properties, [lead_id, email]))
        .order_by(AnalyticsEvent.created_at)
    ).all()
    events = [row for row in event_candidates if _carries(row.properties, lead_id, email)]
    # Outgoing webhook payloads copy the lead (id, email, name…); their attempt rows
    # hold no personal data and go with the delivery (ON DELETE CASCADE).
    webhook_candidates = db.session.scalars(
        select(WebhookDelivery)
        .where(_text_candidates(WebhookDelivery.payload, [lead_id, email]))
        .order_by(WebhookDelivery.created_at)
    ).all()
    webhooks = [row for row in webhook_candidates if _carries(row.payload, lead_id, email)]
    return LeadRecords(
        lead=lead,
        notes=list(notes),
        activities=list(activities),
        assessments=list(assessments),
        calculations=list(calculations),
        emails=emails,
        events=events,
        webhooks=webhooks,
    )


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
