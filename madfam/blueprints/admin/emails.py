"""Admin (ADMIN only): the email outbox — list by status, error, preview, retry."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from madfam.blueprints.admin import bp
from madfam.enums import UserRole
from madfam.extensions import db
from madfam.htmx import render
from madfam.models import EmailQueue
from madfam.security import allow_inline_styles, role_required
from madfam.services.outbox import retry_email

STATUS_LABELS = {
    "pending": _l("Pending"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "suppressed": _l("Suppressed"),
}
PAGE_SIZE = 50


class RetryForm(FlaskForm):
    """Carries only the CSRF token."""


@bp.get("/emails")
@role_required(UserRole.ADMIN)
def emails():
    status = request.args.get("status") or None
    if status not in STATUS_LABELS:
        status = None
    query = select(EmailQueue).order_by(EmailQueue.created_at.desc()).limit(PAGE_SIZE)
    if status:
        query = query.where(EmailQueue.status == status)
    counts = dict(
        db.session.execute(
            select(EmailQueue.status, func.count()).group_by(EmailQueue.status)
        ).all()
    )
    return render(
        "admin/emails/index.html",
        "admin/emails/_table.html",
        rows=list(db.session.scalars(query)),
        status=status,
        counts=counts,
        status_labels=STATUS_LABELS,
    )


@bp.get("/emails/<email_id>")
@role_required(UserRole.ADMIN)
def email_detail(email_id: str):
    from madfam.mail import MailError, render_email

    row = db.session.get(EmailQueue, email_id)
    if row is None:
        abort(404)
    try:
        message, preview_error = render_email(row), None
    except MailError as exc:
        message, preview_error = None, str(exc)
    if message is not None:  # the preview iframe (srcdoc) inherits this page's CSP
        allow_inline_styles(message.html)
    return render(
        "admin/emails/detail.html",
        "admin/emails/_detail.html",
        row=row,
        message=message,
        preview_error=preview_error,
        status_labels=STATUS_LABELS,
        retry_form=RetryForm(),
    )


@bp.post("/emails/<email_id>/retry")
@role_required(UserRole.ADMIN)
def email_retry(email_id: str):
    if not RetryForm().validate_on_submit():
        abort(400)
    row = retry_email(email_id)
    if row is None:
        flash(_("Only a failed email can be retried."), "error")
    else:
        flash(_("The email is queued again."), "success")
    return redirect(url_for("admin.email_detail", email_id=email_id), 303)
