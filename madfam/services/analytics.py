"""First-party analytics events, written in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from madfam.extensions import db
from madfam.models import AnalyticsEvent
from madfam.models.base import new_id
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
    record_page_views([(properties, visit, datetime.now(UTC))])


def record_page_views(views: list[tuple[dict[str, Any], Visit, datetime]]) -> None:
    """Page views (properties, visit, when) as :func:`record_page_view` writes one, in
    one query for the visits already started today and one multi-row insert."""
    views = [view for view in views if not view[1].tracking_refused]
    if not views:
        return
    day = min(when for _, _, when in views).replace(hour=0, minute=0, second=0, microsecond=0)
    sessions = {visit.session_id for _, visit, _ in views if visit.session_id}
    started = set(
        db.session.scalars(
            select(AnalyticsEvent.session_id).where(
                AnalyticsEvent.session_id.in_(sessions),
                AnalyticsEvent.event == "page.view",
                AnalyticsEvent.created_at >= day,
            )
        )
        if sessions
        else ()
    )
    rows = []
    for properties, visit, when in views:
        if visit.session_id and visit.session_id not in started:
            started.add(visit.session_id)
            landing = {
                "page": properties.get("path"),
                "campaign": (properties.get("utm") or {}).get("utm_campaign"),
                "referrer_host": properties.get("referrer_host"),
            }
            rows.append(_event_row("visit.started", landing, visit, when))
        rows.append(_event_row("page.view", properties, visit, when))
    db.session.execute(insert(AnalyticsEvent), rows)


def _event_row(event: str, properties: dict, visit: Visit, when: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "event": event,
        "properties": properties,
        "session_id": visit.session_id,
        "url": visit.url[:2000] if visit.url else None,
        "referrer": visit.referrer[:2000] if visit.referrer else None,
        "user_agent": visit.user_agent,
        "ip_address": visit.ip_hash,
        "created_at": when,
    }
