"""Error pages: fragment-aware, translated, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from madfam.htmx import is_partial

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
CSRF_MESSAGE = (
    _l("Your session has expired"),
    _l("The form was open for too long or was already sent. Please reload the page and try again."),
)


def render_error(status: int, title, message):
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


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
