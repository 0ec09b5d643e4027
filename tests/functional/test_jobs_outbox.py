"""The email outbox: retries with backoff, permanent failures, suppression, the sweep,
Redis being down and a worker killed mid-send — against local SMTP/HTTP receivers."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from madfam import create_app, jobs
from madfam.extensions import db as _db
from madfam.jobs.email import deliver_email
from madfam.jobs.sweep import stuck_after, sweep
from madfam.models import EmailQueue
from madfam.services.outbox import queue_email
from tests.factories import make_email
from tests.helpers import TEST_ENCRYPTION_KEY, TEST_REDIS_URL, start_worker, stop, wait_for
from tests.receivers import HTTPReceiver, SMTPSink

ROOT = Path(__file__).resolve().parents[2]
needs_redis = pytest.mark.skipif(
    not TEST_REDIS_URL, reason="needs a real Redis and RQ worker: set TEST_REDIS_URL"
)


def use_smtp(monkeypatch, app, sink: SMTPSink) -> None:
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", sink.port)


def use_resend(monkeypatch, app, url: str) -> None:
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "resend")
    monkeypatch.setitem(app.config, "RESEND_API_URL", url)
    monkeypatch.setitem(app.config, "RESEND_API_KEY", "re_test_key")


def queue(to: str = "ana@example.com", template: str = "welcome") -> str:
    row = queue_email(template, to, {"first_name": "Ana"}, locale="en")
    jobs.commit()
    return row.id


def reload(email_id: str) -> EmailQueue:
    _db.session.expire_all()
    return _db.session.get(EmailQueue, email_id)


def test_a_provider_error_is_retried_with_backoff_until_accepted(app, db, run_jobs, monkeypatch):
    with HTTPReceiver([500, 500, 200]) as provider:
        use_resend(monkeypatch, app, provider.url)
        email_id = queue()
        run_jobs()

        row = reload(email_id)
        assert (row.status, row.attempts) == ("pending", 1)
        assert "500" in row.error
        assert abs((row.next_attempt_at - row.updated_at).total_seconds() - 60) < 5
        first_due = row.next_attempt_at

        # Not due yet: the sweep leaves it alone.
        assert sweep(now=first_due - timedelta(seconds=1))["emails"] == 0
        run_jobs()
        assert len(provider.requests) == 1

        assert sweep(now=first_due)["emails"] == 1
        run_jobs()
        row = reload(email_id)
        assert (row.status, row.attempts) == ("pending", 2)
        assert abs((row.next_attempt_at - row.updated_at).total_seconds() - 300) < 5

        sweep(now=row.next_attempt_at)
        run_jobs()
        row = reload(email_id)
        assert (row.status, row.attempts) == ("sent", 3)
        assert row.sent_at is not None and row.error is None
        assert len(provider.requests) == 3
        # The same idempotency key on every attempt: the provider can dedupe.
        assert {r.headers["idempotency-key"] for r in provider.requests} == {email_id}
        assert provider.requests[0].headers["authorization"] == "Bearer re_test_key"


def test_a_provider_failing_forever_marks_the_email_failed_after_the_last_attempt(
    app, db, run_jobs, monkeypatch
):
    monkeypatch.setitem(app.config, "RETRY_DELAYS", (60, 300))
    with HTTPReceiver([500]) as provider:
        use_resend(monkeypatch, app, provider.url)
        email_id = queue()
        run_jobs()
        for _ in range(5):
            row = reload(email_id)
            if row.status != "pending":
                break
            sweep(now=row.next_attempt_at)
            run_jobs()
        row = reload(email_id)
        assert (row.status, row.attempts) == ("failed", 3)
        assert "Resend 500" in row.error
        assert row.next_attempt_at is None
        assert len(provider.requests) == 3
        assert sweep(now=datetime.now(UTC) + timedelta(days=2))["emails"] == 0


def test_a_rejected_message_fails_at_once(app, db, run_jobs, monkeypatch):
    with HTTPReceiver([422]) as provider:
        use_resend(monkeypatch, app, provider.url)
        email_id = queue()
        run_jobs()
        row = reload(email_id)
        assert (row.status, row.attempts) == ("failed", 1)
        assert "422" in row.error


def test_a_refused_recipient_fails_at_once_and_does_not_hold_up_the_rest(
    app, db, run_jobs, monkeypatch
):
    with SMTPSink(refuse={"nobody@example.com"}) as sink:
        use_smtp(monkeypatch, app, sink)
        bad = queue("nobody@example.com")
        good = queue("ana@example.com")
        run_jobs()
        assert (reload(bad).status, reload(bad).attempts) == ("failed", 1)
        assert "550" in reload(bad).error
        assert reload(good).status == "sent"
        assert [m["To"] for m in sink.messages] == ["ana@example.com"]


def test_smtp_sends_multipart_html_and_text_once_even_if_the_job_runs_twice(
    app, db, run_jobs, monkeypatch
):
    with SMTPSink() as sink:
        use_smtp(monkeypatch, app, sink)
        email_id = queue()
        run_jobs()
        assert deliver_email(email_id) == "sent"  # a duplicate job: nothing more is sent
        assert len(sink.messages) == 1
        message = sink.messages[0]
        assert message.get_content_type() == "multipart/alternative"
        kinds = [part.get_content_type() for part in message.get_payload()]
        assert kinds == ["text/plain", "text/html"]
        assert "Ana" in message.get_payload()[0].get_payload(decode=True).decode()
        assert email_id in message["Message-ID"]


def test_no_email_reaches_an_address_erased_under_a_privacy_request(app, db, run_jobs, monkeypatch):
    from madfam.services.privacy import suppress

    with SMTPSink() as sink:
        use_smtp(monkeypatch, app, sink)
        suppress("erased@example.com")
        _db.session.commit()
        email_id = queue("erased@example.com")
        run_jobs()
        assert reload(email_id).status == "suppressed"
        assert sink.messages == []


def test_the_sweep_command_re_enqueues_pending_rows(app, db, runner, run_jobs, monkeypatch):
    with SMTPSink() as sink:
        use_smtp(monkeypatch, app, sink)
        # Written without its job, as if Redis had been down.
        row = make_email(
            "ana@example.com", data={"locale": "en"}, status="pending",
            next_attempt_at=datetime.now(UTC) - timedelta(minutes=1),
        )  # fmt: skip
        result = runner.invoke(args=["jobs", "sweep"])
        assert result.exit_code == 0, result.output
        assert "emails: 1 re-enqueued" in result.output
        run_jobs()
        assert reload(row.id).status == "sent"
        assert len(sink.messages) == 1


# --- With the real Redis and a real worker process ---------------------------------------


@needs_redis
def test_with_redis_down_the_lead_is_saved_and_the_sweep_delivers_its_email_once(
    app, db, run_jobs, monkeypatch
):
    from madfam.services.capture import capture_lead
    from madfam.services.context import Visit
    from madfam.services.leads import LeadInput

    down = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens there
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": app.config["SECRET_KEY"],
            "ENCRYPTION_KEYS": (TEST_ENCRYPTION_KEY,),
        }
    )
    with down.app_context():
        result = capture_lead(LeadInput(email="ana@example.com", first_name="Ana"), Visit())
        _db.session.remove()
        _db.engine.dispose()
    rows = list(_db.session.scalars(select(EmailQueue)))
    assert result.created
    assert [(r.template, r.status, r.attempts) for r in rows] == [("welcome", "pending", 0)]

    with SMTPSink() as sink:
        worker = start_worker(app, sink)
        try:
            later = datetime.now(UTC) + timedelta(seconds=app.config["SWEEP_GRACE_SECONDS"] + 1)
            assert sweep(now=later)["emails"] == 1
            assert sweep(now=later)["emails"] == 0  # swept once, not again at once
            wait_for(lambda: reload(rows[0].id).status == "sent", what="the email to be sent")
        finally:
            stop(worker)
        assert len(sink.messages) == 1
        assert sink.messages[0]["To"] == "ana@example.com"


@needs_redis
def test_a_worker_killed_mid_send_leaves_nothing_pending_and_sends_once(app, db):
    with SMTPSink(stall_data=1) as sink:
        email_id = queue()
        worker = start_worker(app, sink)
        try:
            assert sink.stalled.wait(60), "the worker never reached DATA"
            assert reload(email_id).status == "sending"
        finally:
            stop(worker, signal.SIGKILL)
        sink.release.set()

        replacement = start_worker(app, sink)
        try:
            # The sweep, once the dead worker's claim is older than a job may run.
            later = datetime.now(UTC) + stuck_after() + timedelta(seconds=1)
            assert sweep(now=later)["emails"] == 1
            final = wait_for(
                lambda: reload(email_id).status in ("sent", "failed") and reload(email_id),
                what="the email to be delivered or failed",
            )
        finally:
            stop(replacement)
        assert final.status == "sent"
        assert final.attempts == 2
        assert len(sink.messages) == 1
        pending = _db.session.scalars(
            select(EmailQueue).where(EmailQueue.status.in_(("pending", "sending")))
        ).all()
        assert pending == []
