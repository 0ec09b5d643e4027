"""Free slots: each first-call staff member's availability minus their meetings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from madfam.extensions import db
from madfam.models import Availability, Meeting, User
from madfam.rules import slots as rules


def as_rule(av: Availability) -> rules.Availability:
    return rules.Availability(
        zone=av.zone,
        weekly=[tuple(r) for r in av.weekly or []],
        length_minutes=av.length_minutes,
        buffer_minutes=av.buffer_minutes,
        notice_minutes=av.notice_minutes,
        horizon_days=av.horizon_days,
        days_off=frozenset(date.fromisoformat(d) for d in av.days_off or []),
    )


def first_call_staff() -> list[Availability]:
    query = (
        select(Availability)
        .join(User, User.id == Availability.user_id)
        .where(Availability.first_calls.is_(True), User.active.is_(True))
        .order_by(User.created_at, User.id)
    )
    return list(db.session.scalars(query))


def _busy(user_id: str, now: datetime, days: int) -> list[tuple[datetime, datetime]]:
    query = select(Meeting.starts_at, Meeting.ends_at).where(
        Meeting.staff_id == user_id,
        Meeting.status == "scheduled",
        Meeting.ends_at >= now - timedelta(days=1),
        Meeting.starts_at <= now + timedelta(days=days + 1),
    )
    return [(s, e) for s, e in db.session.execute(query)]


def free_slots_by_staff(now: datetime | None = None) -> dict[str, list[datetime]]:
    """Each first-call staff member's free start times (UTC), keyed by user id."""
    now = now or datetime.now(UTC)
    return {
        av.user_id: rules.free_slots(as_rule(av), now, _busy(av.user_id, now, av.horizon_days))
        for av in first_call_staff()
    }


def open_slots(now: datetime | None = None) -> list[datetime]:
    """Every start time at which some first-call staff member is free, ascending."""
    return sorted({s for slots in free_slots_by_staff(now).values() for s in slots})


def next_free_slots(after: datetime, count: int = 3) -> list[datetime]:
    return [s for s in open_slots() if s > after][:count]


def meeting_counts(user_ids: list[str]) -> dict[str, int]:
    """Scheduled meetings per staff member: the round robin's measure."""
    query = (
        select(Meeting.staff_id, func.count())
        .where(Meeting.staff_id.in_(user_ids), Meeting.status == "scheduled")
        .group_by(Meeting.staff_id)
    )
    return {staff_id: n for staff_id, n in db.session.execute(query)}


def staff_for(slot: datetime) -> list[tuple[str, int]]:
    """(user id, meeting minutes) of the staff free at ``slot``, round robin first."""
    free = free_slots_by_staff()
    lengths = {av.user_id: av.length_minutes for av in first_call_staff()}
    candidates = [uid for uid, slots in free.items() if slot in slots]
    counts = meeting_counts(candidates)
    ordered = []
    while candidates:
        pick = rules.pick_staff(candidates, counts)
        ordered.append((pick, lengths[pick]))
        candidates.remove(pick)
    return ordered
