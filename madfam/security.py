"""Role guards, secret encryption and IP anonymisation."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from flask import Response, abort, current_app, g, request, url_for
from flask_login import current_user

from madfam.enums import UserRole
from madfam.htmx import is_partial
from madfam.templating import HTMX_CDN_URL
from madfam.text import single_line


def _return_path() -> str | None:
    """Where to come back to after signing in: the page, not the fragment's URL.

    htmx sends the address of the page in HX-Current-URL; the fragment URL itself may
    be POST-only. Only a path on this host is kept.
    """
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    if current.path and current.netloc == request.host:
        return urlunsplit(("", "", current.path, current.query, ""))
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return None


def unauthorized():
    """Send a signed-out user to the login page.

    A normal request is redirected. An htmx fragment request gets 401 with an
    HX-Redirect header instead, so htmx loads the login page as a whole page rather
    than swapping it into the fragment.
    """
    if is_partial():
        target = url_for("admin.login", next=_return_path())
        return Response(status=401, headers={"HX-Redirect": target})
    return current_app.login_manager.unauthorized()


def role_required(role: UserRole) -> Callable:
    """Allow the view only to users whose role includes ``role`` (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        view.required_role = role

        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return unauthorized()
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def content_security_policy(htmx_source: str, style_hashes: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy of a page: nothing inline, nothing evaluated.

    Scripts, styles, images and fetches come from this origin only; the pinned htmx file
    on the CDN is the one outside script, and only when the page loads it
    (``HTMX_SOURCE=cdn``). ``frame-ancestors 'none'`` replaces X-Frame-Options.
    ``style_hashes`` admit exact inline styles (the email preview, see
    :func:`allow_inline_styles`), never inline styles in general.
    """
    script_src = "'self'" + (f" {HTMX_CDN_URL}" if htmx_source == "cdn" else "")
    style_src = "'self'"
    if style_hashes:
        style_src += " 'unsafe-hashes' " + " ".join(style_hashes)
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {script_src}",
            f"style-src {style_src}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class _InlineStyles(HTMLParser):
    """Collects the text of every ``style`` attribute and ``<style>`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.styles.extend(value for name, value in attrs if name == "style" and value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def inline_style_hashes(html: str) -> tuple[str, ...]:
    """CSP hash sources (``'sha256-…'``) of the inline styles in ``html``, sorted."""
    parser = _InlineStyles()
    parser.feed(html)
    parser.close()
    digests = {
        base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        for style in parser.styles
    }
    return tuple(f"'sha256-{digest}'" for digest in sorted(digests))


def allow_inline_styles(html: str) -> None:
    """Let this response's page apply exactly the inline styles of ``html``.

    For the admin email preview: an email carries its styles inline (mail clients need
    them), and a sandboxed ``srcdoc`` iframe inherits the policy of its page.
    """
    g.csp_style_hashes = tuple(sorted({*g.get("csp_style_hashes", ()), *inline_style_hashes(html)}))


def add_security_headers(response):
    """Baseline headers on every response; a view may set its own stricter value."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(current_app.config["HTMX_SOURCE"], g.get("csp_style_hashes", ())),
    )
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # staging and production: HTTPS
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


def no_store(response):
    """Staff pages hold personal data: no browser or proxy may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _daily_salt(day: str) -> bytes:
    """A salt derived from SECRET_KEY and the UTC date: it changes every day."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"ip-salt:" + day.encode(), hashlib.sha256).digest()


def hash_ip(ip: str | None, now: datetime | None = None) -> str | None:
    """A keyed hash of an IP address that rotates daily; the address cannot be recovered."""
    if not ip:
        return None
    day = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    return hmac.new(_daily_salt(day), ip.encode(), hashlib.sha256).hexdigest()


def truncate_user_agent(ua: str | None, limit: int = 256) -> str | None:
    return single_line(ua)[:limit] or None if ua else None


def hash_token(token: str) -> str:
    """Session tokens are stored only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def visitor_hash(
    ip: str | None, user_agent: str | None, site: str, now: datetime | None = None
) -> str:
    """The day's anonymous visitor id: a keyed hash of (address, user agent, site) under
    a salt that changes every UTC day, as Plausible counts visitors without cookies.

    The same browser on the same address gets the same id all day (a visit can be
    followed through the funnel) and a new one tomorrow; no cookie is set and neither
    the address nor the user agent can be read back from it.
    """
    day = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    message = "\n".join(("visitor", site, ip or "", user_agent or "")).encode()
    return hmac.new(_daily_salt(day), message, hashlib.sha256).hexdigest()[:32]
