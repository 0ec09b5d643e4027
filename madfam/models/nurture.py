"""The follow-up sequence: one row per lead and step, so a step is sent at most once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, UTCDateTime, new_id, utcnow


class NurtureStep(db.Model):
    """Step ``step`` of the follow-up sequence, queued for one lead (``email_id``).

    The unique (lead, step) pair is the guard: of two workers queuing the same step only
    the one whose insert commits sends it.
    """

    __tablename__ = "nurture_step"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    lead_id: Mapped[str] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    email_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("lead_id", "step"),)
