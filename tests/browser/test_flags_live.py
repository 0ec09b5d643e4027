"""A flag flipped in the admin area changes the public page served by another gunicorn
worker within 5 seconds: each worker keeps the flags for FLAG_CACHE_SECONDS (2 s in
development, as in production), and the change is never pushed to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from madfam.enums import UserRole
from tests.factories import make_flag
from tests.helpers import sign_in_browser

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(database_url, tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "browser-test-secret-key-0123456789abcdef",
        "HTMX_SOURCE": "local",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    for name in ("REDIS_URL", "FLASK_DEBUG"):
        env.pop(name, None)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "wsgi:app",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "1",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %({x-probe}i)s",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(timeout=10)


def _served_by(log: Path, probe: str) -> str | None:
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == probe:
            return parts[0]
    return None


def test_a_flag_flipped_in_the_admin_reaches_another_worker_within_5_s(
    browser, gunicorn, db, make_user
):
    base, log = gunicorn
    admin = make_user(UserRole.ADMIN, locale="en")
    flag = make_flag("CHAT_SUPPORT", enabled=False, rollout_percentage=100)
    context = browser.new_context(base_url=base)
    page = context.new_page()
    try:
        sign_in_browser(page, admin.email)

        page.goto("/es/")
        assert page.locator(".talk-panel").count() == 0

        page.goto("/admin/flags")
        page.set_extra_http_headers({"X-Probe": "toggle"})
        switch = page.locator(f"#flag-{flag.id} form[action$='/toggle/enabled'] button")
        switch.click()
        page.locator(
            f"#flag-{flag.id} form[action$='/toggle/enabled'] button[aria-pressed=true]"
        ).wait_for()
        flipped = time.monotonic()
        time.sleep(0.2)  # the access log line is written after the response
        toggled_by = _served_by(log, "toggle")
        assert toggled_by

        seen_by_other = None
        n = 0
        while time.monotonic() - flipped < 5 and seen_by_other is None:
            n += 1
            page.set_extra_http_headers({"X-Probe": f"public-{n}"})
            page.goto("/es/")
            shows = page.locator(".talk-panel").count() == 1
            time.sleep(0.05)
            worker = _served_by(log, f"public-{n}")
            if shows and worker and worker != toggled_by:
                seen_by_other = time.monotonic() - flipped
        assert seen_by_other is not None and seen_by_other < 5, "no other worker showed it"
        page.get_by_text("Habla con nosotros").click()
        assert (
            page.get_by_role("link", name="Chatea por WhatsApp").is_visible()
            or page.locator(".talk-panel a[href^='https://wa.me/']").is_visible()
        )
    finally:
        context.close()
