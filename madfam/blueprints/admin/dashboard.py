"""The dashboard at /admin/ (every role): the schema's health checks and the funnel,
over 7, 30 or 90 days or a custom range of whole UTC days."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import EmptyForm
from madfam.enums import AssessmentStatus, UserRole
from madfam.labels import LEAD_SOURCE_LABELS, LEAD_STATUS_LABELS
from madfam.rules.assessment import QUESTIONS
from madfam.security import role_required
from madfam.services import dashboard, dashboard_funnel

DEFAULT_DAYS = 30
ASSESSMENT_LABELS = {
    AssessmentStatus.STARTED: _l("In progress"),
    AssessmentStatus.COMPLETED: _l("Completed"),
    AssessmentStatus.ABANDONED: _l("Abandoned"),
}
CALCULATOR_LABELS = {"roi": _l("ROI calculator"), "project_estimate": _l("Project estimate")}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def chosen_range(args) -> tuple[dashboard.Range, str | None]:
    """The range asked for, or the last 30 days with the reason the request was refused."""
    today = datetime.now(UTC).date()
    if args.get("range") == "custom" or args.get("from") or args.get("to"):
        first, last = _date(args.get("from")), _date(args.get("to"))
        if first is None or last is None:
            return dashboard.last_days(DEFAULT_DAYS, today), _("Enter both dates as YYYY-MM-DD.")
        if first > last:
            return dashboard.last_days(DEFAULT_DAYS, today), _(
                "The first day must not be after the last."
            )
        if (last - first).days >= dashboard.MAX_DAYS:
            return dashboard.last_days(DEFAULT_DAYS, today), _(
                "Choose at most %(days)d days.", days=dashboard.MAX_DAYS
            )
        return dashboard.Range(first, last), None
    days = args.get("days", type=int) or DEFAULT_DAYS
    if days not in dashboard.PRESETS:
        return dashboard.last_days(DEFAULT_DAYS, today), _("Choose 7, 30 or 90 days.")
    return dashboard.last_days(days, today), None


@bp.get("/")
@role_required(UserRole.VIEWER)
def index():
    period, error = chosen_range(request.args)
    overview = dashboard.overview()
    per_day = dashboard.leads_per_day(period)
    conversions = dashboard_funnel.conversions(period)
    return render_template(
        "admin/index.html",
        period=period,
        range_error=error,
        preset=None
        if error or request.args.get("from")
        else request.args.get("days", type=int) or DEFAULT_DAYS,
        lead_count=overview.lead_count,
        assessment_count=overview.assessment_count,
        per_day=per_day,
        period_leads=sum(n for _, n in per_day),
        by_status=[(LEAD_STATUS_LABELS.get(k, k), n) for k, n in dashboard.leads_by_status(period)],
        by_source=[(LEAD_SOURCE_LABELS.get(k, k), n) for k, n in dashboard.leads_by_source(period)],
        by_campaign=[(c or _("No campaign"), n) for c, n in dashboard.leads_by_campaign(period)],
        by_landing=conversions["page"],
        by_landing_campaign=conversions["campaign"],
        assessments=dashboard.assessment_statuses(period),
        assessment_labels=ASSESSMENT_LABELS,
        calculator_labels=CALCULATOR_LABELS,
        questions=dashboard_funnel.question_funnel(period),
        question_text={q.key: q.text for q in QUESTIONS},
        calculators=dashboard_funnel.calculator_use(period),
        outbox=dashboard.outbox_health(),
        flags=dashboard.enabled_flags(),
        logout_form=EmptyForm(),
    )
