"""The Procfile runs under honcho against the real PostgreSQL and Redis."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import TEST_DATABASE_URL, TEST_REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="needs TEST_DATABASE_URL and TEST_REDIS_URL (run by .ci/run's PostgreSQL pass)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_honcho_serves_health_and_worker_takes_jobs(db, tmp_path):
    from redis import Redis
    from rq import Worker

    db.create_all()  # tables exist in the test database already; release is idempotent
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "APP_ENV": "development",
        "DATABASE_URL": TEST_DATABASE_URL,
        "REDIS_URL": TEST_REDIS_URL,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    log = (tmp_path / "honcho.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "honcho"), "start", "web", "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        body = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.3)
        assert body is not None, (tmp_path / "honcho.log").read_text()
        assert body["checks"] == {"database": "ok", "redis": "ok"}

        connection = Redis.from_url(TEST_REDIS_URL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Worker.all(connection=connection):
            time.sleep(0.3)
        workers = Worker.all(connection=connection)
        assert workers, (tmp_path / "honcho.log").read_text()
        assert "default" in workers[0].queue_names()

        # A real job: an email queued here is delivered by the Procfile's worker.
        from madfam import jobs
        from madfam.models import EmailQueue
        from madfam.services.outbox import queue_email

        row = queue_email("welcome", "procfile@empresa.mx", {"first_name": "Ana"}, "es")
        jobs.commit()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            db.session.expire_all()
            if db.session.get(EmailQueue, row.id).status == "sent":
                break
            time.sleep(0.3)
        assert db.session.get(EmailQueue, row.id).status == "sent", (
            tmp_path / "honcho.log"
        ).read_text()
        assert "procfile@empresa.mx" in (tmp_path / "honcho.log").read_text()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
