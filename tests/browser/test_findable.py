"""Service, about and 404 pages in Chromium: the JSON-LD data blocks raise no CSP
violation, the pages fit a phone's width, and the FAQ opens from the keyboard."""

from __future__ import annotations

import json

import pytest

from madfam.enums import ServiceTier
from madfam.seo import level_slug

pytestmark = pytest.mark.browser

PAGES = (
    "/{lang}/",
    "/{lang}/about",
    *(f"/{{lang}}/services/{level_slug(tier)}" for tier in ServiceTier),
)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pages_with_json_ld_raise_no_csp_violation(page, lang):
    for url in (u.format(lang=lang) for u in PAGES):
        response = page.goto(url)
        assert response.status == 200, url
        blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
        assert blocks, url
        for block in blocks:
            json.loads(block)
        assert page.console_errors == [], (url, page.console_errors)


@pytest.mark.parametrize(
    "url", ["/es/about", "/es/services/l5-strategic", "/pt/services/l1-essentials"]
)
def test_pages_fit_a_phone_screen(page, url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (url, overflow)


def test_the_faq_opens_from_the_keyboard(page):
    page.goto("/en/services/l3-consulting")
    first = page.locator(".faq summary").first
    first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".faq details").first.get_attribute("open") is not None
    assert page.locator(".faq details p").first.is_visible()


def test_404_page_switches_language(page):
    response = page.goto("/en/no-such-page")
    assert response.status == 404
    page.console_errors.clear()  # Chromium logs the 404 of the document itself
    page.locator(".lang-switch a[hreflang='pt']").click()
    page.wait_for_url("**/pt/")
    assert page.locator("html").get_attribute("lang") == "pt"
