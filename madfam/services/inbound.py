"""Webhooks an integration sends us (n8n, a CRM, a calendar): verified, then applied.

``POST /hooks/<integration name>`` carries Standard Webhooks headers signed with the
integration's own signing secret (the one it verifies our webhooks with, stored
encrypted). A message is refused, changing nothing, when a header is missing or the
body is not a JSON event (400), when the signature or the 5-minute timestamp tolerance
fails (401), or when its ``webhook-id`` was accepted before (409). An event the site
does not know is answered 202 and logged. Every accepted event is on its lead's timeline.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from madfam import crypto, jobs
from madfam.delivery.signing import WebhookVerificationError, verify
from madfam.enums import LeadStatus
from madfam.extensions import db
from madfam.local_time import lead_time_zone
from madfam.models import EmailQueue, InboundWebhook, Integration, Lead, LeadActivity
from madfam.rules.emails import normalise_email
from madfam.services.nurture import stop_sequence
from madfam.services.outbox import queue_email
from madfam.services.privacy import suppress

log = logging.getLogger(__name__)
HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")
EMAIL_STATES = {
    "email.delivered": "delivered",
    "email.bounced": "bounced",
    "email.complained": "complained",
}


class Refused(Exception):
    """The message is not accepted; ``status`` is the HTTP answer, ``reason`` says why."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Accepted:
    status: int  # 200 applied, 202 unknown event (stored, logged)
    event: str
    lead_id: str | None


def _integration(name: str) -> Integration:
    integration = db.session.scalar(select(Integration).where(Integration.name == name))
    if integration is None or not integration.enabled or not integration.signing_secret:
        raise Refused(404, "unknown integration")
    return integration


def _event(body: bytes) -> tuple[str, dict[str, Any]]:
    try:
        message = json.loads(body)
    except (ValueError, RecursionError):
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(message, dict):
        raise Refused(400, "the body is not a JSON object")
    event, data = message.get("type"), message.get("data")
    if not isinstance(event, str) or not event or len(event) > 50 or not isinstance(data, dict):
        raise Refused(400, "an event needs a type and a data object")
    return event, data


