"""The landing page in a real browser: htmx active from the vendored copy, no errors."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_landing_page_loads_with_htmx_and_no_console_errors(page):
    requests = []
    page.on("request", lambda req: requests.append(req.url))
    response = page.goto("/es/")
    assert response.status == 200
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => typeof htmx.ajax") == "function"
    assert any(re.search(r"/static/vendor/htmx\.min\.[0-9a-f]{12}\.js$", url) for url in requests)
    assert not [url for url in requests if not url.startswith(page.url.split("/es/")[0])]
    assert page.locator("nav.nav").is_visible()
    assert page.console_errors == []
