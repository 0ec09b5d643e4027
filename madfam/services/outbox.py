"""The email outbox: a row in the caller's transaction, delivered by a job after commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from madfam import jobs
from madfam.extensions import db
from madfam.jobs.email import add_email, deliver_email, sweep_after
from madfam.mail.subjects import TEMPLATES  # noqa: F401 - the templates, as callers know them
from madfam.models import EmailQueue
from madfam.services.queries import counts_by

STATUSES = ("pending", "sending", "sent", "failed", "suppressed")


def queue_email(
    template: str, to: list[str] | str, data: dict[str, Any], locale: str = "es"
) -> EmailQueue:
    """Add an outbox row (not committed) and defer its delivery until after the commit."""
    recipients = [to] if isinstance(to, str) else list(to)
    return add_email(template, recipients, data, locale)


def retry_email(email_id: str) -> EmailQueue | None:
    """Give a failed email a fresh set of attempts and deliver it after the commit."""
    row = db.session.get(EmailQueue, email_id)
    if row is None or row.status != "failed":
        return None
    row.status = "pending"
    row.attempts = 0
    row.next_attempt_at = sweep_after()
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
