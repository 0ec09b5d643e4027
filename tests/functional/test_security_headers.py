"""Content-Security-Policy on every response, and markup that needs nothing inline.

The policy allows no inline script or style and no eval, so the templates must not
carry ``<style>``, ``style=``, inline ``<script>``, ``on…=`` or ``hx-on`` attributes:
a static scan of every page template catches them before a browser does.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from madfam.extensions import db as _db
from madfam.models import EmailQueue
from madfam.security import content_security_policy, inline_style_hashes
from madfam.templating import HTMX_CDN_URL

TEMPLATES = Path(__file__).resolve().parents[2] / "madfam" / "templates"
PUBLIC_PAGES = (
    "/{lang}/",
    "/{lang}/contact",
    "/{lang}/assessment/",
    "/{lang}/calculator/",
    "/{lang}/calculator/roi?employees=10&salary=300000&lost_pct=20",
    "/{lang}/calculator/estimate?project_type=ai_workshop",
    "/{lang}/no-such-page",
    "/{lang}/services/l2-advanced",
    "/{lang}/about",
)
DATA_BLOCKS = {"application/ld+json"}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request.path}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(directives: dict[str, list[str]], label: str) -> None:
    assert directives["default-src"] == ["'self'"], label
    assert directives["object-src"] == ["'none'"], label
    assert directives["base-uri"] == ["'none'"], label
    assert directives["form-action"] == ["'self'"], label
    assert directives["frame-ancestors"] == ["'none'"], label
    everything = [value for values in directives.values() for value in values]
    assert "'unsafe-inline'" not in everything, label
    assert "'unsafe-eval'" not in everything, label


class InlineCode(HTMLParser):
    """Finds what a strict CSP refuses: inline scripts and styles, handlers, hx-on."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        # A JSON-LD data block is never executed, so CSP does not apply to it.
        if tag == "script" and not names.get("src") and names.get("type") not in DATA_BLOCKS:
            self.found.append("inline <script>")
        for name, _ in attrs:
            if name == "style" or name.startswith(("on", "hx-on", "data-hx-on")):
                self.found.append(f"{tag} {name}=")


def inline_code(markup: str) -> list[str]:
    parser = InlineCode()
    parser.feed(markup)
    return parser.found


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_public_pages_send_a_strict_policy_and_carry_nothing_inline(client, lang):
    for url in (u.format(lang=lang) for u in PUBLIC_PAGES):
        response = client.get(url)
        directives = policy(response)
        assert_strict(directives, url)
        assert directives["script-src"] == ["'self'"], url  # HTMX_SOURCE=local in tests
        assert directives["style-src"] == ["'self'"], url
        assert "X-Frame-Options" not in response.headers, url
        assert inline_code(response.get_data(as_text=True)) == [], url


def test_every_response_carries_the_policy(client):
    for url in ("/healthz", "/static/css/site.css", "/admin/login", "/", "/favicon.ico"):
        with client.get(url) as response:
            assert_strict(policy(response), url)


def test_the_cdn_url_is_allowed_only_when_the_page_loads_htmx_from_it(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "HTMX_SOURCE", "cdn")
    response = client.get("/es/")
    assert policy(response)["script-src"] == ["'self'", HTMX_CDN_URL]
    assert f'data-cdn-src="{HTMX_CDN_URL}"' in response.get_data(as_text=True)  # the loader's
    assert HTMX_CDN_URL.startswith("https://") and "@" in HTMX_CDN_URL  # a pinned version
    assert HTMX_CDN_URL not in content_security_policy("local")


def test_htmx_evaluates_nothing_and_injects_no_styles(client):
    page = client.get("/es/").get_data(as_text=True)
    match = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert match, "no htmx-config meta"
    config = json.loads(htmllib.unescape(match.group(1)))
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    with client.get("/static/css/site.css") as response:
        site_css = response.get_data(as_text=True)
    assert ".htmx-request .htmx-indicator" in site_css  # the styles htmx no longer injects


def test_no_page_template_carries_inline_script_or_style():
    offenders = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.relative_to(TEMPLATES).parts[0] == "emails":
            continue  # emails style themselves inline; the admin preview hashes them
        found = inline_code(path.read_text())
        if found:
            offenders[str(path.relative_to(TEMPLATES))] = found
    assert offenders == {}


def test_inline_style_hashes_are_csp_sha256_sources():
    markup = '<p style="color: red;">a</p><p style="color: red;">b</p><style>p{}</style>'
    digest = base64.b64encode(hashlib.sha256(b"color: red;").digest()).decode()
    hashes = inline_style_hashes(markup)
    assert f"'sha256-{digest}'" in hashes
    assert len(hashes) == 2  # one per distinct style


def test_the_email_preview_page_admits_exactly_the_emails_styles(admin_client, db):
    row = EmailQueue(
        to=["ana@example.com"], subject="Thank you", template="welcome",
        data={"first_name": "Ana", "locale": "en"}, status="pending",
    )  # fmt: skip
    _db.session.add(row)
    _db.session.commit()
    response = admin_client.get(f"/admin/emails/{row.id}")
    assert response.status_code == 200
    directives = policy(response)
    assert_strict(directives, "email preview")
    page = response.get_data(as_text=True)
    iframe = re.search(r"<iframe [^>]*\bsandbox srcdoc=\"([^\"]*)\"", page)
    assert iframe, "the preview is no longer a sandboxed srcdoc iframe"
    email_html = htmllib.unescape(iframe.group(1))
    hashes = inline_style_hashes(email_html)
    assert hashes  # the email does style itself inline
    assert directives["style-src"] == ["'self'", "'unsafe-hashes'", *hashes]
    # Only the page with a preview is widened.
    assert policy(admin_client.get("/admin/emails"))["style-src"] == ["'self'"]
