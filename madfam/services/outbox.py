"""The email outbox: a row in the caller's transaction, delivered by a job after commit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from madfam import jobs
from madfam.extensions import db
from madfam.jobs.email import deliver_email
from madfam.models import EmailQueue
from madfam.models.base import new_id
from madfam.rules._text import N_
from madfam.services.queries import counts_by

TEMPLATES = {
    "welcome": N_("Thank you for contacting MADFAM"),
    "assessment_results": N_("Your AI readiness report"),
    "roi_report": N_("Your MADFAM calculation"),
    "follow_up": N_("Following up on your conversation with MADFAM"),
    "meeting_reminder": N_("Your meeting with MADFAM"),
    "privacy_request_received": N_("We received your privacy request"),
}
STATUSES = ("pending", "sending", "sent", "failed", "suppressed")


def queue_email(
    template: str, to: list[str] | str, data: dict[str, Any], locale: str = "es"
) -> EmailQueue:
    """Add an outbox row (not committed) and defer its delivery until after the commit."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown email template {template!r}")
    recipients = [to] if isinstance(to, str) else list(to)
    with force_locale(locale):
        subject = gettext(TEMPLATES[template])
    row = EmailQueue(
        id=new_id(),  # known before the INSERT, which then carries the job id too
        to=recipients,
        subject=subject,
        template=template,
        data={**data, "locale": locale},
        status="pending",
        # When the sweep re-enqueues the row if its job never ran (Redis down, worker lost).
        next_attempt_at=_sweep_after(),
    )
    jobs.defer_delivery(deliver_email, row)
    db.session.add(row)
    return row


def _sweep_after() -> datetime:
    grace = current_app.config["SWEEP_GRACE_SECONDS"]
    return datetime.now(UTC) + timedelta(seconds=grace)


def retry_email(email_id: str) -> EmailQueue | None:
    """Give a failed email a fresh set of attempts and deliver it after the commit."""
    row = db.session.get(EmailQueue, email_id)
    if row is None or row.status != "failed":
        return None
    row.status = "pending"
    row.attempts = 0
    row.next_attempt_at = _sweep_after()
    jobs.defer_delivery(deliver_email, row)
    jobs.commit()
    return row


def list_emails(status: str | None = None, limit: int = 50) -> list[EmailQueue]:
    """The newest ``limit`` outbox rows, only those with ``status`` when one is given."""
    query = select(EmailQueue).order_by(EmailQueue.created_at.desc()).limit(limit)
    if status:
        query = query.where(EmailQueue.status == status)
    return list(db.session.scalars(query))


def status_counts() -> dict[str, int]:
    """How many outbox rows each status has (statuses without rows are absent)."""
    return counts_by(EmailQueue.status)


def get_email(email_id: str) -> EmailQueue | None:
    return db.session.get(EmailQueue, email_id)
