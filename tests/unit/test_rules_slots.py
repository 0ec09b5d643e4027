"""Free slots: weekly hours in the staff member's zone, buffers, days off, notice, DST."""

from datetime import UTC, date, datetime, timedelta

import pytest

from madfam.rules.slots import (
    Availability,
    format_day,
    format_ranges,
    free_slots,
    group_by_day,
    parse_day,
    parse_ranges,
    pick_staff,
    ranges_problem,
)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


MON_9_11_MX = Availability(
    zone="America/Mexico_City",
    weekly=[(0, 9 * 60, 11 * 60)],
    length_minutes=30,
    notice_minutes=0,
    horizon_days=7,
)
# Sunday 2026-06-07 12:00 UTC; Monday 8 June 09:00 in Mexico City (UTC-6) is 15:00 UTC.
SUNDAY_NOON = utc(2026, 6, 7, 12)


def hm(slots):
    return [s.strftime("%m-%d %H:%M") for s in slots]


@pytest.mark.parametrize(
    ("change", "busy", "expected"),
    [
        ({}, [], ["06-08 15:00", "06-08 15:30", "06-08 16:00", "06-08 16:30"]),
        # a 10-minute buffer after each meeting: the step is 40 minutes
        ({"buffer_minutes": 10}, [], ["06-08 15:00", "06-08 15:40", "06-08 16:20"]),
        # 45-minute meetings: the last one must end by 11:00
        ({"length_minutes": 45}, [], ["06-08 15:00", "06-08 15:45"]),
        # the Monday is a day off
        ({"days_off": frozenset({date(2026, 6, 8)})}, [], []),
        # an existing meeting at 09:30 local takes that slot only
        (
            {},
            [(utc(2026, 6, 8, 15, 30), utc(2026, 6, 8, 16))],
            ["06-08 15:00", "06-08 16:00", "06-08 16:30"],
        ),
        # with a buffer, a meeting also blocks what starts or ends too close to it
        (
            {"buffer_minutes": 10},
            [(utc(2026, 6, 8, 15, 35), utc(2026, 6, 8, 16, 5))],
            ["06-08 16:20"],
        ),
        # 27 hours of notice: 09:00 local Monday is only 27 h away, 09:30 is later
        (
            {"notice_minutes": 27 * 60 + 1},
            [],
            ["06-08 15:30", "06-08 16:00", "06-08 16:30"],
        ),
        # nine days ahead see two Mondays
        (
            {"horizon_days": 9, "weekly": [(0, 9 * 60, 9 * 60 + 30)]},
            [],
            ["06-08 15:00", "06-15 15:00"],
        ),
        # a range shorter than one meeting offers nothing
        ({"weekly": [(0, 9 * 60, 9 * 60 + 20)]}, [], []),
    ],
)
def test_free_slots_table(change, busy, expected):
    av = Availability(**{**MON_9_11_MX.__dict__, **change})
    assert hm(free_slots(av, SUNDAY_NOON, busy)) == expected


def test_notice_and_horizon_are_counted_from_now():
    av = Availability(**{**MON_9_11_MX.__dict__, "horizon_days": 1})
    # horizon of one day from Sunday noon ends Monday 12:00 UTC, before 09:00 local
    assert free_slots(av, SUNDAY_NOON) == []
    # once Monday has begun, slots already past are gone
    assert hm(free_slots(av, utc(2026, 6, 8, 15, 45))) == ["06-08 16:00", "06-08 16:30"]


def test_us_zone_keeps_wall_clock_across_spring_forward():
    """New York moves from UTC-5 to UTC-4 on Sunday 8 March 2026: 09:00 stays 09:00."""
    av = Availability(
        zone="America/New_York",
        weekly=[(4, 9 * 60, 10 * 60), (0, 9 * 60, 10 * 60)],
        notice_minutes=0,
        horizon_days=5,
    )
    slots = free_slots(av, utc(2026, 3, 5, 12))
    assert hm(slots) == ["03-06 14:00", "03-06 14:30", "03-09 13:00", "03-09 13:30"]


