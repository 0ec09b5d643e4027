"""Reminders 24 hours and 1 hour before each scheduled meeting, queued exactly once.

The worker's periodic job calls :func:`send_due_reminders`. Each reminder is claimed by
a conditional UPDATE (``reminded_… IS NULL``) in the same transaction that queues its
email, so two workers running it at once queue it once; a cancelled meeting is never
selected.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from madfam import jobs
from madfam.extensions import db
from madfam.models import Meeting
from madfam.services.booking.notify import queue_visitor_reminder

WINDOWS = (("reminded_24h_at", timedelta(hours=24)), ("reminded_1h_at", timedelta(hours=1)))
# A reminder is due within its window, but not once the next, shorter one has begun:
# a meeting 50 minutes away gets the 1-hour reminder only.
LATER = {"reminded_24h_at": timedelta(hours=1), "reminded_1h_at": timedelta(0)}


def skip_reminders_already_due(meeting: Meeting, now: datetime) -> None:
    """A meeting booked less than a window ahead gets no reminder for that window: the
    confirmation has just told the visitor."""
    for column, ahead in WINDOWS:
        if meeting.starts_at - now <= ahead:
            setattr(meeting, column, now)


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue every reminder now due; returns how many were queued."""
    now = now or datetime.now(UTC)
    queued = 0
    for column_name, ahead in WINDOWS:
        column = getattr(Meeting, column_name)
        due = select(Meeting.id).where(
            Meeting.status == "scheduled",
            column.is_(None),
            Meeting.starts_at > now + LATER[column_name],
            Meeting.starts_at <= now + ahead,
        )
        for meeting_id in list(db.session.scalars(due)):
            claimed = db.session.execute(
                update(Meeting)
                .where(Meeting.id == meeting_id, column.is_(None), Meeting.status == "scheduled")
                .values({column_name: now})
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed:
                queue_visitor_reminder(db.session.get(Meeting, meeting_id))
                queued += 1
            jobs.commit()
    return queued


@jobs.app_context
def reminders_job() -> int:
    return send_due_reminders()
