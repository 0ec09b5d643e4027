"""AI-readiness assessments."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from madfam.enums import AssessmentStatus, ServiceTier
from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, enum_column, new_id, utcnow

if TYPE_CHECKING:
    from madfam.models.lead import Lead


class Assessment(db.Model):
    __tablename__ = "assessment"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    lead_id: Mapped[str | None] = mapped_column(
        ForeignKey("lead.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus),
        default=AssessmentStatus.STARTED,
        server_default="STARTED",
        index=True,
    )
    # {question_key: 1..5}
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    score: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[ServiceTier | None] = mapped_column(enum_column(ServiceTier))
    strengths: Mapped[list[str] | None] = mapped_column(JSONType)
    weaknesses: Mapped[list[str] | None] = mapped_column(JSONType)
    recommendations: Mapped[list[str] | None] = mapped_column(JSONType)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last change (start or answer); idle STARTED assessments are marked ABANDONED.
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )

    lead: Mapped[Lead | None] = relationship("Lead", back_populates="assessments")
