"""Every admin list page, with every filter value it offers, answers 200 and shows the filter.

Walked as an ADMIN, as a full page and as the htmx fragment where the page has one, so a
filter value that breaks rendering (``/admin/emails?status=sent`` once answered 500)
fails here.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from madfam.enums import LeadSource, LeadStatus, PrivacyRequestStatus, ServiceTier
from madfam.labels import EMAIL_STATUS_LABELS, LEAD_SORT_LABELS, PRIVACY_STATUS_LABELS
from madfam.models import EmailQueue, Integration, Lead
from madfam.services import outbox
from madfam.services.lead_admin import PER_PAGE, SORTS
from tests.factories import make_privacy_request

BASE = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HX = {"HX-Request": "true"}


@pytest.fixture
def make_user(make_user):
    """The admin reads the admin area in English."""

    def make(*args, **fields):
        fields.setdefault("locale", "en")
        return make_user(*args, **fields)

    return make


def _get(client, path: str, headers: dict | None = None) -> str:
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return response.get_data(as_text=True)


def _english(app, label) -> str:
    with app.test_request_context(), force_locale("en"):
        return str(label)


# --- Emails --------------------------------------------------------------------------


def test_every_email_status_filter(app, admin_client, db):
    assert set(outbox.STATUSES) == set(EMAIL_STATUS_LABELS)
    for status in outbox.STATUSES:
        row = EmailQueue(to=[f"{status}@example.com"], subject="Hi", template="welcome",
                         data={"locale": "en"}, status=status)  # fmt: skip
        db.session.add(row)
    db.session.commit()

    for status in outbox.STATUSES:
        path = f"/admin/emails?status={status}"
        caption = f"<caption>{_english(app, EMAIL_STATUS_LABELS[status])}</caption>"
        page = _get(admin_client, path)
        assert re.search(rf'href="{re.escape(path)}"[^>]*aria-current="page"', page), status
        fragment = _get(admin_client, path, HX)
        assert "<html" not in fragment
        for body in (page, fragment):
            assert caption in body
            assert f"{status}@example.com" in body
            others = [s for s in outbox.STATUSES if s != status]
            assert not [s for s in others if f"{s}@example.com" in body], status

    everything = _get(admin_client, "/admin/emails")
    assert 'href="/admin/emails" hx-get' in everything and "<caption>All emails</caption>" in (
        everything
    )
    assert all(f"{s}@example.com" in everything for s in outbox.STATUSES)


def test_an_unknown_email_status_shows_everything(admin_client, db):
    db.session.add(EmailQueue(to=["a@example.com"], subject="Hi", template="welcome"))
    db.session.commit()
    page = _get(admin_client, "/admin/emails?status=bogus")
    assert re.search(r'href="/admin/emails" [^>]*aria-current="page"', page)
    assert "<caption>All emails</caption>" in page and "a@example.com" in page


# --- Leads ---------------------------------------------------------------------------


@pytest.fixture
def every_kind_of_lead(db):
    """One lead per status, source and tier, and more than a page of them in all."""
    count = max(len(LeadStatus), len(LeadSource), len(ServiceTier), PER_PAGE + 1)
    statuses, sources, tiers = list(LeadStatus), list(LeadSource), list(ServiceTier)
    for i in range(count):
        db.session.add(
            Lead(
                email=f"lead{i:02d}@example.com",
                first_name=f"Name{i:02d}",
                company=f"Company {i:02d}",
                status=statuses[i % len(statuses)],
                source=sources[i % len(sources)],
                tier=tiers[i % len(tiers)],
                score=i * 3 % 101,
                utm_campaign="spring-launch" if i % 2 else None,
                created_at=BASE + timedelta(days=i),
                updated_at=BASE + timedelta(days=i),
            )
        )
    db.session.commit()


def _select(page: str, name: str) -> str:
    match = re.search(rf'<select id="f-[\w-]+" name="{name}">(.*?)</select>', page, re.S)
    assert match, f"no {name} select"
    return match.group(1)


def _selected(page: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"\s+selected>', _select(page, name))


def _input_value(page: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no {name} input"
    return html_lib.unescape(match.group(1))


def _export_args(body: str) -> str:
    match = re.search(r'id="export-csv" href="([^"]*)"', body)
    assert match, "no export link"
    return html_lib.unescape(match.group(1))


def _walk(client, args: dict[str, str]) -> tuple[str, str]:
    """The full page and the htmx fragment for these filters; the export link keeps them."""
    path = "/admin/leads?" + urlencode(args)
    page, fragment = _get(client, path), _get(client, path, HX)
    assert "<html" not in fragment
    kept = {k: v for k, v in args.items() if k != "page" and (k, v) != ("sort", "newest")}
    for body in (page, fragment):
        export = _export_args(body)
        for key, value in kept.items():
            assert urlencode({key: value}) in export, (args, export)
    return page, fragment


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("status", [s.value for s in LeadStatus]),
        ("source", [s.value for s in LeadSource]),
        ("tier", [t.value for t in ServiceTier]),
        ("sort", list(SORTS)),
    ],
)
def test_every_lead_choice_filter(admin_client, every_kind_of_lead, name, values):
    if name == "sort":
        assert set(values) == set(LEAD_SORT_LABELS)
    for value in values:
        page, _fragment = _walk(admin_client, {name: value})
        assert _selected(page, name) == [value], (name, value)


@pytest.mark.parametrize(
    "args",
    [
        {"score_min": "30"},
        {"score_max": "60"},
        {"score_min": "10", "score_max": "90"},
        {"created_from": "2025-03-05"},
        {"created_to": "2025-03-20"},
        {"created_from": "2025-03-05", "created_to": "2025-03-20"},
        {"q": "lead0"},
        {"q": "Company 1"},
        {"utm_campaign": "spring-launch"},
    ],
)
def test_every_lead_text_filter(admin_client, every_kind_of_lead, args):
    page, _fragment = _walk(admin_client, args)
    for name, value in args.items():
        assert _input_value(page, name) == value, (name, value)


def test_the_lead_pages(admin_client, every_kind_of_lead):
    for number in ("1", "2"):
        page, fragment = _walk(admin_client, {"page": number})
        for body in (page, fragment):
            assert re.search(rf"Page {number} of \d+", body), number
    page, _fragment = _walk(admin_client, {"page": "2", "sort": "oldest"})
    assert "Page 2 of" in page and _selected(page, "sort") == ["oldest"]
    assert '<a rel="prev" href="/admin/leads?sort=oldest"' in page


def test_every_lead_filter_at_once(admin_client, every_kind_of_lead):
    args = {
        "status": LeadStatus.NEW.value,
        "source": LeadSource.WEBSITE.value,
        "tier": ServiceTier.L1_ESSENTIALS.value,
        "score_min": "0",
        "score_max": "100",
        "created_from": "2025-01-01",
        "created_to": "2025-12-31",
        "utm_campaign": "spring-launch",
        "q": "lead",
        "sort": "score_asc",
        "page": "1",
    }
    page, _fragment = _walk(admin_client, args)
    for name in ("status", "source", "tier", "sort"):
        assert _selected(page, name) == [args[name]], name
    for name in ("score_min", "score_max", "created_from", "created_to", "utm_campaign", "q"):
        assert _input_value(page, name) == args[name], name


# --- Privacy requests ------------------------------------------------------------------


def test_every_privacy_request_status_filter(app, admin_client, db):
    assert set(PrivacyRequestStatus) == set(PRIVACY_STATUS_LABELS)
    for status in PrivacyRequestStatus:
        make_privacy_request(email=f"{status.value.lower()}@example.com", status=status)

    for status in PrivacyRequestStatus:
        path = f"/admin/privacy-requests?status={status.value}"
        caption = f"<caption>{_english(app, PRIVACY_STATUS_LABELS[status])}</caption>"
        page = _get(admin_client, path)
        assert re.search(rf'href="{re.escape(path)}"[^>]*aria-current="page"', page), status
        fragment = _get(admin_client, path, HX)
        assert "<html" not in fragment
        for body in (page, fragment):
            assert caption in body
            assert f"{status.value.lower()}@example.com" in body
            others = [s for s in PrivacyRequestStatus if s != status]
            assert not [s for s in others if f"{s.value.lower()}@example.com" in body], status

    everything = _get(admin_client, "/admin/privacy-requests?status=bogus")
    assert "<caption>All privacy requests</caption>" in everything
    assert all(f"{s.value.lower()}@example.com" in everything for s in PrivacyRequestStatus)


# --- The other admin pages -------------------------------------------------------------


def test_the_other_admin_pages(admin_client, db, every_kind_of_lead):
    db.session.add(Integration(name="n8n hook", kind="webhook", config={}))
    db.session.commit()
    lead = db.session.scalars(select(Lead).order_by(Lead.email)).first()
    total = db.session.scalar(select(func.count()).select_from(Lead))

    assert f"<dd>{total}</dd>" in _get(admin_client, "/admin/")
    assert admin_client.user.email in _get(admin_client, "/admin/users")
    assert "n8n hook" in _get(admin_client, "/admin/integrations")
    assert lead.email in _get(admin_client, f"/admin/leads/{lead.id}")
    assert lead.email in _get(admin_client, f"/admin/leads/{lead.id}/delete")
    assert lead.email in _get(admin_client, f"/admin/leads/{lead.id}/export.json")
    assert "signed in on 1 session." in _get(admin_client, "/admin/account")
