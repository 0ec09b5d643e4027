"""Migrations build the whole schema on an empty database, match the models, and undo."""

import uuid
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cryptography.fernet import Fernet
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from madfam import create_app, crypto
from madfam.extensions import db
from madfam.models import Integration
from tests.helpers import TEST_DATABASE_URL


@pytest.fixture
def empty_database_url(tmp_path):
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    from madfam.config_fields import normalise_database_url

    base = make_url(normalise_database_url(TEST_DATABASE_URL))
    name = f"madfam_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _for_dialect(dialect: str):
    """Alembic compares every model index, but an index declared for one database only
    (``Index.ddl_if(dialect=...)``: the trigram search indexes on PostgreSQL) is neither
    created nor expected on another."""

    def include(obj, name, type_, reflected, compare_to) -> bool:
        only = getattr(obj, "_ddl_if", None)
        return not (type_ == "index" and only is not None and only.dialect not in (None, dialect))

    return include


def test_upgrade_matches_models_and_downgrade_undoes(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            opts = {"compare_type": True, "include_object": _for_dialect(conn.dialect.name)}
            context = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "lead",
            "lead_note",
            "lead_activity",
            "assessment",
            "calculation",
            "user",
            "session",
            "feature_flag",
            "analytics_event",
            "email_queue",
            "integration",
        } <= tables

        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.engine.dispose()


SLACK_URL = "https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/s3cretSlackT0ken1234"
N8N_URL = "https://n8n.example.com/webhook/abc"


def _insert_integrations(conn) -> None:
    """Two rows as an older release stored them (through the model's table: JSONB on
    PostgreSQL), the Slack URL in the clear."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for row_id, kind, url in (("i1", "slack", SLACK_URL), ("i2", "webhook", N8N_URL)):
        conn.execute(
            Integration.__table__.insert().values(
                id=row_id, name=row_id, enabled=True, config={}, webhook_url=url, kind=kind,
                created_at=now, updated_at=now,
            )
        )  # fmt: skip


def _urls() -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, webhook_url FROM integration")).all())


def test_slack_urls_are_encrypted_on_upgrade_and_decrypted_on_downgrade(empty_database_url):
    key = Fernet.generate_key().decode()
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "ENCRYPTION_KEYS": (key,)})
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            _insert_integrations(conn)
        upgrade(revision="0002")
        urls = _urls()
        assert "s3cretSlackT0ken" not in urls["i1"]
        assert Fernet(key).decrypt(urls["i1"].encode()).decode() == SLACK_URL
        assert urls["i2"] == N8N_URL  # a generic endpoint's URL stays as it is
        assert crypto.decrypt_url(urls["i1"]) == SLACK_URL

        downgrade(revision="0001")
        assert _urls() == {"i1": SLACK_URL, "i2": N8N_URL}
        downgrade(revision="base")
        db.engine.dispose()


def test_without_keys_the_upgrade_leaves_slack_urls_readable(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "ENCRYPTION_KEYS": ()})
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            _insert_integrations(conn)
        upgrade()
        assert _urls() == {"i1": SLACK_URL, "i2": N8N_URL}
        assert crypto.decrypt_url(SLACK_URL) == SLACK_URL  # delivery reads it as it is
        downgrade(revision="base")
        db.engine.dispose()


def test_existing_leads_count_as_having_chosen_a_tier_only_when_a_visitor_chose_one(
    empty_database_url,
):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0005")
        now = datetime(2026, 1, 1, tzinfo=UTC)
        with db.engine.begin() as conn:
            for lead_id in ("form", "estimate", "assessed", "roi"):
                conn.execute(
                    text(
                        "INSERT INTO lead (id, email, tier, source, score, status, locale,"
                        " marketing_consent, created_at, updated_at) VALUES (:id, :email,"
                        " 'L2_ADVANCED', 'WEBSITE', 50, 'NEW', 'es', false, :now, :now)"
                    ),
                    {"id": lead_id, "email": f"{lead_id}@example.com", "now": now},
                )
            activities = (
                ("form", "lead_updated", "Lead updated (contact_form)"),
                ("assessed", "lead_created", "Lead created (assessment)"),
                ("roi", "lead_created", "Lead created (calculator)"),
                ("estimate", "lead_created", "Lead created (calculator)"),
            )
            for n, (lead_id, kind, description) in enumerate(activities):
                conn.execute(
                    text(
                        "INSERT INTO lead_activity (id, type, description, lead_id, created_at)"
                        " VALUES (:id, :type, :description, :lead_id, :now)"
                    ),
                    {"id": f"a{n}", "type": kind, "description": description,
                     "lead_id": lead_id, "now": now},
                )  # fmt: skip
            for lead_id, kind in (("estimate", "project_estimate"), ("roi", "roi")):
                conn.execute(
                    text(
                        "INSERT INTO calculation (id, type, lead_id, inputs, results, created_at)"
                        " VALUES (:id, :type, :lead_id, '{}', '{}', :now)"
                    ),
                    {"id": f"c-{lead_id}", "type": kind, "lead_id": lead_id, "now": now},
                )
        upgrade(revision="0006")
        with db.engine.connect() as conn:
            chosen = dict(conn.execute(text("SELECT id, tier_chosen FROM lead")).all())
            kept = conn.execute(text("SELECT count(*) FROM lead_activity")).scalar()
        chosen = {lead_id: bool(value) for lead_id, value in chosen.items()}
        assert chosen == {"form": True, "estimate": True, "assessed": False, "roi": False}
        assert kept == len(activities)  # adding the column dropped no lead's history
        downgrade(revision="base")
        db.engine.dispose()


def test_migrations_create_the_schema_flags_keeping_the_site_as_it_was(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            rows = {
                row.key: row
                for row in conn.execute(
                    text(
                        "SELECT key, enabled, enabled_dev, enabled_staging, enabled_prod,"
                        " rollout_percentage FROM feature_flag"
                    )
                )
            }
        db.engine.dispose()
    calculator = rows.pop("INTERACTIVE_CALCULATOR")
    assert tuple(calculator)[1:] == (True, True, True, True, 100)
    assert set(rows) == {
        "NEW_LEAD_SCORING",
        "CHAT_SUPPORT",
        "A11Y_IMPROVEMENTS",
        "PERFORMANCE_MONITORING",
    }
    assert all(not row.enabled and row.rollout_percentage == 0 for row in rows.values())
