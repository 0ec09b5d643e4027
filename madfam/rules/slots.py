"""Free meeting slots: weekly hours in a staff member's zone, minus what is taken.

Everything given and returned is timezone-aware; slots come back in UTC. Wall-clock
hours are laid out day by day in the staff member's own zone with ``zoneinfo``, so a
09:00 start stays 09:00 local on both sides of a daylight-saving change; a wall time
that does not exist (the spring-forward gap) is skipped, a repeated one (fall-back)
is taken once, at its first occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS_IN_WEEK = 7
MINUTES_IN_DAY = 24 * 60
MAX_LENGTH_MINUTES = 8 * 60
MAX_BUFFER_MINUTES = 4 * 60
MAX_HORIZON_DAYS = 365

# (weekday 0=Monday … 6=Sunday, start minute, end minute) in the staff member's zone.
WeeklyRange = tuple[int, int, int]


@dataclass(frozen=True)
class Availability:
    zone: str
    weekly: Sequence[WeeklyRange]
    length_minutes: int = 30
    buffer_minutes: int = 0
    notice_minutes: int = 240
    horizon_days: int = 30
    days_off: frozenset[date] = field(default_factory=frozenset)


def _aware(day: date, minute: int, tz: ZoneInfo) -> datetime | None:
    """``day`` at ``minute`` past midnight in ``tz``, or None inside a DST gap."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minute)
    local = naive.replace(tzinfo=tz, fold=0)
    # A nonexistent wall time does not survive the round trip through UTC.
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return local


def _day_starts(av: Availability, day: date, tz: ZoneInfo) -> Iterable[datetime]:
    step = av.length_minutes + av.buffer_minutes
    for weekday, start, end in av.weekly:
        if weekday != day.weekday():
            continue
        minute = start
        while minute + av.length_minutes <= end:
            local = _aware(day, minute, tz)
            if local is not None:
                yield local.astimezone(UTC)
            minute += step


def _clashes(start: datetime, length: timedelta, buffer: timedelta, busy) -> bool:
    end = start + length
    return any(start < b_end + buffer and b_start - buffer < end for b_start, b_end in busy)


def free_slots(
    av: Availability,
    now: datetime,
    busy: Iterable[tuple[datetime, datetime]] = (),
) -> list[datetime]:
    """Start times (UTC, ascending) a visitor may book at ``now``.

    ``busy`` holds (start, end) pairs of the staff member's existing meetings; a slot
    may not overlap one, nor come within ``buffer_minutes`` of it. A slot must start
    at least ``notice_minutes`` after ``now`` and no later than ``horizon_days`` ahead.
    """
    tz = ZoneInfo(av.zone)
    busy = [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in busy]
    earliest = now.astimezone(UTC) + timedelta(minutes=av.notice_minutes)
    latest = now.astimezone(UTC) + timedelta(days=av.horizon_days)
    length = timedelta(minutes=av.length_minutes)
    buffer = timedelta(minutes=av.buffer_minutes)
    first_day = now.astimezone(tz).date() - timedelta(days=1)
    out: set[datetime] = set()
    for offset in range(av.horizon_days + 2):
        day = first_day + timedelta(days=offset)
        if day in av.days_off:
            continue
        for start in _day_starts(av, day, tz):
            if earliest <= start <= latest and not _clashes(start, length, buffer, busy):
                out.add(start)
    return sorted(out)


def group_by_day(slots: Iterable[datetime], zone: str) -> list[tuple[date, list[datetime]]]:
    """Slots as (local date, [local start, …]) in the visitor's ``zone``, in order."""
    tz = ZoneInfo(zone)
    days: dict[date, list[datetime]] = {}
    for slot in sorted(slots):
        local = slot.astimezone(tz)
        days.setdefault(local.date(), []).append(local)
    return list(days.items())


def ranges_problem(weekly: Sequence[WeeklyRange]) -> str | None:
    """Why a week of ranges cannot be saved, or None: "empty", "order" or "overlap"."""
    if not weekly:
        return "empty"
    for weekday, start, end in weekly:
        if not (0 <= weekday < DAYS_IN_WEEK and 0 <= start < end <= MINUTES_IN_DAY):
            return "order"
    ordered = sorted(weekly)
    for (day_a, _, end_a), (day_b, start_b, _) in zip(ordered, ordered[1:], strict=False):
        if day_a == day_b and start_b < end_a:
            return "overlap"
    return None


def parse_ranges(text: str) -> list[WeeklyRange]:
    """Ranges from "0 09:00-17:00" lines (weekday number, start-end); ValueError if bad."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        weekday, span = line.split(maxsplit=1)
        start, end = (part.strip() for part in span.split("-", 1))
        out.append((int(weekday), _minutes(start), _minutes(end)))
    return out


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise ValueError(text)
    return h * 60 + m


def format_ranges(weekly: Sequence[WeeklyRange]) -> str:
    return "\n".join(
        f"{d} {s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for d, s, e in sorted(weekly)
    )


def pick_staff(candidates: Sequence[str], counts: dict[str, int]) -> str | None:
    """Round robin: the candidate with the fewest meetings so far, ties by order given."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: (counts.get(c, 0), candidates.index(c)))


def parse_day(text: str) -> list[tuple[int, int]]:
    """One day's ranges from "09:00-13:00, 14:00-17:00"; ValueError if malformed."""
    out = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(part)
        out.append((_minutes(start.strip()), _minutes(end.strip())))
    return out


def format_day(weekly: Sequence[WeeklyRange], weekday: int) -> str:
    return ", ".join(
        f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}"
        for d, s, e in sorted(weekly)
        if d == weekday
    )


SLOT_FORMAT = "%Y%m%dT%H%MZ"


def slot_key(moment: datetime) -> str:
    """A slot's start as it appears in URLs and form values: ``20261203T1500Z``."""
    return moment.astimezone(UTC).strftime(SLOT_FORMAT)


def parse_slot(key: str) -> datetime | None:
    """The UTC start a :func:`slot_key` names, or None for anything else."""
    try:
        return datetime.strptime(key, SLOT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
