"""What a booking does, in one transaction: the lead, the meeting, its follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from madfam import jobs
from madfam.extensions import db
from madfam.models import LeadActivity, Meeting, User
from madfam.services.analytics import record_event
from madfam.services.booking.notify import queue_meeting_emails
from madfam.services.booking.reminders import skip_reminders_already_due
from madfam.services.booking.slots import next_free_slots, staff_for
from madfam.services.context import Visit
from madfam.services.leads import LeadInput, upsert_lead
from madfam.services.webhooks import emit_safely

ORIGIN = "booking"


@dataclass(frozen=True)
class BookingInput:
    slot: datetime  # UTC start
    visitor_zone: str
    email: str
    name: str
    company: str | None = None
    note: str | None = None


class SlotTaken(Exception):  # noqa: N818 - a refusal the visitor sees, not a fault
    """The slot is no longer free; ``alternatives`` are the next free start times."""

    def __init__(self, alternatives: list[datetime]):
        super().__init__("slot taken")
        self.alternatives = alternatives


def _claim(data: BookingInput, lead_id: str) -> Meeting | None:
    """Insert the meeting for the first staff member still free; the unique index on
    staff × start decides a race, so a concurrent booking makes this return None."""
    for staff_id, minutes in staff_for(data.slot):
        meeting = Meeting(
            staff_id=staff_id,
            lead_id=lead_id,
            starts_at=data.slot,
            ends_at=data.slot + timedelta(minutes=minutes),
            visitor_zone=data.visitor_zone,
            note=data.note,
        )
        skip_reminders_already_due(meeting, datetime.now(UTC))
        try:
            with db.session.begin_nested():
                db.session.add(meeting)
        except IntegrityError:
            continue
        return meeting
    return None


def book_meeting(data: BookingInput, visit: Visit) -> Meeting:
    """Book ``data.slot`` and commit; raises :class:`SlotTaken` with nothing saved."""
    first, _, last = data.name.strip().partition(" ")
    lead = upsert_lead(
        LeadInput(email=data.email, first_name=first, last_name=last or None, company=data.company),
        visit,
        origin=ORIGIN,
    ).lead
    meeting = _claim(data, lead.id)
    if meeting is None:
        db.session.rollback()
        raise SlotTaken(next_free_slots(data.slot))
    staff = db.session.get(User, meeting.staff_id)
    at = meeting.starts_at.astimezone(UTC).isoformat()
    db.session.add(
        LeadActivity(
            lead_id=lead.id,
            type="meeting_scheduled",
            description="Call booked on the site",
            user_id=staff.id,
            metadata_={"meeting_id": meeting.id, "meeting_at": at, "by": "visitor"},
        )
    )
    queue_meeting_emails(meeting, lead, staff, "confirmation")
    mail = {"lead_id": lead.id, "meeting_id": meeting.id, "meeting_at": at}
    payload = {**mail, "staff_id": staff.id, "email": lead.email, "visitor_zone": data.visitor_zone}
    emit_safely("meeting.scheduled", payload)
    record_event("conversion.booked", {"lead_id": lead.id, "meeting_id": meeting.id}, visit)
    jobs.commit()
    return meeting
