"""The design system in a real browser: the header menu on small and wide screens, with
and without JavaScript; no page scrolls sideways on a phone; AA contrast in both schemes."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import CSP_LISTENER
from tests.site_pages import public_urls

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_page(browser, live_server, db):
    """open_page(path, viewport=..., scheme=..., javascript=...) → a loaded page whose
    console errors (CSP violations included) are collected in ``page.console_errors``."""
    contexts = []

    def open_(path, viewport=PHONE, scheme="light", javascript=True, status=200):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            color_scheme=scheme,
            java_script_enabled=javascript,
            locale="es-MX",
        )
        contexts.append(context)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        response = page.goto(path)
        assert status is None or response.status == status, path
        # The favicon is fetched after "load": let it finish before the test closes the page.
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()  # a no-op for a context the test closed itself


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_menu_collapses_on_a_phone_and_opens_by_click_or_keyboard(open_page, javascript):
    page = open_page("/es/", javascript=javascript)
    toggle = page.locator("summary.menu-toggle")
    contact = page.locator(".nav-links a", has_text="Contacto")
    assert toggle.is_visible()
    assert not contact.is_visible()
    assert not page.locator(".lang-switch a[hreflang='en']").is_visible()

    toggle.click()
    assert contact.is_visible()
    assert page.locator(".lang-switch a[hreflang='en']").is_visible()
    toggle.click()
    assert not contact.is_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    assert contact.is_visible()
    contact.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/es/contact")
    assert page.console_errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_wide_screens_show_the_links_without_a_toggle(open_page, javascript):
    page = open_page("/en/", viewport=DESKTOP, javascript=javascript)
    assert not page.locator("summary.menu-toggle").is_visible()
    for name in ("Services", "AI assessment", "Calculators", "Contact"):
        assert page.locator(".nav-links a", has_text=name).is_visible()
    assert page.locator(".lang-switch a[hreflang='pt']").is_visible()


def test_no_public_page_scrolls_sideways_on_a_phone(app, open_page):
    overflowing = {}
    for template in public_urls(app):
        for lang in ("es", "en", "pt"):
            url = template.format(lang=lang)
            page = open_page(url, status=None)  # the 404 and 422 pages count too
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                overflowing[url] = extra
            page.context.close()
    assert not overflowing, overflowing


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/es/", "/en/contact"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_text_contrast_is_aa_in_both_schemes(open_page, path, scheme, viewport):
    page = open_page(path, viewport=viewport, scheme=scheme)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    assert results.violations_count == 0, (
        results.generate_snapshot()
        + "\n"
        + str([n["target"] for v in results.response["violations"] for n in v["nodes"]][:10])
    )


def test_dark_scheme_changes_the_palette(open_page):
    light = open_page("/es/", viewport=DESKTOP, scheme="light")
    dark = open_page("/es/", viewport=DESKTOP, scheme="dark")
    background = "getComputedStyle(document.body).backgroundColor"
    assert light.evaluate(background) != dark.evaluate(background)
