"""Abuse and hostile input on the contact form: never a 500, nothing invalid stored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from madfam.models import EmailQueue, Lead, LeadActivity
from tests.helpers import VALID, count, only_lead, open_form, submit

TEXT_FIELDS = ("email", "first_name", "last_name", "company", "phone", "message")
CHOICE_FIELDS = ("tier", "industry", "company_size", "budget", "timeframe")
SCRIPT = '<script>alert("x")</script>'


def assert_nothing_stored(db):
    assert count(db, Lead) == 0
    assert count(db, LeadActivity) == 0
    assert count(db, EmailQueue) == 0


# --- Bots ----------------------------------------------------------------------------


def test_filled_honeypot_gets_a_normal_thank_you_and_stores_nothing(client, db, instant_form):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/es/contact/thanks")
    assert_nothing_stored(db)


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    html = client.get("/es/contact").get_data(as_text=True)
    start = html.index('class="hp-field"')
    wrapper = html[html.rfind("<div", 0, start) : html.index("</div>", start)]
    assert 'aria-hidden="true"' in wrapper
    with client.get("/static/css/site.css") as css:  # no inline styles (CSP): the stylesheet
        rule = re.search(r"\.hp-field \{([^}]*)\}", css.get_data(as_text=True))
    assert rule and "left: -10000px" in rule.group(1)
    assert 'tabindex="-1"' in wrapper
    assert 'autocomplete="off"' in wrapper


def test_form_sent_faster_than_the_minimum_fill_time_stores_nothing(app, client, db):
    app.config["CONTACT_MIN_FILL_SECONDS"] = 60
    try:
        response = submit(client)
    finally:
        app.config["CONTACT_MIN_FILL_SECONDS"] = 3
    assert response.status_code == 303
    assert_nothing_stored(db)


def test_htmx_bot_gets_the_same_thank_you_fragment(app, client, db):
    app.config["CONTACT_MIN_FILL_SECONDS"] = 60
    try:
        _, hidden = open_form(client)
        response = client.post(
            "/es/contact", data={**VALID, **hidden}, headers={"HX-Request": "true"}
        )
    finally:
        app.config["CONTACT_MIN_FILL_SECONDS"] = 3
    assert response.status_code == 200
    assert 'role="status"' in response.get_data(as_text=True)
    assert_nothing_stored(db)


@pytest.mark.parametrize("started", [None, "", "forged.token.value", "ImNvbnRhY3Qi.AAAAAA.bad"])
def test_missing_or_forged_fill_time_stamp_stores_nothing(client, db, instant_form, started):
    _, hidden = open_form(client)
    data = {**VALID, "csrf_token": hidden["csrf_token"]}
    if started is not None:
        data["started"] = started
    response = client.post("/es/contact", data=data)
    assert response.status_code == 303
    assert_nothing_stored(db)


def _stamp_shown_ago(client, seconds: int) -> str:
    """The fill-time stamp of the contact page as if the visitor opened it ``seconds`` ago
    (in the client's own session: a stamp is good only there)."""
    from itsdangerous import TimestampSigner

    real = TimestampSigner.get_timestamp

    def shown_earlier(self) -> int:  # only the stamp: the session cookie and CSRF are new
        return real(self) - (seconds if self.salt == b"contact-form-started" else 0)

    TimestampSigner.get_timestamp = shown_earlier
    try:
        return open_form(client)[1]["started"]
    finally:
        TimestampSigner.get_timestamp = real


def test_a_form_open_longer_than_a_day_comes_back_to_be_sent_again(app, client, db, instant_form):
    from madfam.blueprints.public.forms import STARTED_MAX_AGE_SECONDS

    _, hidden = open_form(client)
    old = {
        **VALID,
        "csrf_token": hidden["csrf_token"],
        "started": _stamp_shown_ago(client, 2 * 86400),
    }
    stale = client.post("/es/contact", data=old)
    assert stale.status_code == 422  # the answers come back with a fresh stamp
    assert 'value="ana.lopez@acme.mx"' in stale.get_data(as_text=True)
    assert_nothing_stored(db)
    # A form left open for most of a day still counts.
    recent = {**old, "started": _stamp_shown_ago(client, STARTED_MAX_AGE_SECONDS - 600)}
    assert client.post("/es/contact", data=recent).status_code == 303
    assert count(db, Lead) == 1


def test_a_form_sent_too_early_with_errors_shows_them_instead_of_thanks(app, client, db):
    app.config["CONTACT_MIN_FILL_SECONDS"] = 60
    try:
        response = submit(client, {"email": "", "message": ""})
    finally:
        app.config["CONTACT_MIN_FILL_SECONDS"] = 3
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert_nothing_stored(db)


def test_correcting_an_error_quickly_is_not_taken_for_a_bot(app, client, db):
    import re

    opened_30s_ago = _stamp_shown_ago(client, 30)
    _, hidden = open_form(client)
    app.config["CONTACT_MIN_FILL_SECONDS"] = 10
    try:
        first = {**VALID, "email": "ana@", "csrf_token": hidden["csrf_token"]}
        first["started"] = opened_30s_ago
        rejected = client.post("/es/contact", data=first)
        assert rejected.status_code == 422
        html = rejected.get_data(as_text=True)
        stamp = re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1)
        # The visitor fixes the address and sends again at once.
        fixed = {**first, "email": VALID["email"], "started": stamp}
        assert client.post("/es/contact", data=fixed).status_code == 303
    finally:
        app.config["CONTACT_MIN_FILL_SECONDS"] = 3
    assert count(db, Lead) == 1


