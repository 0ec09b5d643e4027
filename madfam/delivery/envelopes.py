"""Webhook event names and the JSON body every generic (non-Slack) endpoint receives."""

from __future__ import annotations

from datetime import datetime
from typing import Any

EVENTS = ("lead.created", "lead.updated", "assessment.completed", "calculation.completed")
HOT_LEAD_EVENT = "lead.hot"
TEST_EVENT = "test.ping"


def jsonable(value: Any) -> Any:
    """``value`` with datetimes, enums and other objects turned into JSON values."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def envelope(delivery_id: str, event: str, created_at: datetime, payload: Any) -> dict[str, Any]:
    return {
        "id": delivery_id,
        "type": event,
        "timestamp": created_at.isoformat(),
        "data": payload,
    }
