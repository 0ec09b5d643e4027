"""The email outbox: a row in the caller's transaction, delivered by a job after commit."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext

from madfam import jobs
from madfam.extensions import db
from madfam.models import EmailQueue
from madfam.rules._text import N_

TEMPLATES = {
    "welcome": N_("Thank you for contacting MADFAM"),
    "assessment_results": N_("Your AI readiness report"),
    "roi_report": N_("Your MADFAM calculation"),
    "follow_up": N_("Following up on your conversation with MADFAM"),
    "meeting_reminder": N_("Your meeting with MADFAM"),
}


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
        to=recipients,
        subject=subject,
        template=template,
        data={**data, "locale": locale},
        status="pending",
    )
    db.session.add(row)
    db.session.flush()
    from madfam.jobs.email import deliver_email

    jobs.defer(deliver_email, row.id)
    return row
