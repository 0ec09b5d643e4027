"""Third-party integrations (n8n, Slack, Resend …). Secrets are encrypted at rest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow


class Integration(db.Model):
    __tablename__ = "integration"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Encrypted configuration: {"ciphertext": "<Fernet token>"}, never plain values.
    config: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    api_key: Mapped[str | None] = mapped_column(Text)  # Fernet token

    last_sync: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
