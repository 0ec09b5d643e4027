"""Assessment housekeeping jobs."""

from __future__ import annotations

from madfam.jobs import app_context


@app_context
def abandon_idle_assessments(hours: float | None = None) -> int:
    """Mark STARTED assessments without answer activity for ``hours`` (default
    ``ABANDON_AFTER_HOURS``) ABANDONED; their answers are kept. Idempotent."""
    from madfam.services.assessments import mark_abandoned

    return mark_abandoned(hours)
