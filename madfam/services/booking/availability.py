"""Reading and saving a staff member's availability."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from madfam import jobs
from madfam.extensions import db
from madfam.models import Availability, Meeting, User


@dataclass(frozen=True)
class AvailabilityInput:
    zone: str
    weekly: list[tuple[int, int, int]]
    length_minutes: int
    buffer_minutes: int
    notice_minutes: int
    horizon_days: int
    days_off: list[date]
    first_calls: bool


def availability_of(user: User) -> Availability:
    """The user's availability, or an unsaved default (no hours, Mexico City)."""
    found = db.session.scalar(select(Availability).where(Availability.user_id == user.id))
    return found or Availability(
        user_id=user.id,
        zone="America/Mexico_City",
        weekly=[],
        length_minutes=30,
        buffer_minutes=0,
        notice_minutes=240,
        horizon_days=30,
        days_off=[],
        first_calls=False,
    )


def save_availability(user: User, data: AvailabilityInput) -> Availability:
    av = availability_of(user)
    av.zone = data.zone
    av.weekly = [list(r) for r in sorted(data.weekly)]
    av.length_minutes = data.length_minutes
    av.buffer_minutes = data.buffer_minutes
    av.notice_minutes = data.notice_minutes
    av.horizon_days = data.horizon_days
    av.days_off = sorted({d.isoformat() for d in data.days_off})
    av.first_calls = data.first_calls
    db.session.add(av)
    jobs.commit()
    return av


def staff_with_availability() -> list[tuple[User, Availability | None]]:
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email))
    saved = {av.user_id: av for av in db.session.scalars(select(Availability))}
    return [(u, saved.get(u.id)) for u in users]


def upcoming_meetings(staff_id: str | None = None, limit: int = 200) -> list[Meeting]:
    """Scheduled meetings from now on, soonest first; one staff member's when given."""
    query = (
        select(Meeting)
        .where(Meeting.status == "scheduled", Meeting.ends_at >= datetime.now(UTC))
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    if staff_id:
        query = query.where(Meeting.staff_id == staff_id)
    return list(db.session.scalars(query))


def lead_meetings(lead_id: str) -> list[Meeting]:
    """A lead's meetings: the upcoming scheduled ones first (soonest first), then the
    rest, latest first."""
    now = datetime.now(UTC)
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.lead_id == lead_id)))

    def upcoming(m: Meeting) -> bool:
        return m.status == "scheduled" and m.ends_at >= now

    ahead = sorted((m for m in meetings if upcoming(m)), key=lambda m: m.starts_at)
    behind = [m for m in meetings if not upcoming(m)]
    return ahead + sorted(behind, key=lambda m: m.starts_at, reverse=True)
