"""The visitor's request, reduced to what services may store.

First-touch attribution: UTM parameters (and ``ref``) on the URL a visitor lands
with are kept in their session until they submit something, even pages later.
A later landing with new parameters is kept as the last touch.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request, session

from madfam.api_errors import is_api_path
from madfam.rules.page_views import wants_no_tracking
from madfam.security import hash_ip, truncate_user_agent, visitor_hash
from madfam.services.context import Visit
from madfam.text import single_line

ATTRIBUTION_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "ref")
MAX_PARAM_LENGTH = 100


def _capture_attribution() -> None:
    # The Leads API's utm_campaign is a filter, and the API keeps no session.
    if request.method != "GET" or not request.args or is_api_path(request.path):
        return
    found = {
        key: value
        for key in ATTRIBUTION_PARAMS
        if (value := single_line(request.args.get(key, ""))[:MAX_PARAM_LENGTH])
    }
    if not found:
        return
    if "first_touch" not in session:
        session["first_touch"] = found
    session["last_touch"] = found


def client_ip() -> str | None:
    """The client address; behind a proxy configure ProxyFix so remote_addr is right."""
    return request.remote_addr


def tracking_refused() -> bool:
    """The browser asks not to be tracked (``DNT: 1`` or ``Sec-GPC: 1``)."""
    return wants_no_tracking(request.headers.get("DNT"), request.headers.get("Sec-GPC"))


def visitor_id() -> str:
    """This visitor's anonymous id for today (no cookie): see ``security.visitor_hash``."""
    found = g.get("_visitor_id")
    if found is None:
        found = g._visitor_id = visitor_hash(
            client_ip(), request.headers.get("User-Agent"), current_app.config["SITE_URL"]
        )
    return found


def current_visit() -> Visit:
    """Facts about this request for a service: hashed IP, truncated UA, first touch."""
    return Visit(
        ip_hash=hash_ip(client_ip()),
        user_agent=truncate_user_agent(request.headers.get("User-Agent")),
        url=single_line(request.url)[:2000],
        referrer=single_line(request.referrer or "")[:2000] or None,
        session_id=visitor_id(),
        tracking_refused=tracking_refused(),
        locale=g.get("lang") or "es",
        utm=dict(session.get("first_touch") or {}),
    )


def last_touch() -> dict[str, str]:
    return dict(session.get("last_touch") or {})


def init_app(app: Flask) -> None:
    app.before_request(_capture_attribution)
