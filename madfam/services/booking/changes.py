"""Moving and cancelling a booked call, by the visitor's emailed link or by staff.

Each change raises the meeting's SEQUENCE, sends the updated invitation (``REQUEST``
for a move, ``CANCEL`` for a cancellation, same UID), records it on the lead's
timeline and leaves no reminder pending for the old time; a cancelled meeting leaves
the unique index at once, so its slot is free for the next visitor.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from madfam import jobs
from madfam.extensions import db
from madfam.models import LeadActivity, Meeting, User
from madfam.services.booking.book import SlotTaken
from madfam.services.booking.notify import queue_meeting_emails
from madfam.services.booking.reminders import skip_reminders_already_due
from madfam.services.booking.slots import next_free_slots, staff_for
from madfam.services.webhooks import emit_safely


def _record(meeting: Meeting, type_: str, description: str, by: User | None, **extra) -> None:
    at = meeting.starts_at.astimezone(UTC).isoformat()
    db.session.add(
        LeadActivity(
            lead_id=meeting.lead_id,
            type=type_,
            description=description,
            user_id=by.id if by else meeting.staff_id,
            metadata_={
                "meeting_id": meeting.id,
                "meeting_at": at,
                "by": "staff" if by else "visitor",
                **extra,
            },
        )
    )


def _follow_up(meeting: Meeting, kind: str, event: str, payload: dict) -> None:
    staff = db.session.get(User, meeting.staff_id)
    queue_meeting_emails(meeting, meeting.lead, staff, kind)
    emit_safely(event, {"lead_id": meeting.lead_id, "meeting_id": meeting.id, **payload})
    jobs.commit()


def cancel_meeting(meeting: Meeting, by: User | None = None) -> Meeting:
    """Cancel ``meeting`` (``by`` staff, or the visitor when None) and commit."""
    meeting.status = "cancelled"
    meeting.sequence += 1
    _record(meeting, "meeting_cancelled", "Call cancelled", by)
    _follow_up(meeting, "cancelled", "meeting.cancelled", {})
    return meeting


def _take(meeting: Meeting, staff_id: str, start: datetime, minutes: int) -> bool:
    try:
        with db.session.begin_nested():
            meeting.staff_id = staff_id
            meeting.starts_at = start
            meeting.ends_at = start + timedelta(minutes=minutes)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def move_meeting(meeting: Meeting, start: datetime, by: User | None = None) -> Meeting:
    """Move ``meeting`` to the free slot ``start`` and commit; its own staff member keeps
    it when free then. Raises :class:`SlotTaken` (nothing saved) when no one is free —
    the unique index on staff × start decides a race."""
    before = meeting.starts_at.astimezone(UTC).isoformat()
    candidates = sorted(staff_for(start), key=lambda c: c[0] != meeting.staff_id)
    old = (meeting.staff_id, meeting.starts_at, meeting.ends_at)
    if not any(_take(meeting, staff_id, start, minutes) for staff_id, minutes in candidates):
        meeting.staff_id, meeting.starts_at, meeting.ends_at = old
        db.session.rollback()
        raise SlotTaken(next_free_slots(start))
    meeting.sequence += 1
    meeting.reminded_24h_at = meeting.reminded_1h_at = None
    skip_reminders_already_due(meeting, datetime.now(UTC))
    _record(meeting, "meeting_scheduled", "Call moved", by, moved_from=before)
    at = meeting.starts_at.astimezone(UTC).isoformat()
    _follow_up(meeting, "moved", "meeting.rescheduled", {"meeting_at": at, "moved_from": before})
    return meeting
