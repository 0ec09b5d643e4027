"""The unsubscribe page and the integration form's event choice in a real browser:
axe (WCAG 2 A/AA) finds nothing in the light or the dark scheme, one h1 each, and
unsubscribing works by keyboard without JavaScript."""

from __future__ import annotations

import pytest

from madfam.delivery.unsubscribe import unsubscribe_token
from madfam.enums import UserRole
from madfam.extensions import db as _db
from madfam.models import Lead
from tests.browser_checks import assert_accessible
from tests.factories import make_integration, make_lead
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_unsubscribe_pages_are_accessible(browser, live_server, db, scheme):
    lead = make_lead(email="ana@acme.mx", marketing_consent=True)
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"/es/unsubscribe/{unsubscribe_token(lead.id)}")
        assert_accessible(page)
        page.get_by_role("button", name="Darme de baja").click()
        page.get_by_role("status").wait_for()
        assert_accessible(page)
    finally:
        context.close()


def test_unsubscribe_by_keyboard_without_javascript(browser, live_server, db):
    lead = make_lead(email="ana@acme.mx", marketing_consent=True)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/pt/unsubscribe/{unsubscribe_token(lead.id)}")
        page.get_by_role("button", name="Cancelar minha inscrição").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("status").is_visible()
    finally:
        context.close()
    _db.session.expire_all()
    assert _db.session.get(Lead, lead.id).marketing_consent is False


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_integration_form_is_accessible(browser, live_server, db, make_user, scheme):
    admin = make_user(UserRole.ADMIN)
    integration = make_integration(name="n8n")
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto("/admin/login")
        page.locator("input[name=email]").fill(admin.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url("**/admin/")
        page.goto(f"/admin/integrations/{integration.id}")
        assert page.get_by_role("group", name="Eventos que recibe").is_visible()
        assert page.get_by_label("lead.qualified").is_checked()
        assert_accessible(page)
    finally:
        context.close()
