"""Role guards, secret encryption and IP anonymisation."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from flask import Response, abort, current_app, request, url_for
from flask_login import current_user

from madfam.enums import UserRole
from madfam.htmx import is_partial
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
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def add_security_headers(response):
    """Baseline headers on every response; a view may set its own stricter value."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # staging and production: HTTPS
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
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
