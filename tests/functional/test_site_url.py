"""Absolute links come from SITE_URL, never from the request's Host; other hosts get 400.

A forged ``Host`` (or ``X-Forwarded-Host`` behind a trusted proxy) used to end up in the
links of the emails the site sends (the assessment report, the calculators' reports).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.middleware.proxy_fix import ProxyFix

from madfam.config import ConfigError, load_config
from madfam.models import Assessment, Calculation, EmailQueue
from madfam.rules import assessment as rules
from madfam.urls import absolute_url, trusted_hosts
from tests.helpers import COMPANY, WORKED, count, csrf_from, hidden_inputs

SITE = "https://madfam.example"
STRONG = {
    "SECRET_KEY": "s" * 40,
    "ENCRYPTION_KEYS": "kN2c6xHh3cQqvQy7kPp0c2Jd0m9bK1n4nV6Z3yXw8aE=",
    "MAIL_BACKEND": "smtp",
    **COMPANY,
}


@pytest.fixture
def site(app, monkeypatch):
    """The app as deployed at SITE, also answering for www.madfam.example."""
    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    hosts = trusted_hosts({**app.config, "ALLOWED_HOSTS": ("www.madfam.example",)})
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", hosts)
    return app


@pytest.fixture
def behind_proxy(site, monkeypatch):
    """One trusted proxy in front (TRUSTED_PROXY_HOPS=1): X-Forwarded-* are believed."""
    monkeypatch.setattr(site, "wsgi_app", ProxyFix(site.wsgi_app, x_for=1, x_proto=1, x_host=1))
    return site


class Visitor:
    """A visitor whose every request carries the given Host / X-Forwarded-Host."""

    def __init__(self, client, host: str = "madfam.example", forwarded: str | None = None):
        self.client = client
        self.base_url = f"http://{host}"
        self.headers = {"X-Forwarded-Host": forwarded} if forwarded else {}

    def get(self, url, **kwargs):
        return self.client.get(url, base_url=self.base_url, headers=self.headers, **kwargs)

    def post(self, url, **kwargs):
        return self.client.post(url, base_url=self.base_url, headers=self.headers, **kwargs)


def run_assessment(visitor: Visitor):
    page = visitor.get("/en/assessment/")
    if page.status_code != 200:
        return page
    token = csrf_from(page)
    visitor.post("/en/assessment/start", data={"csrf_token": token})
    for n, question in enumerate(rules.QUESTIONS, start=1):
        data = {"csrf_token": token, "question": question.key, "answer": 3}
        assert visitor.post(f"/en/assessment/step/{n}", data=data).status_code == 303
    data = {"csrf_token": token, "email": "ana@example.com", "first_name": "Ana"}
    return visitor.post("/en/assessment/finish", data=data)


def save_report(visitor: Visitor):
    page = visitor.get("/en/calculator/roi", query_string=WORKED)
    if page.status_code != 200:
        return page
    html = page.get_data(as_text=True)
    data = hidden_inputs(html, "roi-save") + [
        ("csrf_token", csrf_from(page)),
        ("email", "ana@example.com"),
        ("consent", "y"),
    ]
    return visitor.post("/en/calculator/roi/save", data=MultiDict(data))


def queued_link(db, key: str) -> str:
    return db.session.scalars(select(EmailQueue)).one().data[key]


# --- Refused hosts ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/es/", "/en/assessment/", "/", "/admin/login", "/robots.txt"])
def test_an_unknown_host_is_refused(client, site, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_finishing_an_assessment_for_a_forged_host_is_refused(client, db, site):
    response = run_assessment(Visitor(client, host="evil.example"))
    assert response.status_code == 400
    assert count(db, Assessment) == 0
    assert count(db, EmailQueue) == 0


def test_saving_a_report_for_a_forged_host_is_refused(client, db, site):
    response = save_report(Visitor(client, host="evil.example"))
    assert response.status_code == 400
    assert count(db, Calculation) == 0
    assert count(db, EmailQueue) == 0


def test_a_forged_forwarded_host_is_refused_behind_a_proxy(client, db, behind_proxy):
    visitor = Visitor(client, forwarded="evil.example")
    assert run_assessment(visitor).status_code == 400
    assert save_report(visitor).status_code == 400
    assert count(db, EmailQueue) == 0


# --- Allowed hosts: links still point at SITE_URL ------------------------------------------


@pytest.mark.parametrize(
    "visitor",
    [
        {"host": "www.madfam.example"},
        {"host": "madfam.example", "forwarded": "www.madfam.example"},
    ],
    ids=["allowed-host", "allowed-forwarded-host"],
)
def test_assessment_email_links_to_site_url(client, db, behind_proxy, visitor):
    response = run_assessment(Visitor(client, **visitor))
    assert response.status_code == 303
    link = queued_link(db, "results_url")
    assert link.startswith(f"{SITE}/en/assessment/results/")
    assert link.endswith(response.headers["Location"])


@pytest.mark.parametrize(
    "visitor",
    [
        {"host": "www.madfam.example"},
        {"host": "madfam.example", "forwarded": "www.madfam.example"},
    ],
    ids=["allowed-host", "allowed-forwarded-host"],
)
def test_report_email_links_to_site_url(client, db, behind_proxy, visitor):
    assert save_report(Visitor(client, **visitor)).status_code == 303
    link = queued_link(db, "report_url")
    assert link.startswith(f"{SITE}/en/calculator/roi?")
    assert "www.madfam" not in link


def test_absolute_url_needs_no_request(app, db, monkeypatch):
    """RQ jobs and CLI commands build links with the same helper."""
    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    assert absolute_url("public.index") == f"{SITE}/es/"
    assert absolute_url("assessment.results", lang="pt", token="t") == (
        f"{SITE}/pt/assessment/results/t"
    )
    assert absolute_url("calculator.roi_page", lang="en", tier="L2_ADVANCED") == (
        f"{SITE}/en/calculator/roi?tier=L2_ADVANCED"
    )


# --- Configuration ------------------------------------------------------------------------


@pytest.mark.parametrize("env", ["production", "staging"])
def test_strict_environments_refuse_to_start_without_site_url(env):
    with pytest.raises(ConfigError) as info:
        load_config({"APP_ENV": env, **STRONG})
    assert str(info.value).startswith("SITE_URL ")
    assert "\n" not in str(info.value)
    assert load_config({"APP_ENV": env, **STRONG, "SITE_URL": SITE + "/"})["SITE_URL"] == SITE


@pytest.mark.parametrize(
    ("env", "value"),
    [
        ("development", "madfam.example"),
        ("development", "ftp://madfam.example"),
        ("development", "https://madfam.example/es/"),
        ("development", "https://madfam.example?x=1"),
        ("development", "https://user@madfam.example"),
        ("production", "http://madfam.example"),
    ],
)
def test_malformed_site_url_is_one_line(env, value):
    with pytest.raises(ConfigError) as info:
        load_config({"APP_ENV": env, **STRONG, "SITE_URL": value})
    assert str(info.value).startswith("SITE_URL ")


def test_allowed_hosts_are_host_names():
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS"):
        load_config({"ALLOWED_HOSTS": "https://www.madfam.example"})
    cfg = load_config({"APP_ENV": "production", **STRONG, "SITE_URL": SITE,
                       "ALLOWED_HOSTS": "WWW.madfam.example, .madfam.example"})  # fmt: skip
    assert trusted_hosts(cfg) == ["madfam.example", "www.madfam.example", ".madfam.example"]


def test_development_answers_on_localhost_and_site_url_by_default():
    cfg = load_config({"APP_ENV": "development"})
    assert cfg["SITE_URL"] == "http://127.0.0.1:5000"
    assert set(trusted_hosts(cfg)) == {"127.0.0.1", "localhost"}
    assert load_config({"APP_ENV": "testing"})["SITE_URL"] == "http://localhost"
