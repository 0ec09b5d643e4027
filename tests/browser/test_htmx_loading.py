"""htmx always starts with HTMX_SOURCE=cdn: when the CDN fails, stalls or answers late.

Each load is a fresh browser context (a cold cache, like a first visit). htmx counts as
started when it fires ``htmx:load`` on the body, which it does once it has read its
configuration and processed the page; it must do so within a second of
DOMContentLoaded, exactly once, and then work (the contact form's inline validation).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from madfam.templating import HTMX_CDN_URL
from tests.conftest import CSP_LISTENER

pytestmark = pytest.mark.browser

LOADS = 20
READY_WITHIN_MS = 1000
VENDORED = Path(__file__).resolve().parents[2] / "madfam/static/vendor/htmx.min.js"
DNS_ERROR = "net::ERR_NAME_NOT_RESOLVED"

WATCH_HTMX = """
window.__htmxStarts = 0;
document.addEventListener("htmx:load", (event) => {
  if (event.target !== document.body) return;
  window.__htmxStarts += 1;
  window.__htmxReadyAt = window.__htmxReadyAt || performance.now();
  window.__firstHtmx = window.__firstHtmx || window.htmx;
});
"""


@pytest.fixture
def cdn_pages(app, browser, live_server, db, monkeypatch):
    """Opens the contact page in a fresh context whose CDN requests go to ``handler``."""
    monkeypatch.setitem(app.config, "HTMX_SOURCE", "cdn")
    contexts = []

    def open_page(handler):
        context = browser.new_context(base_url=live_server.url, locale="es-MX")
        contexts.append(context)
        context.add_init_script(CSP_LISTENER)
        context.add_init_script(WATCH_HTMX)
        context.route(HTMX_CDN_URL, handler)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.local_requests = []
        page.on(
            "request",
            lambda req: "/static/vendor/htmx.min." in req.url and page.local_requests.append(req),
        )
        page.goto("/es/contact", wait_until="domcontentloaded")
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_htmx_started_once_and_works(page) -> None:
    page.wait_for_function("() => window.__htmxReadyAt !== undefined", timeout=5000)
    ready_at, content_loaded_at = page.evaluate(
        "() => [window.__htmxReadyAt,"
        " performance.getEntriesByType('navigation')[0].domContentLoadedEventStart]"
    )
    assert ready_at - content_loaded_at < READY_WITHIN_MS
    assert page.evaluate("() => htmx.config.allowEval") is False  # its meta config was read
    email = page.locator("#email")
    email.fill("ana@acme")
    email.press("Tab")  # hx-post validates the field on the server and swaps the error in
    page.locator("#field-email .field-error").wait_for(timeout=3000)
    assert page.evaluate("() => window.__htmxStarts") == 1
    assert page.evaluate("() => window.htmx === window.__firstHtmx")


def test_htmx_starts_from_the_local_copy_when_the_cdn_name_does_not_resolve(cdn_pages):
    for _ in range(LOADS):
        page = cdn_pages(lambda route: route.abort("namenotresolved"))
        assert_htmx_started_once_and_works(page)
        assert len(page.local_requests) == 1
        assert [e for e in page.errors if DNS_ERROR not in e] == []
        page.context.close()


def test_htmx_starts_from_the_local_copy_when_the_cdn_stalls(cdn_pages):
    stalled = []
    for _ in range(LOADS):
        page = cdn_pages(lambda route: stalled.append(route))  # never answered
        assert_htmx_started_once_and_works(page)
        assert len(page.local_requests) == 1
        assert page.errors == []
        page.context.close()
    assert len(stalled) >= LOADS


def test_a_cdn_copy_arriving_late_does_not_start_htmx_twice(cdn_pages):
    held = []
    page = cdn_pages(lambda route: held.append(route))
    assert_htmx_started_once_and_works(page)
    held[0].fulfill(
        status=200,
        body=VENDORED.read_bytes(),
        headers={"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"},
    )
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__htmxStarts") == 1
    assert page.evaluate("() => window.htmx === window.__firstHtmx")
    assert page.locator(f'script[src="{HTMX_CDN_URL}"]').count() == 0
    assert page.errors == []


def test_htmx_comes_from_the_cdn_when_it_answers(cdn_pages):
    def serve(route):
        route.fulfill(
            status=200,
            body=VENDORED.read_bytes(),
            headers={"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"},
        )

    page = cdn_pages(serve)
    assert_htmx_started_once_and_works(page)
    assert page.locator(f'script[src="{HTMX_CDN_URL}"][integrity^="sha384-"]').count() == 1
    assert page.local_requests == []
    assert page.errors == []
