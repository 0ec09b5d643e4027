"""A database or Redis outage answers 503 with Retry-After and a translated page.

The app under test talks to a real PostgreSQL URL on a port where nothing listens
(connection refused), and to a real Redis URL on such a port: the errors are the
ones psycopg and redis-py raise, not stand-ins.
"""

from __future__ import annotations

import socket

import pytest
from redis import Redis

from madfam import create_app
from madfam.errors import RETRY_AFTER_SECONDS, is_outage
from tests.helpers import csrf_from

UNAVAILABLE = {
    "en": "temporarily unavailable",
    "es": "temporalmente no disponible",
    "pt": "temporariamente indisponível",
}


def closed_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def down_app():
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/x",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "REDIS_URL": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": "outage-test-secret-key-that-is-long-enough-0123",
            "SERVER_NAME": None,
        }
    )
    redis_url = f"redis://127.0.0.1:{closed_port()}/0"

    @app.get("/redis-probe")
    def redis_probe():
        Redis.from_url(redis_url, socket_connect_timeout=1).ping()
        return "unreachable"

    yield app
    with app.app_context():
        from madfam.extensions import db

        db.engine.dispose()


def assert_unavailable(response, lang: str, retry_after: int | None = RETRY_AFTER_SECONDS) -> None:
    assert response.status_code == 503
    # On a rate-limited route Flask-Limiter keeps the later of its window and ours.
    assert int(response.headers["Retry-After"]) >= RETRY_AFTER_SECONDS
    if retry_after is not None:
        assert response.headers["Retry-After"] == str(retry_after)
    assert UNAVAILABLE[lang] in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_a_visitor_gets_a_translated_503_when_the_database_is_down(down_app, lang):
    client = down_app.test_client()
    page = client.get(f"/{lang}/assessment/")  # renders without the database
    assert page.status_code == 200
    response = client.post(f"/{lang}/assessment/start", data={"csrf_token": csrf_from(page)})
    assert_unavailable(response, lang, retry_after=None)  # a rate-limited route
    assert "<html" in response.get_data(as_text=True)  # the whole page, with the layout

    fragment = client.post(
        f"/{lang}/assessment/start",
        data={"csrf_token": csrf_from(page)},
        headers={"HX-Request": "true"},
    )
    assert_unavailable(fragment, lang, retry_after=None)
    assert "<html" not in fragment.get_data(as_text=True)


def test_a_signed_in_staff_member_gets_the_503_page_too(down_app):
    """Loading the user needs the database: the page is rendered for nobody instead."""
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"
        session["_fresh"] = True
    response = client.get("/admin/leads")
    assert_unavailable(response, "es")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers


def test_sign_in_during_an_outage_is_a_503(down_app):
    client = down_app.test_client()
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login",
        data={"email": "ana@staff.madfam.io", "password": "x", "csrf_token": csrf_from(page)},
    )
    assert_unavailable(response, "es", retry_after=None)  # a rate-limited route


def test_redis_unreachable_is_a_503(down_app):
    response = down_app.test_client().get("/redis-probe")
    assert_unavailable(response, "es")


def test_a_constraint_violation_is_not_an_outage(db, make_user):
    """Only a lost connection means "try again later"; a refused statement is a bug (500)."""
    from sqlalchemy.exc import IntegrityError

    make_user(email="twice@staff.madfam.io")
    with pytest.raises(IntegrityError) as caught:
        make_user(email="twice@staff.madfam.io")
    db.session.rollback()
    assert not is_outage(caught.value)
