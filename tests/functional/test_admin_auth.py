"""Staff sign-in: server-side sessions, logout, revocation, throttling, safe redirects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from madfam import create_app
from madfam.config import load_config
from madfam.enums import UserRole
from madfam.extensions import db as _db
from madfam.extensions import limiter
from madfam.models import Session, User
from madfam.services import auth
from tests.helpers import COMPANY, PASSWORD, TEST_REDIS_URL, csrf_from, login

INVALID = "Invalid email or password."
LOCKED = "Too many failed sign-in attempts"


def _english_client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def client(app, db):
    """An anonymous browser that asks for English pages."""
    return _english_client(app)


@pytest.fixture
def no_delay(monkeypatch):
    """Record the slow-down instead of sleeping through it."""
    delays: list[float] = []
    monkeypatch.setattr(auth, "_sleep", delays.append)
    return delays


def _session_count(db, user_id: str | None = None) -> int:
    query = select(func.count()).select_from(Session)
    if user_id:
        query = query.where(Session.user_id == user_id)
    return db.session.scalar(query)


def _signed_in(client) -> bool:
    response = client.get("/admin/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/admin/login"
    return False


def _copy_cookie(app, client):
    """A fresh client carrying the same session cookie (another browser, a stolen cookie)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    other = _english_client(app)
    other.set_cookie("session", cookie.value)
    return other


def test_login_creates_a_server_side_session_with_only_the_token_hash(app, client, make_user, db):
    user = make_user(UserRole.VIEWER)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash

    response = login(client, user.email.upper())  # the email is matched case-insensitively
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path == "/admin/"
    assert _signed_in(client)

    row = db.session.scalar(select(Session).where(Session.user_id == user.id))
    assert row.expires > datetime.now(UTC) + timedelta(hours=11)
    cookie = client.get_cookie("session").value
    assert row.session_token not in cookie  # the cookie carries the token, the DB its hash


def test_failed_login_says_the_same_for_unknown_email_and_wrong_password(client, make_user, db):
    user = make_user(UserRole.ADMIN)
    wrong = login(client, user.email, "not the password")
    unknown = login(client, "nobody@staff.madfam.io", PASSWORD)
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        body = response.get_data(as_text=True)
        assert INVALID in body
        assert "not found" not in body.lower()
    assert _session_count(db) == 0
    assert not _signed_in(client)


def test_deactivated_user_cannot_sign_in_and_their_session_stops_working(
    app, client, make_user, db
):
    user = make_user(UserRole.EDITOR)
    assert login(client, user.email).status_code == 303
    assert _signed_in(client)

    user.active = False  # deactivated elsewhere, sessions left in place
    db.session.commit()
    assert not _signed_in(client)

    fresh = _english_client(app)
    response = login(fresh, user.email)
    assert response.status_code == 200
    assert INVALID in response.get_data(as_text=True)
    assert not _signed_in(fresh)


def test_expired_session_is_rejected(client, make_user, db):
    user = make_user(UserRole.VIEWER)
    login(client, user.email)
    row = db.session.scalar(select(Session).where(Session.user_id == user.id))
    row.expires = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    assert not _signed_in(client)


