"""The sweep enqueues a row's job once while that job waits in the queue, and retries
rows stuck in ``sending`` after ``SWEEP_STUCK_SECONDS``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from madfam import jobs
from madfam.config import ConfigError, load_config
from madfam.extensions import db as _db
from madfam.jobs.sweep import stuck_after, sweep
from madfam.models import EmailQueue, WebhookDelivery
from madfam.services.outbox import queue_email
from madfam.services.webhooks import emit
from tests.factories import make_email, make_integration
from tests.helpers import TEST_REDIS_URL

needs_redis = [
    pytest.mark.redis,
    pytest.mark.skipif(not TEST_REDIS_URL, reason="needs a real Redis: set TEST_REDIS_URL"),
]


def _outbox_rows():
    """An email and a webhook delivery queued by the services (their jobs enqueued after
    the commit), and an email written without its job, as if Redis had been down."""
    queued = queue_email("welcome", "ana@example.com", {"first_name": "Ana"}, locale="en")
    make_integration(url="http://127.0.0.1:9/hook")
    emit("lead.created", {"id": "L1"})
    jobs.commit()
    delivery = _db.session.scalar(select(WebhookDelivery))
    orphan = make_email("bea@example.com", status="pending",
                        next_attempt_at=datetime.now(UTC) - timedelta(minutes=1))  # fmt: skip
    return queued.id, delivery.id, orphan.id


def _queued_rows() -> list[str]:
    """The row id of every job waiting in the queue (one entry per job)."""
    return sorted(job.args[0] for job in jobs.get_queue().get_jobs())


@needs_redis[0]
@needs_redis[1]
def test_sweeping_a_backlog_twice_leaves_one_job_per_row(app, db):
    email_id, delivery_id, orphan_id = _outbox_rows()
    assert _queued_rows() == sorted([email_id, delivery_id])  # no worker runs: they wait

    grace = timedelta(seconds=app.config["SWEEP_GRACE_SECONDS"] + 1)
    first = datetime.now(UTC) + grace
    assert sweep(now=first) == {"emails": 1, "webhooks": 0}  # only the orphan had no job
    assert sweep(now=first + grace) == {"emails": 0, "webhooks": 0}
    assert _queued_rows() == sorted([email_id, delivery_id, orphan_id])


@needs_redis[0]
@needs_redis[1]
def test_a_row_whose_job_left_the_queue_gets_a_new_one(app, db):
    email_id, delivery_id, orphan_id = _outbox_rows()
    jobs.get_queue().empty()  # the jobs are gone (Redis flushed, jobs deleted …)

    later = datetime.now(UTC) + timedelta(seconds=app.config["SWEEP_GRACE_SECONDS"] + 1)
    assert sweep(now=later) == {"emails": 2, "webhooks": 1}
    assert _queued_rows() == sorted([email_id, delivery_id, orphan_id])
    rows = {row.id: row.job_id for row in _db.session.scalars(select(EmailQueue))}
    assert {job.id for job in jobs.get_queue().get_jobs()} >= set(rows.values())


def test_a_row_whose_job_is_gone_is_delivered_once_and_remembers_its_new_job(app, db, run_jobs):
    """In-process on SQLite (no queue holds any job), through RQ in the Redis pass."""
    row = make_email("ana@example.com", data={"locale": "en"}, status="pending",
                     next_attempt_at=datetime.now(UTC) - timedelta(minutes=1),
                     job_id="f" * 32)  # fmt: skip  # a job no queue holds: it is gone
    now = datetime.now(UTC)
    counts = sweep(now=now)
    assert counts["emails"] == 1
    run_jobs()
    _db.session.expire_all()
    swept = _db.session.get(EmailQueue, row.id)
    assert swept.status == "sent"
    assert swept.job_id not in (None, "f" * 32)
    assert sweep(now=now + timedelta(days=1))["emails"] == 0


def test_rows_queued_by_the_services_remember_their_job(app, db):
    email_id, delivery_id, _ = _outbox_rows()
    _db.session.expire_all()
    assert len(_db.session.get(EmailQueue, email_id).job_id) == 32
    assert len(_db.session.get(WebhookDelivery, delivery_id).job_id) == 32


def test_the_stuck_threshold_is_a_setting(app, db, run_jobs, monkeypatch):
    monkeypatch.setitem(app.config, "SWEEP_STUCK_SECONDS", 600)
    assert stuck_after() == timedelta(seconds=600)
    now = datetime.now(UTC)
    row = make_email(status="sending", attempts=1, job_id="a" * 32,
                     updated_at=now - timedelta(seconds=300))  # fmt: skip
    sweep(now=now)
    _db.session.expire_all()
    assert _db.session.get(EmailQueue, row.id).status == "sending"  # may still be sending

    monkeypatch.setitem(app.config, "SWEEP_STUCK_SECONDS", 240)
    sweep(now=now)
    run_jobs()
    _db.session.expire_all()
    released = _db.session.get(EmailQueue, row.id)  # released, then sent in-process
    assert (released.status, released.attempts) == ("sent", 2)
    assert released.job_id != "a" * 32  # the dead worker's job is forgotten


def test_the_stuck_threshold_defaults_to_the_job_timeout_plus_a_minute():
    config = load_config({"APP_ENV": "development"})
    assert config["SWEEP_STUCK_SECONDS"] == jobs.JOB_TIMEOUT + 60
    with pytest.raises(ConfigError, match="SWEEP_STUCK_SECONDS must be at least 120"):
        load_config({"APP_ENV": "development", "SWEEP_STUCK_SECONDS": "60"})
