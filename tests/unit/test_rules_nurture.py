"""The follow-up sequence's rules: who is nurtured, which step is due, what it is about."""

from datetime import UTC, datetime, timedelta

import pytest

from madfam.enums import LeadStatus
from madfam.rules.nurture import (
    ASSESSMENT,
    CALCULATION,
    GENERAL,
    NurtureFacts,
    content_for,
    due_step,
    earliest_due,
    nurtured,
)

CREATED = datetime(2026, 12, 1, 12, tzinfo=UTC)
DELAYS = (2, 7)


def at(days: float) -> datetime:
    return CREATED + timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "sent", "expected"),
    [
        (0, set(), None),
        (1.99, set(), None),
        (2, set(), 1),  # exactly at the delay
        (3, set(), 1),
        (3, {1}, None),  # sent once, never twice
        (4.99, set(), 1),
        (5, set(), None),  # three days late: stale, skipped
        (7, set(), 2),
        (7, {1}, 2),
        (7, {1, 2}, None),
        (8, set(), 2),  # a missed step 1 is not sent along with step 2
        (10, set(), None),
        (400, set(), None),
    ],
)
def test_due_step(days, sent, expected):
    assert due_step(CREATED, at(days), DELAYS, sent) == expected


def test_no_delays_no_steps():
    assert due_step(CREATED, at(3), (), set()) is None


def test_earliest_due_bounds_the_leads_worth_looking_at():
    now = at(3)
    oldest, newest = earliest_due(now, DELAYS)
    assert oldest == now - timedelta(days=10)
    assert newest == now - timedelta(days=2)


def facts(**overrides):
    values = {
        "status": LeadStatus.NEW,
        "marketing_consent": True,
        "status_set_by_staff": False,
        "suppressed": False,
    }
    return NurtureFacts(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, True),
        ({"status": LeadStatus.QUALIFIED}, True),  # qualified by the system
        ({"marketing_consent": False}, False),
        ({"suppressed": True}, False),
        ({"status_set_by_staff": True}, False),
        ({"status": LeadStatus.CONTACTED}, False),
        ({"status": LeadStatus.CONVERTED}, False),
        ({"status": LeadStatus.LOST}, False),
        ({"status": LeadStatus.UNQUALIFIED}, False),
    ],
)
def test_nurtured(overrides, expected):
    assert nurtured(facts(**overrides)) is expected


@pytest.mark.parametrize(
    ("assessment", "calculation", "expected"),
    [
        (True, True, ASSESSMENT),
        (True, False, ASSESSMENT),
        (False, True, CALCULATION),
        (False, False, GENERAL),
    ],
)
def test_content_for(assessment, calculation, expected):
    assert content_for(assessment, calculation) == expected
