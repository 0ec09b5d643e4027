"""Flags that decide: rows, environments, groups, overrides, caching, and what each
of the schema's five flags switches on the site."""

import logging

import pytest
from sqlalchemy import select

from madfam import flags
from madfam.enums import UserRole
from madfam.models import FeatureFlag, LeadActivity
from madfam.rules.lead_scoring_v2 import BUDGET_POINTS, TIMEFRAME_POINTS
from tests.factories import make_flag
from tests.helpers import VALID, only_lead, submit

ON = dict(enabled=True, enabled_dev=True, enabled_staging=True, enabled_prod=True)


def test_is_enabled_reads_rows_and_unknown_keys_are_off(app, db):
    make_flag("CHAT_SUPPORT", name="Chat", enabled=True, rollout_percentage=100)
    make_flag("A11Y_IMPROVEMENTS", name="A11y", enabled=False)
    make_flag("PERFORMANCE_MONITORING", **ON, rollout_percentage=0, user_groups=["admin"])
    with app.test_request_context():
        assert flags.is_enabled("CHAT_SUPPORT", "visitor-1") is True
        assert flags.is_enabled("A11Y_IMPROVEMENTS", "visitor-1") is False
        assert flags.is_enabled("NO_SUCH_FLAG", "visitor-1") is False
        assert flags.is_enabled("PERFORMANCE_MONITORING", "v", groups=["admin"]) is True
        assert flags.is_enabled("PERFORMANCE_MONITORING", "v") is False


def test_production_uses_the_production_switch(app, db, monkeypatch):
    make_flag("K", enabled=True, enabled_dev=True, enabled_prod=False, rollout_percentage=100)
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    with app.test_request_context():
        assert flags.is_enabled("K", "s") is False
    monkeypatch.setitem(app.config, "APP_ENV", "development")
    with app.test_request_context():
        assert flags.is_enabled("K", "s") is True


def test_environment_override_beats_everything(app, db, monkeypatch):
    make_flag("CHAT_SUPPORT", **ON, rollout_percentage=100)
    make_flag("A11Y_IMPROVEMENTS", enabled=False)
    monkeypatch.setenv("FLAG_CHAT_SUPPORT", "off")
    monkeypatch.setenv("FLAG_A11Y_IMPROVEMENTS", "ON")
    monkeypatch.setenv("FLAG_NOT_IN_THE_DATABASE", "on")
    with app.test_request_context():
        assert flags.is_enabled("CHAT_SUPPORT", "v") is False
        assert flags.is_enabled("A11Y_IMPROVEMENTS", "v") is True
        assert flags.is_enabled("NOT_IN_THE_DATABASE") is True
    monkeypatch.setenv("FLAG_CHAT_SUPPORT", "maybe")  # not on/off: no override
    with app.test_request_context():
        assert flags.is_enabled("CHAT_SUPPORT", "v") is True


def test_an_unknown_key_is_logged_once(app, db, caplog):
    with caplog.at_level(logging.WARNING, logger="madfam.flags"):
        for _ in range(3):
            with app.test_request_context():
                assert flags.is_enabled("NEVER_DEFINED_ANYWHERE") is False
    assert [r.getMessage() for r in caplog.records].count(
        "feature flag 'NEVER_DEFINED_ANYWHERE' is unknown: treated as off"
    ) == 1


def test_signed_in_staff_are_in_their_role_group(app, admin_client, viewer_client):
    make_flag("A11Y_IMPROVEMENTS", **ON, rollout_percentage=0, user_groups=["admin"])
    assert 'class="reader-comfort"' not in viewer_client.get("/es/").get_data(as_text=True)
    assert 'class="reader-comfort"' in admin_client.get("/es/").get_data(as_text=True)


def test_a_visitor_keeps_one_rollout_decision_without_a_cookie(app, db):
    make_flag("CHAT_SUPPORT", **ON, rollout_percentage=50)
    seen = {}
    for n in range(40):
        agent = {"User-Agent": f"Browser/{n}"}
        answers = set()
        for _ in range(2):
            client = app.test_client()  # no cookie carried over
            page = client.get("/es/", headers=agent).get_data(as_text=True)
            answers.add("talk-panel" in page)
        assert len(answers) == 1
        seen[n] = answers.pop()
    assert 5 < sum(seen.values()) < 35  # about half, by the daily visitor hash


def test_lookups_are_read_once_per_request(app, db, monkeypatch):
    make_flag("CHAT_SUPPORT", **ON, rollout_percentage=100)
    reads = []
    original = flags._read
    monkeypatch.setattr(flags, "_read", lambda: reads.append(1) or original())
    with app.test_request_context():
        flags._new_request()
        for _ in range(5):
            flags.is_enabled("CHAT_SUPPORT", "v")
    assert len(reads) == 1


