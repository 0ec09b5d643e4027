"""Webhooks received from an integration: one row per accepted message id (no replays)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, UTCDateTime, new_id, utcnow


class InboundWebhook(db.Model):
    """A message an integration sent us, by its ``webhook-id``: a second one is a replay."""

    __tablename__ = "inbound_webhook"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    integration_id: Mapped[str] = mapped_column(
        ForeignKey("integration.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(50))
    lead_id: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("integration_id", "message_id"),)