def test_us_zone_keeps_wall_clock_across_fall_back():
    """New York moves from UTC-4 to UTC-5 on Sunday 1 November 2026."""
    av = Availability(
        zone="America/New_York",
        weekly=[(4, 9 * 60, 9 * 60 + 30), (0, 9 * 60, 9 * 60 + 30)],
        notice_minutes=0,
        horizon_days=5,
    )
    assert hm(free_slots(av, utc(2026, 10, 29, 12))) == ["10-30 13:00", "11-02 14:00"]


def test_nonexistent_wall_time_is_skipped_and_repeated_one_taken_once():
    spring = Availability(
        zone="America/New_York", weekly=[(6, 2 * 60, 3 * 60)], notice_minutes=0, horizon_days=3
    )
    assert free_slots(spring, utc(2026, 3, 7, 12)) == []
    fall = Availability(
        zone="America/New_York", weekly=[(6, 60, 2 * 60)], notice_minutes=0, horizon_days=3
    )
    # 01:00 and 01:30 EDT (the first of the repeated hour)
    assert hm(free_slots(fall, utc(2026, 10, 31, 12))) == ["11-01 05:00", "11-01 05:30"]


def test_slots_are_grouped_by_the_visitors_day():
    av = Availability(zone="America/Mexico_City", weekly=[(0, 17 * 60, 18 * 60)], notice_minutes=0)
    slots = free_slots(av, SUNDAY_NOON)[:2]  # Monday 17:00 and 17:30 in Mexico City
    tokyo = group_by_day(slots, "Asia/Tokyo")  # 08:00 and 08:30 on Tuesday in Tokyo
    assert [(d, [s.strftime("%H:%M") for s in ss]) for d, ss in tokyo] == [
        (date(2026, 6, 9), ["08:00", "08:30"])
    ]
    assert group_by_day(slots, "America/Mexico_City")[0][0] == date(2026, 6, 8)


@pytest.mark.parametrize(
    ("weekly", "problem"),
    [
        ([], "empty"),
        ([(0, 9 * 60, 8 * 60)], "order"),
        ([(7, 9 * 60, 10 * 60)], "order"),
        ([(0, 9 * 60, 25 * 60)], "order"),
        ([(0, 9 * 60, 12 * 60), (0, 11 * 60, 13 * 60)], "overlap"),
        ([(0, 9 * 60, 12 * 60), (0, 12 * 60, 13 * 60), (1, 9 * 60, 12 * 60)], None),
    ],
)
def test_ranges_problem(weekly, problem):
    assert ranges_problem(weekly) == problem


def test_ranges_round_trip_and_reject_nonsense():
    text = "0 09:00-13:00\n0 14:00-17:30\n4 09:00-24:00"
    assert format_ranges(parse_ranges(text)) == text
    for bad in ["monday 9-5", "0 09:00", "0 25:00-26:00", "0 09:61-10:00"]:
        with pytest.raises(ValueError):
            parse_ranges(bad)


def test_round_robin_picks_the_least_busy_then_the_first():
    assert pick_staff([], {}) is None
    assert pick_staff(["a", "b"], {}) == "a"
    assert pick_staff(["a", "b"], {"a": 2, "b": 1}) == "b"
    assert pick_staff(["a", "b"], {"a": 1, "b": 1}) == "a"


def test_slots_are_utc_and_ascending():
    slots = free_slots(MON_9_11_MX, SUNDAY_NOON)
    assert all(s.tzinfo == UTC for s in slots)
    assert slots == sorted(slots)
    assert slots[1] - slots[0] == timedelta(minutes=30)


def test_a_day_of_ranges_is_read_and_written_back():
    assert parse_day("09:00-13:00, 14:00-17:30") == [(540, 780), (840, 1050)]
    assert parse_day("  ") == []
    assert (
        format_day([(1, 540, 780), (0, 60, 120), (1, 840, 1050)], 1) == "09:00-13:00, 14:00-17:30"
    )
    for bad in ["9-5", "09:00", "ten-eleven"]:
        with pytest.raises(ValueError):
            parse_day(bad)
