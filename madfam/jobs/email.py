"""Email delivery jobs. The EmailQueue row is the truth; delivery claims it atomically.

A job takes the row id and is idempotent: only the worker whose claim moves the row
from ``pending`` to ``sending`` sends it, so running a job twice sends once. A
temporary failure puts the row back to ``pending`` with ``next_attempt_at`` set from
the backoff schedule (the sweep re-enqueues it then); a permanent failure, or the last
attempt, marks it ``failed``. Addresses erased under a privacy request are never sent to.
"""

from __future__ import annotations

import importlib
import logging

from sqlalchemy import select, update

from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.retry import claim_returning, max_attempts, now_utc, retry_at, short_error
from madfam.models import EmailQueue

log = logging.getLogger(__name__)


def is_suppressed(address: str) -> bool:
    """True when the address was erased under a privacy request.

    Delegates to ``madfam.services.privacy.is_suppressed`` when that module exists.
    """
    try:
        privacy = importlib.import_module("madfam.services.privacy")
    except ImportError:
        return False
    check = getattr(privacy, "is_suppressed", None)
    return bool(check(address)) if check else False


@app_context
def deliver_email(email_id: str) -> str:
    """Send one queued email at most once. Returns the row's status afterwards."""
    from madfam.mail import PermanentMailError, render_email, send

    row = claim_returning(EmailQueue, email_id)
    if row is None:
        status = db.session.scalar(select(EmailQueue.status).where(EmailQueue.id == email_id))
        db.session.commit()
        return status or "missing"
    values: dict = {"error": None, "next_attempt_at": None}
    if any(is_suppressed(address) for address in row.to):
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


__all__ = ["deliver_email", "is_suppressed", "max_attempts"]
