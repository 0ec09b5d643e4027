"""Shared outbox mechanics for emails and webhooks: atomic claims and backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import update

from madfam.extensions import db


def now_utc() -> datetime:
    return datetime.now(UTC)


def delays() -> tuple[int, ...]:
    return tuple(current_app.config.get("RETRY_DELAYS") or ())


def max_attempts() -> int:
    return len(delays()) + 1


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When attempt ``attempts + 1`` is due, or None when no attempt is left."""
    schedule = delays()
    if attempts > len(schedule):
        return None
    return now + timedelta(seconds=schedule[attempts - 1])


def claim(model, row_id: str) -> bool:
    """Move one row from ``pending`` to ``sending`` and count the attempt.

    A single conditional UPDATE: of two workers holding the same job only one changes
    the row, so only one of them sends. Committed at once so the claim is visible.
    """
    now = now_utc()
    claimed = db.session.execute(
        update(model)
        .where(model.id == row_id, model.status == "pending")
        .values(status="sending", attempts=model.attempts + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def short_error(exc: BaseException | str) -> str:
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return text[:500]


def claim_statement(model, row_id: str, *extra):
    """The atomic claim ``pending`` → ``sending`` returning the row's columns and ``extra``
    labelled expressions (e.g. scalar subqueries), in one statement."""
    return (
        update(model)
        .where(model.id == row_id, model.status == "pending")
        .values(status="sending", attempts=model.attempts + 1, updated_at=now_utc())
        .returning(*model.__table__.columns, *extra)
        .execution_options(synchronize_session=False)
    )
