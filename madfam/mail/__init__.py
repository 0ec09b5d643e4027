"""Email rendering and delivery backends (console, SMTP, Resend).

``send`` returns only once the provider accepted the message. Failures raise
:class:`PermanentMailError` (the message can never be delivered as it is: a refused
recipient, a rejected payload) or :class:`TemporaryMailError` (worth retrying later).
"""

from __future__ import annotations

import base64
import email.policy
import json
import smtplib
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from madfam.i18n import regional_locale
from madfam.mail.ics import invitation


class MailError(Exception):
    """A message was not accepted by the provider."""


class PermanentMailError(MailError):
    """Retrying cannot help (invalid recipient, rejected message)."""


class TemporaryMailError(MailError):
    """The provider or the network failed; retry with backoff."""


@dataclass(frozen=True)
class Message:
    to: list[str]
    subject: str
    text: str
    html: str
    sender: str
    # Stable per outbox row: the SMTP Message-ID and Resend's Idempotency-Key, so a
    # resend after a crash can be recognised as the same message by the provider.
    key: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # (file name, MIME type, bytes): the calendar invitation of a meeting email.
    attachments: tuple[tuple[str, str, bytes], ...] = ()


def list_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: the unsubscribe link, usable with one click (POST)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def render_email(row) -> Message:
    """Render the row's template (HTML + plain text) in the language it was queued in."""
    locale = (row.data or {}).get("locale", "es")
    context = {**(row.data or {}), "subject": row.subject}
    try:
        with force_locale(regional_locale(locale)):
            html = render_template(f"emails/{row.template}.html", **context)
            text = render_template(f"emails/{row.template}.txt", **context)
    except TemplateNotFound as exc:
        raise PermanentMailError(f"no email template {exc.name}") from None
    return Message(
        to=list(row.to),
        subject=row.subject,
        text=text,
        html=html,
        sender=current_app.config["MAIL_FROM"],
        key=getattr(row, "id", None),
        attachments=_attachments(row.data or {}),
        headers=list_headers(context["unsubscribe_url"]) if context.get("unsubscribe_url") else {},
    )


def _attachments(data: dict) -> tuple[tuple[str, str, bytes], ...]:
    spec = data.get("ics")
    if not spec:
        return ()
    kind = f"text/calendar; method={spec['method']}; charset=UTF-8"
    return (("invite.ics", kind, invitation(spec)),)


def to_mime(message: Message) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML second."""
    # Headers up to RFC 5322's 998 characters stay on one line: a long List-Unsubscribe
    # URL would otherwise be folded into an encoded word no mail client reads as a URL.
    mime = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    mime["From"] = message.sender
    mime["To"] = ", ".join(message.to)
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(usegmt=True)
    if message.key:
        domain = message.sender.rsplit("@", 1)[-1].strip(">") or "madfam.io"
        mime["Message-ID"] = f"<{message.key}@{domain}>"
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for name, kind, content in message.attachments:
        maintype, subtype = kind.split(";", 1)[0].split("/")
        method = kind.split("method=", 1)[1].split(";")[0] if "method=" in kind else None
        params = {"method": method} if method else {}
        mime.add_attachment(
            content, maintype=maintype, subtype=subtype, filename=name, params=params
        )
    return mime


def send(message: Message) -> None:
    """Deliver through the configured backend; returns once the provider accepted it."""
    backend = current_app.config["MAIL_BACKEND"]
    sender = BACKENDS.get(backend)
    if sender is None:
        raise PermanentMailError(f"mail backend {backend!r} is not available")
    sender(message)


def send_console(message: Message) -> None:
    out = sys.stdout
    out.write(f"--- email to {', '.join(message.to)}: {message.subject}\n{message.text}\n")
    for name, kind, content in message.attachments:
        out.write(f"[attached {name} ({kind}, {len(content)} bytes)]\n")
    out.write("---\n")
    out.flush()


def send_smtp(message: Message) -> None:
    cfg = current_app.config
    timeout = cfg["SMTP_TIMEOUT"]
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=timeout) as smtp:
            if cfg.get("SMTP_STARTTLS"):
                smtp.starttls()
            if cfg.get("SMTP_USERNAME"):
                smtp.login(cfg["SMTP_USERNAME"], cfg.get("SMTP_PASSWORD") or "")
            refused = smtp.send_message(to_mime(message))
    except smtplib.SMTPRecipientsRefused as exc:
        raise _smtp_error(exc.recipients.values()) from None
    except smtplib.SMTPResponseException as exc:
        raise _smtp_error([(exc.smtp_code, exc.smtp_error)]) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryMailError(f"SMTP: {type(exc).__name__}: {exc}") from None
    if refused:  # the message left for the others: retrying would send it twice
        current_app.logger.warning(
            "SMTP refused %d of %d recipients", len(refused), len(message.to)
        )


def _smtp_error(replies) -> MailError:
    replies = list(replies)
    code, text = replies[0]
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    detail = f"SMTP {code} {text}".strip()
    if all(500 <= int(c) < 600 for c, _ in replies):
        return PermanentMailError(detail)
    return TemporaryMailError(detail)


def send_resend(message: Message) -> None:
    cfg = current_app.config
    if not cfg.get("RESEND_API_KEY"):
        raise TemporaryMailError("RESEND_API_KEY is not set")
    body = json.dumps(
        {
            "from": message.sender,
            "to": message.to,
            "subject": message.subject,
            "html": message.html,
            "text": message.text,
            **({"headers": message.headers} if message.headers else {}),
            **(
                {
                    "attachments": [
                        {"filename": n, "content": base64.b64encode(c).decode(), "content_type": k}
                        for n, k, c in message.attachments
                    ]
                }
                if message.attachments
                else {}
            ),
        }
    ).encode()
    headers = {
        "Authorization": f"Bearer {cfg['RESEND_API_KEY']}",
        "Content-Type": "application/json",
        "User-Agent": "madfam-mailer",
    }
    if message.key:
        headers["Idempotency-Key"] = message.key
    request = urllib.request.Request(  # noqa: S310 - a configured https URL
        cfg["RESEND_API_URL"], data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=cfg["RESEND_TIMEOUT"]) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode(errors="replace")
        if exc.code in (400, 422):
            raise PermanentMailError(f"Resend {exc.code}: {detail}") from None
        raise TemporaryMailError(f"Resend {exc.code}: {detail}") from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        raise TemporaryMailError(f"Resend: {type(exc).__name__}: {exc}") from None


BACKENDS = {"console": send_console, "smtp": send_smtp, "resend": send_resend}
