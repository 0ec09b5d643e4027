"""First-party analytics events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow


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

    __table_args__ = (Index("ix_analytics_event_event_created_at", "event", "created_at"),)
