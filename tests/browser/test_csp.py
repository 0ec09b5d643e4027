"""The Content-Security-Policy in Chromium: every page and flow runs with no violation.

The ``page`` fixture reports each ``securitypolicyviolation`` event as a console error
and collects console errors, so every step below ends with none collected: an inline
style or script, an evaluated expression or a foreign script would show up here.
"""

from __future__ import annotations

import re

import pytest

from madfam.enums import ServiceTier, UserRole
from madfam.extensions import db as _db
from madfam.models import EmailQueue, Integration, Lead
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

ROI_URL = (
    "/{lang}/calculator/roi?employees=50&salary=40000&lost_pct=20&recovery_pct=60&investment=60000"
)
ESTIMATE_URL = (
    "/{lang}/calculator/estimate?project_type=ai_workshop&complexity=low&timeline=standard"
)
PUBLIC_PAGES = (
    "/{lang}/",
    "/{lang}/contact",
    "/{lang}/contact?tier=L2_ADVANCED",
    "/{lang}/assessment/",
    "/{lang}/calculator/",
    "/{lang}/calculator/roi",
    ROI_URL,
    "/{lang}/calculator/estimate",
    "/{lang}/calculator/estimate?project_type=workflow_automation&complexity=high"
    "&timeline=accelerated&addons=training&addons=integration",
)


def visit(page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response.status == status, url
    page.wait_for_function("() => window.htmx !== undefined")
    if status != 200:  # Chromium logs the error status of the document itself; only that
        expected = f"the server responded with a status of {status}"
        page.console_errors[:] = [e for e in page.console_errors if expected not in e]
    assert page.console_errors == [], (url, page.console_errors)


def test_a_violation_would_be_caught(page):
    """The harness itself: a style injected at run time is refused and reported."""
    visit(page, "/es/")
    assert page.evaluate("() => htmx.config.allowEval") is False
    assert page.evaluate("() => htmx.config.includeIndicatorStyles") is False
    with page.expect_console_message(lambda msg: "CSP violation" in msg.text):
        page.evaluate(
            "() => { const s = document.createElement('style');"
            " s.textContent = 'body { color: red }'; document.head.append(s); }"
        )
    assert any("style-src" in error for error in page.console_errors)
    assert page.evaluate("() => getComputedStyle(document.body).color") != "rgb(255, 0, 0)"


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_every_public_page_runs_without_violations(page, lang):
    for url in PUBLIC_PAGES:
        visit(page, url.format(lang=lang))
    visit(page, f"/{lang}/no-such-page", status=404)
    # The honeypot is out of sight through the stylesheet, not an inline style.
    visit(page, f"/{lang}/contact")
    box = page.locator(".hp-field").bounding_box()
    assert box is not None and box["x"] < -1000


def test_contact_form_walk(page, instant_form):
    visit(page, "/es/contact?tier=L3_CONSULTING")
    page.locator("#email").fill("ana@acme")
    page.locator("#email").press("Tab")
    page.locator("#field-email .field-error").wait_for()
    page.locator("#email").fill("ana@acme.mx")
    page.locator("#email").press("Tab")
    page.locator("#field-email .field-error").wait_for(state="detached")
    page.locator("#first_name").fill("Ana")
    page.locator("#company").fill("Acme SA de CV")
    page.locator("#message").fill("Queremos automatizar cotizaciones e inventario.")
    page.locator("#contact-form button[type='submit']").click()
    page.locator("#contact-region.thanks").wait_for()
    assert page.console_errors == []


def test_assessment_walk(page):
    visit(page, "/en/assessment/")
    section = "section#assessment"
    page.locator(f'{section} form[action$="/assessment/start"] button').click()
    for n in range(1, 11):
        page.wait_for_selector(f'{section}[data-step="{n}"]')
        page.locator(f'{section} label[for="answer-3"]').click()
        page.locator(f"{section} button[type=submit]").click()
    page.wait_for_selector(f'{section}[data-step="finish"]')
    page.fill("#email", "walker@example.com")
    page.fill("#first_name", "Walker")
    page.locator(f"{section} button[type=submit]").click()
    page.wait_for_selector("#score")
    assert page.locator(".assessment progress, .assessment .bars").count() >= 1
    page.reload()  # the results page as a whole page
    page.wait_for_selector("#score")
    assert page.console_errors == []


def test_both_calculators_recompute_and_save(page):
    visit(page, ROI_URL.format(lang="es"))
    page.fill("#employees", "500")  # one complete value: no 422 while typing
    page.wait_for_function(
        "() => document.querySelector('#roi-results [data-figure=\"savings\"]')"
        "?.textContent.trim() === '$2,400,000'"
    )
    legend = page.locator(".calc-legend .bar.covered")
    assert legend.evaluate("el => getComputedStyle(el).fill") == "rgb(19, 115, 51)"
    page.fill("#email", "visitor@example.com")
    page.check("#consent")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("informe|report", re.I)).click()
    assert page.url.endswith("/es/calculator/sent")
    assert page.console_errors == []

    visit(page, ESTIMATE_URL.format(lang="pt"))
    before = page.locator("#estimate-results").inner_text()
    page.locator("#complexity").select_option("high")
    page.wait_for_function(
        "before => document.querySelector('#estimate-results').innerText !== before", arg=before
    )
    assert page.console_errors == []


@pytest.fixture
def staff_world(db, make_user):
    admin = make_user(UserRole.ADMIN)
    lead = Lead(email="ana@example.com", first_name="Ana", tier=ServiceTier.L3_CONSULTING)
    email = EmailQueue(
        to=["ana@example.com"], subject="Thank you", template="welcome",
        data={"first_name": "Ana", "locale": "en"}, status="pending",
    )  # fmt: skip
    integration = Integration(name="n8n", config={})
    _db.session.add_all([lead, email, integration])
    _db.session.commit()
    return {"admin": admin, "lead": lead.id, "email": email.id, "integration": integration.id}


def test_admin_pages_as_admin(page, staff_world):
    visit(page, "/admin/login")
    page.locator("input[name=email]").fill(staff_world["admin"].email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    lead, admin_id = staff_world["lead"], staff_world["admin"].id
    for url in (
        "/admin/",
        "/admin/leads",
        "/admin/leads?status=NEW",
        f"/admin/leads/{lead}",
        f"/admin/leads/{lead}/delete",
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{admin_id}/password",
        "/admin/account",
        "/admin/emails",
        "/admin/integrations",
        "/admin/integrations/new",
        f"/admin/integrations/{staff_world['integration']}",
    ):
        visit(page, url)

    # htmx swaps in the staff area: filtering the list and changing a lead's status
    visit(page, "/admin/leads")
    page.locator("#f-status").select_option("NEW")
    page.wait_for_url("**/admin/leads?*status=NEW*")
    visit(page, f"/admin/leads/{lead}")
    page.locator("#status-select").select_option("CONTACTED")
    page.locator("#lead-status button[type=submit]").click()
    page.locator("#timeline li").first.wait_for()

    # The email preview: a sandboxed iframe whose inline styles are allowed by hash.
    visit(page, f"/admin/emails/{staff_world['email']}")
    iframe = page.locator("iframe.email-preview")
    assert iframe.get_attribute("sandbox") == ""
    box = iframe.bounding_box()
    assert box is not None and box["height"] >= 300  # admin.css: min-height 24rem
    brand = page.frame_locator("iframe.email-preview").locator("p", has_text="MADFAM").first
    brand.wait_for()
    assert brand.evaluate("el => getComputedStyle(el).color") == "rgb(91, 43, 224)"
    assert page.console_errors == []
