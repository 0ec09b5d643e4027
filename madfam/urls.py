"""Absolute URLs from ``SITE_URL``, never from the request; the hosts the site answers.

Links that leave the page (emails, canonical and hreflang, the sitemap, Open Graph) are
built on the configured origin, so a forged ``Host`` or ``X-Forwarded-Host`` header can
neither put an attacker's domain into an email nor into a cached page. Requests for a
host that is not ``SITE_URL``'s (or listed in ``ALLOWED_HOSTS``; development and tests
also answer on localhost) are refused with 400 through Flask's ``TRUSTED_HOSTS``.

``absolute_url`` works in a request and outside one (an RQ job, a CLI command).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, has_request_context, request, url_for
from werkzeug.exceptions import SecurityError

LOCAL_HOSTS = ("localhost", "127.0.0.1")
LOCAL_ENVIRONMENTS = ("development", "testing")


def site_url() -> str:
    """The public origin, e.g. ``https://madfam.io`` (no trailing slash)."""
    return current_app.config["SITE_URL"]


def absolute(path: str) -> str:
    """``SITE_URL`` + ``path`` (a path on this site, starting with ``/``)."""
    if not path.startswith("/"):
        raise ValueError(f"not a path on this site: {path!r}")
    return site_url() + path


def absolute_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` on ``SITE_URL``; extra values become the query.

    In a request, relative endpoints (``.results``) and the page's language apply as
    with ``url_for``; outside one, the language defaults to Spanish unless given.
    """
    if has_request_context():
        return absolute(url_for(endpoint, **values))
    app = current_app
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind("localhost", script_name=app.config["APPLICATION_ROOT"])
    return absolute(adapter.build(endpoint, values))


def trusted_hosts(config) -> list[str]:
    """SITE_URL's host, ALLOWED_HOSTS and, in development and tests, localhost."""
    hosts = [urlsplit(config["SITE_URL"]).hostname, *config["ALLOWED_HOSTS"]]
    if config["APP_ENV"] in LOCAL_ENVIRONMENTS:
        hosts += LOCAL_HOSTS
    return list(dict.fromkeys(hosts))


def refuse_untrusted_host():
    """400 for a Host header the site does not serve, before anything reads the request.

    Flask records the refused host as the routing error; answering here, first, keeps
    every later hook (CSRF, sessions, templates that build URLs) from touching it.
    """
    if isinstance(request.routing_exception, SecurityError):
        return Response("Bad request: unknown host\n", 400, mimetype="text/plain")
    return None


def init_app(app: Flask) -> None:
    if app.config["TRUSTED_HOSTS"] is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.before_request(refuse_untrusted_host)
    app.jinja_env.globals.update(absolute_url=absolute_url, site_url=site_url)
