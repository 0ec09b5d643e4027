"""Privacy records: the suppression list and the audit log of privacy requests.

Neither table holds personal data: a suppressed address is kept only as a keyed
hash, and an audit row names the staff user, the action and the lead id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, UTCDateTime, new_id, utcnow


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
