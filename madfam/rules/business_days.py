"""Business days: Monday to Friday, without Mexico's statutory rest days.

The deadline of a privacy (ARCO) request is counted in business days from the day it
arrives. The rest days are those of the Ley Federal del Trabajo, art. 74: 1 January,
the first Monday of February, the third Monday of March, 1 May, 16 September, the
third Monday of November, 25 December and, every six years, 1 October (the
presidential inauguration: 2024, 2030 …).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

SATURDAY = 5


def _nth_monday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    first_monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + timedelta(weeks=n - 1)


def mexican_holidays(year: int) -> frozenset[date]:
    """The statutory rest days of ``year`` (LFT art. 74)."""
    days = {
        date(year, 1, 1),
        _nth_monday(year, 2, 1),
        _nth_monday(year, 3, 3),
        date(year, 5, 1),
        date(year, 9, 16),
        _nth_monday(year, 11, 3),
        date(year, 12, 25),
    }
    if year >= 2024 and (year - 2024) % 6 == 0:
        days.add(date(year, 10, 1))
    return frozenset(days)


def is_business_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in mexican_holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The date ``days`` business days after ``start`` (``start`` itself never counts).

    A request that arrives on a Saturday with one day to go is due on Monday; zero days
    is ``start`` itself.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day


def due_at(received_at: datetime, days: int) -> datetime:
    """The moment a request received at ``received_at`` is due: the same time of day,
    ``days`` business days later (dates counted in ``received_at``'s own time zone)."""
    due_day = add_business_days(received_at.date(), days)
    return datetime.combine(due_day, received_at.timetz())
