"""Background jobs, dispatched only after the transaction that caused them commits.

Services call :func:`defer` while building a unit of work and :func:`commit` to end
it. With ``REDIS_URL`` set the jobs go to RQ; without it they run in-process right
after the commit. If Redis is unreachable the job is not lost: the outbox row it
delivers stays ``pending`` and the sweep re-enqueues it.
"""

from __future__ import annotations

import functools
import logging
import os
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, has_app_context

from madfam.extensions import db

log = logging.getLogger(__name__)
QUEUE_NAME = "default"
JOB_TIMEOUT = 120
_SESSION_KEY = "madfam_deferred_jobs"


def defer(func: Callable, *args: Any, job_id: str | None = None) -> None:
    """Record a job to dispatch once the current transaction commits (as RQ job ``job_id``
    when given)."""
    db.session.info.setdefault(_SESSION_KEY, []).append((func, args, job_id))


def defer_delivery(func: Callable, row: Any) -> None:
    """Defer the job that delivers an outbox row, under a new job id kept on the row.

    The row remembers its job (``row.job_id``, in the same transaction), so the sweep can
    tell a job still waiting in the queue from one that is gone and enqueue no second.
    """
    row.job_id = new_job_id()
    defer(func, row.id, job_id=row.job_id)


def new_job_id() -> str:
    return uuid.uuid4().hex


def discard() -> None:
    db.session.info.pop(_SESSION_KEY, None)


@contextmanager
def savepoint() -> Iterator[None]:
    """A unit of work inside the current one that may fail on its own.

    The block runs in a database savepoint. If it raises, the savepoint is rolled back
    and the jobs deferred inside the block are dropped with it (their rows are gone),
    while the rows and jobs from before the block stay; the exception propagates.
    """
    already = len(db.session.info.get(_SESSION_KEY) or ())
    try:
        with db.session.begin_nested():
            yield
    except BaseException:
        pending = db.session.info.get(_SESSION_KEY)
        if pending:
            del pending[already:]
        raise


def commit() -> None:
    """Commit the session, then dispatch the jobs deferred in this unit of work."""
    try:
        db.session.commit()
    except Exception:
        discard()
        db.session.rollback()
        raise
    pending = db.session.info.pop(_SESSION_KEY, [])
    for func, args, job_id in pending:
        dispatch(func, *args, job_id=job_id)


def get_queue():
    """The app's RQ queue, or None when jobs run in-process."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    queue = current_app.extensions.get("madfam_rq_queue")
    if queue is None:
        from redis import Redis
        from rq import Queue

        connection = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        queue = Queue(QUEUE_NAME, connection=connection, default_timeout=JOB_TIMEOUT)
        current_app.extensions["madfam_rq_queue"] = queue
    return queue


def dispatch(func: Callable, *args: Any, job_id: str | None = None) -> bool:
    """Enqueue (as RQ job ``job_id`` when given) or run in-process one job.

    Never raises: the outbox row is the truth.
    """
    queue = get_queue()
    name = f"{func.__module__}.{func.__qualname__}"
    if queue is None:
        try:
            func(*args)
        except Exception:
            log.exception("in-process job %s failed", name)
            db.session.rollback()
            return False
        return True
    try:
        queue.enqueue(func, *args, job_id=job_id, job_timeout=JOB_TIMEOUT, failure_ttl=7 * 86400)
    except Exception as exc:  # Redis down: the sweep picks the row up later
        log.warning("could not enqueue %s (%s); it stays in the outbox", name, type(exc).__name__)
        return False
    return True


# RQ statuses of a job that is still going to run, or running.
WAITING_STATUSES = frozenset({"queued", "deferred", "scheduled", "started"})


def still_queued(job_ids: Collection[str]) -> set[str]:
    """Those of ``job_ids`` RQ still holds waiting or running (none when jobs run
    in-process, or when Redis cannot say: enqueueing would fail then as well)."""
    queue = get_queue()
    if queue is None or not job_ids:
        return set()
    from rq.job import Job

    try:
        found = Job.fetch_many(list(job_ids), connection=queue.connection)
        return {
            job.id
            for job in found
            if job is not None and job.get_status(refresh=False) in WAITING_STATUSES
        }
    except Exception as exc:
        log.warning("could not look up queued jobs (%s)", type(exc).__name__)
        return set()


def fresh_connections_in_forks() -> None:
    """Give every forked work horse its own database connections (none of the parent's)."""
    os.register_at_fork(after_in_child=lambda: db.engine.dispose(close=False))


def app_context(func: Callable) -> Callable:
    """Run a job only inside the app's context.

    ``flask --app wsgi worker`` (the Procfile's worker) pushes the context before RQ
    forks its work horses, and in-process jobs run inside the request's; a job started
    anywhere else says so instead of guessing at settings.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any):
        if not has_app_context():
            raise RuntimeError(
                f"{func.__name__} needs the app context: run workers with `flask --app wsgi worker`"
            )
        return func(*args, **kwargs)

    return wrapper
