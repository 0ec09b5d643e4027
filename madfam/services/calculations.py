"""The calculators' results: computed once per request, and saved on request.

``compute_roi`` / ``compute_estimate`` turn validated inputs into a report (the inputs and
their result together); the page shows that report and "email me this report" saves the
same one, so what is stored is what was shown. Computing stores nothing. Saving writes the
Calculation row, its lead, activity, event and email. Decimal values are stored in JSON as
strings so they stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from madfam import jobs
from madfam.enums import ServiceTier
from madfam.extensions import db
from madfam.models import Calculation, LeadActivity
from madfam.rules.emails import normalise_email
from madfam.rules.estimate import DEFAULT_VAT_RATE, Estimate, EstimateInputs, estimate
from madfam.rules.roi import RoiInputs, RoiResult, roi
from madfam.services.analytics import record_event
from madfam.services.context import Visit
from madfam.services.leads import LeadInput, upsert_lead
from madfam.services.outbox import queue_email
from madfam.services.webhooks import emit_safely

ROI = "roi"
PROJECT_ESTIMATE = "project_estimate"


@dataclass(frozen=True)
class RoiReport:
    inputs: RoiInputs
    result: RoiResult


@dataclass(frozen=True)
class EstimateReport:
    inputs: EstimateInputs
    result: Estimate
    vat_enabled: bool


def compute_roi(inputs: RoiInputs) -> RoiReport:
    """The ROI of validated inputs; ``ValueError`` for out-of-range inputs."""
    return RoiReport(inputs=inputs, result=roi(inputs))


def compute_estimate(
    inputs: EstimateInputs,
    *,
    vat_enabled: bool,
    vat_rate: Decimal = DEFAULT_VAT_RATE,
    currency: str = "MXN",
) -> EstimateReport:
    """The project estimate of validated inputs from ``currency``'s price list;
    ``ValueError`` for unknown keys."""
    result = estimate(inputs, vat_enabled=vat_enabled, vat_rate=vat_rate, currency=currency)
    return EstimateReport(inputs=inputs, result=result, vat_enabled=vat_enabled)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def roi_inputs_json(inputs: RoiInputs) -> dict[str, Any]:
    return {
        "employees": inputs.employees,
        "salary": _text(inputs.salary),
        "lost_pct": _text(inputs.lost_pct),
        "recovery_pct": _text(inputs.recovery_pct),
        "investment": _text(inputs.investment),
        "tier": ServiceTier(inputs.tier).value if inputs.tier else None,
    }


def roi_results_json(result: RoiResult, currency: str) -> dict[str, Any]:
    return {
        "currency": currency,
        "cost_of_inefficiency": str(result.cost_of_inefficiency),
        "annual_savings": str(result.annual_savings),
        "investment": str(result.investment),
        "roi_pct": _text(result.roi_pct),
        "payback_months": result.payback_months,
        "monthly": [[m, str(s), str(i)] for m, s, i in result.monthly],
    }


def estimate_inputs_json(inputs: EstimateInputs) -> dict[str, Any]:
    return {
        "project_type": inputs.project_type,
        "complexity": inputs.complexity,
        "timeline": inputs.timeline,
        "addons": list(inputs.addons),
    }


def estimate_results_json(result: Estimate, currency: str, vat_enabled: bool) -> dict[str, Any]:
    return {
        "currency": currency,
        "vat_enabled": vat_enabled,
        "lines": [
            {"key": line.key, "label": line.label, "amount": str(line.amount)}
            for line in result.lines
        ],
        "subtotal": str(result.subtotal),
        "vat": str(result.vat),
        "total": str(result.total),
        "weeks": result.weeks,
        "deliverables": list(result.deliverables),
        "tier": result.tier.value,
    }


def get_calculation(calculation_id: str) -> Calculation | None:
    return db.session.get(Calculation, calculation_id)


def save_roi(
    report: RoiReport,
    email: str,
    visit: Visit,
    *,
    currency: str,
    report_url: str | None = None,
) -> Calculation:
    """Store an ROI calculation for ``email`` and queue its report; commits."""
    inputs, result = report.inputs, report.result
    calculation = Calculation(
        type=ROI,
        inputs=roi_inputs_json(inputs),
        results=roi_results_json(result, currency),
        total_value=result.annual_savings,
        roi=result.roi_pct,
        payback_months=result.payback_months,
    )
    tier = ServiceTier(inputs.tier) if inputs.tier else None
    return _save(calculation, email, visit, tier, report_url, "ROI calculation saved")


def save_estimate(
    report: EstimateReport,
    email: str,
    visit: Visit,
    *,
    currency: str,
    report_url: str | None = None,
) -> Calculation:
    """Store a project estimate for ``email`` and queue its report; commits."""
    result = report.result
    calculation = Calculation(
        type=PROJECT_ESTIMATE,
        inputs=estimate_inputs_json(report.inputs),
        results=estimate_results_json(result, currency, report.vat_enabled),
        total_value=result.total,
    )
    return _save(calculation, email, visit, result.tier, report_url, "Project estimate saved")


def _save(
    calculation: Calculation,
    email: str,
    visit: Visit,
    tier: ServiceTier | None,
    report_url: str | None,
    description: str,
) -> Calculation:
    """Attach ``calculation`` to the lead of ``email`` and record it: activity, event, email."""
    kind, total_value = calculation.type, calculation.total_value
    email = normalise_email(email)
    lead = upsert_lead(LeadInput(email=email, tier=tier), visit, origin="calculator").lead
    calculation.lead, calculation.email = lead, email
    db.session.add(calculation)
    db.session.flush()
    db.session.add(
        LeadActivity(
            lead=lead,
            type="calculation_performed",
            description=description,
            metadata_={
                "type": kind,
                "calculation_id": calculation.id,
                "total_value": str(total_value),
            },
        )
    )
    record_event(
        "calculator.completed",
        {
            "type": kind,
            "calculation_id": calculation.id,
            "lead_id": lead.id,
            "tier": tier.value if tier else None,
            "total_value": str(total_value),
        },
        visit,
    )
    emit_safely(
        "calculation.completed",
        {
            "calculation_id": calculation.id,
            "lead_id": lead.id,
            "email": email,
            "type": kind,
            "tier": tier.value if tier else None,
            "total_value": str(total_value),
            "roi_pct": None if calculation.roi is None else str(calculation.roi),
            "payback_months": calculation.payback_months,
            "currency": (calculation.results or {}).get("currency"),
        },
    )
    queue_email(
        "roi_report",
        email,
        {
            "type": kind,
            "calculation_id": calculation.id,
            "inputs": calculation.inputs,
            "results": calculation.results,
            "report_url": report_url,
        },
        locale=visit.locale,
    )
    jobs.commit()
    return calculation
