"""The admin dashboard over 1,000,000 analytics events and 100,000 leads: p50 and p99,
next to /healthz measured in the same run.

Usage::

    createdb -h 127.0.0.1 -U postgres madfam_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1/madfam_bench .venv/bin/python bench/dashboard.py
    dropdb -h 127.0.0.1 -U postgres madfam_bench

Without DATABASE_URL a temporary SQLite file is used. The database must be empty or
disposable: the schema is created, the leads are seeded as by ``leads_list.py`` (their
dates spread over the last 120 days here), then the events of about 330,000 daily
visits over the last 120 days: a ``visit.started`` and one to five page views each
(landing pages, campaigns, calculator pages), a conversion for 3 % of them, and
20,000 assessments with their answers. Options:
--events N, --leads N, --runs N, --keep.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import leads_list  # noqa: E402 - the leads seeding and the admin login of the list bench
from sqlalchemy import insert  # noqa: E402

from madfam.enums import AssessmentStatus, UserRole  # noqa: E402
from madfam.extensions import db  # noqa: E402
from madfam.models import AnalyticsEvent, Assessment, User  # noqa: E402
from madfam.models.base import new_id  # noqa: E402
from madfam.rules.assessment import QUESTIONS  # noqa: E402

DAYS = 120
PAGES = [
    "/es/",
    "/es/",
    "/en/",
    "/pt/",
    "/es/contact",
    "/es/calculator/roi",
    "/es/calculator/estimate",
    "/es/assessment/",
    "/es/about",
    "/en/contact",
]
CAMPAIGNS = [None] * 5 + [f"campaign-{i:02d}" for i in range(20)]
SCENARIOS = [
    ("baseline /healthz", "/healthz"),
    ("dashboard, 30 days", "/admin/"),
    ("dashboard, 7 days", "/admin/?days=7"),
    ("dashboard, 90 days", "/admin/?days=90"),
]


def seed_events(count: int, now: datetime, chunk: int = 20_000) -> None:
    rnd = random.Random(7)  # noqa: S311 - benchmark data
    t0 = time.perf_counter()
    rows, made, visit = [], 0, 0
    while made < count:
        visit += 1
        session = f"{visit:032x}"
        when = now - timedelta(seconds=rnd.random() * DAYS * 86400)
        campaign = rnd.choice(CAMPAIGNS)
        landing = rnd.choice(PAGES)
        rows.append(
            {
                "id": new_id(),
                "event": "visit.started",
                "session_id": session,
                "properties": {"page": landing, "campaign": campaign},
                "created_at": when,
            }
        )
        for n in range(rnd.choice((1, 1, 2, 3, 5))):
            props = {"path": landing if n == 0 else rnd.choice(PAGES), "language": "es"}
            if campaign and n == 0:
                props["utm"] = {"utm_campaign": campaign}
            rows.append(
                {
                    "id": new_id(),
                    "event": "page.view",
                    "session_id": session,
                    "properties": props,
                    "created_at": when + timedelta(minutes=n),
                }
            )
        if rnd.random() < 0.03:
            rows.append(
                {
                    "id": new_id(),
                    "event": "conversion.lead",
                    "session_id": session,
                    "properties": {"page": "/es/contact", "campaign": campaign},
                    "created_at": when + timedelta(minutes=9),
                }
            )
        if len(rows) >= chunk:
            db.session.execute(insert(AnalyticsEvent), rows)
            db.session.commit()
            made += len(rows)
            rows = []
    print(f"seeded {made:,} events ({visit:,} visits) in {time.perf_counter() - t0:.1f} s")


def seed_assessments(count: int, now: datetime) -> None:
    rnd = random.Random(9)  # noqa: S311 - benchmark data
    keys = [q.key for q in QUESTIONS]
    rows = []
    for _ in range(count):
        answered = rnd.choice((1, 2, 3, 5, 10, 10, 10))
        status = (
            AssessmentStatus.COMPLETED
            if answered == 10
            else rnd.choice((AssessmentStatus.STARTED, AssessmentStatus.ABANDONED))
        )
        when = now - timedelta(seconds=rnd.random() * DAYS * 86400)
        rows.append(
            {
                "id": new_id(),
                "answers": {k: 3 for k in keys[:answered]},
                "status": status,
                "created_at": when,
                "updated_at": when,
            }
        )
    db.session.execute(insert(Assessment), rows)
    db.session.commit()


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_scenarios(app, runs: int) -> None:
    client = app.test_client()
    leads_list.login(client, "bench-admin@madfam.io")
    print(f"\n{'scenario':<22} {'p50 ms':>8} {'p99 ms':>8} {'min ms':>8}")
    for name, url in SCENARIOS:
        client.get(url)  # warm-up
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50, p99 = statistics.median(samples), percentile(samples, 99)
        print(f"{name:<22} {p50:>8.1f} {p99:>8.1f} {min(samples):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--assessments", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="leave the tables in place")
    args = parser.parse_args()

    app, tmp = leads_list.bench_app()
    from madfam.services.auth import hash_password

    now = datetime.now(UTC)
    with app.app_context():
        print(f"database: {db.engine.dialect.name} ({db.engine.url.database})")
        db.drop_all()
        db.create_all()
        db.session.add(
            User(
                email="bench-admin@madfam.io",
                role=UserRole.ADMIN,
                password_hash=hash_password(leads_list.PASSWORD),
                locale="en",
            )
        )
        db.session.commit()
        leads_list.seed(args.leads, start=now - timedelta(days=DAYS), end=now)
        seed_events(args.events, now)
        seed_assessments(args.assessments, now)
        # What autovacuum does to a live table: statistics, and the visibility map
        # that lets an index answer without reading the rows.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # SQLite has no VACUUM ANALYZE; its ANALYZE gathers the statistics.
            sqlite = db.engine.dialect.name == "sqlite"
            conn.exec_driver_sql("ANALYZE" if sqlite else "VACUUM ANALYZE")
        db.session.remove()
    try:
        time_scenarios(app, args.runs)
    finally:
        with app.app_context():
            if not args.keep:
                db.session.remove()
                db.drop_all()
            db.engine.dispose()
        if tmp:
            tmp.cleanup()


if __name__ == "__main__":
    main()
