"""Staff accounts and their server-side login sessions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from madfam.enums import UserRole
from madfam.extensions import db
from madfam.models.base import ID, UTCDateTime, enum_column, new_id, utcnow

if TYPE_CHECKING:
    from madfam.models.lead import LeadActivity, LeadNote


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[UserRole] = mapped_column(
        enum_column(UserRole), default=UserRole.VIEWER, server_default="VIEWER"
    )
    image: Mapped[str | None] = mapped_column(String(500))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_verified: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    locale: Mapped[str] = mapped_column(String(5), default="es", server_default="es")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    sessions: Mapped[list[Session]] = relationship(
        "Session", back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    lead_notes: Mapped[list[LeadNote]] = relationship("LeadNote", back_populates="author")
    lead_activities: Mapped[list[LeadActivity]] = relationship(
        "LeadActivity", back_populates="user"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot log in
        return bool(self.active)

    def can(self, required: UserRole) -> bool:
        return self.role.allows(required)


class Session(db.Model):
    """One staff login. Only a hash of the token is stored."""

    __tablename__ = "session"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    session_token: Mapped[str] = mapped_column(String(128), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    expires: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the session was last used (written at most once a minute): the idle timeout.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship("User", back_populates="sessions")
