"""First-party analytics events, written in the caller's transaction."""

from __future__ import annotations

from typing import Any

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
