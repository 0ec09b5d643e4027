"""First-party analytics events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow

# The dashboard's calculator use: page views whose path ends in one of these. Each has a
# partial index holding only those views (time and visit), so counting them reads
# neither the other page views nor the rows themselves. The dashboard's query repeats
# the index's condition word for word (``calculator_view``), which is what lets each
# database see that the index applies.
CALCULATOR_PAGES = (("roi", "%/calculator/roi"), ("project_estimate", "%/calculator/estimate"))
CALCULATOR_VIEW_SQL = {
    "postgresql": "event = 'page.view' AND (properties ->> 'path') LIKE '{}'",
    "sqlite": "event = 'page.view' AND json_extract(properties, '$.path') LIKE '{}'",
}
VISIT_STARTED_SQL = "event = 'visit.started'"


def calculator_view(dialect: str, pattern: str):
    """The condition of a calculator's partial index, for ``dialect``."""
    return text(CALCULATOR_VIEW_SQL[dialect].format(pattern))


def _calculator_index(name: str, pattern: str) -> Index:
    return Index(
        f"ix_analytics_event_calculator_{name}",
        "created_at",
        "session_id",
        postgresql_where=calculator_view("postgresql", pattern),
        sqlite_where=calculator_view("sqlite", pattern),
    )


class AnalyticsEvent(db.Model):
    __tablename__ = "analytics_event"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    event: Mapped[str] = mapped_column(String(100), index=True)  # dot notation: lead.created
    properties: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    session_id: Mapped[str | None] = mapped_column(String(64), index=True)

    url: Mapped[str | None] = mapped_column(Text)
    referrer: Mapped[str | None] = mapped_column(Text)
    user_agent: Mapped[str | None] = mapped_column(String(256))
    ip_address: Mapped[str | None] = mapped_column(String(64))  # keyed hash, never raw

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (
        Index("ix_analytics_event_event_created_at", "event", "created_at"),
        *(_calculator_index(name, pattern) for name, pattern in CALCULATOR_PAGES),
        # The dashboard's visits by landing page and campaign, answered from the index
        # alone on PostgreSQL (the properties of a visit are a page and a campaign).
        Index(
            "ix_analytics_event_visit_started",
            "created_at",
            postgresql_include=["session_id", "properties"],
            postgresql_where=text(VISIT_STARTED_SQL),
            sqlite_where=text(VISIT_STARTED_SQL),
        ),
    )
