"""The dashboard and the flags admin pass axe (WCAG 2 A and AA) in both colour schemes,
on a phone and a desktop, and the flags list needs no horizontal page scroll."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from madfam.enums import UserRole
from tests.factories import make_event, make_flag, make_lead
from tests.helpers import sign_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(db, make_user):
    user = make_user(UserRole.ADMIN, locale="es")
    make_lead()
    make_event("page.view", session_id="s1", properties={"path": "/es/", "language": "es"})
    make_event("conversion.lead", session_id="s1", properties={})
    make_flag("CHAT_SUPPORT", enabled=True, rollout_percentage=30, user_groups=["staff"])
    return user


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_dashboard_and_flags_pass_axe(page, staff, scheme, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    sign_in_browser(page, staff.email)
    flag_url = None
    for url in ("/admin/", "/admin/flags", "flag"):
        if url == "flag":
            url = flag_url
        page.goto(url)
        if url == "/admin/flags":
            flag_url = page.locator("table.flags-table a").first.get_attribute("href")
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
        )
        found = [
            (v["id"], [n["target"] for n in v["nodes"]][:5]) for v in results.response["violations"]
        ]
        assert found == [], f"{url} ({scheme}, {width}px): {found}"
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_talk_panel_and_reader_comfort_pass_axe_and_open_by_keyboard(page, db, scheme):
    make_flag("CHAT_SUPPORT", enabled=True, rollout_percentage=100)
    make_flag("A11Y_IMPROVEMENTS", enabled=True, rollout_percentage=100)
    page.set_viewport_size({"width": 390, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto("/es/contact")
    assert page.evaluate("document.documentElement.classList.contains('reader-comfort')")
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size == 18
    summary = page.locator(".talk-panel summary")
    summary.focus()
    page.keyboard.press("Enter")
    whatsapp = page.locator(".talk-panel a[href^='https://wa.me/']")
    assert whatsapp.is_visible()
    assert page.locator(".talk-panel a[href^='mailto:']").is_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    found = [
        (v["id"], [n["target"] for n in v["nodes"]][:5]) for v in results.response["violations"]
    ]
    assert found == []
    assert page.console_errors == []
