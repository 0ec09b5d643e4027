"""Admin leads list at 100,000 leads: median render times and the query plans.

Usage::

    .venv/bin/python bench/leads_list.py                  # a temporary SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1/madfam_bench .venv/bin/python bench/leads_list.py

The database must be empty (or disposable): the schema is created, 100,000 leads
(plus about two activities each) are bulk-inserted, then every scenario is timed
with the Flask test client as a logged-in admin, next to a bare route (/healthz)
measured in the same run. Options: --leads N, --runs N, --keep (do not drop tables).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Not this folder: bench/http.py would stand in for the standard library's http.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("APP_ENV", "testing")
os.environ.pop("REDIS_URL", None)

from sqlalchemy import desc, func, insert, select, text  # noqa: E402

from madfam import create_app  # noqa: E402
from madfam.config_fields import normalise_database_url  # noqa: E402
from madfam.enums import LeadSource, LeadStatus, ServiceTier, UserRole  # noqa: E402
from madfam.extensions import db  # noqa: E402
from madfam.models import Lead, LeadActivity, User  # noqa: E402
from madfam.models.base import new_id  # noqa: E402
from madfam.services import lead_admin  # noqa: E402

PASSWORD = "bench-password-0123456789"  # noqa: S105 - a throwaway benchmark login
FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fernando", "Gabriela", "Hugo", "Inés",
         "Jorge", "Karla", "Luis", "María", "Nicolás", "Olga", "Pablo", "Rocío"]  # fmt: skip
LAST = ["López", "García", "Martínez", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres",
        "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz", "Silva"]  # fmt: skip
WORDS = ["Acme", "Nova", "Zeta", "Orion", "Delta", "Pixel", "Andes", "Maya", "Cobalto", "Tierra",
         "Solar", "Quantum", "Faro", "Luna", "Atlas", "Vértice"]  # fmt: skip
DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "empresa.mx", "corp.com.mx", "grupo.mx"]
CAMPAIGNS = [None] * 6 + [f"campaign-{i:02d}" for i in range(40)]


def seed(
    count: int,
    chunk: int = 5000,
    start: datetime = datetime(2023, 1, 1, tzinfo=UTC),
    end: datetime = datetime(2025, 6, 1, tzinfo=UTC),
) -> None:
    rnd = random.Random(42)  # noqa: S311 - benchmark data
    span = (end - start).total_seconds()
    statuses, tiers, sources = list(LeadStatus), list(ServiceTier), list(LeadSource)
    t0 = time.perf_counter()
    for offset in range(0, count, chunk):
        leads, activities = [], []
        for i in range(offset, min(count, offset + chunk)):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            created = start + timedelta(seconds=rnd.random() * span)
            lead_id = new_id()
            leads.append(
                {
                    "id": lead_id,
                    "email": f"{first.lower()}.{last.lower()}.{i}@{rnd.choice(DOMAINS)}",
                    "first_name": first,
                    "last_name": last,
                    "company": f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {i % 997}",
                    "phone": None if i % 3 else "+52 55 0000 0000",
                    "tier": rnd.choice(tiers),
                    "source": rnd.choice(sources),
                    "status": rnd.choice(statuses),
                    "score": rnd.randint(40, 100),
                    "utm_source": "newsletter" if i % 4 == 0 else None,
                    "utm_campaign": rnd.choice(CAMPAIGNS),
                    "marketing_consent": bool(i % 2),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            for n in range(rnd.randint(1, 3)):
                activities.append(
                    {
                        "id": new_id(),
                        "lead_id": lead_id,
                        "type": "lead_created" if n == 0 else "email_sent",
                        "description": "seeded",
                        "created_at": created + timedelta(minutes=n),
                    }
                )
        db.session.execute(insert(Lead), leads)
        db.session.execute(insert(LeadActivity), activities)
        db.session.commit()
    print(f"seeded {count:,} leads in {time.perf_counter() - t0:.1f} s")


SCENARIOS = [
    ("baseline /healthz", "/healthz"),
    ("list, no filter", "/admin/leads"),
    ("filter status", "/admin/leads?status=QUALIFIED"),
    ("filter tier", "/admin/leads?tier=L4_PLATFORMS"),
    ("filter source", "/admin/leads?source=REFERRAL"),
    ("filter score range", "/admin/leads?score_min=90&score_max=95"),
    ("filter date range", "/admin/leads?created_from=2024-03-01&created_to=2024-03-31"),
    ("filter UTM campaign", "/admin/leads?utm_campaign=campaign-07"),
    ("search (name prefix)", "/admin/leads?q=gabri"),
    ("search (company prefix)", "/admin/leads?q=quantum"),
    ("search (no match)", "/admin/leads?q=zzzz"),
    ("sort by score", "/admin/leads?sort=score_desc"),
    ("page 50", "/admin/leads?page=50"),
    ("page 50, status filter", "/admin/leads?status=NEW&page=50"),
    ("htmx fragment, tier", "/admin/leads?tier=L2_ADVANCED"),
]


def login(client, email: str) -> None:
    import re

    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/admin/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303, response.status_code


def time_scenarios(app, runs: int) -> None:
    client = app.test_client()
    login(client, "bench-admin@madfam.io")
    print(f"\n{'scenario':<28} {'median ms':>10} {'min ms':>8}  rows")
    for name, url in SCENARIOS:
        headers = {"HX-Request": "true"} if name.startswith("htmx") else {}
        client.get(url, headers=headers)  # warm-up
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(url, headers=headers)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        rows = response.get_data(as_text=True).count("<tr>") - 1 if "admin" in url else ""
        print(f"{name:<28} {statistics.median(samples):>10.1f} {min(samples):>8.1f}  {rows}")


def explain(app) -> None:
    """The plan of the page query and the capped count for the main scenarios."""
    dialect = db.engine.dialect.name
    prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
    for name, url in SCENARIOS[1:]:
        if name.startswith("htmx"):
            continue
        from urllib.parse import parse_qsl, urlsplit

        args = dict(parse_qsl(urlsplit(url).query))
        filters = lead_admin.LeadFilters.from_args(args)
        # A search counts its matches in the page query itself (a window over one scan).
        if filters.q:
            matches = lead_admin.filtered(filters, (Lead, func.count().over())).subquery()
            page = select(matches).order_by(desc(matches.c.created_at)).limit(25)
        else:
            page = lead_admin.ordered(filters).limit(25).offset((filters.page - 1) * 25)
        inner = lead_admin.filtered(filters, (Lead.id,)).limit(lead_admin.COUNT_CAP + 1)
        print(f"\n== {name}: {url}")
        queries = [("page", page)] if filters.q else [("page", page), ("count", inner)]
        for label, stmt in queries:
            compiled = stmt.compile(
                dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}
            )
            rows = db.session.execute(text(prefix + str(compiled))).all()
            plan = [row[-1] if dialect == "sqlite" else row[0] for row in rows]
            print(f"  {label}: " + "\n         ".join(plan))


def bench_app():
    """The app on ``DATABASE_URL`` (a throwaway SQLite file without one), with no Redis,
    and the temporary directory to clean up afterwards (or None)."""
    tmp = None
    url = os.environ.get("DATABASE_URL")
    if not url:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "REDIS_URL": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
            "SERVER_NAME": None,
        }
    )
    return app, tmp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="leave the tables in place")
    args = parser.parse_args()

    app, tmp = bench_app()
    from madfam.services.auth import hash_password

    with app.app_context():
        print(f"database: {db.engine.dialect.name} ({db.engine.url.database})")
        db.drop_all()
        db.create_all()
        db.session.add(
            User(
                email="bench-admin@madfam.io",
                role=UserRole.ADMIN,
                password_hash=hash_password(PASSWORD),
                locale="en",
            )
        )
        db.session.commit()
        seed(args.leads)
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        db.session.remove()
    try:
        time_scenarios(app, args.runs)
        with app.app_context():
            explain(app)
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
