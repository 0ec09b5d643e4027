"""Query helpers more than one service needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from madfam.extensions import db


def counts_by(column: Any) -> dict[Any, int]:
    """How many rows have each value of ``column`` (values without rows are absent)."""
    rows = db.session.execute(select(column, func.count()).group_by(column)).all()
    return {value: count for value, count in rows}
