"""Staff changes to a lead: its status, notes, and logged calls and meetings; each commits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from madfam import jobs
from madfam.enums import LeadStatus
from madfam.extensions import db
from madfam.local_time import lead_time_zone
from madfam.models import Lead, LeadActivity, LeadNote, User
from madfam.services.nurture import stop_sequence
from madfam.services.outbox import queue_email
from madfam.services.webhooks import emit_safely, lead_payload


def change_status(lead: Lead, status: LeadStatus, user: User) -> bool:
    """Set the lead's status and record who changed it from what to what; commits.

    Returns False (and records nothing) when the status is already ``status``.
    """
    old = lead.status
    if old == status:
        return False
    lead.status = status
    lead.updated_at = datetime.now(UTC)
    db.session.add(
        LeadActivity(
            lead_id=lead.id,
            type="status_updated",
            description=f"Status changed from {old.value} to {status.value}",
            user_id=user.id,
            metadata_={"from": old.value, "to": status.value, "by": user.email},
        )
    )
    # Staff have taken the lead over: the automated follow-ups end.
    stop_sequence(lead, "status changed by staff")
    emit_safely(
        "lead.status_updated",
        {**lead_payload(lead), "from": old.value, "to": status.value, "by": "staff"},
    )
    jobs.commit()
    return True


def add_note(lead: Lead, content: str, user: User) -> LeadNote:
    note = LeadNote(lead_id=lead.id, content=content.strip(), author_id=user.id)
    db.session.add(note)
    db.session.flush()
    db.session.add(
        LeadActivity(
            lead_id=lead.id,
            type="note_added",
            description="Note added",
            user_id=user.id,
            metadata_={"note_id": note.id, "by": user.email},
        )
    )
    jobs.commit()
    return note


LOG_KINDS = ("call_made", "meeting_scheduled")


def log_activity(
    lead: Lead,
    kind: str,
    description: str,
    user: User,
    meeting_at: datetime | None = None,
    send_reminder: bool = False,
) -> LeadActivity:
    """Record a call or a meeting; a meeting can queue a reminder email to the lead.

    The reminder is written in the language the lead last used on the site and gives the
    time in the lead's time zone, named.
    """
    if kind not in LOG_KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    metadata: dict[str, Any] = {"by": user.email}
    if kind == "meeting_scheduled" and meeting_at is not None:
        metadata["meeting_at"] = meeting_at.astimezone(UTC).isoformat()
    if kind == "meeting_scheduled" and send_reminder:
        email = queue_email(
            "meeting_reminder",
            lead.email,
            {
                "lead_id": lead.id,
                "first_name": lead.first_name,
                "meeting_at": metadata.get("meeting_at"),
                "time_zone": lead_time_zone(lead),
                "description": description.strip(),
            },
            locale=lead.locale or "es",
        )
        metadata["email_id"] = email.id
    activity = LeadActivity(
        lead_id=lead.id,
        type=kind,
        description=description.strip(),
        user_id=user.id,
        metadata_=metadata,
    )
    db.session.add(activity)
    if kind == "meeting_scheduled":
        emit_safely(
            "meeting.scheduled",
            {
                "lead_id": lead.id,
                "email": lead.email,
                "first_name": lead.first_name,
                "company": lead.company,
                "meeting_at": metadata.get("meeting_at"),
                "description": description.strip(),
                "reminder_email": "email_id" in metadata,
            },
        )
    jobs.commit()
    return activity
