"""The OpenAPI 3.1 document of the Leads API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from madfam.api_errors import CODES
from madfam.blueprints.api import bp
from madfam.enums import LeadSource, LeadStatus, ServiceTier
from madfam.services.api_leads import DEFAULT_LIMIT, MAX_LIMIT
from madfam.services.lead_admin.filters import SORTS

STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
TIME = {"type": "string", "format": "date-time"}
NTIME = {"type": ["string", "null"], "format": "date-time"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(enum) -> dict[str, Any]:
    return {"type": "string", "enum": [member.value for member in enum]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


LEAD = _object(
    {
        "id": STR, "email": STR, "first_name": NSTR, "last_name": NSTR, "company": NSTR,
        "phone": NSTR, "tier": _enum(ServiceTier), "tier_chosen": {"type": "boolean"},
        "message": NSTR, "source": _enum(LeadSource),
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "status": _enum(LeadStatus), "industry": NSTR, "company_size": NSTR, "budget": NSTR,
        "timeframe": NSTR, "locale": STR, "utm_source": NSTR, "utm_medium": NSTR,
        "utm_campaign": NSTR, "referral_code": NSTR, "marketing_consent": {"type": "boolean"},
        "consent_at": NTIME, "external_id": NSTR, "last_sync": NTIME, "created_at": TIME,
        "updated_at": TIME,
    }
)  # fmt: skip
TIMELINE_ENTRY = _object(
    {
        "kind": {
            "type": "string",
            "enum": ["activity", "note", "assessment", "calculation", "email"],
        },
        "at": TIME,
        "author": {**NSTR, "description": "The staff member, for activities and notes."},
        "data": {"type": "object", "description": "The entry's fields; they depend on kind."},
    }
)
NOTE = _object({"id": STR, "lead_id": STR, "content": STR, "created_at": TIME})
ERROR = _object(
    {
        "error": _object(
            {
                "code": {**STR, "description": "Stable, machine-readable."},
                "message": {**STR, "description": "For people; may change."},
            }
        )
    }
)
SCHEMAS = {
    "Lead": LEAD,
    "LeadDetail": {
        "allOf": [LEAD, _object({"timeline": {"type": "array", "items": _ref("TimelineEntry")}})]
    },
    "TimelineEntry": TIMELINE_ENTRY,
    "Note": NOTE,
    "Error": ERROR,
    "LeadList": _object(
        {"data": {"type": "array", "items": _ref("Lead")}, "next_cursor": NSTR}
    ),
    "StatusUpdate": _object({"status": _enum(LeadStatus)}),
    "NoteCreate": _object({"content": {"type": "string", "minLength": 1, "maxLength": 5000}}),
}  # fmt: skip


def _error(status: int) -> dict[str, Any]:
    return {
        "description": CODES[status][1],
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


LIST_PARAMETERS = [
    _query("status", _enum(LeadStatus), "Only leads with this status."),
    _query("tier", _enum(ServiceTier), "Only leads of this service level."),
    _query("source", _enum(LeadSource), "Only leads from this source."),
    _query("score_min", {"type": "integer", "minimum": 0, "maximum": 100}, "Lowest score."),
    _query("score_max", {"type": "integer", "minimum": 0, "maximum": 100}, "Highest score."),
    _query("created_from", {"type": "string", "format": "date"}, "Created on or after (UTC)."),
    _query("created_to", {"type": "string", "format": "date"}, "Created on or before (UTC)."),
    _query("utm_campaign", STR, "Exact UTM campaign."),
    _query("q", STR, "Prefix of the email, company, first or last name."),
    _query("sort", {"type": "string", "enum": list(SORTS), "default": "newest"}, "Order."),
    _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Leads per page.",
    ),
    _query("cursor", STR, "next_cursor of the previous page, with the same filters and sort."),
]
LEAD_ID = {"name": "lead_id", "in": "path", "required": True, "schema": STR}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Retry-safe writes: the same key and body replay the first answer (24 h).",
}
WRITE_ERRORS = {str(s): _error(s) for s in (400, 401, 403, 404, 409, 413, 415, 422, 429)}


def _write(summary: str, body: str, ok: dict[str, Any], status: str) -> dict[str, Any]:
    return {
        "summary": summary,
        "parameters": [LEAD_ID, IDEMPOTENCY_KEY],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(body)}},
        },
        "responses": {status: ok, **WRITE_ERRORS},
    }


def document() -> dict[str, Any]:
    status_ok = _ok(
        "The lead; changed is false when it already had this status.",
        _object({"data": _ref("Lead"), "changed": {"type": "boolean"}}),
    )
    return {
        "openapi": "3.1.0",
        "info": {"title": "MADFAM Leads API", "version": "1.0.0"},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/leads": {
                "get": {
                    "summary": "List leads, newest first by default, a page at a time.",
                    "parameters": LIST_PARAMETERS,
                    "responses": {
                        "200": _ok("One page of leads.", _ref("LeadList")),
                        **{str(s): _error(s) for s in (400, 401, 429)},
                    },
                }
            },
            "/api/v1/leads/{lead_id}": {
                "get": {
                    "summary": "One lead with its timeline, newest first.",
                    "parameters": [LEAD_ID],
                    "responses": {
                        "200": _ok("The lead.", _object({"data": _ref("LeadDetail")})),
                        **{str(s): _error(s) for s in (401, 404, 429)},
                    },
                }
            },
            "/api/v1/leads/{lead_id}/status": {
                "post": _write(
                    "Change the lead's status (write scope).", "StatusUpdate", status_ok, "200"
                )
            },
            "/api/v1/leads/{lead_id}/notes": {
                "post": _write(
                    "Add a note to the lead (write scope).",
                    "NoteCreate",
                    _ok("The note.", _object({"data": _ref("Note")})),
                    "201",
                )
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document.",
                    "security": [],
                    "responses": {
                        "200": _ok("OpenAPI 3.1", {"type": "object"}),
                        "429": _error(429),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
    }  # fmt: skip


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
