"""First-party analytics events, written in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from madfam.extensions import db
from madfam.models import AnalyticsEvent
from madfam.rules.page_views import is_event_name
from madfam.services.context import Visit


def record_event(
    event: str,
    properties: dict[str, Any] | None = None,
    visit: Visit | None = None,
    user_id: str | None = None,
) -> AnalyticsEvent | None:
    """The one way every analytics event is written (in the caller's transaction).

    ``event`` is in dot notation (``page.view``, ``lead.created``, ``conversion.lead``);
    a visit whose browser sends ``DNT`` or ``Sec-GPC`` records nothing (``None``). The
    visit's ``session_id`` is the day's visitor hash, which identifies no one.
    """
    if not is_event_name(event):
        raise ValueError(f"analytics event names are dot notation: {event!r}")
    visit = visit or Visit()
    if visit.tracking_refused:
        return None
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


def record_page_view(properties: dict[str, Any], visit: Visit) -> None:
    """``page.view``, preceded by ``visit.started`` (landing page, campaign, referring
    host) when it is the visit's first page view of the UTC day: the dashboard counts
    visits and conversions per landing page from those few rows, not from every view."""
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    seen = select(AnalyticsEvent.id).where(
        AnalyticsEvent.session_id == visit.session_id,
        AnalyticsEvent.event == "page.view",
        AnalyticsEvent.created_at >= day,
    )
    if visit.session_id and db.session.scalar(seen.limit(1)) is None:
        landing = {
            "page": properties.get("path"),
            "campaign": (properties.get("utm") or {}).get("utm_campaign"),
            "referrer_host": properties.get("referrer_host"),
        }
        record_event("visit.started", landing, visit)
    record_event("page.view", properties, visit)
