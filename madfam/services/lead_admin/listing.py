"""The leads list: one page of filtered leads, a count that stops early, campaign suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import desc, func, select
from sqlalchemy.orm import aliased

from madfam.extensions import db
from madfam.models import Lead
from madfam.services.lead_admin.filters import SORTS, LeadFilters, filtered, ordered

PER_PAGE = 25
COUNT_CAP = 10_000


@dataclass
class LeadPage:
    filters: LeadFilters
    leads: list[Lead]
    total: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP leads match
    per_page: int = PER_PAGE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.per_page))

    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or (self.capped and len(self.leads) == self.per_page)

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.leads else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.leads)


def count_capped(filters: LeadFilters, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many leads match, counting no further than ``cap`` (+1 to know it was exceeded)."""
    inner = filtered(filters, (Lead.id,)).limit(cap + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(inner)) or 0
    return min(total, cap), total > cap


def list_leads(filters: LeadFilters, per_page: int = PER_PAGE) -> LeadPage:
    if filters.q:
        page = _search_page(filters, per_page)
        if page is not None:
            return page
    total, capped = count_capped(filters)
    pages = max(1, -(-total // per_page))
    if not capped and filters.page > pages:
        filters = replace(filters, page=pages)
    stmt = ordered(filters).limit(per_page).offset((filters.page - 1) * per_page)
    leads = list(db.session.scalars(stmt))
    return LeadPage(filters=filters, leads=leads, total=total, capped=capped, per_page=per_page)


def _search_page(filters: LeadFilters, per_page: int) -> LeadPage | None:
    """A search scans the table anyway: count the matches in the same pass (a window)."""
    # The window runs over the unordered matches (one sequential scan); only the outer
    # query sorts, so the planner does not walk the date index across every row.
    matches = filtered(filters, (Lead, func.count().over().label("total"))).subquery()
    found = aliased(Lead, matches)
    keys = [direction(matches.c[name]) for name, direction in SORTS[filters.sort]]
    stmt = (
        select(found, matches.c.total)
        .order_by(*keys)
        .limit(per_page)
        .offset((filters.page - 1) * per_page)
    )
    rows = db.session.execute(stmt).all()
    if not rows:
        return None if filters.page > 1 else LeadPage(filters, [], 0, False, per_page)
    total = rows[0].total
    return LeadPage(
        filters=filters,
        leads=[row[0] for row in rows],
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
        per_page=per_page,
    )


def campaigns(recent: int = 5000, limit: int = 200) -> list[str]:
    """UTM campaigns of the newest leads, for the filter's suggestions (bounded cost)."""
    newest = (
        select(Lead.utm_campaign.label("campaign"))
        .order_by(desc(Lead.created_at))
        .limit(recent)
        .subquery()
    )
    stmt = (
        select(newest.c.campaign)
        .where(newest.c.campaign.is_not(None))
        .distinct()
        .order_by(newest.c.campaign)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
