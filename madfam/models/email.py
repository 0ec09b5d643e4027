"""The email outbox: each row is the truth about one message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow


class EmailQueue(db.Model):
    __tablename__ = "email_queue"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    to: Mapped[list[str]] = mapped_column(JSONType)
    subject: Mapped[str] = mapped_column(String(300))
    template: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(
        String(20), default="pending", server_default="pending", index=True
    )  # pending, sending, sent, failed, suppressed
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The RQ job last enqueued to deliver the row: the sweep enqueues another only once
    # RQ no longer holds this one waiting or running.
    job_id: Mapped[str | None] = mapped_column(String(32))

    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
