"""The Procfiles run under honcho against the real PostgreSQL and Redis.

``Procfile`` is the platform's (gunicorn from ``$PATH``, plus a ``release`` step);
``Procfile.dev`` is the README's one command for developers: web and worker from
``.venv/bin``, with nothing on ``$PATH``, stopped cleanly with nothing left running.
"""

import contextlib
import json
import os
import re
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


def _env(port: int, path: str) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": path,
        "APP_ENV": "development",
        "DATABASE_URL": TEST_DATABASE_URL,
        "REDIS_URL": TEST_REDIS_URL,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }


def _honcho(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    with log_path.open("w") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [str(BIN / "honcho"), *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _serves_health_and_delivers_a_job(db, port: int, log_path: Path) -> None:
    from redis import Redis
    from rq import Worker

    body = None
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                body = json.loads(r.read())
                break
        except OSError:
            time.sleep(0.3)
    assert body is not None, log_path.read_text()
    assert body["checks"] == {"database": "ok", "redis": "ok"}

    connection = Redis.from_url(TEST_REDIS_URL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not Worker.all(connection=connection):
        time.sleep(0.3)
    workers = Worker.all(connection=connection)
    assert workers, log_path.read_text()
    assert "default" in workers[0].queue_names()

    # A real job: an email queued here is delivered by the Procfile's worker.
    from madfam import jobs
    from madfam.models import EmailQueue
    from madfam.services.outbox import queue_email

    address = f"procfile-{port}@empresa.mx"
    row = queue_email("welcome", address, {"first_name": "Ana"}, "es")
    jobs.commit()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.get(EmailQueue, row.id).status == "sent":
            break
        time.sleep(0.3)
    assert db.session.get(EmailQueue, row.id).status == "sent", log_path.read_text()
    assert address in log_path.read_text()


def _started_pids(log_path: Path) -> list[int]:
    """The pid of each process honcho started (each leads its own process group)."""
    return [int(pid) for pid in re.findall(r"started \(pid=(\d+)\)", log_path.read_text())]


def _group_members(pgids: list[int]) -> list[str]:
    """Live processes (not zombies) in any of these process groups, as 'pid command'."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces or parentheses
        state, _ppid, pgrp = text[text.rindex(")") + 2 :].split()[:3]
        if int(pgrp) in pgids and state != "Z":
            found.append(f"{stat.parent.name} {text[: text.rindex(')') + 1]}")
    return found


def _stop(proc: subprocess.Popen, sig: int) -> None:
    """Stop honcho as a developer would (it stops its processes); force it if it hangs."""
    if proc.poll() is None:
        os.kill(proc.pid, sig)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _leftovers(log_path: Path) -> list[str]:
    """What still runs of the processes honcho started (a moment allowed to exit), killed."""
    pgids = _started_pids(log_path)
    deadline = time.monotonic() + 5
    while (left := _group_members(pgids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pgid in pgids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)  # only the groups honcho itself started
    return left


def test_honcho_serves_health_and_worker_takes_jobs(db, tmp_path):
    db.create_all()  # tables exist in the test database already; release is idempotent
    port = free_port()
    log_path = tmp_path / "honcho.log"
    proc = _honcho(["start", "web", "worker"], _env(port, f"{BIN}:{os.environ['PATH']}"), log_path)
    try:
        _serves_health_and_delivers_a_job(db, port, log_path)
    finally:
        _stop(proc, signal.SIGTERM)
        _leftovers(log_path)


def test_procfile_dev_runs_web_and_worker_from_the_venv_and_stops_cleanly(db, tmp_path):
    """The README's command, with the virtual environment neither active nor on $PATH."""
    assert (ROOT / ".venv" / "bin" / "flask").exists(), "the README installs into .venv"
    db.create_all()
    port = free_port()
    log_path = tmp_path / "honcho-dev.log"
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != BIN)
    env = {k: v for k, v in _env(port, path).items() if k != "VIRTUAL_ENV"}
    proc = _honcho(["start", "-f", "Procfile.dev"], env, log_path)
    try:
        _serves_health_and_delivers_a_job(db, port, log_path)
        assert len(_started_pids(log_path)) == 2, log_path.read_text()  # web and worker
        assert proc.poll() is None, log_path.read_text()  # nothing exited and stopped it
    finally:
        _stop(proc, signal.SIGINT)  # Ctrl+C
        left = _leftovers(log_path)
    log = log_path.read_text()
    assert proc.returncode == 128 + signal.SIGINT, log  # honcho's answer to Ctrl+C
    assert "web.1 stopped (rc=0)" in log and "worker.1 stopped (rc=0)" in log, log
    assert "SIGKILL" not in log, log
    assert left == [], log
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # the web server let go of its port
