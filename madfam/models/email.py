"""The email outbox: each row is the truth about one message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, JSONType, RetriedDelivery, UTCDateTime, new_id, utcnow


class EmailQueue(RetriedDelivery, db.Model):
    """One outgoing email; ``status``: pending, sending, then sent, failed or suppressed."""

    __tablename__ = "email_queue"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    to: Mapped[list[str]] = mapped_column(JSONType)
    subject: Mapped[str] = mapped_column(String(300))
    template: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
