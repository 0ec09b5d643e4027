"""Admin (ADMIN only): visitors' privacy (ARCO) requests — the list and the answer."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import PrivacyRequestAnswerForm
from madfam.enums import PrivacyRequestStatus, UserRole
from madfam.htmx import render
from madfam.labels import PRIVACY_RIGHT_LABELS, PRIVACY_STATUS_LABELS
from madfam.security import role_required
from madfam.services import privacy_requests


def _status_filter() -> PrivacyRequestStatus | None:
    value = request.args.get("status") or ""
    return PrivacyRequestStatus[value] if value in PrivacyRequestStatus.__members__ else None


@bp.get("/privacy-requests")
@role_required(UserRole.ADMIN)
def privacy_requests_list():
    status = _status_filter()
    now = datetime.now(UTC)
    rows = privacy_requests.list_requests(status)
    return render(
        "admin/privacy_requests/index.html",
        "admin/privacy_requests/_table.html",
        rows=rows,
        overdue={row.id for row in rows if privacy_requests.is_overdue(row, now)},
        status_filter=status,
        counts=privacy_requests.status_counts(),
        status_labels=PRIVACY_STATUS_LABELS,
        right_labels=PRIVACY_RIGHT_LABELS,
    )


@bp.route("/privacy-requests/<request_id>", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def privacy_request_detail(request_id: str):
    row = privacy_requests.get_request(request_id)
    if row is None:
        abort(404)
    if request.method == "POST":
        form = PrivacyRequestAnswerForm()
        if form.validate():
            privacy_requests.record_answer(
                row,
                PrivacyRequestStatus(form.status.data),
                form.resolution.data or None,
                current_user.id,
            )
            flash(_("The privacy request was updated."), "success")
            return redirect(url_for("admin.privacy_request_detail", request_id=row.id), 303)
    else:
        form = PrivacyRequestAnswerForm(status=row.status.value, resolution=row.resolution or "")
    return render(
        "admin/privacy_requests/detail.html",
        "admin/privacy_requests/_detail.html",
        422 if form.errors else 200,
        row=row,
        form=form,
        lead=privacy_requests.matching_lead(row),
        overdue=privacy_requests.is_overdue(row),
        status_labels=PRIVACY_STATUS_LABELS,
        right_labels=PRIVACY_RIGHT_LABELS,
    )
