"""ROI and project-estimate calculators.

A GET with the inputs in the query string computes and renders the results (the page,
or only the results fragment for htmx); it stores nothing. "Email me this report"
POSTs the same inputs with an email and consent, saves them and redirects (303). Both
compute through the calculations service, and the save stores the report it computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import make_response, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict

from madfam.blueprints.calculator import bp
from madfam.blueprints.calculator.chart import chart
from madfam.blueprints.calculator.forms import EstimateForm, RoiForm, SaveForm
from madfam.enums import ServiceTier
from madfam.extensions import limiter
from madfam.htmx import is_partial, render
from madfam.markets import page_market
from madfam.rules.estimate import DEFAULT_VAT_RATE, PROJECT_TYPES, starting_price
from madfam.rules.roi import DEFAULT_TIER
from madfam.rules.tiers import TIER_INFO
from madfam.services import calculations
from madfam.urls import absolute_url
from madfam.visit import current_visit

SAVE_LIMIT = "5 per minute; 30 per hour"
TOUCHED_HEADER = "X-Calc-Touched"
_SENT_KEY = "calculator_sent"


def _tier_arg() -> str | None:
    tier = request.args.get("tier", "")
    return tier if tier in ServiceTier.__members__ else None


@bp.get("/")
def index():
    tier = _tier_arg()
    return render_template(
        "calculator/index.html",
        tier=tier,
        tier_name=TIER_INFO[ServiceTier(tier)].name if tier else None,
    )


# --- ROI ---------------------------------------------------------------------------------


def _roi_form(formdata: MultiDict) -> tuple[RoiForm, bool]:
    """The form and whether it carries a calculation to validate."""
    if RoiForm.submitted(formdata):
        return RoiForm(formdata=formdata), True
    tier = formdata.get("tier", "")
    data = {"tier": tier} if tier in ServiceTier.__members__ else {}
    return RoiForm(formdata=None, data=data), False


def _roi_context(form: RoiForm, submitted: bool, touched=None) -> tuple[dict, int]:
    report = None
    if submitted and form.check(touched):
        report = calculations.compute_roi(form.inputs(page_market().currency))
    result = report.result if report else None
    tier = form.tier.data
    chosen = ServiceTier(tier) if tier in ServiceTier.__members__ else DEFAULT_TIER
    return {
        "form": form,
        "submitted": submitted,
        "report": report,
        "result": result,
        "chart": chart(result) if result else None,
        "tier_name": TIER_INFO[chosen].name,
        "tier_price": starting_price(chosen, page_market().currency),
        "hidden": _pairs(form, RoiForm.calculation_fields + ("tier",)) if result else [],
        "query": _query(form, RoiForm.calculation_fields + ("tier",)) if result else "",
    }, 422 if form.errors else 200


# --- Project estimate --------------------------------------------------------------------


def _estimate_form(formdata: MultiDict) -> tuple[EstimateForm, bool]:
    """The form and whether it carries a quote to compute. A tier alone (a link from the
    landing or the assessment) preselects its first project, quoted at once."""
    tier = formdata.get("tier", "")
    if not EstimateForm.submitted(formdata) and tier in ServiceTier.__members__:
        project = next(k for k, p in PROJECT_TYPES.items() if p.tier == tier)
        formdata = MultiDict(
            {"project_type": project, "complexity": "medium", "timeline": "standard"}
        )
    if EstimateForm.submitted(formdata):
        return EstimateForm(formdata=formdata), True
    return EstimateForm(formdata=None), False


def _estimate_context(form: EstimateForm, submitted: bool, touched=None) -> tuple[dict, int]:
    report = None
    if submitted and form.check(touched):
        market = page_market()
        report = calculations.compute_estimate(
            form.inputs(),
            vat_enabled=market.vat_rate is not None,
            vat_rate=market.vat_rate or DEFAULT_VAT_RATE,
            currency=market.currency,
        )
    result = report.result if report else None
    fields = EstimateForm.calculation_fields
    return {
        "form": form,
        "submitted": submitted,
        "report": report,
        "result": result,
        "hidden": _pairs(form, fields) if result else [],
        "query": _query(form, fields) if result else "",
    }, 422 if form.errors else 200


# --- Both calculators: the page and "email me this report" ---------------------------


@dataclass(frozen=True)
class _Calculator:
    page_endpoint: str
    template: str
    partial: str
    read_form: Callable[[MultiDict], tuple]
    context: Callable[..., tuple[dict, int]]
    save: Callable


_ROI = _Calculator(
    ".roi_page", "calculator/roi.html", "calculator/_roi_results.html",
    _roi_form, _roi_context, calculations.save_roi,
)  # fmt: skip
_ESTIMATE = _Calculator(
    ".estimate_page", "calculator/estimate.html", "calculator/_estimate_results.html",
    _estimate_form, _estimate_context, calculations.save_estimate,
)  # fmt: skip


def _touched() -> frozenset[str] | None:
    """The fields a live update may report errors for: those the visitor has left or
    changed, which calculator.js names in this header. ``None`` (every field) for a
    submitted form, with or without JavaScript."""
    names = request.headers.get(TOUCHED_HEADER) if is_partial() else None
    return None if names is None else frozenset(filter(None, names.split(",")))


def _page(calculator: _Calculator):
    form, submitted = calculator.read_form(request.args)
    context, status = calculator.context(form, submitted, _touched())
    response = make_response(
        render(
            calculator.template,
            calculator.partial,
            status,
            save_form=SaveForm(formdata=None),
            **context,
        )
    )
    response.vary.add(TOUCHED_HEADER)
    return response


def _save(calculator: _Calculator):
    form, _submitted = calculator.read_form(request.form)
    context, _status = calculator.context(form, True)
    save_form = SaveForm()
    if context["report"] is None or not save_form.validate_on_submit():
        save_form.validate()  # show every problem at once
        page = render_template(
            calculator.template, save_form=save_form, save_failed=True, **context
        )
        return page, 422
    calculation = calculator.save(
        context["report"],
        save_form.email.data,
        current_visit(),
        currency=page_market().currency,
        report_url=absolute_url(calculator.page_endpoint) + "?" + context["query"],
    )
    session[_SENT_KEY] = calculation.id
    return redirect(url_for(".sent"), code=303)


@bp.get("/roi")
def roi_page():
    return _page(_ROI)


@bp.post("/roi/save")
@limiter.limit(SAVE_LIMIT)
def roi_save():
    return _save(_ROI)


@bp.get("/estimate")
def estimate_page():
    return _page(_ESTIMATE)


@bp.post("/estimate/save")
@limiter.limit(SAVE_LIMIT)
def estimate_save():
    return _save(_ESTIMATE)


# --- Shared ------------------------------------------------------------------------------


def _pairs(form, names) -> list[tuple[str, str]]:
    """The submitted values of ``names`` as (name, value) pairs, in the visitor's spelling."""
    pairs = []
    for name in names:
        field = form[name]
        if name == "addons":
            pairs += [(name, value) for value in form.selected_addons()]
        elif field.raw_data:
            pairs.append((name, field.raw_data[0]))
        elif field.data is not None:
            pairs.append((name, str(field.data)))
    return pairs


def _query(form, names) -> str:
    return urlencode(_pairs(form, names))


@bp.get("/sent")
def sent():
    calculation_id = session.get(_SENT_KEY)
    calculation = calculations.get_calculation(calculation_id) if calculation_id else None
    return render_template("calculator/sent.html", calculation=calculation)
