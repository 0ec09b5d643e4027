"""Email delivery jobs. The EmailQueue row is the truth; delivery claims it atomically."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import update

from madfam.extensions import db
from madfam.jobs import app_context
from madfam.models import EmailQueue

log = logging.getLogger(__name__)


@app_context
def deliver_email(email_id: str) -> str:
    """Send one queued email once. Returns the row's final status."""
    from madfam.mail import render_email, send

    claimed = db.session.execute(
        update(EmailQueue)
        .where(EmailQueue.id == email_id, EmailQueue.status == "pending")
        .values(status="sending", attempts=EmailQueue.attempts + 1)
    ).rowcount
    db.session.commit()
    row = db.session.get(EmailQueue, email_id)
    if not claimed or row is None:
        return row.status if row else "missing"
    try:
        message = render_email(row)
        send(message)
    except Exception as exc:
        row.status = "failed"
        row.error = f"{type(exc).__name__}: {exc}"[:500]
        db.session.commit()
        log.warning("email %s failed: %s", email_id, type(exc).__name__)
        return row.status
    row.status = "sent"
    row.sent_at = datetime.now(UTC)
    row.error = None
    db.session.commit()
    return row.status
