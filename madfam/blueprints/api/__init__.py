"""The Leads API under /api/v1: bearer tokens, JSON errors with stable codes.

Authentication is a bearer token in the Authorization header, never a cookie, so the
API is exempt from CSRF: a forged cross-site request cannot carry the token.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, request
from werkzeug.exceptions import HTTPException

from madfam.api_errors import error_response
from madfam.extensions import csrf, limiter, rate_limit_key
from madfam.services import api_tokens

bp = Blueprint("api", __name__)
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}
DEFAULT_RATE_LIMIT = "120/minute"


class ApiError(Exception):
    def __init__(self, status: int, code: str | None = None, message: str | None = None):
        super().__init__(code or status)
        self.status, self.code, self.message = status, code, message


def _bearer() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def current_token():
    """(token, user) of this request's valid bearer token, or None; looked up once."""
    secret = _bearer()
    cached = g.get("api_auth")
    if cached is None or cached[0] != secret:
        g.api_auth = (secret, api_tokens.authenticate(secret) if secret else None)
    return g.api_auth[1]


def rate_key() -> str:
    """Each token has its own allowance; requests without a valid one count by address."""
    found = current_token()
    return f"api-token:{found[0].id}" if found else f"api-anon:{rate_limit_key()}"


def rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


limiter.limit(rate_limit, key_func=rate_key)(bp)


@bp.before_request
def require_token():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        return error_response(413)
    if _bearer() is None:
        return _challenge("missing_token", "Send Authorization: Bearer <token>.")
    if current_token() is None:
        return _challenge("invalid_token", "The token is unknown or revoked.")
    return None


def _challenge(code: str, message: str):
    """401 with the RFC 6750 challenge naming the scheme."""
    response, status = error_response(401, code, message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response, status


def require_write() -> None:
    if current_token()[0].scope != "write":
        raise ApiError(403, "insufficient_scope", "This token may only read.")


@bp.errorhandler(ApiError)
def api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return error_response(exc.code or 500)


@bp.after_request
def no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


from madfam.blueprints.api import leads, openapi  # noqa: E402, F401
