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
from madfam.services.booking.tokens import manage_token
from madfam.services.outbox import queue_email
from madfam.urls import absolute_url

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


def links(meeting: Meeting, locale: str) -> dict[str, str]:
    """The visitor's links: reschedule or cancel a scheduled meeting, book anew otherwise."""
    if meeting.status != "scheduled":
        return {"book_url": absolute_url("booking.book", lang=locale)}
    return {"manage_url": absolute_url("booking.manage", lang=locale, token=manage_token(meeting))}


def queue_meeting_emails(meeting: Meeting, lead: Lead, staff: User, kind: str) -> list[str]:
    """Queue the visitor's and the staff member's email of ``kind`` (confirmation, moved
    or cancelled), each with the invitation (``METHOD:CANCEL`` for a cancelled meeting,
    ``REQUEST`` otherwise); returns the outbox ids."""
    at = meeting.starts_at.astimezone(UTC).isoformat()
    base = {"lead_id": lead.id, "meeting_id": meeting.id, "meeting_at": at, "kind": kind}
    method = "REQUEST" if meeting.status == "scheduled" else "CANCEL"
    visitor_locale = lead.locale or "es"
    visitor = queue_email(
        "meeting_reminder",
        lead.email,
        {
            **base,
            "first_name": lead.first_name,
            "time_zone": meeting.visitor_zone,
            "ics": invitation_spec(meeting, lead, staff, visitor_locale, method),
            **links(meeting, visitor_locale),
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
            "ics": invitation_spec(meeting, lead, staff, staff_locale, method),
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
            **links(meeting, lead.locale or "es"),
        },
        locale=lead.locale or "es",
    )
    return row.id
