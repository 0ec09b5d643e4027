"""Assessment housekeeping jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import update

from madfam import jobs
from madfam.enums import AssessmentStatus
from madfam.extensions import db
from madfam.jobs import app_context
from madfam.models import Assessment


def mark_abandoned(hours: float | None = None, now: datetime | None = None) -> int:
    """Mark STARTED assessments idle for ``hours`` (default ``ABANDON_AFTER_HOURS``)
    ABANDONED, keeping their answers. Returns how many were marked."""
    hours = current_app.config["ABANDON_AFTER_HOURS"] if hours is None else hours
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=float(hours))
    marked = db.session.execute(
        update(Assessment)
        .where(Assessment.status == AssessmentStatus.STARTED, Assessment.updated_at < cutoff)
        .values(status=AssessmentStatus.ABANDONED)
        .execution_options(synchronize_session=False)
    ).rowcount
    jobs.commit()
    return marked


@app_context
def abandon_idle_assessments(hours: float | None = None) -> int:
    """Mark STARTED assessments without answer activity for ``hours`` (default
    ``ABANDON_AFTER_HOURS``) ABANDONED; their answers are kept. Idempotent."""
    return mark_abandoned(hours)
