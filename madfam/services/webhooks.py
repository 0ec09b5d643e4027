"""Outgoing webhooks: delivery rows in the caller's transaction, signed POSTs by a job.

Each ``emit`` adds one ``WebhookDelivery`` row per endpoint and defers
:func:`madfam.jobs.webhooks.deliver_webhook` until the caller's commit. Signing, the
address guard and the message bodies live in :mod:`madfam.delivery`.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from madfam import jobs
from madfam.delivery.envelopes import HOT_LEAD_EVENT, TEST_EVENT, jsonable, receives
from madfam.extensions import db
from madfam.jobs.webhooks import deliver_webhook
from madfam.models import Integration, Lead, WebhookDelivery

log = logging.getLogger(__name__)


def emit(
    event: str, payload: dict[str, Any], *, integrations: list[Integration] | None = None
) -> None:
    """Queue ``event`` for every enabled integration with a webhook URL that receives it
    (its chosen events); nothing commits.

    One ``WebhookDelivery`` row per endpoint joins the caller's transaction and its job
    is dispatched after the caller's ``jobs.commit()``. Paused endpoints get nothing.
    """
    targets = integrations if integrations is not None else active_integrations()
    for integration in targets:
        if not integration.webhook_url or not receives(integration.kind, integration.events, event):
            continue
        delivery = WebhookDelivery(
            integration_id=integration.id,
            event=event,
            payload=jsonable(payload),
            status="pending",
            next_attempt_at=_sweep_after(),
        )
        db.session.add(delivery)
        db.session.flush()
        jobs.defer_delivery(deliver_webhook, delivery)


def emit_safely(
    event: str,
    payload: dict[str, Any],
    *,
    kind: str | None = None,
    integrations: list[Integration] | None = None,
) -> bool:
    """:func:`emit` in a savepoint; a failure is logged and undone, never raised.

    Whatever the caller was saving (a lead, an assessment) must not be lost because a
    webhook could not be queued. ``kind`` limits the event to integrations of that kind.
    Returns True when the event was queued.
    """
    try:
        targets = integrations if integrations is not None else active_integrations(kind=kind)
        if not any(integration.webhook_url for integration in targets):
            return True  # no endpoint: nothing to queue, no savepoint to pay for
        # A failure rolls back the delivery rows and drops their jobs, nothing else.
        with jobs.savepoint():
            emit(event, payload, integrations=targets)
    except Exception:
        log.exception("webhook emit for %s failed; the rest is saved without it", event)
        return False
    return True


# When the last look found no active endpoint (the common case): the moment it looked.
# For ``INTEGRATION_CACHE_SECONDS`` (2 s, as the flags) a write then reads nothing more;
# saving an integration in the admin area forgets it at once in that process.
_none_active_at: list[float] = []


def active_integrations(kind: str | None = None) -> list[Integration]:
    seconds = current_app.config.get("INTEGRATION_CACHE_SECONDS", 0)
    if _none_active_at and 0 <= time.monotonic() - _none_active_at[-1] < seconds:
        return []
    query = select(Integration).where(
        Integration.enabled.is_(True),
        Integration.paused_at.is_(None),
        Integration.webhook_url.is_not(None),
    )
    found = list(db.session.scalars(query.order_by(Integration.name)))
    if not found:
        _none_active_at[:] = [time.monotonic()]
    return [i for i in found if not kind or i.kind == kind]


def forget_integrations() -> None:
    _none_active_at.clear()


def notify_if_hot(lead: Lead) -> bool:
    """Queue the one Slack notification for a lead whose score reached the threshold.

    The conditional UPDATE on ``hot_notified_at`` makes it once per lead, even when two
    requests rescore the same lead at the same time. Returns True when it queued one.
    """
    threshold = current_app.config["HOT_LEAD_THRESHOLD"]
    if lead.score is None or lead.score < threshold or lead.hot_notified_at is not None:
        return False
    now = datetime.now(UTC)
    db.session.flush()
    marked = db.session.execute(
        update(Lead)
        .where(Lead.id == lead.id, Lead.hot_notified_at.is_(None))
        .values(hot_notified_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not marked:
        return False
    set_committed_value(lead, "hot_notified_at", now)  # written above: no second UPDATE
    payload = {
        "lead_id": lead.id,
        "name": lead.full_name or None,
        "company": lead.company,
        "score": lead.score,
        "tier": lead.tier.value if lead.tier else None,
        "threshold": threshold,
    }
    if not emit_safely(HOT_LEAD_EVENT, payload, kind="slack"):
        lead.hot_notified_at = None  # not sent: a later rescore tries again
        return False
    return True


def lead_payload(lead: Lead) -> dict[str, Any]:
    """The lead as every ``lead.*`` event carries it (see docs/webhooks.md)."""
    return {
        "lead_id": lead.id,
        "email": lead.email,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "company": lead.company,
        "phone": lead.phone,
        "tier": lead.tier.value if lead.tier else None,
        "score": lead.score,
        "status": lead.status.value if lead.status else None,
        "source": lead.source.value if lead.source else None,
        "industry": lead.industry,
        "company_size": lead.company_size,
        "budget": lead.budget,
        "timeframe": lead.timeframe,
        "locale": lead.locale,
        "utm_source": lead.utm_source,
        "utm_medium": lead.utm_medium,
        "utm_campaign": lead.utm_campaign,
        "marketing_consent": lead.marketing_consent,
    }


def send_test_event(integration: Integration) -> WebhookDelivery | None:
    """Queue a ``test.ping`` to one endpoint and commit (the admin "send test event")."""
    emit(
        TEST_EVENT,
        {"integration": integration.name, "sent_at": datetime.now(UTC).isoformat()},
        integrations=[integration],
    )
    delivery = db.session.scalar(
        select(WebhookDelivery)
        .where(WebhookDelivery.integration_id == integration.id)
        .order_by(WebhookDelivery.created_at.desc())
    )
    jobs.commit()
    return delivery


def _sweep_after() -> datetime:
    grace = current_app.config["SWEEP_GRACE_SECONDS"]
    return datetime.now(UTC) + timedelta(seconds=grace)