def receive(name: str, headers: dict[str, str], body: bytes) -> Accepted:
    """Verify and apply one message, and commit; raises :class:`Refused` (nothing changed)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if not all(lowered.get(h) for h in HEADERS) or len(lowered["webhook-id"]) > 100:
        raise Refused(400, "missing Standard Webhooks headers")
    integration = _integration(name)
    try:
        verify(crypto.decrypt(integration.signing_secret), lowered, body)
    except WebhookVerificationError as exc:
        raise Refused(401, str(exc)) from None
    event, data = _event(body)
    record = InboundWebhook(
        integration_id=integration.id, message_id=lowered["webhook-id"], event=event
    )
    db.session.add(record)  # nothing else is written yet: a replay rolls back just this
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(409, "this webhook-id was received before") from None
    handler = HANDLERS.get(event)
    if handler is None:
        log.warning("integration %s sent an unknown event %r; stored, not applied", name, event)
        jobs.commit()
        return Accepted(202, event, None)
    try:
        lead = handler(data, _origin(integration, lowered["webhook-id"], event))
    except Refused:
        db.session.rollback()
        raise
    record.lead_id = lead.id if lead else None
    integration.last_sync = datetime.now(UTC)
    jobs.commit()
    return Accepted(200, event, record.lead_id)


@dataclass(frozen=True)
class _Origin:
    integration: str
    webhook_id: str
    event: str

    def meta(self, **extra: Any) -> dict[str, Any]:
        return {"by": self.integration, "webhook_id": self.webhook_id, "event": self.event, **extra}


def _origin(integration: Integration, webhook_id: str, event: str) -> _Origin:
    return _Origin(integration.name, webhook_id, event)


def _text(data: dict, key: str, limit: int = 500, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise Refused(400, f"data.{key} must be a non-empty string")
    return value.strip()


def _lead(data: dict) -> Lead:
    lead_id, email = data.get("lead_id"), data.get("email")
    lead = None
    if isinstance(lead_id, str) and len(lead_id) <= 32:
        lead = db.session.get(Lead, lead_id)
    elif isinstance(email, str) and len(email) <= 254:
        lead = db.session.scalar(select(Lead).where(Lead.email == normalise_email(email)))
    if lead is None:
        raise Refused(404, "no such lead")
    return lead


def _activity(lead: Lead, kind: str, description: str, metadata: dict) -> None:
    db.session.add(LeadActivity(lead=lead, type=kind, description=description, metadata_=metadata))


def _status(data: dict, origin: _Origin) -> Lead:
    lead = _lead(data)
    status = _text(data, "status", 20)
    if status not in LeadStatus.__members__:
        raise Refused(400, "data.status is not a lead status")
    old, new = lead.status, LeadStatus[status]
    lead.status, lead.updated_at = new, datetime.now(UTC)
    _activity(
        lead,
        "status_updated",
        f"Status changed from {old.value} to {new.value}",
        origin.meta(**{"from": old.value, "to": new.value}),
    )
    stop_sequence(lead, f"status changed by {origin.integration}")
    return lead


def _meeting_at(data: dict) -> datetime | None:
    raw = _text(data, "meeting_at", 40, required=False)
    if raw is None:
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise Refused(400, "data.meeting_at must be an ISO 8601 time") from None
    if when.tzinfo is None:
        raise Refused(400, "data.meeting_at needs a time zone")
    return when.astimezone(UTC)


def _meeting(data: dict, origin: _Origin) -> Lead:
    lead = _lead(data)
    when = _meeting_at(data)
    description = _text(data, "description", 1000, required=False) or "Meeting"
    metadata = origin.meta(meeting_at=when.isoformat() if when else None)
    if data.get("send_reminder") is True and when is not None:
        metadata["email_id"] = queue_email(
            "meeting_reminder",
            lead.email,
            {
                "lead_id": lead.id,
                "first_name": lead.first_name,
                "meeting_at": metadata["meeting_at"],
                "time_zone": lead_time_zone(lead),
                "description": description,
            },
            locale=lead.locale or "es",
        ).id
    _activity(lead, "meeting_scheduled", description, metadata)
    return lead


def _email_state(data: dict, origin: _Origin) -> Lead | None:
    row = db.session.get(EmailQueue, _text(data, "email_id", 32))
    if row is None:
        raise Refused(404, "no such email")
    recipients = [normalise_email(address) for address in row.to or ()]
    lead = db.session.scalar(select(Lead).where(Lead.email.in_(recipients))) if recipients else None
    state = EMAIL_STATES[origin.event]
    hard = state == "complained" or (state == "bounced" and data.get("bounce_type") != "soft")
    if state == "delivered":
        row.sent_at = row.sent_at or datetime.now(UTC)
    else:
        row.error = f"{state} ({origin.integration})"
    if hard:
        for address in row.to:
            suppress(address)
    if lead is not None:  # an email to staff has no timeline
        _activity(
            lead,
            "email_status",
            f"Email {state}: {row.subject}",
            origin.meta(email_id=row.id, state=state, suppressed=hard),
        )
    return lead


def _crm_synced(data: dict, origin: _Origin) -> Lead:
    lead = _lead(data)
    lead.external_id = _text(data, "external_id", 100)
    lead.last_sync = datetime.now(UTC)
    _activity(
        lead,
        "crm_synced",
        f"Synced with {origin.integration}",
        origin.meta(external_id=lead.external_id),
    )
    return lead


HANDLERS = {
    "lead.status_updated": _status,
    "meeting.scheduled": _meeting,
    **dict.fromkeys(EMAIL_STATES, _email_state),
    "crm.synced": _crm_synced,
}
