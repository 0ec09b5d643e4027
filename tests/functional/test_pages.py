"""Every blueprint serves a real page inside the shared layout."""

import re

import pytest


@pytest.mark.parametrize(
    "url",
    ["/es/", "/en/", "/pt/", "/es/assessment/", "/es/calculator/", "/admin/login"],
)
def test_page_renders_inside_layout(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<nav class="nav' in html
    assert "vendor/htmx.min." in html
    assert response.headers["Content-Type"].startswith("text/html")
    assert "HX-Request" in response.headers.get("Vary", "")


def test_cdn_htmx_is_pinned_with_sri_and_local_fallback(app, client):
    app.config["HTMX_SOURCE"] = "cdn"
    try:
        html = client.get("/es/").get_data(as_text=True)
    finally:
        app.config["HTMX_SOURCE"] = "local"
    assert 'data-cdn-integrity="sha384-' in html  # the loader adds crossorigin="anonymous"
    assert 'data-cdn-src="https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"' in html
    assert re.search(r'data-local-src="/static/vendor/htmx\.min\.[0-9a-f]{12}\.js"', html)


def test_vendored_htmx_matches_pinned_sri(client):
    import base64
    import hashlib

    from madfam.templating import HTMX_SRI

    response = client.get("/static/vendor/htmx.min.js")
    body = response.data
    response.close()
    digest = base64.b64encode(hashlib.sha384(body).digest()).decode()
    assert f"sha384-{digest}" == HTMX_SRI


def test_tests_load_the_local_htmx(client):
    html = client.get("/es/").get_data(as_text=True)
    assert re.search(
        r'<script src="/static/vendor/htmx\.min\.[0-9a-f]{12}\.js" defer></script>', html
    )
    assert "cdn.jsdelivr.net" not in html


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/es/no-such-page")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)
    assert '<nav class="nav' in response.get_data(as_text=True)


def test_htmx_request_for_missing_page_gets_fragment(client):
    response = client.get("/es/no-such-page", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "<html" not in response.get_data(as_text=True)
    assert 'role="alert"' in response.get_data(as_text=True)


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_every_response_carries_baseline_security_headers(client):
    for url in ("/es/", "/admin/login", "/healthz", "/es/no-such-page"):
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert "X-Frame-Options" not in headers, url  # CSP frame-ancestors replaces it
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert "Strict-Transport-Security" not in headers  # plain HTTP in tests


def test_https_environments_send_hsts(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    headers = client.get("/healthz").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
