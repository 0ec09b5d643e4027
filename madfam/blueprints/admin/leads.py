"""The leads workbench: filtered list, CSV export, lead detail with its timeline and edits."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from madfam.blueprints.admin import bp
from madfam.enums import LeadStatus, ServiceTier, UserRole
from madfam.htmx import is_partial, render
from madfam.labels import (
    ACTIVITY_LABELS,
    LEAD_SORT_LABELS,
    LEAD_SOURCE_LABELS,
    LEAD_STATUS_LABELS,
    LOGGED_ACTIVITY_LABELS,
)
from madfam.local_time import staff_time_zone, to_utc, zone_name
from madfam.rules.lead_scoring import RULE_LABELS, VARIANT_LABELS
from madfam.security import role_required
from madfam.services import lead_admin
from madfam.services.booking.availability import lead_meetings
from madfam.text import multi_line


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s.value, label) for s, label in LEAD_STATUS_LABELS.items()],
        validators=[DataRequired()],
    )


class NoteForm(FlaskForm):
    content = TextAreaField(
        _l("Note"), validators=[DataRequired(), Length(max=5000)], filters=[multi_line]
    )


class LogForm(FlaskForm):
    kind = SelectField(
        _l("Activity"),
        choices=[SelectChoice(kind, label) for kind, label in LOGGED_ACTIVITY_LABELS.items()],
        validators=[DataRequired()],
    )
    description = TextAreaField(
        _l("Summary"), validators=[DataRequired(), Length(max=2000)], filters=[multi_line]
    )
    # Entered in the staff member's zone (named in the label), stored in UTC.
    meeting_at = DateTimeLocalField(
        _l("Meeting date and time"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    send_reminder = BooleanField(_l("Email the lead a meeting reminder"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = staff_time_zone(current_user)
        self.meeting_at.label.text = _(
            "Meeting date and time (%(zone)s)", zone=zone_name(self.zone)
        )

    def meeting_at_utc(self) -> datetime | None:
        return to_utc(self.meeting_at.data, self.zone) if self.meeting_at.data else None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == "meeting_scheduled" and self.meeting_at.data is None:
            self.meeting_at.errors = [
                *self.meeting_at.errors,
                _("Enter the meeting date and time."),
            ]
            ok = False
        return ok


def lead_or_404(lead_id: str):
    """The lead with this id, or a 404 (shared by the lead and privacy views)."""
    lead = lead_admin.get_lead(lead_id)
    if lead is None:
        abort(404)
    return lead


def _list_context(page: lead_admin.LeadPage) -> dict:
    return {
        "result": page,
        "filters": page.filters,
        "statuses": LEAD_STATUS_LABELS,
        "tiers": {tier: tier.value for tier in ServiceTier},
        "sources": LEAD_SOURCE_LABELS,
        "sorts": LEAD_SORT_LABELS,
    }


@bp.get("/leads")
@role_required(UserRole.VIEWER)
def leads():
    filters = lead_admin.LeadFilters.from_args(request.args)
    page = lead_admin.list_leads(filters)
    context = _list_context(page)
    if not is_partial():
        context["campaigns"] = lead_admin.campaigns()
    return render("admin/leads/list.html", "admin/leads/_table.html", **context)


@bp.get("/leads/export.csv")
@role_required(UserRole.VIEWER)
def leads_export():
    filters = lead_admin.LeadFilters.from_args(request.args)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    response = Response(
        stream_with_context(lead_admin.export_csv(filters)), mimetype="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="leads-{stamp}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _detail_context(lead, **forms) -> dict:
    status_form = forms.get("status_form") or StatusForm(formdata=None, status=lead.status.value)
    return {
        "lead": lead,
        "score": lead_admin.score_breakdown(lead),
        "tiers": lead_admin.tier_choice(lead),
        "rule_labels": RULE_LABELS,
        "scoring_variants": VARIANT_LABELS,
        "timeline": lead_admin.timeline(lead),
        "statuses": LEAD_STATUS_LABELS,
        "sources": LEAD_SOURCE_LABELS,
        "activity_labels": ACTIVITY_LABELS,
        "status_form": status_form,
        "note_form": forms.get("note_form") or NoteForm(formdata=None),
        "log_form": forms.get("log_form") or LogForm(formdata=None),
        "can_edit": current_user.can(UserRole.EDITOR),
        "can_admin": current_user.can(UserRole.ADMIN),
        "meetings": lead_meetings(lead.id),
        "now_utc": datetime.now(UTC),
    }


@bp.get("/leads/<lead_id>")
@role_required(UserRole.VIEWER)
def lead_detail(lead_id: str):
    lead = lead_or_404(lead_id)
    return render_template("admin/leads/detail.html", **_detail_context(lead))


def _after_edit(lead, partial: str, message: str, status: int = 200, **forms):
    """htmx: the edited fragment plus the timeline out of band; otherwise 303 to the lead."""
    if status == 200 and not is_partial():
        flash(message, "info")
        return redirect(url_for("admin.lead_detail", lead_id=lead.id), 303)
    context = _detail_context(lead, **forms)
    if is_partial():
        return render_template(
            "admin/leads/_swap.html", partial=partial, oob=status == 200, **context
        ), status
    return render_template("admin/leads/detail.html", **context), status


def _edit(lead_id: str, form_class, partial: str, form_name: str, apply):
    """One edit of the lead page: validate ``form_class``; on errors re-render ``partial``
    (422) with the submitted form as ``form_name``, else ``apply(lead, form)`` and answer
    with the message it returns."""
    lead = lead_or_404(lead_id)
    form = form_class()
    if not form.validate_on_submit():
        return _after_edit(lead, partial, "", 422, **{form_name: form})
    return _after_edit(lead, partial, apply(lead, form))


def _change_status(lead, form: StatusForm) -> str:
    changed = lead_admin.change_status(lead, LeadStatus(form.status.data), current_user)
    return _("Status updated.") if changed else _("The status was already set.")


def _add_note(lead, form: NoteForm) -> str:
    lead_admin.add_note(lead, form.content.data, current_user)
    return _("Note added.")


def _log_activity(lead, form: LogForm) -> str:
    lead_admin.log_activity(
        lead,
        form.kind.data,
        form.description.data,
        current_user,
        meeting_at=form.meeting_at_utc(),
        send_reminder=form.kind.data == "meeting_scheduled" and form.send_reminder.data,
    )
    return _("Activity logged.")


@bp.post("/leads/<lead_id>/status")
@role_required(UserRole.EDITOR)
def lead_status(lead_id: str):
    return _edit(lead_id, StatusForm, "admin/leads/_status.html", "status_form", _change_status)


@bp.post("/leads/<lead_id>/notes")
@role_required(UserRole.EDITOR)
def lead_note(lead_id: str):
    return _edit(lead_id, NoteForm, "admin/leads/_note_form.html", "note_form", _add_note)


@bp.post("/leads/<lead_id>/log")
@role_required(UserRole.EDITOR)
def lead_log(lead_id: str):
    return _edit(lead_id, LogForm, "admin/leads/_log_form.html", "log_form", _log_activity)
