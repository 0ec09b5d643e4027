"""The emails of a meeting: confirmation with its invitation, staff notice, reminders."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from madfam.extensions import db
from madfam.models import Availability, Lead, Meeting, User
from madfam.rules._text import N_
from madfam.services.outbox import queue_email

SUMMARY = N_("Call with MADFAM")
DEFAULT_ZONE = "America/Mexico_City"


def staff_zone(staff_id: str) -> str:
    zone = db.session.scalar(select(Availability.zone).where(Availability.user_id == staff_id))
    return zone or DEFAULT_ZONE


def invitation_spec(meeting: Meeting, lead: Lead, staff: User, locale: str, method: str) -> dict:
    """What the .ics of ``meeting`` says; the UID stays the meeting's for its whole life."""
    host = urlsplit(current_app.config.get("SITE_URL") or "").hostname or "madfam.io"
    with force_locale(locale):
        summary = gettext(SUMMARY)
    return {
        "uid": f"{meeting.id}@{host}",
        "sequence": meeting.sequence,
        "method": method,
        "start": meeting.starts_at.astimezone(UTC).isoformat(),
        "end": meeting.ends_at.astimezone(UTC).isoformat(),
        "stamp": datetime.now(UTC).isoformat(),
        "zone": staff_zone(staff.id),
        "summary": summary,
        "organizer": staff.email,
        "organizer_name": staff.name,
        "attendee": lead.email,
        "attendee_name": lead.full_name or None,
    }


def queue_meeting_emails(meeting: Meeting, lead: Lead, staff: User, kind: str) -> list[str]:
    """Queue the visitor's and the staff member's email of ``kind`` (confirmation or
    reminder), each with the invitation; returns the outbox ids."""
    at = meeting.starts_at.astimezone(UTC).isoformat()
    base = {"lead_id": lead.id, "meeting_id": meeting.id, "meeting_at": at, "kind": kind}
    visitor_locale = lead.locale or "es"
    visitor = queue_email(
        "meeting_reminder",
        lead.email,
        {
            **base,
            "first_name": lead.first_name,
            "time_zone": meeting.visitor_zone,
            "ics": invitation_spec(meeting, lead, staff, visitor_locale, "REQUEST"),
        },
        locale=visitor_locale,
    )
    who = f"{lead.full_name} <{lead.email}>" + (f" · {lead.company}" if lead.company else "")
    staff_locale = staff.locale or "es"
    notice = queue_email(
        "meeting_reminder",
        staff.email,
        {
            **base,
            "first_name": staff.name,
            "time_zone": staff_zone(staff.id),
            "description": who + (f"\n{meeting.note}" if meeting.note else ""),
            "ics": invitation_spec(meeting, lead, staff, staff_locale, "REQUEST"),
        },
        locale=staff_locale,
    )
    return [visitor.id, notice.id]


def queue_visitor_reminder(meeting: Meeting) -> str:
    lead = meeting.lead
    row = queue_email(
        "meeting_reminder",
        lead.email,
        {
            "lead_id": lead.id,
            "meeting_id": meeting.id,
            "meeting_at": meeting.starts_at.astimezone(UTC).isoformat(),
            "kind": "reminder",
            "first_name": lead.first_name,
            "time_zone": meeting.visitor_zone,
        },
        locale=lead.locale or "es",
    )
    return row.id
