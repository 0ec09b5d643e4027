"""The outcome of one webhook attempt, as a table: answer or failure → state, retry, error."""

from datetime import UTC, datetime, timedelta

import pytest

from madfam.delivery.outcome import (
    DELIVERED,
    FAILED,
    PENDING,
    EndpointHealth,
    Outcome,
    decide,
    endpoint_health,
    next_attempt_at,
)

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
DELAYS = (60, 300, 1800)  # four attempts in all
PAUSE_AFTER = timedelta(hours=72)


def later(seconds: int) -> datetime:
    return NOW + timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("status_code", "error", "permanent", "attempts", "expected"),
    [
        # 2xx delivers, whatever the attempt
        (200, None, False, 1, Outcome(DELIVERED)),
        (204, None, False, 4, Outcome(DELIVERED)),
        (299, None, False, 2, Outcome(DELIVERED)),
        # any other answer retries on the schedule while attempts are left…
        (500, None, False, 1, Outcome(PENDING, later(60), "HTTP 500")),
        (503, None, False, 2, Outcome(PENDING, later(300), "HTTP 503")),
        (404, None, False, 3, Outcome(PENDING, later(1800), "HTTP 404")),
        (301, None, False, 1, Outcome(PENDING, later(60), "HTTP 301")),  # no redirects
        (429, None, False, 1, Outcome(PENDING, later(60), "HTTP 429")),
        # …and fails after the last one
        (500, None, False, 4, Outcome(FAILED, None, "HTTP 500")),
        (400, None, False, 4, Outcome(FAILED, None, "HTTP 400")),
        # 410 Gone fails at once and switches the endpoint off
        (410, None, False, 1, Outcome(FAILED, None, "HTTP 410", gone=True)),
        (410, None, False, 4, Outcome(FAILED, None, "HTTP 410", gone=True)),
        # no answer: timeouts and refused connections retry like a 5xx
        (None, "TimeoutError: timed out", False, 1,
         Outcome(PENDING, later(60), "TimeoutError: timed out")),
        (None, "ConnectionRefusedError: [Errno 111]", False, 4,
         Outcome(FAILED, None, "ConnectionRefusedError: [Errno 111]")),
        # an address the guard refuses will not change: fail without retrying
        (None, "UnsafeWebhookURL: x resolves to a non-public address", True, 1,
         Outcome(FAILED, None, "UnsafeWebhookURL: x resolves to a non-public address")),
    ],
)  # fmt: skip
def test_decide(status_code, error, permanent, attempts, expected):
    outcome = decide(
        status_code, error, permanent=permanent, attempts=attempts, now=NOW, delays=DELAYS
    )
    assert outcome == expected


@pytest.mark.parametrize(
    ("attempts", "delays", "expected"),
    [
        (1, (60, 300), later(60)),
        (2, (60, 300), later(300)),
        (3, (60, 300), None),
        (1, (), None),  # a single attempt: never retry
    ],
)
def test_next_attempt_at(attempts, delays, expected):
    assert next_attempt_at(attempts, NOW, delays) == expected


FAILING = Outcome(PENDING, later(60), "HTTP 500")
GONE = Outcome(FAILED, None, "HTTP 410", gone=True)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("outcome", "failing_since", "paused_at", "expected"),
    [
        # a delivery clears the failure clock and any pause
        (Outcome(DELIVERED), NOW - 4 * DAY, NOW - DAY, EndpointHealth(None, None)),
        (Outcome(DELIVERED), None, None, EndpointHealth(None, None)),
        # the first failure starts the clock
        (FAILING, None, None, EndpointHealth(NOW, None)),
        (Outcome(FAILED, None, "HTTP 500"), None, None, EndpointHealth(NOW, None)),
        # failing for less than pause_after: not paused yet
        (FAILING, NOW - 2 * DAY, None, EndpointHealth(NOW - 2 * DAY, None)),
        # failing for pause_after or longer: paused now
        (FAILING, NOW - 3 * DAY, None, EndpointHealth(NOW - 3 * DAY, NOW)),
        (FAILING, NOW - 4 * DAY, None, EndpointHealth(NOW - 4 * DAY, NOW)),
        # already paused: stays paused since then
        (FAILING, NOW - 4 * DAY, NOW - DAY, EndpointHealth(NOW - 4 * DAY, NOW - DAY)),
        # 410 switches the endpoint off instead; the clock is left alone
        (GONE, None, None, EndpointHealth(None, None)),
        (GONE, NOW - 4 * DAY, None, EndpointHealth(NOW - 4 * DAY, None)),
    ],
)
def test_endpoint_health(outcome, failing_since, paused_at, expected):
    assert endpoint_health(outcome, failing_since, paused_at, NOW, PAUSE_AFTER) == expected
