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
    # A plain http(s) URL for "webhook"; a Fernet token of the URL for "slack", whose
    # URL is the credential (a token of a 500-character URL is ~760 characters).
    webhook_url: Mapped[str | None] = mapped_column(Text)
    api_key: Mapped[str | None] = mapped_column(Text)  # Fernet token
    # "webhook" (n8n and other JSON receivers) or "slack" (formatted message).
    kind: Mapped[str] = mapped_column(String(20), default="webhook", server_default="webhook")
    signing_secret: Mapped[str | None] = mapped_column(Text)  # Fernet token of "whsec_…"
    # The event names it is sent (madfam.delivery.envelopes.SELECTABLE_EVENTS); None:
    # the defaults of its kind (every lifecycle event for "webhook", lead.hot for "slack").
    events: Mapped[list[str] | None] = mapped_column(JSONType)
    # Health: when deliveries started failing, when the endpoint was paused for failing
    # too long, and why it was switched off (e.g. it answered 410 Gone).
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(200))

    last_sync: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def health(self) -> str:
        """healthy, failing, paused or disabled — as shown in the admin area."""
        if not self.enabled:
            return "disabled"
        if self.paused_at:
            return "paused"
        if self.failing_since:
            return "failing"
        return "healthy"
