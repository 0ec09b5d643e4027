"""Webhook event names and the JSON body every generic (non-Slack) endpoint receives."""

from __future__ import annotations

from datetime import datetime
from typing import Any

# The lead's lifecycle, as integrations hear it (docs/webhooks.md describes each one).
EVENTS = (
    "lead.created",
    "lead.updated",
    "lead.qualified",
    "lead.status_updated",
    "assessment.completed",
    "calculation.completed",
    "meeting.scheduled",
    "meeting.rescheduled",
    "meeting.cancelled",
    "email.unsubscribed",
)
HOT_LEAD_EVENT = "lead.hot"
TEST_EVENT = "test.ping"
# What an integration may subscribe to, and what it gets while it has chosen nothing.
SELECTABLE_EVENTS = (*EVENTS, HOT_LEAD_EVENT)
DEFAULT_EVENTS = {"webhook": EVENTS, "slack": (HOT_LEAD_EVENT,)}


def receives(kind: str, chosen: list[str] | None, event: str) -> bool:
    """Whether an integration of ``kind`` that chose ``chosen`` (None: the defaults of its
    kind) is sent ``event``. A test event always goes."""
    if event == TEST_EVENT:
        return True
    wanted = DEFAULT_EVENTS.get(kind, ()) if chosen is None else chosen
    return event in wanted


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
