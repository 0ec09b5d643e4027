"""Email delivery jobs. The EmailQueue row is the truth; delivery claims it atomically.

A job takes the row id and is idempotent: only the worker whose claim moves the row
from ``pending`` to ``sending`` sends it, so running a job twice sends once. A
temporary failure puts the row back to ``pending`` with ``next_attempt_at`` set from
the backoff schedule (the sweep re-enqueues it then); a permanent failure, or the last
attempt, marks it ``failed``. Addresses erased under a privacy request are never sent to.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update

from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.retry import claim_returning, max_attempts, now_utc, retry_at, short_error
from madfam.models import EmailQueue, Suppression
from madfam.services.privacy import is_suppressed

log = logging.getLogger(__name__)


@app_context
def deliver_email(email_id: str) -> str:
    """Send one queued email at most once. Returns the row's status afterwards."""
    from madfam.mail import PermanentMailError, render_email, send

    # The claim also says whether anyone is suppressed at all, saving a query per email
    # while the list is empty.
    anyone_suppressed = select(Suppression.id).limit(1).exists().label("anyone_suppressed")
    row = claim_returning(EmailQueue, email_id, anyone_suppressed)
    if row is None:
        status = db.session.scalar(select(EmailQueue.status).where(EmailQueue.id == email_id))
        db.session.commit()
        return status or "missing"
    values: dict = {"error": None, "next_attempt_at": None}
    if row.anyone_suppressed and any(is_suppressed(address) for address in row.to):
        values["status"] = "suppressed"
    else:
        try:
            send(render_email(row))
        except Exception as exc:
            now = now_utc()
            due = None if isinstance(exc, PermanentMailError) else retry_at(row.attempts, now)
            values.update(status="pending" if due else "failed", next_attempt_at=due)
            values["error"] = short_error(exc)
            log.warning("email %s attempt %d: %s", email_id, row.attempts, values["error"])
        else:
            values.update(status="sent", sent_at=now_utc())
    db.session.execute(
        update(EmailQueue)
        .where(EmailQueue.id == email_id, EmailQueue.status == "sending")
        .values(updated_at=now_utc(), **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return values["status"]


__all__ = ["deliver_email", "max_attempts"]
