"""Figures for the admin dashboard, each computed by one SQL query (counts and groups
in the database, never rows loaded into Python), over a date range in UTC.

The schema's three health checks are here: leads per day (``leads_per_day``),
assessment completion (``assessment_statuses``) and the enabled flags with their
rollout (``enabled_flags``). The visit funnel (conversion per landing page and
campaign, the assessment drop-off, calculator use) is in ``dashboard_funnel``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from madfam.enums import AssessmentStatus
from madfam.extensions import db
from madfam.models import Assessment, EmailQueue, FeatureFlag, Lead, WebhookDelivery

PRESETS = (7, 30, 90)
MAX_DAYS = 366


@dataclass(frozen=True)
class Overview:
    lead_count: int
    assessment_count: int


@dataclass(frozen=True)
class Range:
    """Whole UTC days from ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def within(self, column) -> ColumnElement[bool]:
        return (column >= self.start) & (column < self.end)


def last_days(days: int, today: date | None = None) -> Range:
    today = today or datetime.now(UTC).date()
    return Range(today - timedelta(days=days - 1), today)


def overview() -> Overview:
    """How many leads and assessments the site holds."""
    return Overview(
        lead_count=db.session.scalar(select(func.count()).select_from(Lead)) or 0,
        assessment_count=db.session.scalar(select(func.count()).select_from(Assessment)) or 0,
    )


def utc_day(column) -> ColumnElement:
    """The UTC calendar day of a timestamp, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def leads_per_day(period: Range) -> list[tuple[date, int]]:
    """Every day of the range with its new leads (0 for a day without)."""
    day = utc_day(Lead.created_at)
    query = select(day, func.count()).where(period.within(Lead.created_at)).group_by(day)
    counts = {_as_date(d): n for d, n in db.session.execute(query)}
    return [
        (period.first + timedelta(days=i), counts.get(period.first + timedelta(days=i), 0))
        for i in range(period.days)
    ]


def _grouped(column, period: Range, created) -> list[tuple[object, int]]:
    query = (
        select(column, func.count())
        .where(period.within(created))
        .group_by(column)
        .order_by(func.count().desc(), column)
    )
    return [(key, n) for key, n in db.session.execute(query)]


def leads_by_status(period: Range) -> list[tuple[object, int]]:
    return _grouped(Lead.status, period, Lead.created_at)


def leads_by_source(period: Range) -> list[tuple[object, int]]:
    return _grouped(Lead.source, period, Lead.created_at)


def leads_by_campaign(period: Range) -> list[tuple[str | None, int]]:
    """Leads by first-touch ``utm_campaign``; ``None`` for leads that came without one."""
    return _grouped(Lead.utm_campaign, period, Lead.created_at)


def assessment_statuses(period: Range) -> dict[AssessmentStatus, int]:
    """Started in the range, by where they stand now: started, completed, abandoned."""
    found = dict(_grouped(Assessment.status, period, Assessment.created_at))
    return {status: found.get(status, 0) for status in AssessmentStatus}


def outbox_health() -> dict[str, dict[str, int]]:
    """Emails and webhook deliveries waiting (pending, sending) or failed, right now."""
    health = {}
    for name, model in (("emails", EmailQueue), ("webhooks", WebhookDelivery)):
        query = (
            select(model.status, func.count())
            .where(model.status.in_(("pending", "sending", "failed")))
            .group_by(model.status)
        )
        found = dict(db.session.execute(query).all())
        health[name] = {s: found.get(s, 0) for s in ("pending", "sending", "failed")}
    return health


def enabled_flags() -> list[tuple[str, int | None]]:
    """The schema's third health check: flags whose main switch is on, with rollout."""
    query = (
        select(FeatureFlag.key, FeatureFlag.rollout_percentage)
        .where(FeatureFlag.enabled.is_(True))
        .order_by(FeatureFlag.key)
    )
    return [(key, rollout) for key, rollout in db.session.execute(query)]
