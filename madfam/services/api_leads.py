"""The Leads API's reads: the admin list's filters with keyset (cursor) pages, one lead
with its timeline, each as plain JSON-ready dicts."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import and_, or_

from madfam.extensions import db
from madfam.models import Lead, LeadNote
from madfam.services.lead_admin import LeadFilters, ordered, timeline
from madfam.services.lead_admin.filters import SORTS

MAX_LIMIT = 100
DEFAULT_LIMIT = 25
LEAD_FIELDS = (
    "id", "email", "first_name", "last_name", "company", "phone", "tier", "tier_chosen",
    "message", "source", "score", "status", "industry", "company_size", "budget", "timeframe",
    "locale", "utm_source", "utm_medium", "utm_campaign", "referral_code",
    "marketing_consent", "consent_at", "external_id", "last_sync", "created_at", "updated_at",
)  # fmt: skip


class BadCursor(ValueError):
    """The cursor is not one this API gave out for these filters and this order."""


def plain(value: Any) -> Any:
    """A column value as JSON: enums by name, times in ISO 8601 UTC, money as a string."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def lead_json(lead: Lead) -> dict[str, Any]:
    return {name: plain(getattr(lead, name)) for name in LEAD_FIELDS}


def note_json(note: LeadNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "lead_id": note.lead_id,
        "content": note.content,
        "created_at": plain(note.created_at),
    }


_DETAILS = {
    "activity": lambda a: {
        "id": a.id, "type": a.type, "description": a.description, "metadata": a.metadata_ or {},
    },
    "note": lambda n: {"id": n.id, "content": n.content},
    "assessment": lambda a: {
        "id": a.id, "status": a.status, "score": a.score, "tier": a.tier,
        "completed_at": a.completed_at,
    },
    "calculation": lambda c: {
        "id": c.id, "type": c.type, "total_value": c.total_value, "roi": c.roi,
        "payback_months": c.payback_months,
    },
    "email": lambda e: {
        "id": e.id, "template": e.template, "subject": e.subject, "sent_at": e.sent_at,
    },
}  # fmt: skip


def lead_detail(lead: Lead) -> dict[str, Any]:
    entries = [
        {
            "kind": entry.kind,
            "at": plain(entry.at),
            "author": entry.author,
            "data": plain(_DETAILS[entry.kind](entry.item)),
        }
        for entry in timeline(lead)
    ]
    return {**lead_json(lead), "timeline": entries}


# --- Cursor pages -----------------------------------------------------------------------


def _filter_print(filters: LeadFilters) -> str:
    args = replace(filters, page=1).as_args()
    return hashlib.sha256(json.dumps(args, sort_keys=True).encode()).hexdigest()[:16]


def _encode(filters: LeadFilters, lead: Lead) -> str:
    keys = [plain(getattr(lead, name)) for name, _ in SORTS[filters.sort]]
    raw = json.dumps({"f": _filter_print(filters), "k": keys}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(filters: LeadFilters, cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        keys = data["k"]
        ok = data["f"] == _filter_print(filters) and len(keys) == len(SORTS[filters.sort])
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise BadCursor from None
    if not ok:
        raise BadCursor
    return [
        _key_value(name, value) for (name, _), value in zip(SORTS[filters.sort], keys, strict=True)
    ]


def _key_value(name: str, value: Any) -> Any:
    if name == "created_at":
        try:
            parsed = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise BadCursor from None
        if parsed.tzinfo is None:
            raise BadCursor
        return parsed
    expected = int if name == "score" else str
    if not isinstance(value, expected) or isinstance(value, bool):
        raise BadCursor
    return value


def _after(filters: LeadFilters, values: list[Any]):
    """Rows strictly after ``values`` in the sort order (every key runs the same way)."""
    columns = [(getattr(Lead, name), direction) for name, direction in SORTS[filters.sort]]
    condition = None
    for (column, direction), value in reversed(list(zip(columns, values, strict=True))):
        beyond = column < value if direction.__name__ == "desc" else column > value
        condition = beyond if condition is None else or_(beyond, and_(column == value, condition))
    return condition


def lead_page(
    filters: LeadFilters, limit: int, cursor: str | None
) -> tuple[list[Lead], str | None]:
    """Up to ``limit`` leads after ``cursor`` and the cursor of the next page (or None)."""
    stmt = ordered(filters)
    if cursor:
        stmt = stmt.where(_after(filters, _decode(filters, cursor)))
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, _encode(filters, rows[-1]) if more else None
