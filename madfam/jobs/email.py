"""Email delivery jobs. The EmailQueue row is the truth; delivery claims it atomically.

A job takes the row id and is idempotent: only the worker whose claim moves the row
from ``pending`` to ``sending`` sends it, so running a job twice sends once. A
temporary failure puts the row back to ``pending`` with ``next_attempt_at`` set from
the backoff schedule (the sweep re-enqueues it then); a permanent failure, or the last
attempt, marks it ``failed``. Addresses erased under a privacy request are never sent to.
A sent email is recorded as an ``email_sent`` activity on its lead's timeline, in the
same transaction as the ``sent`` status.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import insert, select, update

from madfam import jobs
from madfam.delivery.suppression import is_suppressed
from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.retry import claim, max_attempts, now_utc, retry_at, short_error
from madfam.mail import PermanentMailError, render_email, send
from madfam.mail.subjects import subject_for
from madfam.models import EmailQueue, Lead, LeadActivity, Suppression
from madfam.models.base import new_id
from madfam.rules.emails import normalise_email

log = logging.getLogger(__name__)


def sweep_after() -> datetime:
    """When the sweep re-enqueues a new row whose job never ran (Redis down, worker lost)."""
    return now_utc() + timedelta(seconds=current_app.config["SWEEP_GRACE_SECONDS"])


def add_email(template: str, to: list[str], data: dict[str, Any], locale: str) -> EmailQueue:
    """Add an outbox row in ``locale`` (not committed); its delivery runs after the commit."""
    row = EmailQueue(
        id=new_id(),  # known before the INSERT, which then carries the job id too
        to=list(to),
        subject=subject_for(template, locale),
        template=template,
        data={**data, "locale": locale},
        status="pending",
        # When the sweep re-enqueues the row if its job never ran (Redis down, worker lost).
        next_attempt_at=sweep_after(),
    )
    jobs.defer_delivery(deliver_email, row)
    db.session.add(row)
    return row


@app_context
def deliver_email(email_id: str) -> str:
    """Send one queued email at most once. Returns the row's status afterwards."""
    # One connection for the claim and the outcome (two short transactions): the claim
    # is committed before sending, so a worker that dies mid-send leaves a visible
    # ``sending`` row for the sweep. The claim also says whether anyone is suppressed at
    # all, saving a query per email while the list is empty.
    anyone_suppressed = select(Suppression.id).limit(1).exists().label("anyone_suppressed")
    with db.engine.connect() as conn:
        row = claim(conn, EmailQueue, email_id, anyone_suppressed)
        if row is None:
            status = conn.scalar(select(EmailQueue.status).where(EmailQueue.id == email_id))
            return status or "missing"
        if row.anyone_suppressed and any(is_suppressed(address) for address in row.to):
            values = {"status": "suppressed", "error": None, "next_attempt_at": None}
        else:
            values = _send(row)
        done = conn.execute(
            update(EmailQueue)
            .where(EmailQueue.id == email_id, EmailQueue.status == "sending")
            .values(updated_at=now_utc(), **values)
        ).rowcount
        if done and values["status"] == "sent":
            _record_sent(conn, row)
        conn.commit()
    return values["status"]


def _record_sent(conn, row) -> None:
    """An ``email_sent`` activity on the timeline of each lead the email went to."""
    recipients = {normalise_email(address) for address in row.to}
    lead_ids = conn.scalars(select(Lead.id).where(Lead.email.in_(recipients))).all()
    for lead_id in lead_ids:
        conn.execute(
            insert(LeadActivity.__table__).values(
                lead_id=lead_id,
                type="email_sent",
                description=f"Email sent: {row.subject}",
                metadata={"email_id": row.id, "template": row.template, "subject": row.subject},
            )
        )


def _send(row) -> dict:
    """Render and send the claimed row; the column values its outcome sets."""
    try:
        send(render_email(row))
    except Exception as exc:
        due = None if isinstance(exc, PermanentMailError) else retry_at(row.attempts, now_utc())
        error = short_error(exc)
        log.warning("email %s attempt %d: %s", row.id, row.attempts, error)
        return {"status": "pending" if due else "failed", "next_attempt_at": due, "error": error}
    return {"status": "sent", "sent_at": now_utc(), "error": None, "next_attempt_at": None}


__all__ = ["deliver_email", "max_attempts"]
