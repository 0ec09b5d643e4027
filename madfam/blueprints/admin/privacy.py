"""Privacy requests (ADMIN): export everything about a lead, or erase it."""

import json

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import EmptyForm
from madfam.blueprints.admin.leads import lead_or_404
from madfam.enums import UserRole
from madfam.security import role_required
from madfam.services import privacy


@bp.get("/leads/<lead_id>/export.json")
@role_required(UserRole.ADMIN)
def lead_export(lead_id: str):
    lead = lead_or_404(lead_id)
    document = privacy.export_lead(lead, current_user.id)
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (
        body,
        200,
        {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": f'attachment; filename="lead-{lead_id}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/leads/<lead_id>/delete", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def lead_delete(lead_id: str):
    """GET shows what will be removed; the POST (with its CSRF token) erases it."""
    lead = lead_or_404(lead_id)
    form = EmptyForm()
    if form.validate_on_submit():
        privacy.erase_lead(lead, current_user.id)
        flash(
            _("The lead and everything linked to it were deleted; the address is suppressed."),
            "success",
        )
        return redirect(url_for("admin.leads"), 303)
    counts = privacy.find_records(lead).counts()
    return render_template("admin/privacy/delete.html", lead=lead, counts=counts, form=form)
