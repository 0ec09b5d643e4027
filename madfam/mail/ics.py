"""Calendar invitations (RFC 5545) attached to meeting emails.

An email row's ``data["ics"]`` describes the meeting; the invitation is built when the
email is rendered, so a retried delivery sends the same UID and SEQUENCE. Times are
written in the staff member's zone (with its VTIMEZONE), so each calendar shows them
in its owner's zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//MADFAM//Booking//EN"


def _address(email: str, name: str | None, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params.update(params)
    return address


def invitation(spec: dict[str, Any]) -> bytes:
    """The .ics for ``spec``: uid, sequence, method (REQUEST or CANCEL), start and end
    (ISO, UTC), zone, summary, description, organizer/attendee emails and names."""
    zone = ZoneInfo(spec["zone"])
    cancelled = spec["method"] == "CANCEL"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", spec["method"])
    event = Event()
    event.add("uid", spec["uid"])
    event.add("sequence", int(spec["sequence"]))
    event.add("dtstamp", datetime.fromisoformat(spec.get("stamp") or spec["start"]).astimezone(UTC))
    event.add("dtstart", datetime.fromisoformat(spec["start"]).astimezone(zone))
    event.add("dtend", datetime.fromisoformat(spec["end"]).astimezone(zone))
    event.add("summary", spec["summary"])
    if spec.get("description"):
        event.add("description", spec["description"])
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(spec["organizer"], spec.get("organizer_name")))
    event.add(
        "attendee",
        _address(
            spec["attendee"],
            spec.get("attendee_name"),
            ROLE="REQ-PARTICIPANT",
            PARTSTAT="NEEDS-ACTION",
            RSVP="TRUE",
        ),
    )
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
