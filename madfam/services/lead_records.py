"""Everything stored about one lead, gathered in one place.

The admin timeline shows these rows and a privacy request exports or erases them, so
both ask this module: a row belongs to a lead when it carries the lead's id, or its
email address. JSON columns are searched portably: a text match narrows the candidate
rows on both SQLite and PostgreSQL, and Python then checks each candidate exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from madfam.extensions import db
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    Calculation,
    EmailQueue,
    Lead,
    LeadActivity,
    LeadNote,
    WebhookDelivery,
)
from madfam.rules.emails import normalise_email


@dataclass
class LeadRecords:
    """Every row about one lead, grouped by kind, each group oldest first."""

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


def collect(lead: Lead, *, copies: bool = True) -> LeadRecords:
    """The lead's notes, activities, assessments, calculations and emails.

    With ``copies`` (the default) also the analytics events and outgoing webhook
    deliveries that copied the lead's id or address; those need a scan of tables the
    timeline has no use for, so it leaves them out.
    """
    email = normalise_email(lead.email)
    records = LeadRecords(
        lead=lead,
        notes=_rows(LeadNote, LeadNote.lead_id == lead.id),
        activities=_rows(LeadActivity, LeadActivity.lead_id == lead.id),
        assessments=_rows(Assessment, _by_id_or_email(Assessment, lead.id, email)),
        calculations=_rows(Calculation, _by_id_or_email(Calculation, lead.id, email)),
        emails=_emails(lead.id, email),
    )
    if copies:
        records.events = _copies(AnalyticsEvent, "properties", lead.id, email)
        # Outgoing webhook payloads copy the lead (id, email, name…); their attempt rows
        # hold no personal data and go with the delivery (ON DELETE CASCADE).
        records.webhooks = _copies(WebhookDelivery, "payload", lead.id, email)
    return records


def _rows(model, condition) -> list:
    return list(db.session.scalars(select(model).where(condition).order_by(model.created_at)))


def _by_id_or_email(model, lead_id: str, email: str):
    """Linked to the lead, or (started before the lead existed) only by the address."""
    return or_(model.lead_id == lead_id, func.lower(model.email) == email)


def _emails(lead_id: str, email: str) -> list[EmailQueue]:
    """Outbox rows addressed to the lead, or whose data names the lead's id."""
    candidates = _rows(
        EmailQueue,
        or_(
            _text_candidates(EmailQueue.to, [email]),
            _text_candidates(EmailQueue.data, [lead_id]),
        ),
    )
    return [
        row
        for row in candidates
        if _recipient_match(row.to, email) or _carries(row.data, lead_id, "\0")
    ]


def _copies(model, column: str, lead_id: str, email: str) -> list:
    """Rows whose JSON ``column`` holds the lead's id or address anywhere inside it."""
    candidates = _rows(model, _text_candidates(getattr(model, column), [lead_id, email]))
    return [row for row in candidates if _carries(getattr(row, column), lead_id, email)]


# --- Matching inside JSON -------------------------------------------------------------


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
