"""First-party analytics events, written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from madfam.extensions import db
from madfam.models import AnalyticsEvent
from madfam.services.context import Visit


def record_event(
    event: str,
    properties: dict[str, Any] | None = None,
    visit: Visit | None = None,
    user_id: str | None = None,
) -> AnalyticsEvent:
    visit = visit or Visit()
    row = AnalyticsEvent(
        event=event,
        properties=properties or {},
        user_id=user_id,
        session_id=visit.session_id,
        url=visit.url[:2000] if visit.url else None,
        referrer=visit.referrer[:2000] if visit.referrer else None,
        user_agent=visit.user_agent,
        ip_address=visit.ip_hash,
    )
    db.session.add(row)
    return row
