"""Shared fixtures.

The suite runs on SQLite by default, on PostgreSQL when ``TEST_DATABASE_URL`` is
set, and sends jobs through a real Redis + RQ when ``TEST_REDIS_URL`` is set.
Each test starts from empty tables (emptied afterwards) and an empty Redis db.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

os.environ["APP_ENV"] = "testing"
for _name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENCRYPTION_KEYS", "HTMX_SOURCE"):
    os.environ.pop(_name, None)

from madfam import create_app  # noqa: E402
from madfam.config_fields import normalise_database_url  # noqa: E402
from madfam.enums import UserRole  # noqa: E402
from madfam.extensions import db as _db  # noqa: E402
from madfam.extensions import limiter  # noqa: E402
from tests import factories  # noqa: E402
from tests.helpers import (  # noqa: E402
    TEST_DATABASE_URL,
    TEST_ENCRYPTION_KEY,
    TEST_REDIS_URL,
    login,
)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        return normalise_database_url(TEST_DATABASE_URL)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": TEST_REDIS_URL,
            "RATELIMIT_STORAGE_URI": TEST_REDIS_URL or "memory://",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "ENCRYPTION_KEYS": (TEST_ENCRYPTION_KEY,),
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as in production.

    The test's own app context (the ``db`` fixture) stays where it is: a request gets a
    fresh ``g`` (signed-in user, CSRF token, locale) and its own database session, both
    gone when the request ends, so nothing one request caches reaches the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _truncate(app) -> None:
    """Empty every table, children first. DELETE rather than TRUNCATE: on PostgreSQL a
    TRUNCATE of every table replaces their files on disk, which costs far more than
    deleting the few rows a test leaves."""
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.exec_driver_sql(f'DELETE FROM "{table.name}"')  # noqa: S608


@pytest.fixture
def db(app) -> Iterator:
    """The database, empty at the start of the test but for the schema's five feature
    flags, as the migrations leave it.

    The test itself runs in an app context, for its own queries; requests it sends get
    theirs from the client (``IsolatedClient``).
    """
    ctx = app.app_context()
    ctx.push()
    factories.schema_flags()
    try:
        yield _db
    finally:
        _db.session.remove()
        ctx.pop()
        _truncate(app)


@pytest.fixture(autouse=True)
def _fresh_state(app):
    """Rate-limit counters and the Redis queue start empty for every test."""
    limiter.reset()
    if TEST_REDIS_URL:
        from redis import Redis

        Redis.from_url(TEST_REDIS_URL).flushdb()
    yield


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def instant_form(app, monkeypatch):
    """Forms may be sent right after they are opened (no minimum fill time)."""
    monkeypatch.setitem(app.config, "CONTACT_MIN_FILL_SECONDS", 0)


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def run_jobs(app):
    """Deliver queued jobs: a burst RQ worker with Redis; nothing to do in-process."""

    def run() -> int:
        if not TEST_REDIS_URL:
            return 0
        from redis import Redis
        from rq import SimpleWorker

        from madfam.jobs import QUEUE_NAME

        connection = Redis.from_url(TEST_REDIS_URL)
        worker = SimpleWorker([QUEUE_NAME], connection=connection)
        with app.app_context():
            worker.work(burst=True)
        return 1

    return run


@pytest.fixture
def make_user(db):
    """``factories.make_user`` with the app context of ``db`` (password: ``PASSWORD``)."""
    return factories.make_user


def _logged_in(app, make_user, role):
    user = make_user(role)
    client = app.test_client()
    response = login(client, user.email)
    assert response.status_code == 303, response.get_data(as_text=True)
    client.user = user
    return client


@pytest.fixture
def admin_client(app, make_user):
    return _logged_in(app, make_user, UserRole.ADMIN)


@pytest.fixture
def editor_client(app, make_user):
    return _logged_in(app, make_user, UserRole.EDITOR)


@pytest.fixture
def viewer_client(app, make_user):
    return _logged_in(app, make_user, UserRole.VIEWER)


# --- Real browser --------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_server(app):
    """The app served by werkzeug on 127.0.0.1 in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: browser tests must run there")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation as a console error, which the page
# fixture collects: a refused inline style or script fails the test.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || "inline"}`
    + ` in ${e.documentURI} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
});
"""


@pytest.fixture
def page(browser, live_server, db):
    """A fresh browser page; console errors, CSP violations and failed requests fail the test."""
    context = browser.new_context(base_url=live_server.url, locale="es-MX")
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()
