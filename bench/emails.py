"""Emails delivered per second by one RQ worker (console backend), next to RQ's own
no-op job rate measured in the same run.

Usage::

    .venv/bin/python bench/emails.py                       # temporary SQLite, redis db 15
    DATABASE_URL=postgresql://postgres@127.0.0.1/madfam_bench REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python bench/emails.py --emails 2000 --runs 3

The Redis database given is flushed. Both measurements use the same worker class in
this process (``rq.SimpleWorker``, burst mode) so the difference is the delivery job
itself: claim, render both templates, print, mark sent. Prints the median of the runs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Not this folder: bench/http.py would stand in for the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("APP_ENV", "testing")


def noop() -> None:
    """RQ's baseline: a job that does nothing."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from redis import Redis
    from rq import Queue, SimpleWorker

    from madfam import create_app, jobs
    from madfam.extensions import db
    from madfam.jobs.email import deliver_email
    from madfam.models import EmailQueue
    from madfam.services.outbox import queue_email

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    tmp = tempfile.mkdtemp()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url.replace(
                "postgresql://", "postgresql+psycopg://"
            ),
            "REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_BACKEND": "console",
        }
    )
    connection = Redis.from_url(redis_url)
    queue = Queue(jobs.QUEUE_NAME, connection=connection)

    def drain() -> float:
        worker = SimpleWorker([queue], connection=connection)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            worker.work(burst=True, logging_level="ERROR")
        return time.perf_counter() - started

    noop_rates, email_rates = [], []
    with app.app_context():
        db.drop_all()
        db.create_all()
        for _ in range(args.runs):
            connection.flushdb()
            for _ in range(args.emails):
                queue.enqueue("bench.emails.noop")
            noop_rates.append(args.emails / drain())

            connection.flushdb()
            db.session.query(EmailQueue).delete()
            db.session.commit()
            for i in range(args.emails):
                queue_email("welcome", f"bench{i}@example.com", {"first_name": "Ana"}, "en")
            jobs.commit()  # one transaction, then one enqueue per email
            email_rates.append(args.emails / drain())
            sent = db.session.query(EmailQueue).filter_by(status="sent").count()
            assert sent == args.emails, f"only {sent} of {args.emails} were sent"
            db.session.commit()
        db.session.remove()
        db.drop_all()
    connection.flushdb()
    del deliver_email

    noop_rate, email_rate = statistics.median(noop_rates), statistics.median(email_rates)
    backend = database_url.split(":", 1)[0]
    print(f"database: {backend}, {args.emails} jobs per run, median of {args.runs} runs")
    print(f"RQ no-op jobs:        {noop_rate:8.1f} jobs/s")
    print(f"emails (console):     {email_rate:8.1f} emails/s")
    print(f"ratio:                {email_rate / noop_rate:8.2f}  (target >= 0.50)")


if __name__ == "__main__":
    main()
