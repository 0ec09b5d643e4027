"""The leads list's filter: parsed leniently from the query string, turned into a SELECT."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, asc, desc, literal_column, or_, select

from madfam.enums import LeadSource, LeadStatus, ServiceTier
from madfam.extensions import db
from madfam.models import Lead
from madfam.text import single_line

SORTS = {  # column names and directions, most significant first
    "newest": (("created_at", desc), ("id", desc)),
    "oldest": (("created_at", asc), ("id", asc)),
    "score_desc": (("score", desc), ("created_at", desc), ("id", desc)),
    "score_asc": (("score", asc), ("created_at", asc), ("id", asc)),
}
DEFAULT_SORT = "newest"
MAX_SEARCH = 100


def _enum(cls, value: str | None):
    value = (value or "").strip().upper()
    return cls(value) if value in cls.__members__ else None


def _int(value: str | None, low: int = 0, high: int = 100) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return max(low, min(high, number))


# Date filters outside this range are ignored: they would filter nothing anyway, and the
# day after date.max cannot be computed.
MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2999, 12, 31)


def _date(value: str | None) -> date | None:
    try:
        parsed = date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None
    return parsed if MIN_DATE <= parsed <= MAX_DATE else None


@dataclass(frozen=True)
class LeadFilters:
    """What the leads list shows; built leniently from query-string values."""

    status: LeadStatus | None = None
    tier: ServiceTier | None = None
    source: LeadSource | None = None
    score_min: int | None = None
    score_max: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    utm_campaign: str | None = None
    q: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> LeadFilters:
        sort = args.get("sort") or DEFAULT_SORT
        # Control characters (NUL above all: no text column can hold one) match nothing.
        q = single_line(args.get("q") or "")[:MAX_SEARCH] or None
        campaign = single_line(args.get("utm_campaign") or "")[:100] or None
        return cls(
            status=_enum(LeadStatus, args.get("status")),
            tier=_enum(ServiceTier, args.get("tier")),
            source=_enum(LeadSource, args.get("source")),
            score_min=_int(args.get("score_min")),
            score_max=_int(args.get("score_max")),
            created_from=_date(args.get("created_from")),
            created_to=_date(args.get("created_to")),
            utm_campaign=campaign,
            q=q,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=_int(args.get("page"), 1, 100_000) or 1,
        )

    def as_args(self, **overrides: Any) -> dict[str, str]:
        """Non-empty values as query-string arguments (for links that keep the filter)."""
        values = {
            "status": self.status,
            "tier": self.tier,
            "source": self.source,
            "score_min": self.score_min,
            "score_max": self.score_max,
            "created_from": self.created_from,
            "created_to": self.created_to,
            "utm_campaign": self.utm_campaign,
            "q": self.q,
            "sort": None if self.sort == DEFAULT_SORT else self.sort,
            "page": None if self.page == 1 else self.page,
        }
        values.update(overrides)
        return {
            key: value.isoformat() if isinstance(value, date) else str(value)
            for key, value in values.items()
            if value is not None and value != ""
        }

    @property
    def active(self) -> bool:
        return bool(set(self.as_args()) - {"sort", "page"})


def _prefix_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


_SEARCHED = (Lead.company, Lead.first_name, Lead.last_name)
_EQUAL = ("status", "tier", "source", "utm_campaign")  # filter fields matched exactly


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _score_conditions(filters: LeadFilters) -> list:
    conditions = []
    if filters.score_min is not None:
        conditions.append(Lead.score >= filters.score_min)
    if filters.score_max is not None:
        conditions.append(Lead.score <= filters.score_max)
    return conditions


def _date_conditions(filters: LeadFilters) -> list:
    conditions = []
    if filters.created_from:
        conditions.append(Lead.created_at >= datetime.combine(filters.created_from, time(), UTC))
    if filters.created_to:
        end = datetime.combine(filters.created_to + timedelta(days=1), time(), UTC)
        conditions.append(Lead.created_at < end)
    return conditions


def _search_condition(term: str):
    """Case-insensitive prefix match on the email, company and names.

    Emails are stored lower-case (the PostgreSQL pattern index serves them); SQLite's
    LIKE ignores ASCII case by itself and is much cheaper than lower(), PostgreSQL uses
    ILIKE for names and company.
    """
    pattern = _prefix_pattern(term.lower())
    if _dialect() == "sqlite":
        names = [c.like(pattern, escape="\\") for c in _SEARCHED]
    else:
        names = [c.ilike(pattern, escape="\\") for c in _SEARCHED]
    return or_(Lead.email.like(pattern, escape="\\"), *names)


def filtered(filters: LeadFilters, columns: Any = None) -> Select:
    """SELECT leads matching ``filters`` (unordered)."""
    conditions = [
        getattr(Lead, name) == getattr(filters, name) for name in _EQUAL if getattr(filters, name)
    ]
    conditions += _score_conditions(filters) + _date_conditions(filters)
    if filters.q:
        conditions.append(_search_condition(filters.q))
    return select(*(columns or (Lead,))).where(*conditions)


def ordered(filters: LeadFilters, columns: Any = None) -> Select:
    """The filtered SELECT in the requested order.

    A search is a full scan either way; on SQLite the unary ``+`` stops the planner
    from walking the date index row by row for it and sorts the (few) matches instead.
    """
    plain = filters.q and _dialect() == "sqlite"
    keys = [
        direction(literal_column(f"+lead.{name}") if plain else getattr(Lead, name))
        for name, direction in SORTS[filters.sort]
    ]
    return filtered(filters, columns).order_by(*keys)
