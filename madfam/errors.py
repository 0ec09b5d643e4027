"""Error pages: fragment-aware, translated, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from madfam.api_errors import error_response, is_api_path
from madfam.htmx import is_partial
from madfam.i18n import LANGUAGES

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("We could not understand that request. Please check it and try again."),
    ),
    403: (_l("Access denied"), _l("You do not have permission to do that.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("That action is not available here.")),
    413: (_l("Too large"), _l("What you sent is too large. Please shorten it and try again.")),
    429: (
        _l("Too many requests"),
        _l("You have made too many requests. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred on our side. Please try again in a moment."),
    ),
}
UNAVAILABLE_MESSAGE = (
    _l("Temporarily unavailable"),
    _l("The site is temporarily unavailable. Please try again in a few minutes."),
)
# Seconds a client is asked to wait before trying again after an outage (Retry-After).
RETRY_AFTER_SECONDS = 30
# What an unreachable database or Redis raises; DBAPIError only when the connection broke.
OUTAGE_ERRORS = (DBAPIError, PoolTimeoutError, RedisConnectionError, RedisTimeoutError)
CSRF_MESSAGE = (
    _l("Your session has expired"),
    _l("The form was open for too long or was already sent. Please reload the page and try again."),
)


def _adopt_url_language() -> None:
    """A page under /<lang>/ that matched no route (404) is still a public page in that
    language: its navigation and language switcher stay in the visitor's language."""
    if not g.get("lang"):
        first = request.path.lstrip("/").split("/", 1)[0]
        if first in LANGUAGES:
            g.lang = first


def render_error(status: int, title, message):
    if is_api_path(request.path):  # the Leads API answers in JSON, also for unknown URLs
        return error_response(status)
    _adopt_url_language()
    template = "errors/_error.html" if is_partial() else "errors/error.html"
    return render_template(template, status=status, title=title, message=message), status


def handle_http_error(exc: HTTPException):
    status = exc.code or 500
    if status in (301, 302, 303, 307, 308):
        return exc
    title, message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return render_error(status, title, message)


def handle_csrf_error(exc: CSRFError):
    return render_error(400, *CSRF_MESSAGE)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http_error(exc)
    log.exception("unhandled error")
    from madfam.extensions import db

    db.session.rollback()
    return render_error(500, *MESSAGES[500])


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` says a backing service cannot be reached, not that a query is wrong."""
    if isinstance(exc, DBAPIError):
        return isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated
    return isinstance(exc, OUTAGE_ERRORS)


def handle_outage(exc: Exception):
    """503 with Retry-After and a translated page while the database or Redis is away."""
    if not is_outage(exc):
        return handle_unexpected(exc)
    log.error("service unavailable: %s: %s", type(exc).__name__, str(exc).splitlines()[0][:200])
    from madfam.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection is gone; nothing to roll back
        log.debug("rollback after an outage failed", exc_info=True)
    if "_login_user" not in g:
        # The page is rendered for an anonymous visitor: loading the signed-in user
        # needs the database that just failed.
        current_app.login_manager._update_request_context_with_user()
    response = make_response(render_error(503, *UNAVAILABLE_MESSAGE))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
    for outage in OUTAGE_ERRORS:
        app.register_error_handler(outage, handle_outage)
