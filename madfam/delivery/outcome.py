"""What one delivery attempt leads to. Pure: plain values in, plain values out.

A webhook attempt ends in one of three states: ``delivered`` (a 2xx answer),
``pending`` again with the time of the next attempt (any other answer or a network
error while attempts are left), or ``failed`` (the last attempt, an address the guard
refuses, or 410 Gone — which also switches the endpoint off). An endpoint that keeps
failing for ``pause_after`` is paused until it answers again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DELIVERED = "delivered"
PENDING = "pending"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    state: str
    next_attempt_at: datetime | None = None
    error: str | None = None
    gone: bool = False  # the endpoint answered 410 Gone: switch it off


@dataclass(frozen=True)
class EndpointHealth:
    failing_since: datetime | None
    paused_at: datetime | None


def next_attempt_at(attempts: int, now: datetime, delays: Sequence[int]) -> datetime | None:
    """When attempt ``attempts + 1`` is due, or None when no attempt is left.

    ``delays[i]`` is the wait in seconds after attempt ``i + 1``; there are
    ``len(delays) + 1`` attempts in all.
    """
    if attempts > len(delays):
        return None
    return now + timedelta(seconds=delays[attempts - 1])


def decide(
    status_code: int | None,
    error: str | None = None,
    *,
    permanent: bool = False,
    attempts: int,
    now: datetime,
    delays: Sequence[int],
) -> Outcome:
    """The outcome of attempt number ``attempts``.

    ``status_code`` is the endpoint's answer, or None when no answer came; then
    ``error`` says why and ``permanent`` whether retrying cannot help (the address
    guard refused the URL).
    """
    if status_code is not None:
        if 200 <= status_code < 300:
            return Outcome(DELIVERED)
        error = f"HTTP {status_code}"
        if status_code == 410:
            return Outcome(FAILED, error=error, gone=True)
    due = None if permanent else next_attempt_at(attempts, now, delays)
    return Outcome(PENDING if due else FAILED, next_attempt_at=due, error=error)


def endpoint_health(
    outcome: Outcome,
    failing_since: datetime | None,
    paused_at: datetime | None,
    now: datetime,
    pause_after: timedelta,
) -> EndpointHealth:
    """The endpoint's failure clock after ``outcome``: a delivery clears it; a failure
    starts it (if not running) and pauses the endpoint once it ran for ``pause_after``.
    A 410 leaves it alone: that endpoint is switched off instead."""
    if outcome.state == DELIVERED:
        return EndpointHealth(failing_since=None, paused_at=None)
    if outcome.gone:
        return EndpointHealth(failing_since=failing_since, paused_at=paused_at)
    failing_since = failing_since or now
    if not paused_at and now - failing_since >= pause_after:
        paused_at = now
    return EndpointHealth(failing_since=failing_since, paused_at=paused_at)
