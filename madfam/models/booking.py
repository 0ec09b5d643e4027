"""Booking: each staff member's weekly availability and the meetings visitors book."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow
from madfam.models.lead import Lead
from madfam.models.user import User


class Availability(db.Model):
    """When one staff member takes meetings; ``weekly`` holds [weekday, start, end]
    minute ranges in ``zone`` and ``days_off`` ISO dates."""

    __tablename__ = "availability"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True, index=True
    )
    zone: Mapped[str] = mapped_column(String(64), default="America/Mexico_City")
    weekly: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    length_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    notice_minutes: Mapped[int] = mapped_column(Integer, default=240, server_default="240")
    horizon_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    days_off: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    first_calls: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship("User")


class Meeting(db.Model):
    """A booked call. One scheduled meeting per staff member and start time, enforced by
    a unique index: two visitors racing for a slot cannot both get it."""

    __tablename__ = "meeting"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    staff_id: Mapped[str] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visitor_zone: Mapped[str] = mapped_column(String(64))
    # scheduled, cancelled
    status: Mapped[str] = mapped_column(String(20), default="scheduled", server_default="scheduled")
    # RFC 5545 SEQUENCE: raised on each reschedule or cancellation.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    note: Mapped[str | None] = mapped_column(Text)
    # Set once by the conditional UPDATE that queues each reminder.
    reminded_24h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_1h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    staff: Mapped[User] = relationship("User")
    lead: Mapped[Lead] = relationship("Lead")

    __table_args__ = (
        Index(
            "uq_meeting_staff_start",
            "staff_id",
            "starts_at",
            unique=True,
            postgresql_where=text("status = 'scheduled'"),
            sqlite_where=text("status = 'scheduled'"),
        ),
    )
