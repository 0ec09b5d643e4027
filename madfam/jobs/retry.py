"""Shared outbox mechanics for emails and webhooks: atomic claims and backoff."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import update

from madfam.delivery.outcome import next_attempt_at


def now_utc() -> datetime:
    return datetime.now(UTC)


def delays() -> tuple[int, ...]:
    return tuple(current_app.config.get("RETRY_DELAYS") or ())


def max_attempts() -> int:
    return len(delays()) + 1


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When attempt ``attempts + 1`` is due, or None when no attempt is left."""
    return next_attempt_at(attempts, now, delays())


def claim(executor, model, row_id: str, *extra):
    """Move one row from ``pending`` to ``sending``, count the attempt, and commit.

    One conditional UPDATE … RETURNING: of two workers holding the same job only one
    changes the row, so only one of them sends. Returns the claimed row's columns plus
    the ``extra`` labelled expressions (e.g. scalar subqueries), or None when the row was
    not ``pending``. ``executor`` is a Session or a Connection; the claim is committed on
    it at once, so the claim is visible to the sweep before anything is sent.
    """
    row = executor.execute(
        update(model)
        .where(model.id == row_id, model.status == "pending")
        .values(status="sending", attempts=model.attempts + 1, updated_at=now_utc())
        .returning(*model.__table__.columns, *extra)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    executor.commit()
    return row


def short_error(exc: BaseException | str) -> str:
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return text[:500]
