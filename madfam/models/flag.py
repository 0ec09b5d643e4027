"""Feature flags with per-environment switches, rollouts and user groups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, new_id, utcnow


class FeatureFlag(db.Model):
    __tablename__ = "feature_flag"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(100), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    enabled_dev: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    enabled_staging: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    enabled_prod: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    rollout_percentage: Mapped[int | None] = mapped_column(Integer, default=0, server_default="0")
    user_groups: Mapped[list[Any] | None] = mapped_column(JSONType)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FeatureFlagChange(db.Model):
    """One change to a flag made in the admin area: who, when, and each field from → to."""

    __tablename__ = "feature_flag_change"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    flag_id: Mapped[str] = mapped_column(
        ForeignKey("feature_flag.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    user_email: Mapped[str | None] = mapped_column(String(254))  # kept if the user goes
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType)  # {"field": [from, to]}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
