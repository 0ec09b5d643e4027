"""The API token pages in a real browser: axe (WCAG 2 A/AA) finds nothing in the light
or the dark scheme, one h1 each; a token is created and revoked by keyboard without
JavaScript."""

from __future__ import annotations

import pytest

from madfam.enums import UserRole
from madfam.extensions import db as _db
from madfam.models import ApiToken
from tests.browser_checks import assert_accessible
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def _admin_page(browser, live_server, make_user, **options):
    """A new browser context signed in as an ADMIN, and its page."""
    admin = make_user(UserRole.ADMIN)
    context = browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    page.goto("/admin/login")
    page.locator("input[name=email]").fill(admin.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_token_pages_are_accessible(browser, live_server, db, make_user, scheme):
    context, page = _admin_page(browser, live_server, make_user, color_scheme=scheme)
    try:
        page.goto("/admin/api-tokens")
        assert_accessible(page)
        page.goto("/admin/api-tokens/new")
        assert_accessible(page)
        page.get_by_label("Nombre").fill("n8n")
        page.get_by_label("Alcance").select_option("write")
        page.get_by_role("button", name="Crear token").click()
        assert page.get_by_label("Token").input_value().startswith("mfk_")
        assert_accessible(page)
        page.goto("/admin/api-tokens")
        page.get_by_role("link", name="Revocar n8n").click()
        assert_accessible(page)
    finally:
        context.close()


def test_create_and_revoke_by_keyboard_without_javascript(browser, live_server, db, make_user):
    context, page = _admin_page(browser, live_server, make_user, java_script_enabled=False)
    try:
        page.goto("/admin/api-tokens/new")
        page.get_by_label("Nombre").fill("crm")
        page.get_by_role("button", name="Crear token").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.goto("/admin/api-tokens")
        page.get_by_role("link", name="Revocar crm").click()
        page.get_by_role("button", name="Revocar token").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Revocado" in page.content()
    finally:
        context.close()
    _db.session.expire_all()
    assert _db.session.query(ApiToken).one().revoked_at is not None
