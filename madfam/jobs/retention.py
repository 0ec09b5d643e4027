"""Data retention: personal traces are kept only as long as they are useful.

Analytics events (hashed IP, truncated user agent) and abandoned assessments that
never became a lead are deleted after a configurable number of days; expired staff
sessions are removed as soon as they expire.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from madfam.enums import AssessmentStatus
from madfam.extensions import db
from madfam.models import AnalyticsEvent, Assessment, Session


def apply_retention(
    analytics_days: int | None = None,
    abandoned_days: int | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete what is past its retention period; returns how many rows of each kind."""
    now = now or datetime.now(UTC)
    config = current_app.config
    analytics_days = analytics_days or config["ANALYTICS_RETENTION_DAYS"]
    abandoned_days = abandoned_days or config["ABANDONED_RETENTION_DAYS"]

    counts = {
        "analytics_events": db.session.execute(
            delete(AnalyticsEvent).where(
                AnalyticsEvent.created_at < now - timedelta(days=analytics_days)
            )
        ).rowcount,
        "abandoned_assessments": db.session.execute(
            delete(Assessment).where(
                Assessment.status == AssessmentStatus.ABANDONED,
                Assessment.lead_id.is_(None),
                Assessment.created_at < now - timedelta(days=abandoned_days),
            )
        ).rowcount,
        "expired_sessions": db.session.execute(
            delete(Session).where(Session.expires < now)
        ).rowcount,
    }
    db.session.commit()
    return counts
