"""Data retention on demand (``flask retention``); the periodic sweep runs the same job.

The deletion itself lives in :mod:`madfam.jobs.retention`, below the services, so the
sweep job can run it without importing a service.
"""

from __future__ import annotations

from datetime import datetime

from madfam.jobs.retention import apply_retention as _apply_retention


def apply_retention(
    analytics_days: int | None = None,
    abandoned_days: int | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete what is past its retention period; returns how many rows of each kind."""
    return _apply_retention(analytics_days, abandoned_days, now)
