"""Privacy records: the suppression list, the audit log and visitors' ARCO requests.

The suppression list and the audit log hold no personal data: a suppressed address is
kept only as a keyed hash, and an audit row names the staff user, the action and the
lead id. A PrivacyRequest holds what the visitor wrote, as evidence of the request and
of its answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from madfam.enums import PrivacyRequestStatus, PrivacyRight
from madfam.extensions import db
from madfam.models.base import ID, UTCDateTime, enum_column, new_id, utcnow


class Suppression(db.Model):
    """An address that no automated email may reach until the person submits again."""

    __tablename__ = "suppression"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    # HMAC-SHA256 (hex) of the normalised email under a key derived from SECRET_KEY.
    email_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditLog(db.Model):
    """Who did what to which lead, and when: ``lead_export`` and ``lead_erase``."""

    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    actor_id: Mapped[str | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(50))
    # No foreign key: the row outlives the lead it records the erasure of.
    lead_id: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class PrivacyRequest(db.Model):
    """A visitor's request to exercise an ARCO right (or revoke consent), and its answer."""

    __tablename__ = "privacy_request"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Stored lower-case, as leads are, so the matching lead is found by equality.
    email: Mapped[str] = mapped_column(String(254), index=True)
    right: Mapped[PrivacyRight] = mapped_column(enum_column(PrivacyRight))
    details: Mapped[str | None] = mapped_column(Text)
    # The site language the request was sent in: the acknowledgement and answer use it.
    language: Mapped[str] = mapped_column(String(5), default="es", server_default="es")
    status: Mapped[PrivacyRequestStatus] = mapped_column(
        enum_column(PrivacyRequestStatus),
        default=PrivacyRequestStatus.OPEN,
        server_default="OPEN",
    )
    # Received + PRIVACY_REQUEST_DUE_BUSINESS_DAYS business days (madfam.rules.business_days).
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    handled_by: Mapped[str | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        # The admin list: filtered by status, soonest deadline first.
        Index("ix_privacy_request_status_due_at", "status", "due_at"),
    )

    def __repr__(self) -> str:
        return f"<PrivacyRequest {self.id}>"