def test_a_process_sees_a_change_within_its_cache_time(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "FLAG_CACHE_SECONDS", 2.0)
    flags_row = make_flag("CHAT_SUPPORT", **ON, rollout_percentage=0)
    clock = [flags.time.monotonic()]
    monkeypatch.setattr(flags.time, "monotonic", lambda: clock[0])
    with app.app_context():
        flags.forget()
    client = app.test_client()
    assert "talk-panel" not in client.get("/es/").get_data(as_text=True)
    flags_row.rollout_percentage = 100  # another process changes it
    db.session.commit()
    clock[0] += 1.0
    assert "talk-panel" not in client.get("/es/").get_data(as_text=True)  # still cached
    clock[0] += 1.5
    assert "talk-panel" in client.get("/es/").get_data(as_text=True)


# --- What each flag controls ------------------------------------------------------------


def test_chat_support_shows_the_talk_to_us_panel(app, client):
    row = make_flag("CHAT_SUPPORT", enabled=False)
    assert "talk-panel" not in client.get("/es/").get_data(as_text=True)
    row.enabled, row.rollout_percentage = True, 100
    db_commit()
    page = client.get("/en/").get_data(as_text=True)
    assert "Talk to us" in page
    assert f"https://wa.me/{app.config['WHATSAPP_NUMBER']}?text=" in page
    assert f"mailto:{app.config['CONTACT_EMAIL']}" in page


def test_a11y_improvements_switch_on_reader_comfort(client):
    make_flag("A11Y_IMPROVEMENTS", **ON, rollout_percentage=100)
    page = client.get("/es/contact").get_data(as_text=True)
    assert '<html lang="es" class="reader-comfort">' in page


def test_performance_monitoring_adds_server_timing(client):
    row = make_flag("PERFORMANCE_MONITORING", enabled=False)
    assert "Server-Timing" not in client.get("/es/").headers
    row.enabled, row.rollout_percentage = True, 100
    db_commit()
    timing = client.get("/es/").headers["Server-Timing"]
    parts = dict(p.split(";", 1)[0:2] for p in timing.split(", "))
    assert set(parts) == {"db", "tpl", "total"}
    durations = {k: float(v.split(";")[0].removeprefix("dur=")) for k, v in parts.items()}
    assert durations["tpl"] > 0 and durations["db"] >= 0
    assert durations["total"] >= max(durations["tpl"], durations["db"])


@pytest.mark.parametrize("path", ["/es/calculator/roi", "/es/calculator/estimate"])
def test_interactive_calculator_recalculates_as_you_type_only_while_on(client, path):
    row = make_flag("INTERACTIVE_CALCULATOR", **ON, rollout_percentage=100)
    assert f'hx-trigger="{flags.LIVE_TRIGGER}"' in client.get(path).text
    row.enabled = False
    db_commit()
    page = client.get(path).text
    assert 'hx-trigger="submit"' in page and "input changed" not in page


def test_new_lead_scoring_scores_by_intent_and_says_so(client, db, instant_form):
    make_flag("NEW_LEAD_SCORING", **ON, rollout_percentage=100)
    assert submit(client).status_code == 303
    lead = only_lead(db)
    # base 30 + company 10 + phone 5 + business email 15 + message 5 + tier 5
    # + manufacturing 15 + 51-200 6 + budget + timeframe, clamped to 100
    raw = 30 + 10 + 5 + 15 + 5 + 5 + 15 + 6
    raw += BUDGET_POINTS[VALID["budget"]] + TIMEFRAME_POINTS[VALID["timeframe"]]
    assert lead.score == min(100, raw)
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "lead_created"))
    assert activity.metadata_["scoring"] == "intent"


def test_standard_scoring_while_the_flag_is_off(client, db, instant_form):
    make_flag("NEW_LEAD_SCORING", enabled=False)
    assert submit(client).status_code == 303
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "lead_created"))
    assert activity.metadata_["scoring"] == "standard"


def test_lead_page_names_the_scoring_variant(client, db, instant_form, admin_client):
    make_flag("NEW_LEAD_SCORING", **ON, rollout_percentage=100)
    submit(client)
    lead = only_lead(db)
    page = admin_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "Intent rules" in page or "intención" in page.lower()


def db_commit():
    from madfam.extensions import db

    db.session.commit()


def test_seed_demo_and_migration_agree_on_the_starting_states(runner, db):
    runner.invoke(args=["seed-demo"])
    rows = {r.key: r for r in db.session.scalars(select(FeatureFlag))}
    assert set(rows) == {
        "NEW_LEAD_SCORING", "INTERACTIVE_CALCULATOR", "CHAT_SUPPORT",
        "A11Y_IMPROVEMENTS", "PERFORMANCE_MONITORING",
    }  # fmt: skip
    calculator = rows.pop("INTERACTIVE_CALCULATOR")
    assert calculator.enabled and calculator.enabled_prod and calculator.rollout_percentage == 100
    assert not any(r.enabled for r in rows.values())


def test_roles_enum_matches_groups():
    from madfam.rules.flags import KNOWN_GROUPS

    assert {r.value.lower() for r in UserRole} <= set(KNOWN_GROUPS)
