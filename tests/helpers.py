"""What several test modules share: the test settings, and how a visitor or a staff member
fills in a form (CSRF token, hidden fields). Test modules import these from here, never
from each other or from conftest."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from madfam.models import Lead

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
TEST_ENCRYPTION_KEY = "kN2c6xHh3cQqvQy7kPp0c2Jd0m9bK1n4nV6Z3yXw8aE="
PASSWORD = "correct horse battery staple"  # every staff account the factories make
# The company's public details, which staging and production require.
COMPANY = {
    "CONTACT_EMAIL": "hola@madfam.example",
    "CONTACT_PHONE": "+52 55 1234 5678",
    "WHATSAPP_NUMBER": "5215512345678",
    "COMPANY_ADDRESS": "Av. Reforma 1, Ciudad de México",
    "COMPANY_LEGAL_NAME": "MADFAM S.A. de C.V.",
    "COMPANY_TAX_ID": "MAD010101AB1",
    "PRIVACY_OFFICER_EMAIL": "privacidad@madfam.example",
}


def csrf_from(response) -> str:
    """The CSRF token a page rendered (hidden field or the hx-headers attribute)."""
    html = response.get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, "page rendered no CSRF token"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD):
    page = client.get("/admin/login")
    return client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": csrf_from(page)},
    )


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- The contact form ---------------------------------------------------------------

VALID = {  # a complete, valid contact form
    "email": "Ana.Lopez@Acme.MX",
    "first_name": "Ana",
    "last_name": "López",
    "company": "Acme SA de CV",
    "phone": "+52 55 1234 5678",
    "tier": "L3_CONSULTING",
    "industry": "manufacturing",
    "company_size": "51-200",
    "budget": "250k_1m",
    "timeframe": "1_3_months",
    "message": "We want to automate quoting and inventory planning across three plants.",
    "marketing_consent": "y",
}


def open_form(client, url: str = "/es/contact") -> tuple[object, dict[str, str]]:
    """GET the contact page; return it and the hidden fields a browser would send."""
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', html)
    assert started, "the form carries no fill-time stamp"
    return page, {"csrf_token": csrf_from(page), "started": started.group(1)}


def submit(client, data: dict | None = None, url: str = "/es/contact", **overrides):
    """Open the form at ``url`` and post ``data`` (VALID by default) with its tokens."""
    _, hidden = open_form(client, url)
    payload = {**(VALID if data is None else data), **overrides, **hidden}
    payload = {k: v for k, v in payload.items() if v is not None}
    action = url.split("?", 1)[0]
    return client.post(action, data=payload)


def only_lead(db) -> Lead:
    db.session.expire_all()
    leads = db.session.scalars(select(Lead)).all()
    assert len(leads) == 1
    return leads[0]


# --- The ROI calculator ---------------------------------------------------------------

WORKED = {  # the worked example: MX$240,000 saved a year, 300 % ROI, paid back in 3 months
    "employees": "50",
    "salary": "40000",
    "lost_pct": "20",
    "recovery_pct": "60",
    "investment": "60000",
    "tier": "L3_CONSULTING",
}


def hidden_inputs(html: str, form_id: str) -> list[tuple[str, str]]:
    return re.findall(
        rf'<input type="hidden" form="{form_id}" name="([^"]+)" value="([^"]*)">', html
    )


def save_roi(client, lang="en", query=None, email="Ana@Example.com", consent=True):
    """Open the ROI calculator with ``query`` (the worked example) and ask for the report."""
    page = client.get(f"/{lang}/calculator/roi", query_string=query or WORKED)
    html = page.get_data(as_text=True)
    data = hidden_inputs(html, "roi-save") + [("csrf_token", csrf_from(page)), ("email", email)]
    if consent:
        data.append(("consent", "y"))
    return html, client.post(f"/{lang}/calculator/roi/save", data=MultiDict(data))


def sign_in_browser(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the admin login page in a real browser."""
    page.goto("/admin/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


# --- Real workers -----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def wait_for(predicate, timeout: float = 60.0, what: str = "condition"):
    """``predicate()``'s first truthy value, polled for up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start_worker(app, sink, **env: str) -> subprocess.Popen:
    """``flask worker`` in its own process group, on the test database and Redis, sending
    mail to the SMTP ``sink``; ``env`` adds or overrides settings."""
    environment = {
        **os.environ,
        "APP_ENV": "testing",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": TEST_REDIS_URL,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY,
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sink.port),
        **env,
    }
    flask = str(Path(sys.executable).with_name("flask"))
    return subprocess.Popen(
        [flask, "--app", "wsgi", "worker"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,  # its own process group: the work horse dies with it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
