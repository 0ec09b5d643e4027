"""Reminders 24 h and 1 h before a meeting: queued once, even by two workers at once;
none for a cancelled meeting, none already covered by the confirmation."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from madfam.enums import UserRole
from madfam.models import EmailQueue, Lead, Meeting
from madfam.services.booking.reminders import send_due_reminders
from tests.helpers import TEST_DATABASE_URL


def _meeting(db, make_user, starts_in: timedelta, status="scheduled") -> Meeting:
    staff = make_user(UserRole.ADMIN)
    lead = Lead(email=f"lead-{staff.id}@example.com", first_name="Ana", tier="L1_ESSENTIALS")
    db.session.add(lead)
    db.session.flush()
    start = datetime.now(UTC).replace(microsecond=0) + starts_in
    meeting = Meeting(
        staff_id=staff.id,
        lead_id=lead.id,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        visitor_zone="America/New_York",
        status=status,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def _reminders(db) -> list[EmailQueue]:
    db.session.expire_all()
    rows = db.session.scalars(select(EmailQueue)).all()
    return [r for r in rows if r.data.get("kind") == "reminder"]


def test_each_reminder_is_queued_once_when_due(db, make_user):
    meeting = _meeting(db, make_user, timedelta(hours=30))
    now = datetime.now(UTC)
    assert send_due_reminders(now) == 0  # 30 hours ahead: nothing due yet
    assert send_due_reminders(now + timedelta(hours=7)) == 1  # 23 h before: the 24 h one
    assert send_due_reminders(now + timedelta(hours=7, minutes=1)) == 0
    assert send_due_reminders(now + timedelta(hours=29, minutes=30)) == 1  # the 1 h one
    assert send_due_reminders(now + timedelta(hours=29, minutes=45)) == 0
    rows = _reminders(db)
    assert len(rows) == 2
    assert all(r.to == [meeting.lead.email] and r.data["meeting_id"] == meeting.id for r in rows)


def test_a_cancelled_meeting_gets_no_reminder(db, make_user):
    _meeting(db, make_user, timedelta(minutes=30), status="cancelled")
    assert send_due_reminders() == 0
    assert _reminders(db) == []


@pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgres"),
    reason="concurrent workers need PostgreSQL (TEST_DATABASE_URL)",
)
def test_two_workers_at_once_queue_each_reminder_once(app, db, make_user):
    for _ in range(3):
        _meeting(db, make_user, timedelta(minutes=50))  # the 1 h reminder only
    start = threading.Barrier(2)
    counts = []

    def worker():
        with app.app_context():
            start.wait()
            counts.append(send_due_reminders())

            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(counts) == 3
    assert len(_reminders(db)) == 3
    pairs = {(r.data["meeting_id"], r.id) for r in _reminders(db)}
    assert len({m for m, _ in pairs}) == 3
