"""Saved ROI calculations and project estimates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow

if TYPE_CHECKING:
    from madfam.models.lead import Lead


class Calculation(db.Model):
    __tablename__ = "calculation"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(30), index=True)  # 'roi' | 'project_estimate'
    lead_id: Mapped[str | None] = mapped_column(
        ForeignKey("lead.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONType)
    results: Mapped[dict[str, Any]] = mapped_column(JSONType)

    # Summary fields for querying. Money is exact: NUMERIC, never float. Sized for the
    # calculator's extremes (madfam.rules.roi): savings up to 10^15, ROI up to ~10^19 %
    # (savings 10^15 on an investment of 0.01), payback up to ~1.2 x 10^15 months.
    total_value: Mapped[Decimal | None] = mapped_column(Numeric(20, 2, asdecimal=True))
    roi: Mapped[Decimal | None] = mapped_column(Numeric(24, 1, asdecimal=True))
    payback_months: Mapped[int | None] = mapped_column(BigInteger)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    lead: Mapped[Lead | None] = relationship("Lead", back_populates="calculations")
