"""The privacy pages in a real browser: footer links, the ARCO form with htmx and without
JavaScript, and no CSP violation on the way."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from madfam.models import EmailQueue, PrivacyRequest

pytestmark = pytest.mark.browser


def _fill(page):
    page.locator("#name").fill("Ana López")
    page.locator("#email").fill("ana@acme.mx")
    page.locator("#right").select_option("ACCESS")
    page.locator("#details").fill("Quiero saber qué datos tienen sobre mí.")
    page.locator("#consent").check()


def test_from_the_footer_to_an_acknowledged_request_with_htmx(page, db):
    page.goto("/es/")
    page.locator("footer.site-footer a[href='/es/privacy/request']").click()
    page.wait_for_url(re.compile(r"/es/privacy/request$"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__marker = 1 }")

    page.locator("#arco-form button[type='submit']").click()  # empty: field errors
    page.locator("#name-error").wait_for()
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    # the browser logs the 422 of the rejected form; nothing else may be logged
    assert all("422" in error for error in page.console_errors), page.console_errors
    page.console_errors.clear()

    _fill(page)
    page.locator("#arco-form button[type='submit']").click()
    thanks = page.locator("#arco-region.thanks")
    thanks.wait_for()
    assert page.evaluate("() => window.__marker") == 1  # swapped in, no page load
    assert page.console_errors == [], page.console_errors

    db.session.expire_all()
    row = db.session.scalar(select(PrivacyRequest))
    assert row.email == "ana@acme.mx" and row.language == "es"
    assert db.session.scalar(select(EmailQueue)).template == "privacy_request_received"


def test_the_form_works_without_javascript(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/en/privacy/request")
        _fill(page)
        page.locator("#arco-form button[type='submit']").click()
        page.wait_for_url(re.compile(r"/en/privacy/request/thanks$"))
        assert page.locator("#arco-region.thanks h2").inner_text() == (
            "We received your privacy request."
        )
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/es/privacy", "/pt/privacy", "/en/terms"])
def test_legal_pages_have_no_csp_violation(page, db, path):
    page.goto(path)
    assert page.locator("footer.site-footer").is_visible()
    assert page.console_errors == [], page.console_errors