def test_logout_ends_the_session_and_the_old_cookie_no_longer_works(app, client, make_user, db):
    user = make_user(UserRole.VIEWER)
    login(client, user.email)
    stolen = _copy_cookie(app, client)
    assert _signed_in(stolen)  # the copied cookie works while the session lives

    page = client.get("/admin/")
    response = client.post("/admin/logout", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert _session_count(db, user.id) == 0
    assert not _signed_in(client)
    assert not _signed_in(stolen)


def test_session_changes_at_login(app, client, make_user, db):
    user = make_user(UserRole.VIEWER)
    client.get("/admin/login")
    before = client.get_cookie("session").value
    pre_login = _english_client(app)
    pre_login.set_cookie("session", before)

    login(client, user.email)
    after = client.get_cookie("session").value
    assert after != before
    assert _signed_in(client)
    assert not _signed_in(pre_login)  # a cookie planted before login is not signed in

    second = _english_client(app)
    login(second, user.email)
    tokens = db.session.scalars(select(Session.session_token).where(Session.user_id == user.id))
    assert len(set(tokens)) == 2  # every login gets its own token


def test_sign_out_of_all_my_sessions(app, make_user, db):
    user = make_user(UserRole.VIEWER)
    laptop, phone = _english_client(app), _english_client(app)
    login(laptop, user.email)
    login(phone, user.email)
    assert _session_count(db, user.id) == 2

    page = laptop.get("/admin/account")
    assert page.status_code == 200
    assert "2" in page.get_data(as_text=True)
    response = laptop.post("/admin/account/sessions/end", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert _session_count(db, user.id) == 0
    assert not _signed_in(laptop)
    assert not _signed_in(phone)


def test_admin_revokes_another_users_sessions(admin_client, viewer_client, db):
    viewer = viewer_client.user
    assert _signed_in(viewer_client)
    page = admin_client.get("/admin/users")
    response = admin_client.post(
        f"/admin/users/{viewer.id}/sessions/revoke", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303
    assert _session_count(db, viewer.id) == 0
    assert not _signed_in(viewer_client)
    assert _signed_in(admin_client)  # the admin's own session is untouched


def test_account_lockout_after_repeated_failures(app, client, make_user, db, no_delay):
    user = make_user(UserRole.ADMIN)
    for _ in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        assert INVALID in login(client, user.email, "wrong").get_data(as_text=True)
    # Slowed: the first failures answer at once, later ones wait longer and longer.
    assert no_delay == sorted(no_delay)
    free = app.config["LOGIN_FREE_FAILURES"]
    assert len(no_delay) == app.config["LOGIN_ACCOUNT_MAX_FAILURES"] - free
    assert no_delay[-1] > no_delay[0] > 0

    # Refused: even the right password does not get in while the lockout lasts.
    refused = login(client, user.email)
    assert refused.status_code == 429
    assert LOCKED in refused.get_data(as_text=True)
    assert _session_count(db) == 0

    # Another account from the same address is not affected.
    other = make_user(UserRole.VIEWER)
    assert login(_english_client(app), other.email).status_code == 303


def test_lockout_for_an_unknown_email_looks_the_same(app, client, no_delay):
    for _ in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        assert INVALID in login(client, "ghost@staff.madfam.io", "x").get_data(as_text=True)
    refused = login(client, "ghost@staff.madfam.io", "x")
    assert refused.status_code == 429
    assert LOCKED in refused.get_data(as_text=True)


def test_lockout_per_ip_address(app, make_user, db, monkeypatch, no_delay):
    monkeypatch.setitem(app.config, "LOGIN_IP_LIMIT", "3 per 15 minutes")
    user = make_user(UserRole.VIEWER)
    attacker = _english_client(app)
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for n in range(3):  # a different account each time: the per-account counter stays low
        assert login(attacker, f"guess{n}@staff.madfam.io", "x").status_code == 200
    refused = login(attacker, user.email)
    assert refused.status_code == 429
    assert _session_count(db) == 0

    elsewhere = _english_client(app)
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    assert login(elsewhere, user.email).status_code == 303


def test_successful_logins_do_not_count_against_the_address(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_IP_LIMIT", "2 per 15 minutes")
    user = make_user(UserRole.VIEWER)
    for _ in range(4):
        assert login(_english_client(app), user.email).status_code == 303


# --- Throttling that slows attackers, never locks the owner out -------------------------

ATTACKER, OWNER = "203.0.113.7", "198.51.100.9"


def _client_at(app, address: str):
    client = _english_client(app)
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_an_attackers_failures_do_not_lock_the_owner_out(app, make_user, db, no_delay):
    user = make_user(UserRole.ADMIN)
    attacker = _client_at(app, ATTACKER)
    for _ in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        assert INVALID in login(attacker, user.email, "wrong").get_data(as_text=True)
    # The attacker's address is refused for this account, even with the right password.
    refused = login(attacker, user.email)
    assert refused.status_code == 429
    assert LOCKED in refused.get_data(as_text=True)
    assert no_delay, "the attacker's later failures were answered slowly"

    # The owner, from their own address, signs in at once.
    slept = len(no_delay)
    owner = _client_at(app, OWNER)
    assert login(owner, user.email).status_code == 303
    assert len(no_delay) == slept
    assert _signed_in(owner)


def test_a_distributed_attack_is_slowed_but_never_locks_the_owner_out(app, make_user, db, no_delay):
    user = make_user(UserRole.ADMIN)
    free = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    attempts = 4 * free
    for n in range(attempts):  # two guesses from each of many addresses
        response = login(_client_at(app, f"203.0.113.{10 + n // 2}"), user.email, f"guess {n}")
        assert response.status_code == 200
        assert INVALID in response.get_data(as_text=True)
    # Every failure past the account's free ones waited, a few seconds at most.
    assert len(no_delay) == attempts - free
    assert min(no_delay) > 0
    assert max(no_delay) <= app.config["LOGIN_ACCOUNT_MAX_DELAY_SECONDS"] <= 5
    assert no_delay == sorted(no_delay)

    slept = len(no_delay)
    owner = _client_at(app, OWNER)
    assert login(owner, user.email).status_code == 303
    assert len(no_delay) == slept  # the right password is not delayed
    assert _signed_in(owner)


def _rate_limit_keys() -> list[str]:
    if TEST_REDIS_URL:
        from redis import Redis

        return [key.decode() for key in Redis.from_url(TEST_REDIS_URL).keys("*")]
    storage = limiter.storage
    return [str(key) for key in (*storage.storage, *storage.events)]


def test_the_throttle_keys_hold_no_client_address(app, make_user, db, no_delay):
    user = make_user(UserRole.VIEWER)
    attacker = _client_at(app, ATTACKER)
    for _ in range(3):
        login(attacker, user.email, "wrong")
    keys = _rate_limit_keys()
    assert keys, "the failures were counted"
    assert not [key for key in keys if ATTACKER in key or user.email in key]


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "https://evil.com",
        "/\\evil.com",
        "\\\\evil.com",
        "http:/evil.com",
        "///evil.com",
        "javascript:alert(1)",
        "evil.com",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    user = make_user(UserRole.VIEWER)
    page = client.get("/admin/login", query_string={"next": target})
    response = client.post(
        "/admin/login",
        query_string={"next": target},
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost")
    assert location.path == "/admin/"


def test_next_keeps_a_local_path(client, make_user):
    user = make_user(UserRole.VIEWER)
    page = client.get("/admin/login?next=/admin/account")
    response = client.post(
        "/admin/login?next=/admin/account",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path == "/admin/account"


def test_anonymous_request_is_sent_to_login_with_next(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/admin/login"
    assert "next=" in location.query


def test_admin_language_is_a_personal_setting(viewer_client, db):
    page = viewer_client.get("/admin/account")
    response = viewer_client.post(
        "/admin/account", data={"locale": "en", "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, viewer_client.user.id).locale == "en"
    bad = viewer_client.post("/admin/account", data={"locale": "fr", "csrf_token": csrf_from(page)})
    assert bad.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, viewer_client.user.id).locale == "en"


# --- Rate-limit storage down or switched off -------------------------------------------

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def other_app(app, db, database_url):
    """Build another app on the test database; the shared limiter is restored afterwards."""
    saved = dict(limiter.__dict__)
    made = []

    def make(fresh_limiter: bool = False, **overrides):
        if fresh_limiter:  # as in a new process: the limiter was never bound to a storage
            limiter._storage = limiter._limiter = None
        config = {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "ENCRYPTION_KEYS": app.config["ENCRYPTION_KEYS"],
            "SERVER_NAME": None,
            **overrides,
        }
        made.append(create_app(config))
        return made[-1]

    yield make
    for built in made:
        with built.app_context():
            _db.session.remove()
            _db.engine.dispose()
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


def test_staff_can_sign_in_while_the_rate_limit_storage_is_down(other_app, make_user, db):
    down = other_app(REDIS_URL=DEAD_REDIS, RATELIMIT_STORAGE_URI=DEAD_REDIS)
    user = make_user(UserRole.VIEWER)
    client = _english_client(down)
    wrong = login(client, user.email, "wrong")
    assert wrong.status_code == 200
    assert INVALID in wrong.get_data(as_text=True)
    response = login(client, user.email)
    assert response.status_code == 303
    assert _signed_in(client)


def test_staff_can_sign_in_with_rate_limiting_switched_off(other_app, make_user, db):
    unlimited = other_app(fresh_limiter=True, RATELIMIT_ENABLED=False)
    user = make_user(UserRole.VIEWER)
    client = _english_client(unlimited)
    assert INVALID in login(client, user.email, "wrong").get_data(as_text=True)
    assert login(client, user.email).status_code == 303
    assert _signed_in(client)


class _BrokenStrategy:
    def _fail(self, *args, **kwargs):
        raise ConnectionError("storage unreachable")

    test = hit = get_window_stats = clear = _fail


def test_the_account_throttle_fails_open_with_a_warning(app, db, monkeypatch, caplog):
    monkeypatch.setattr(auth, "_strategy", _BrokenStrategy)
    with caplog.at_level("WARNING", logger="madfam.auth"):
        assert auth.login_refused("ana@staff.madfam.io") is False
        auth.record_login_failure("ana@staff.madfam.io")
        auth.clear_login_failures("ana@staff.madfam.io")
    warnings = [r for r in caplog.records if r.name == "madfam.auth"]
    assert len(warnings) == 3
    assert all("not throttling" in r.getMessage() for r in warnings)


# --- Session service --------------------------------------------------------------------


def test_sign_in_and_sign_out_commit_their_session_changes(app, make_user, db):
    user = make_user(UserRole.VIEWER)
    token = auth.sign_in(user)
    db.session.rollback()  # nothing left uncommitted
    assert auth.load_user(token).id == user.id
    auth.sign_out(token)
    db.session.rollback()
    assert auth.load_user(token) is None

    first, second = auth.sign_in(user), auth.sign_in(user)
    assert auth.sign_out_everywhere(user.id) == 2
    db.session.rollback()
    assert auth.load_user(first) is None and auth.load_user(second) is None


# --- htmx requests after the session ended ----------------------------------------------


def _htmx_headers(token: str) -> dict[str, str]:
    return {
        "HX-Request": "true",
        "HX-Current-URL": "http://localhost/admin/leads/some-id",
        "X-CSRFToken": token,
    }


def test_an_htmx_request_without_a_session_gets_401_and_hx_redirect(client):
    token = csrf_from(client.get("/admin/login"))
    response = client.post("/admin/leads/some-id/status", headers=_htmx_headers(token))
    assert response.status_code == 401
    target = urlsplit(response.headers["HX-Redirect"])
    assert target.path == "/admin/login"
    assert parse_qs(target.query) == {"next": ["/admin/leads/some-id"]}
    assert "<html" not in response.get_data(as_text=True)

    # The before_request guard answers htmx list requests the same way.
    listing = client.get("/admin/leads?status=NEW", headers={"HX-Request": "true"})
    assert listing.status_code == 401
    assert listing.headers["HX-Redirect"].startswith("/admin/login?next=")


def test_an_expired_session_on_an_htmx_edit_sends_htmx_to_login(editor_client, db):
    token = csrf_from(editor_client.get("/admin/account"))
    db.session.execute(Session.__table__.update().values(expires=datetime.now(UTC)))
    db.session.commit()
    response = editor_client.post("/admin/leads/some-id/notes", headers=_htmx_headers(token))
    assert response.status_code == 401
    target = urlsplit(response.headers["HX-Redirect"])
    assert target.path == "/admin/login"
    assert parse_qs(target.query) == {"next": ["/admin/leads/some-id"]}
    # A plain request is still redirected.
    assert editor_client.get("/admin/leads").status_code == 302


def test_a_nul_character_in_the_email_is_an_ordinary_failed_sign_in(client, make_user, no_delay):
    make_user(UserRole.ADMIN)
    response = login(client, "admin\x00@staff.madfam.io", password="wrong password 123")
    assert response.status_code == 200
    assert "Invalid email or password." in response.get_data(as_text=True)


# --- Password hashes --------------------------------------------------------------------


def test_a_scrypt_hash_is_upgraded_to_argon2id_at_the_next_sign_in(app, client, make_user, db):
    scrypt = generate_password_hash(PASSWORD, method="scrypt")
    user = make_user(UserRole.VIEWER, password_hash=scrypt)

    assert INVALID in login(client, user.email, "wrong").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == scrypt  # a failure changes nothing

    assert login(client, user.email).status_code == 303
    db.session.expire_all()
    upgraded = db.session.get(User, user.id).password_hash
    assert upgraded.startswith("$argon2id$")
    assert login(_english_client(app), user.email).status_code == 303  # the new hash works


def test_an_argon2_hash_with_other_costs_is_replaced_at_sign_in(app, client, make_user, db):
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD)
    user = make_user(UserRole.VIEWER, password_hash=old)
    assert login(client, user.email).status_code == 303
    db.session.expire_all()
    current = db.session.get(User, user.id).password_hash
    assert current != old
    assert f"m={app.config['ARGON2_MEMORY_KIB']},t={app.config['ARGON2_TIME_COST']}" in current


# --- The production cookie ---------------------------------------------------------------


def test_the_production_session_cookie_is_a_host_cookie(other_app, database_url):
    settings = load_config(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "a-production-secret-that-is-long-enough-0123456789",
            "ENCRYPTION_KEYS": "kN2c6xHh3cQqvQy7kPp0c2Jd0m9bK1n4nV6Z3yXw8aE=",
            "MAIL_BACKEND": "smtp",
            "SITE_URL": "https://madfam.example",
            **COMPANY,
        }
    )
    settings.pop("SQLALCHEMY_DATABASE_URI")
    production = other_app(**{**settings, "RATELIMIT_STORAGE_URI": "memory://"})
    client = production.test_client()
    response = client.get("/admin/login", base_url="https://madfam.example")
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    attributes = [part.strip() for part in cookies[0].split(";")]
    assert attributes[0].startswith("__Host-madfam=")
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "Path=/" in attributes
    assert not [a for a in attributes if a.lower().startswith("domain=")]


# --- Idle timeout -------------------------------------------------------------------------

IDLE_EN = "You were signed out after 30 minutes without activity. Please sign in again."
IDLE_ES = "Tu sesión se cerró tras 30 minutos sin actividad. Vuelve a iniciar sesión."


def _session_row(db, user_id: str) -> Session:
    db.session.expire_all()
    return db.session.scalar(select(Session).where(Session.user_id == user_id))


def _last_used(db, user_id: str, minutes_ago: float) -> None:
    row = _session_row(db, user_id)
    row.last_seen_at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    db.session.commit()


def test_an_idle_session_is_ended_and_the_login_page_says_why(app, client, make_user, db):
    user = make_user(UserRole.VIEWER)
    login(client, user.email)
    _last_used(db, user.id, 31)

    response = client.get("/admin/leads")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/admin/login"
    assert _session_count(db, user.id) == 0  # ended server-side
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert IDLE_EN in page
    assert "Please sign in to continue." not in page
    assert IDLE_EN not in client.get("/admin/login").get_data(as_text=True)  # said once


def test_the_idle_message_is_translated_and_reaches_htmx_requests(app, make_user, db):
    user = make_user(UserRole.EDITOR)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    login(client, user.email)
    _last_used(db, user.id, 45)
    response = client.get("/admin/leads?status=NEW", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/admin/login")
    assert IDLE_ES in client.get("/admin/login").get_data(as_text=True)


def test_activity_keeps_a_session_alive_with_one_write_a_minute(app, client, make_user, db):
    user = make_user(UserRole.VIEWER)
    login(client, user.email)
    started = _session_row(db, user.id).last_seen_at
    for _ in range(3):  # within the minute: nothing is written
        assert _signed_in(client)
    assert _session_row(db, user.id).last_seen_at == started

    _last_used(db, user.id, 29)
    assert _signed_in(client)
    assert _session_row(db, user.id).last_seen_at > datetime.now(UTC) - timedelta(minutes=1)
    _last_used(db, user.id, 0.5)
    before = _session_row(db, user.id).last_seen_at
    assert _signed_in(client)
    assert _session_row(db, user.id).last_seen_at == before


def test_the_idle_timeout_is_a_setting(app, client, make_user, db, monkeypatch):
    monkeypatch.setitem(app.config, "ADMIN_IDLE_TIMEOUT_MINUTES", 5)
    user = make_user(UserRole.VIEWER)
    login(client, user.email)
    _last_used(db, user.id, 4)
    assert _signed_in(client)
    _last_used(db, user.id, 6)
    assert not _signed_in(client)
    assert _session_count(db, user.id) == 0
