"""Leads API endpoints: list, one lead with its timeline, change status, add a note."""

from __future__ import annotations

import json
from datetime import date
from functools import wraps
from typing import Any

from flask import Response, jsonify, request

from madfam.api_errors import error_response
from madfam.blueprints.api import ApiError, bp, current_token, require_write
from madfam.enums import LeadSource, LeadStatus, ServiceTier
from madfam.services import api_leads, api_tokens, lead_admin
from madfam.services.lead_admin.filters import SORTS
from madfam.text import multi_line

NOTE_MAX = 5000
KEY_MAX = 255
_ENUMS = {"status": LeadStatus, "tier": ServiceTier, "source": LeadSource}


def _bad(name: str, why: str) -> ApiError:
    return ApiError(400, "invalid_parameter", f"{name}: {why}")


def _int_arg(name: str, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _bad(name, f"an integer from {low} to {high}")
    return int(raw)


def _check_list_args() -> None:
    for name, enum in _ENUMS.items():
        value = request.args.get(name)
        if value is not None and value not in enum.__members__:
            raise _bad(name, "one of " + ", ".join(enum.__members__))
    _int_arg("score_min", 0, 100)
    _int_arg("score_max", 0, 100)
    for name in ("created_from", "created_to"):
        value = request.args.get(name)
        try:
            if value is not None and len(value) == 10:
                date.fromisoformat(value)
                continue
        except ValueError:
            pass
        if value is not None:
            raise _bad(name, "a date, YYYY-MM-DD")
    if request.args.get("sort", "newest") not in SORTS:
        raise _bad("sort", "one of " + ", ".join(SORTS))
    for name in ("q", "utm_campaign", "cursor"):
        if "\x00" in request.args.get(name, ""):
            raise _bad(name, "no control characters")


@bp.get("/leads")
def list_leads():
    _check_list_args()
    limit = _int_arg("limit", 1, api_leads.MAX_LIMIT) or api_leads.DEFAULT_LIMIT
    filters = lead_admin.LeadFilters.from_args(request.args)
    try:
        leads, cursor = api_leads.lead_page(filters, limit, request.args.get("cursor") or None)
    except api_leads.BadCursor:
        raise ApiError(
            400, "invalid_cursor", "Use a next_cursor given for the same filters."
        ) from None
    return jsonify({"data": [api_leads.lead_json(lead) for lead in leads], "next_cursor": cursor})


def _lead(lead_id: str):
    lead = lead_admin.get_lead(lead_id)
    if lead is None:
        raise ApiError(404, "lead_not_found", "No lead with this id.")
    return lead


@bp.get("/leads/<lead_id>")
def get_lead(lead_id: str):
    return jsonify({"data": api_leads.lead_detail(_lead(lead_id))})


# --- Writes ----------------------------------------------------------------------------


def _json_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(422, "validation_failed", "The body must be a JSON object.")
    return body


def _answer(view, kwargs) -> Response:
    try:
        response = view(**kwargs)
    except ApiError as exc:
        response = error_response(exc.status, exc.code, exc.message)
    if isinstance(response, tuple):
        body, status = response
        body.status_code = status
        response = body
    return response


def idempotent(view):
    """Honour Idempotency-Key: the same key and body replay the first answer."""

    @wraps(view)
    def wrapped(**kwargs):
        require_write()
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return _answer(view, kwargs)
        if not 1 <= len(key) <= KEY_MAX or not key.isprintable():
            raise ApiError(400, "invalid_idempotency_key", "Use 1 to 255 printable characters.")
        token = current_token()[0]
        print_ = api_tokens.fingerprint(request.method, request.path, request.get_data())
        try:
            stored = api_tokens.claim_key(token.id, key, print_)
        except api_tokens.IdempotencyConflict as exc:
            status = 422 if exc.code == "idempotency_key_reused" else 409
            return error_response(status, exc.code, _CONFLICTS[exc.code])
        if stored is not None:
            replay = Response(stored.body, stored.status, mimetype="application/json")
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        response = _answer(view, kwargs)
        api_tokens.store_answer(token.id, key, response.status_code, response.get_data(True))
        return response

    return wrapped


_CONFLICTS = {
    "idempotency_key_reused": "This Idempotency-Key was used with a different request.",
    "idempotency_in_progress": "A request with this Idempotency-Key is still running.",
}


@bp.post("/leads/<lead_id>/status")
@idempotent
def update_status(lead_id: str):
    body = _json_body()
    status = body.get("status")
    if not isinstance(status, str) or status not in LeadStatus.__members__:
        raise ApiError(422, "validation_failed", "status: one of " + ", ".join(LeadStatus))
    lead = _lead(lead_id)
    changed = lead_admin.change_status(lead, LeadStatus(status), current_token()[1])
    return jsonify({"data": api_leads.lead_json(lead), "changed": changed})


@bp.post("/leads/<lead_id>/notes")
@idempotent
def add_note(lead_id: str):
    body = _json_body()
    content = multi_line(body.get("content"))
    if not isinstance(content, str) or not content or len(content) > NOTE_MAX:
        raise ApiError(422, "validation_failed", f"content: 1 to {NOTE_MAX} characters")
    note = lead_admin.add_note(_lead(lead_id), content, current_token()[1])
    return jsonify({"data": api_leads.note_json(note)}), 201
