"""The Leads API's error body: ``{"error": {"code": ..., "message": ...}}`` with stable codes."""

from __future__ import annotations

from flask import jsonify

API_PREFIX = "/api/"

# The code each HTTP status answers with when the view gives none of its own.
CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("invalid_token", "A valid bearer token is required."),
    403: ("insufficient_scope", "The token's scope does not allow this."),
    404: ("not_found", "No such resource."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: ("conflict", "The request conflicts with another one."),
    413: ("too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send the body as application/json."),
    422: ("validation_failed", "The request body is not valid."),
    429: ("rate_limited", "Too many requests for this token; wait and retry."),
    500: ("server_error", "An unexpected error occurred."),
    503: ("unavailable", "The service is temporarily unavailable."),
}


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def error_response(status: int, code: str | None = None, message: str | None = None, **extra):
    default_code, default_message = CODES.get(status, CODES[400 if status < 500 else 500])
    body = {"code": code or default_code, "message": message or default_message, **extra}
    return jsonify({"error": body}), status
