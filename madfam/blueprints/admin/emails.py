"""Admin (ADMIN only): the email outbox — list by status, error, preview, retry."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import EmptyForm
from madfam.enums import UserRole
from madfam.htmx import render
from madfam.labels import EMAIL_STATUS_LABELS
from madfam.mail import MailError, render_email
from madfam.security import allow_inline_styles, role_required
from madfam.services import outbox

PAGE_SIZE = 50


@bp.get("/emails")
@role_required(UserRole.ADMIN)
def emails():
    status = request.args.get("status") or None
    if status not in outbox.STATUSES:
        status = None
    # ``status_filter``: a ``status`` keyword once became the HTTP status of the response.
    return render(
        "admin/emails/index.html",
        "admin/emails/_table.html",
        rows=outbox.list_emails(status, PAGE_SIZE),
        status_filter=status,
        counts=outbox.status_counts(),
        status_labels=EMAIL_STATUS_LABELS,
    )


@bp.get("/emails/<email_id>")
@role_required(UserRole.ADMIN)
def email_detail(email_id: str):
    row = outbox.get_email(email_id)
    if row is None:
        abort(404)
    if not row.to:  # reduced to its metadata by the retention job
        message, preview_error = None, _("Past its retention period: only its metadata is kept.")
    else:
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
        status_labels=EMAIL_STATUS_LABELS,
        retry_form=EmptyForm(),
    )


@bp.post("/emails/<email_id>/retry")
@role_required(UserRole.ADMIN)
def email_retry(email_id: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = outbox.retry_email(email_id)
    if row is None:
        flash(_("Only a failed email can be retried."), "error")
    else:
        flash(_("The email is queued again."), "success")
    return redirect(url_for("admin.email_detail", email_id=email_id), 303)
