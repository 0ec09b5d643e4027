"""Where the time of the common paths goes: SQL statements, Redis round trips and a
cProfile of each, in process (Flask's test client), on PostgreSQL and Redis.

Usage::

    createdb -h 127.0.0.1 -U postgres madfam_prof
    DATABASE_URL=postgresql://postgres@127.0.0.1/madfam_prof \
      REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/profile_paths.py
    dropdb -h 127.0.0.1 -U postgres --force madfam_prof

Prints, per path, the statements and Redis round trips of one request (the SQL
statement text of each with ``--sql``) and the functions with the most cumulative
time over ``--runs`` requests (``--top``). Runs in production-like settings as
``http.py``: production config, rate limits on (Redis), one trusted proxy hop.
"""

# ruff: noqa: E402, S310, S607 - a script: the path fix-up first
from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if p != str(Path(__file__).parent)]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import time
from collections import Counter

from cryptography.fernet import Fernet

sys.path.append(str(Path(__file__).resolve().parent))  # after the standard library
from site_env import HOST, SITE_ENV


def counters():
    """Count SQL statements (SQLAlchemy events) and Redis round trips (client calls)."""
    import redis.client
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    counts: Counter = Counter()
    statements: list[str] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _sql(conn, cursor, statement, parameters, context, executemany):
        counts["sql"] += 1
        statements.append(" ".join(statement.split())[:110])

    execute_command = redis.client.Redis.execute_command
    pipeline_execute = redis.client.Pipeline.execute

    def _command(self, *args, **kwargs):
        counts["redis round trips"] += 1
        counts["redis commands"] += 1
        statements.append(f"redis: {args[0]}")
        return execute_command(self, *args, **kwargs)

    def _pipeline(self, *args, **kwargs):
        counts["redis round trips"] += 1
        counts["redis commands"] += len(self.command_stack)
        statements.append("redis pipeline: " + " ".join(str(c[0][0]) for c in self.command_stack))
        return pipeline_execute(self, *args, **kwargs)

    redis.client.Redis.execute_command = _command
    redis.client.Pipeline.execute = _pipeline
    return counts, statements


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--top", type=int, default=18)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    os.environ.update(
        {
            **SITE_ENV,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "CONTACT_MIN_FILL_SECONDS": "0",
        }
    )
    from flask_migrate import upgrade

    from madfam import create_app

    app = create_app()
    with app.app_context():
        upgrade(directory=app.config["MIGRATIONS_DIR"])
    counts, statements = counters()
    base = {
        "Host": HOST,
        "X-Forwarded-Host": HOST,
        "X-Forwarded-Proto": "https",
        "Referer": f"https://{HOST}/es/",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
    }
    hx = {"HX-Request": "true"}
    n = [0]

    def headers(extra=None):
        n[0] += 1
        return {
            **base,
            "X-Forwarded-For": f"198.18.{n[0] // 250 % 250}.{n[0] % 250 + 1}",
            **(extra or {}),
        }

    from flask.testing import FlaskClient

    class Client(FlaskClient):
        def open(self, *a, **kw):
            kw.setdefault("base_url", f"https://{HOST}")
            return super().open(*a, **kw)

    app.test_client_class = Client
    client = app.test_client()
    html = client.get("/es/contact", headers=headers()).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    stepper = app.test_client()
    start = stepper.get("/es/assessment/", headers=headers()).get_data(as_text=True)
    start_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', start).group(1)
    stepper.post("/es/assessment/start", data={"csrf_token": start_token}, headers=headers())
    step_html = stepper.get("/es/assessment/step/1", headers=headers()).get_data(as_text=True)
    step_token = re.search(r"X-CSRFToken\W+([\w.-]+)", step_html).group(1)

    def contact_post():
        page = client.get("/es/contact", headers=headers()).get_data(as_text=True)
        started = re.search(r'name="started"[^>]*value="([^"]+)"', page).group(1)
        return lambda: client.post(
            "/es/contact",
            data={
                "csrf_token": token,
                "started": started,
                "email": f"p{secrets.token_hex(5)}@example.com",
                "first_name": "Ana",
                "last_name": "López",
                "company": "Acme",
                "tier": "L3_CONSULTING",
                "message": "Quoting and inventory planning.",
                "marketing_consent": "y",
            },
            headers=headers(hx),
        )

    paths = {
        "landing": lambda: lambda: client.get("/es/", headers=headers()),
        "contact page": lambda: lambda: client.get("/es/contact", headers=headers()),
        "ROI with results": lambda: (
            lambda: client.get(
                "/es/calculator/roi?employees=20&salary=300000&lost_pct=30&recovery_pct=60",
                headers=headers(),
            )
        ),
        "assessment step page": lambda: (
            lambda: stepper.get("/es/assessment/step/1", headers=headers())
        ),
        "assessment step POST": lambda: (
            lambda: stepper.post(
                "/es/assessment/step/1",
                data={"csrf_token": step_token, "question": "tech_data", "answer": "3"},
                headers=headers({**hx, "X-CSRFToken": step_token}),
            )
        ),
        "contact POST": contact_post,
    }
    for name, make in paths.items():
        if args.only and args.only not in name:
            continue
        make()().close()  # warm up (closing runs what is deferred to after the response)
        request = make()
        counts.clear()
        statements.clear()
        response = request()
        response.close()
        print(
            f"\n== {name}: HTTP {response.status_code}, "
            + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        )
        if args.sql:
            for s in statements:
                print("   ", s)
        requests = [make() for _ in range(args.runs)]
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for r in requests:
            r().close()
        profile.disable()
        elapsed = (time.perf_counter() - started) / args.runs * 1000
        print(f"   {elapsed:.2f} ms per request (in process, profiled)")
        out = io.StringIO()
        order = os.environ.get("PROFILE_SORT", "cumulative")
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
        if callers := os.environ.get("PROFILE_CALLERS"):
            pstats.Stats(profile).print_callers(callers)


if __name__ == "__main__":
    main()
