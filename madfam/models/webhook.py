"""Webhook deliveries: one row per (event, integration), one attempt row per try."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from madfam.extensions import db
from madfam.models.base import ID, JSONType, RetriedDelivery, UTCDateTime, new_id, utcnow


class WebhookDelivery(RetriedDelivery, db.Model):
    """One event for one integration; ``status``: pending, sending, then delivered or failed."""

    __tablename__ = "webhook_delivery"

    # Also the ``webhook-id`` header: stable across retries so receivers can dedupe.
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    integration_id: Mapped[str] = mapped_column(
        ForeignKey("integration.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    attempt_log: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="WebhookAttempt.number",
    )


class WebhookAttempt(db.Model):
    __tablename__ = "webhook_attempt"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    delivery_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="attempt_log")
