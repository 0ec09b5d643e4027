"""Data retention: personal traces are kept only as long as they are useful.

Analytics events (hashed IP, truncated user agent) and abandoned assessments that
never became a lead are deleted after a configurable number of days; expired staff
sessions are removed as soon as they expire. Emails and webhook deliveries that are
done (sent, failed, suppressed, delivered) are reduced to their metadata after
``DELIVERY_RETENTION_DAYS``: template, subject (the template's), status, attempts and
dates stay for the outbox's history, while recipients, template data, webhook payloads
and error texts (which may quote an address) are emptied.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import String, cast, delete, select, update

from madfam.enums import AssessmentStatus
from madfam.extensions import db
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    EmailQueue,
    Session,
    WebhookAttempt,
    WebhookDelivery,
)

DONE = ("sent", "failed", "suppressed", "delivered")


def apply_retention(
    analytics_days: int | None = None,
    abandoned_days: int | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete what is past its retention period; returns how many rows of each kind."""
    now = now or datetime.now(UTC)
    config = current_app.config
    analytics_days = analytics_days or config["ANALYTICS_RETENTION_DAYS"]
    abandoned_days = abandoned_days or config["ABANDONED_RETENTION_DAYS"]

    counts = {
        "analytics_events": db.session.execute(
            delete(AnalyticsEvent).where(
                AnalyticsEvent.created_at < now - timedelta(days=analytics_days)
            )
        ).rowcount,
        "abandoned_assessments": db.session.execute(
            delete(Assessment).where(
                Assessment.status == AssessmentStatus.ABANDONED,
                Assessment.lead_id.is_(None),
                Assessment.created_at < now - timedelta(days=abandoned_days),
            )
        ).rowcount,
        "expired_sessions": db.session.execute(
            delete(Session).where(Session.expires < now)
        ).rowcount,
    }
    counts.update(_reduce_deliveries(now - timedelta(days=config["DELIVERY_RETENTION_DAYS"])))
    db.session.commit()
    return counts


def _reduce_deliveries(before: datetime) -> dict[str, int]:
    """Empty the contents of finished emails and webhook deliveries created ``before``."""
    emails = db.session.execute(
        update(EmailQueue)
        .where(EmailQueue.created_at < before, EmailQueue.status.in_(DONE))
        .where(cast(EmailQueue.to, String) != "[]")
        .values(to=[], data={}, error=None)
    ).rowcount
    old = select(WebhookDelivery.id).where(
        WebhookDelivery.created_at < before, WebhookDelivery.status.in_(DONE)
    )
    hooks = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(old), cast(WebhookDelivery.payload, String) != "{}")
        .values(payload={}, error=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        update(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(old), WebhookAttempt.error.is_not(None))
        .values(error=None)
        .execution_options(synchronize_session=False)
    )
    return {"emails_reduced": emails, "webhooks_reduced": hooks}
