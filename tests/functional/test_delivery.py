"""Fast delivery: compressed responses, content-hashed static URLs, a small script budget."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import brotli
import pytest

from madfam.assets import IMMUTABLE, SHORT_CACHE

STATIC_URL = re.compile(r'(?:src|href|data-local-src)="(/static/[^"]+)"')
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}(\.[a-z0-9]+)?$")


def static_urls(html: str) -> list[str]:
    return STATIC_URL.findall(html)


def get(client, url: str, encoding: str | None = None):
    headers = {"Accept-Encoding": encoding} if encoding is not None else {}
    with client.get(url, headers=headers) as response:
        response.body = response.get_data()
    return response


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.body)
    if encoding == "gzip":
        return gzip.decompress(response.body)
    assert encoding is None, encoding
    return response.body


@pytest.fixture
def landing_assets(client) -> dict[str, str]:
    """The landing page and the stylesheet and scripts it references."""
    html = get(client, "/es/").body.decode()
    urls = static_urls(html)
    return {
        "html": "/es/",
        "css": next(u for u in urls if "/css/site." in u),
        "js": next(u for u in urls if "/vendor/htmx.min." in u),
    }


@pytest.mark.parametrize("kind", ["html", "css", "js"])
def test_text_is_compressed_with_brotli_or_gzip_as_accepted(client, landing_assets, kind):
    url = landing_assets[kind]
    plain = get(client, url)
    assert "Content-Encoding" not in plain.headers  # nothing asked, nothing compressed
    assert len(plain.body) > 1000

    for accepted, expected in (
        ("gzip, deflate, br, zstd", "br"),  # what browsers send: Brotli wins
        ("br", "br"),
        ("gzip", "gzip"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
    ):
        response = get(client, url, accepted)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == expected, (url, accepted)
        assert int(response.headers["Content-Length"]) == len(response.body) < len(plain.body)
        vary = {v.strip() for v in response.headers["Vary"].split(",")}
        assert {"Accept-Encoding", "HX-Request"} <= vary
        if kind != "html":  # a page carries a fresh CSRF token each time
            assert decoded(response) == plain.body


def test_htmx_fragments_are_compressed_too(client):
    response = client.get(
        "/es/calculator/roi?employees=50&salary=40000&lost_pct=20&recovery_pct=60&investment=60000",
        headers={"HX-Request": "true", "Accept-Encoding": "br"},
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    body = brotli.decompress(response.get_data()).decode()
    assert "<html" not in body
    assert {"Accept-Encoding", "HX-Request"} <= {
        v.strip() for v in response.headers["Vary"].split(",")
    }


def test_tiny_responses_are_not_compressed(client):
    favicon = get(client, static_urls(get(client, "/es/").body.decode())[0], "br")
    assert favicon.mimetype == "image/svg+xml" and len(favicon.body) < 500
    assert "Content-Encoding" not in favicon.headers
    health = get(client, "/healthz", "br, gzip")
    assert health.mimetype == "application/json"
    assert "Content-Encoding" not in health.headers
    assert "Accept-Encoding" in health.headers["Vary"]


@pytest.fixture
def static_dir(app, tmp_path, monkeypatch):
    """The app serves its static files from an empty temporary folder."""
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    return tmp_path


def static_url(app, filename: str) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for("static", filename=filename)


def test_already_compressed_types_are_sent_as_they_are(app, client, static_dir):
    (static_dir / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000)
    (static_dir / "font.woff2").write_bytes(b"wOF2" + b"\x00" * 4000)
    for name in ("photo.png", "font.woff2"):
        response = get(client, static_url(app, name), "br, gzip")
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers, name
        assert len(response.body) == 4008 if name == "photo.png" else 4004


def test_the_csv_export_keeps_streaming_uncompressed(viewer_client):
    response = viewer_client.get(
        "/admin/leads/export.csv", headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert response.status_code == 200
    assert response.is_streamed
    assert "Content-Encoding" not in response.headers
    assert "Content-Length" not in response.headers
    assert response.get_data(as_text=True).splitlines()[0].startswith("id,")


def test_every_static_reference_is_hashed_and_served_immutable(client, admin_client):
    pages = ["/es/", "/en/contact", "/pt/assessment/", "/es/calculator/roi", "/admin/login"]
    seen = set()
    for url in pages:
        html = get(client, url).body.decode()
        seen.update(static_urls(html))
    seen.update(static_urls(get(admin_client, "/admin/leads").body.decode()))
    names = {re.sub(r"\.[0-9a-f]{12}", "", urlsplit(u).path) for u in seen}
    assert {
        "/static/img/logo.svg",
        "/static/css/site.css",
        "/static/css/admin.css",
        "/static/css/assessment.css",
        "/static/css/calculator.css",
        "/static/vendor/htmx.min.js",
    } <= names
    for url in seen:
        assert HASHED.match(url), url
        response = get(client, url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url


def test_plain_and_outdated_static_urls_get_a_short_cache(client):
    plain = get(client, "/static/css/site.css")
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == SHORT_CACHE
    outdated = get(client, "/static/css/site.0123456789ab.css")  # a hash from an old deploy
    assert outdated.status_code == 200
    assert outdated.headers["Cache-Control"] == SHORT_CACHE
    assert outdated.body == plain.body


@pytest.mark.parametrize(
    "url",
    ["/static/css/nope.css", "/static/css/nope.0123456789ab.css", "/static/../config.py"],
)
def test_missing_static_files_are_404(client, url):
    assert get(client, url).status_code == 404


def test_an_updated_file_gets_a_new_url(app, client, static_dir):
    path = static_dir / "css" / "page.css"
    path.parent.mkdir()
    path.write_text("body { color: black }\n")
    first = static_url(app, "css/page.css")
    assert HASHED.match(first) and first.startswith("/static/css/page.")
    assert static_url(app, "css/page.css") == first  # stable while the file is unchanged

    path.write_text("body { color: darkslategray }\n")
    second = static_url(app, "css/page.css")
    assert second != first
    fresh = get(client, second)
    assert fresh.headers["Cache-Control"] == IMMUTABLE
    assert fresh.body == b"body { color: darkslategray }\n"
    stale = get(client, first)  # never the old bytes under an immutable header
    assert stale.headers["Cache-Control"] == SHORT_CACHE
    assert stale.body == fresh.body


def test_a_cached_copy_is_revalidated_with_its_etag(client, landing_assets):
    first = get(client, landing_assets["css"], "br")
    again = client.get(
        landing_assets["css"],
        headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    identity = get(client, landing_assets["css"])
    again = client.get(landing_assets["css"], headers={"If-None-Match": identity.headers["ETag"]})
    assert again.status_code == 304


class _HeadTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        self._in_head = self._in_head or tag == "head"
        if tag == "body":
            self._in_head = False
        if self._in_head and tag in ("script", "link"):
            self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("source", ["cdn", "local"])
def test_no_render_blocking_request_and_a_small_script_budget(app, client, monkeypatch, source):
    """Only same-origin deferred scripts and stylesheets in the page; htmx, the loader and
    the focus script stay under 20 kB compressed."""
    monkeypatch.setitem(app.config, "HTMX_SOURCE", source)
    for url in ("/es/", "/es/contact", "/es/calculator/roi", "/admin/login"):
        parser = _HeadTags()
        parser.feed(get(client, url).body.decode())
        scripts = [
            attrs
            for tag, attrs in parser.tags
            if tag == "script" and attrs.get("type") != "application/ld+json"  # data, not code
        ]
        styles = [a for t, a in parser.tags if t == "link" and a.get("rel") == "stylesheet"]
        assert scripts and styles, url
        for attrs in scripts:
            assert "defer" in attrs or "async" in attrs, (url, attrs)
            assert attrs["src"].startswith("/static/"), (url, attrs)
        for attrs in styles:
            assert attrs["href"].startswith("/static/"), (url, attrs)

    html = get(client, "/es/").body.decode()
    scripts = [u for u in static_urls(html) if u.endswith(".js")]
    # the loader (CDN only) or the vendored htmx, and the focus script
    assert len(scripts) == (3 if source == "cdn" else 2)
    total = sum(len(get(client, u, "br").body) for u in scripts)
    assert total < 20_000
    assert sum(len(get(client, u, "gzip").body) for u in scripts) < 20_000


def test_the_stylesheet_asks_for_the_font_the_page_preloads(client):
    html = client.get("/es/").get_data(as_text=True)
    preload = re.search(r'<link rel="preload" href="([^"]+)"', html).group(1)
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+site[^"]+)"', html).group(1)
    css = client.get(stylesheet).get_data(as_text=True)
    fonts = {
        "/static/" + url.removeprefix("../") for url in re.findall(r'url\("([^"]+\.woff2)"\)', css)
    }
    assert fonts == {preload}  # one download, under an immutable hashed URL
    response = client.get(preload)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
