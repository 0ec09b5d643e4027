"""Business days for privacy-request deadlines: weekends and Mexican rest days skipped."""

from datetime import UTC, date, datetime

import pytest

from madfam.rules.business_days import (
    add_business_days,
    due_at,
    is_business_day,
    mexican_holidays,
)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 6, 2), 0, date(2025, 6, 2)),  # Monday, nothing to add
        (date(2025, 6, 2), 1, date(2025, 6, 3)),  # Monday → Tuesday
        (date(2025, 6, 6), 1, date(2025, 6, 9)),  # Friday → Monday
        (date(2025, 6, 7), 1, date(2025, 6, 9)),  # Saturday → Monday
        (date(2025, 6, 8), 1, date(2025, 6, 9)),  # Sunday → Monday
        (date(2025, 6, 2), 5, date(2025, 6, 9)),  # a full week
        (date(2025, 6, 2), 20, date(2025, 6, 30)),  # four weeks, no holiday
        (date(2025, 9, 15), 1, date(2025, 9, 17)),  # 16 September skipped
        (date(2025, 12, 24), 1, date(2025, 12, 26)),  # Christmas skipped
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # New Year's day, across the year
        (date(2025, 2, 1), 1, date(2025, 2, 4)),  # Sat → Mon 3 Feb is a holiday → Tue
        (date(2025, 3, 14), 1, date(2025, 3, 18)),  # Mon 17 Mar (third Monday) skipped
        (date(2025, 11, 14), 1, date(2025, 11, 18)),  # Mon 17 Nov (third Monday) skipped
        (date(2025, 4, 30), 1, date(2025, 5, 2)),  # 1 May skipped
        (date(2024, 9, 30), 1, date(2024, 10, 2)),  # inauguration day 2024
        (date(2025, 9, 30), 1, date(2025, 10, 1)),  # …but not in 2025
        (date(2025, 12, 1), 20, date(2025, 12, 30)),  # 20 days over Christmas
    ],
)
def test_add_business_days(start, days, expected):
    assert add_business_days(start, days) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            {(1, 1), (2, 3), (3, 17), (5, 1), (9, 16), (11, 17), (12, 25)},
        ),
        (
            2024,
            {(1, 1), (2, 5), (3, 18), (5, 1), (9, 16), (10, 1), (11, 18), (12, 25)},
        ),
        (
            2030,
            {(1, 1), (2, 4), (3, 18), (5, 1), (9, 16), (10, 1), (11, 18), (12, 25)},
        ),
    ],
)
def test_mexican_holidays(year, expected):
    assert mexican_holidays(year) == {date(year, m, d) for m, d in expected}


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2025, 6, 4), True),
        (date(2025, 6, 7), False),
        (date(2025, 6, 8), False),
        (date(2025, 12, 25), False),
    ],
)
def test_is_business_day(day, business):
    assert is_business_day(day) is business


def test_due_at_keeps_the_time_and_zone():
    received = datetime(2025, 6, 6, 17, 30, tzinfo=UTC)  # a Friday
    assert due_at(received, 20) == datetime(2025, 7, 4, 17, 30, tzinfo=UTC)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_business_days(date(2025, 6, 2), -1)
