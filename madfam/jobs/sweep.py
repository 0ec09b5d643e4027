"""The sweep: nothing stays ``pending`` because Redis was down or a worker died.

``sweep()`` re-dispatches outbox rows (emails and webhook deliveries) that are
``pending`` and due — never enqueued, or waiting for their backoff — and resets rows
stuck in ``sending`` for longer than ``SWEEP_STUCK_SECONDS`` (their worker died).
A row remembers the RQ job last enqueued for it (``job_id``): while RQ still holds that
job waiting or running the row gets no second one, so a backlog longer than the grace
period does not grow by a job per row and sweep. (Claims are atomic besides: a
duplicate job never sends twice.)

It runs every ``SWEEP_INTERVAL_SECONDS`` inside ``flask worker`` — a timer thread
enqueues :func:`sweep_job` under a Redis lock, so several workers still sweep once per
interval, and that job also marks idle assessments abandoned and applies the retention
periods — and on demand with
``flask jobs sweep``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from madfam import jobs
from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.assessments import mark_abandoned
from madfam.jobs.email import deliver_email
from madfam.jobs.nurture import queue_due_steps
from madfam.jobs.retention import apply_retention
from madfam.jobs.retry import max_attempts, now_utc
from madfam.jobs.webhooks import deliver_webhook
from madfam.models import EmailQueue, WebhookDelivery

log = logging.getLogger(__name__)
LOCK_KEY = "madfam:sweep:lock"
OUTBOXES = (("emails", EmailQueue, deliver_email), ("webhooks", WebhookDelivery, deliver_webhook))


def stuck_after() -> timedelta:
    """A claim older than this (longer than a job may run) belongs to a dead worker."""
    return timedelta(seconds=current_app.config["SWEEP_STUCK_SECONDS"])


def sweep(now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Re-dispatch due rows; returns how many rows of each outbox were dispatched."""
    now = now or now_utc()
    grace = timedelta(seconds=current_app.config["SWEEP_GRACE_SECONDS"])
    counts: dict[str, int] = {}
    for label, model, job in OUTBOXES:
        _release_stuck(model, now)
        due = db.session.execute(
            select(model.id, model.job_id)
            .where(
                model.status == "pending",
                or_(model.next_attempt_at.is_(None), model.next_attempt_at <= now),
            )
            .order_by(model.next_attempt_at)
            .limit(limit)
        ).all()
        waiting = jobs.still_queued([job_id for _, job_id in due if job_id])
        send = {row_id: jobs.new_job_id() for row_id, job_id in due if job_id not in waiting}
        if due:
            # Look again only after the grace period, whatever happens to this dispatch;
            # rows whose job is still queued too, so they do not crowd out the others.
            db.session.execute(
                update(model)
                .where(model.id.in_([row_id for row_id, _ in due]), model.status == "pending")
                .values(next_attempt_at=now + grace)
                .execution_options(synchronize_session=False)
            )
        _remember_jobs(model, send)
        db.session.commit()
        for row_id, job_id in send.items():
            jobs.dispatch(job, row_id, job_id=job_id)
        counts[label] = len(send)
    return counts


def _remember_jobs(model, job_ids: dict[str, str]) -> None:
    """Record on each row the job about to be enqueued for it (committed before it is)."""
    for row_id, job_id in job_ids.items():
        db.session.execute(
            update(model)
            .where(model.id == row_id, model.status == "pending")
            .values(job_id=job_id)
            .execution_options(synchronize_session=False)
        )


def _release_stuck(model, now: datetime) -> None:
    cutoff = now - stuck_after()
    stuck = db.session.execute(
        select(model.id, model.attempts).where(model.status == "sending", model.updated_at < cutoff)
    ).all()
    for row_id, attempts in stuck:
        last = attempts >= max_attempts()
        db.session.execute(
            update(model)
            .where(model.id == row_id, model.status == "sending", model.updated_at < cutoff)
            .values(
                status="failed" if last else "pending",
                next_attempt_at=None if last else now,
                job_id=None,  # its job died with the worker, whatever RQ still says
                error=f"the worker stopped during attempt {attempts}",
                updated_at=now_utc(),
            )
            .execution_options(synchronize_session=False)
        )
        log.warning("%s %s was stuck in sending; %s", model.__tablename__, row_id,
                    "failed" if last else "retrying")  # fmt: skip
    db.session.commit()


@app_context
def sweep_job() -> dict[str, int]:
    """The periodic housekeeping: the outbox sweep, due follow-up steps, abandoned
    assessments, retention."""
    counts = sweep()
    counts["nurture_steps"] = queue_due_steps()
    counts["abandoned_assessments"] = mark_abandoned(None)
    counts.update({f"deleted_{k}": v for k, v in apply_retention().items()})
    return counts


def start_periodic_sweep(
    connection, queue, interval: int, also: tuple[Callable, ...] = ()
) -> threading.Thread:
    """Enqueue :func:`sweep_job` (and each job in ``also``) every ``interval`` seconds,
    once across all workers."""

    def loop() -> None:
        while True:
            try:
                if connection.set(LOCK_KEY, "1", nx=True, ex=max(interval - 1, 1)):
                    for job in (sweep_job, *also):
                        queue.enqueue(job, job_timeout=jobs.JOB_TIMEOUT, result_ttl=interval)
            except Exception as exc:  # Redis away: try again next interval
                log.warning("could not schedule the sweep (%s)", type(exc).__name__)
            stop.wait(interval)

    stop = threading.Event()
    thread = threading.Thread(target=loop, name="madfam-sweep", daemon=True)
    thread.start()
    return thread