def test_default_minimum_fill_time_is_a_few_seconds():
    from madfam.config import load_config

    assert load_config({"APP_ENV": "development"})["CONTACT_MIN_FILL_SECONDS"] == 3


# --- Rate limit and CSRF -------------------------------------------------------------


def test_sixth_submission_in_a_minute_is_refused_with_a_friendly_429(client, db, instant_form):
    for i in range(5):
        response = submit(client, email=f"person{i}@acme.mx")
        assert response.status_code == 303
    response = submit(client, email="person6@acme.mx")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Traceback" not in html
    assert '<nav class="nav' in html
    assert count(db, Lead) == 5


def test_rate_limit_is_per_ip(app, client, db, instant_form):
    for i in range(5):
        assert submit(client, email=f"person{i}@acme.mx").status_code == 303
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    assert submit(other, email="someone@else.mx").status_code == 303


def test_missing_csrf_token_gets_a_400_page_that_says_to_reload(client, db, instant_form):
    _, hidden = open_form(client, "/en/contact")
    response = client.post("/en/contact", data={**VALID, "started": hidden["started"]})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "reload the page" in html
    assert "Traceback" not in html
    assert_nothing_stored(db)


# --- Hostile input -------------------------------------------------------------------


def test_script_in_every_field_is_refused_and_shown_back_escaped(client, db, instant_form):
    data = {name: SCRIPT for name in TEXT_FIELDS + CHOICE_FIELDS}
    response = submit(client, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    for name in ("email", "phone", "tier", "industry", "company_size", "budget", "timeframe"):
        assert f'id="field-{name}"' in html
        assert f'<div class="field has-error" id="field-{name}">' in html, name
    assert_nothing_stored(db)


def test_script_in_free_text_is_stored_as_text_and_escaped_when_shown(client, db, instant_form):
    data = {**VALID, "first_name": SCRIPT[:100], "company": SCRIPT, "message": SCRIPT}
    response = submit(client, data)
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.company == SCRIPT  # stored verbatim, as data
    # Shown back (a failed later submission re-renders it): escaped, never markup.
    again = submit(client, {**data, "email": "bad"})
    html = again.get_data(as_text=True)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


SQL = "Robert'); DROP TABLE lead;-- \" OR 1=1 /* % _ \\"


def test_sql_metacharacters_are_plain_text(client, db, instant_form):
    data = {**VALID, "first_name": SQL[:100], "company": SQL, "message": SQL}
    response = submit(client, data)
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.company == SQL
    assert lead.message == SQL
    assert "lead" in inspect(db.engine).get_table_names()


def test_one_megabyte_message_is_a_field_error(client, db, instant_form):
    response = submit(client, {**VALID, "message": "x" * (1024 * 1024)}, url="/en/contact")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert '<div class="field has-error" id="field-message">' in html
    assert "at most 5000" in html
    assert_nothing_stored(db)


def test_body_over_the_size_limit_gets_the_413_page(client, db, instant_form):
    _, hidden = open_form(client)
    response = client.post(
        "/es/contact", data={**VALID, **hidden, "message": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)
    assert_nothing_stored(db)


def test_emoji_and_right_to_left_text_are_stored_intact(client, db, instant_form):
    data = {
        **VALID,
        "first_name": "José 🚀",
        "last_name": "אבן־שושן",
        "company": "شركة الذكاء الاصطناعي",
        "message": "مرحبا 👋 — we need help with Arabic and Hebrew (עברית) support. 🇲🇽✨",
    }
    response = submit(client, data)
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.first_name == "José 🚀"
    assert lead.last_name == "אבן־שושן"
    assert lead.company == "شركة الذكاء الاصطناعي"
    assert lead.message == data["message"]


def test_nul_characters_never_reach_the_database(client, db, instant_form):
    response = submit(client, {**VALID, "company": "Ac\x00me", "message": "Hi\x00 there"})
    assert response.status_code == 303
    lead = only_lead(db)
    assert lead.company == "Acme"
    assert "\x00" not in lead.message


@pytest.mark.parametrize("tier", [None, "", "PLATINUM", "L1_ESSENTIALS'--", "0", "L1 ESSENTIALS"])
def test_missing_or_forged_tier_is_a_field_error(client, db, instant_form, tier):
    response = submit(client, {**VALID, "tier": tier})
    assert response.status_code == 422
    assert '<div class="field has-error" id="field-tier">' in response.get_data(as_text=True)
    assert_nothing_stored(db)


def test_replay_of_the_same_token_and_data_changes_nothing_more(client, db, instant_form):
    _, hidden = open_form(client)
    payload = {**VALID, **hidden}
    assert client.post("/es/contact", data=payload).status_code == 303
    lead = only_lead(db)
    first = sorted(db.session.scalars(select(LeadActivity.type)))
    assert "lead_created" in first
    for _ in range(2):  # the stamp is spent: "already sent", nothing stored
        assert client.post("/es/contact", data=payload).status_code == 422
    assert only_lead(db).id == lead.id
    assert count(db, EmailQueue) == 1
    assert sorted(db.session.scalars(select(LeadActivity.type))) == first


def test_rate_limit_storage_down_still_lets_the_visitor_through(
    client, db, instant_form, monkeypatch
):
    from madfam.extensions import limiter

    def storage_down(*args, **kwargs):
        raise ConnectionError("rate-limit storage unreachable")

    monkeypatch.setattr(limiter, "_storage_dead", False)  # restored after the test
    monkeypatch.setattr(limiter._limiter, "hit", storage_down)
    monkeypatch.setattr(limiter._limiter, "test", storage_down)
    response = submit(client)
    assert response.status_code == 303
    only_lead(db)


# --- Behind a proxy ------------------------------------------------------------------


@pytest.fixture
def proxy_hops(app, monkeypatch):
    """Wrap the app as create_app does for ``TRUSTED_PROXY_HOPS`` (undone afterwards)."""
    from madfam import trust_proxy_hops

    def apply(hops: int) -> None:
        monkeypatch.setitem(app.config, "TRUSTED_PROXY_HOPS", hops)
        monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)
        trust_proxy_hops(app)

    return apply


def _via_router(app, visitor: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"  # the router
    client.environ_base["HTTP_X_FORWARDED_FOR"] = visitor
    return client


def test_behind_one_trusted_proxy_the_forwarded_address_is_the_visitor(
    app, db, instant_form, proxy_hops
):
    from madfam.security import hash_ip

    proxy_hops(1)
    for i in range(5):
        assert submit(_via_router(app, "203.0.113.7"), email=f"p{i}@acme.mx").status_code == 303
    assert submit(_via_router(app, "203.0.113.7"), email="p6@acme.mx").status_code == 429
    # Another visitor through the same router has their own allowance.
    assert submit(_via_router(app, "198.51.100.9"), email="other@acme.mx").status_code == 303
    hashes = {lead.email: lead.ip_address for lead in db.session.scalars(select(Lead))}
    assert hashes["p0@acme.mx"] == hash_ip("203.0.113.7")
    assert hashes["other@acme.mx"] == hash_ip("198.51.100.9")


def test_without_trusted_proxies_forwarded_headers_are_ignored(app, db, instant_form, proxy_hops):
    from madfam.security import hash_ip

    proxy_hops(0)
    for i in range(5):
        assert submit(_via_router(app, f"203.0.113.{i}"), email=f"p{i}@acme.mx").status_code == 303
    # A forged header does not buy a fresh allowance: the connecting address counts.
    assert submit(_via_router(app, "198.51.100.9"), email="p6@acme.mx").status_code == 429
    lead = db.session.scalar(select(Lead).where(Lead.email == "p0@acme.mx"))
    assert lead.ip_address == hash_ip("10.0.0.1")
    assert lead.ip_address != hash_ip("203.0.113.0")
