"""Email rendering and delivery backends (console, SMTP, Resend)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale


@dataclass(frozen=True)
class Message:
    to: list[str]
    subject: str
    text: str
    html: str
    sender: str


def render_email(row) -> Message:
    """Render the row's template (HTML + plain text) in the language it was queued in."""
    locale = (row.data or {}).get("locale", "es")
    context = {**(row.data or {}), "subject": row.subject}
    with force_locale(locale):
        html = render_template(f"emails/{row.template}.html", **context)
        text = render_template(f"emails/{row.template}.txt", **context)
    return Message(
        to=list(row.to),
        subject=row.subject,
        text=text,
        html=html,
        sender=current_app.config["MAIL_FROM"],
    )


def send(message: Message) -> None:
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "console":
        out = sys.stdout
        out.write(f"--- email to {', '.join(message.to)}: {message.subject}\n{message.text}\n---\n")
        out.flush()
        return
    raise RuntimeError(f"mail backend {backend!r} is not available")
