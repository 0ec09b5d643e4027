"""Email me this report: exactly one Calculation with the shown figures, lead, activity,
analytics event and a queued email in the visitor's language."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from madfam.enums import ServiceTier
from madfam.mail import render_email
from madfam.models import AnalyticsEvent, Calculation, EmailQueue, Lead, LeadActivity
from tests.helpers import WORKED, count, csrf_from, hidden_inputs, save_roi

ESTIMATE = [
    ("project_type", "workflow_automation"),
    ("complexity", "high"),
    ("timeline", "accelerated"),
    ("addons", "training"),
    ("addons", "integration"),
]


def figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1).strip()


def test_saving_roi_stores_one_calculation_with_the_shown_figures(client, db, run_jobs):
    page, response = save_roi(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/en/calculator/sent")
    run_jobs()

    calculation = db.session.scalars(select(Calculation)).one()
    assert calculation.type == "roi"
    assert calculation.email == "ana@example.com"
    assert calculation.total_value == Decimal("240000.00")
    assert isinstance(calculation.total_value, Decimal)
    assert calculation.roi == Decimal("300.0")
    assert calculation.payback_months == 3
    assert calculation.inputs == {
        "employees": 50,
        "salary": "40000",
        "lost_pct": "20",
        "recovery_pct": "60",
        "investment": "60000",
        "tier": "L3_CONSULTING",
    }
    results = calculation.results
    assert results["cost_of_inefficiency"] == "400000.00"
    assert results["annual_savings"] == "240000.00"
    assert results["roi_pct"] == "300.0"
    assert results["currency"] == "MXN"
    assert len(results["monthly"]) == 36
    # the page showed exactly these figures
    assert figure(page, "savings") == "MXN\xa0240,000"
    assert figure(page, "roi") == "300.0 %"

    lead = db.session.scalars(select(Lead)).one()
    assert calculation.lead_id == lead.id
    assert lead.email == "ana@example.com"
    assert lead.tier is ServiceTier.L3_CONSULTING
    activity = db.session.scalars(
        select(LeadActivity).where(LeadActivity.type == "calculation_performed")
    ).one()
    assert activity.lead_id == lead.id
    assert activity.metadata_["calculation_id"] == calculation.id
    event = db.session.scalars(
        select(AnalyticsEvent).where(AnalyticsEvent.event == "calculator.completed")
    ).one()
    assert event.properties["calculation_id"] == calculation.id
    assert event.properties["type"] == "roi"

    email = db.session.scalars(select(EmailQueue)).one()
    assert email.template == "roi_report"
    assert email.to == ["ana@example.com"]
    assert email.data["type"] == "roi"
    assert email.data["locale"] == "en"
    db.session.refresh(email)
    assert email.status == "sent"

    sent = client.get(response.headers["Location"])
    assert sent.status_code == 200
    sent_html = sent.get_data(as_text=True)
    assert figure(sent_html, "savings") == "MXN\xa0240,000"
    assert figure(sent_html, "payback") == "3 months"


def test_report_email_carries_the_figures_in_the_visitors_language(client, db, app):
    save_roi(client, lang="es")
    row = db.session.scalars(select(EmailQueue)).one()
    assert row.data["locale"] == "es"
    message = render_email(row)
    # amounts in the Spanish email (thousands/decimal separators follow the locale)
    assert re.search(r"\$240[.,]000\b(?![.,]00)", message.text)
    assert re.search(r"\$240[.,]000\b(?![.,]00)", message.html)
    assert re.search(r"300[.,]0 %", message.text)
    assert "/es/calculator/roi?" in message.text
    assert "employees=50" in message.text


def test_default_investment_is_saved_from_the_tier(client, db):
    query = {**WORKED, "investment": "", "tier": "L4_PLATFORMS"}
    _page, response = save_roi(client, query=query)
    assert response.status_code == 303
    calculation = db.session.scalars(select(Calculation)).one()
    assert calculation.inputs["investment"] is None
    assert calculation.results["investment"] == "250000.00"
    assert calculation.roi == Decimal("-4.0")
    assert calculation.lead.tier is ServiceTier.L4_PLATFORMS


@pytest.mark.parametrize(
    ("query", "roi_pct", "savings", "payback"),
    [
        # The largest savings on the smallest investment: ROI of about 10^19 %.
        (
            {"employees": "1000000", "salary": "1000000000", "lost_pct": "100",
             "recovery_pct": "100", "investment": "0.01"},
            Decimal("9999999999999999900.0"), Decimal("1000000000000000.00"), 1,
        ),
        # The reported case.
        (
            {"employees": "1000", "salary": "1000000", "lost_pct": "100",
             "recovery_pct": "100", "investment": "0.01"},
            Decimal("9999999999900.0"), Decimal("1000000000.00"), 1,
        ),
        # A cent of savings on the largest investment: payback of 1.2 x 10^15 months.
        (
            {"employees": "1", "salary": "1", "lost_pct": "1", "recovery_pct": "100",
             "investment": "1000000000000"},
            Decimal("-100.0"), Decimal("0.01"), 1_200_000_000_000_000,
        ),
    ],
)  # fmt: skip
def test_extreme_results_are_saved_exactly(client, db, query, roi_pct, savings, payback):
    _page, response = save_roi(client, lang="es", query=query)
    assert response.status_code == 303
    db.session.expire_all()
    calculation = db.session.scalars(select(Calculation)).one()
    assert calculation.results["roi_pct"] == str(roi_pct)  # the report's figures are exact
    assert calculation.results["annual_savings"] == str(savings)
    # The summary columns hold them (exactly on PostgreSQL; SQLite keeps ~16 digits).
    assert calculation.roi == pytest.approx(roi_pct, rel=Decimal("1e-15"))
    assert calculation.total_value == savings
    assert calculation.payback_months == payback


def test_saving_twice_keeps_one_lead(client, db):
    save_roi(client, email="ana@example.com")
    save_roi(client, query={**WORKED, "employees": "10"}, email=" ANA@example.com ")
    assert count(db, Lead) == 1
    assert count(db, Calculation) == 2
    assert count(db, EmailQueue) == 2


@pytest.mark.parametrize(
    ("email", "consent", "error_field"),
    [
        ("ana@example.com", False, "consent"),
        ("not-an-email", True, "email"),
        ("", True, "email"),
    ],
)
def test_save_needs_an_email_and_consent(client, db, email, consent, error_field):
    _page, response = save_roi(client, email=email, consent=consent)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'class="field has-error" id="field-{error_field}"' in html
    assert figure(html, "savings") == "MXN\xa0240,000"  # the results are still there
    for model in (Calculation, Lead, EmailQueue, AnalyticsEvent, LeadActivity):
        assert count(db, model) == 0


def test_a_refused_save_points_the_visitor_at_its_errors(client, db):
    _page, response = save_roi(client, email="not-an-email", consent=False)
    html = response.get_data(as_text=True)
    # The reloaded page focuses a summary next to the form, which sits below the fold.
    summary = re.search(
        r'<div class="form-errors[^>]*role="alert"[^>]*autofocus>(.*?)</div>', html, re.S
    )
    assert summary and "Please correct the highlighted fields" in summary.group(1)
    email = re.search(r'<input[^>]*id="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email and 'aria-describedby="email-error"' in email
    consent = re.search(r'<input[^>]*id="consent"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in consent and 'aria-describedby="consent-error"' in consent
    assert 'id="consent-error"' in html


def test_saving_before_calculating_says_to_fill_in_the_calculator(client, db):
    page = client.get("/en/calculator/roi")
    data = {"email": "ana@example.com", "consent": "y", "csrf_token": csrf_from(page)}
    response = client.post("/en/calculator/roi/save", data=data)
    assert response.status_code == 422
    assert "Fill in the calculator above first" in response.get_data(as_text=True)
    assert count(db, Calculation) == 0


def test_calculator_hints_are_read_with_their_fields(client):
    html = client.get("/en/calculator/roi").get_data(as_text=True)
    salary = re.search(r'<input[^>]*id="salary"[^>]*>', html).group(0)
    assert 'aria-describedby="salary-hint"' in salary
    assert 'id="salary-hint"' in html


def test_save_revalidates_the_inputs(client, db):
    page = client.get("/en/calculator/roi")
    data = {**WORKED, "salary": "1e999", "email": "ana@example.com", "consent": "y"}
    response = client.post("/en/calculator/roi/save", data={**data, "csrf_token": csrf_from(page)})
    assert response.status_code == 422
    assert 'class="field has-error" id="field-salary"' in response.get_data(as_text=True)
    assert count(db, Calculation) == 0


def test_save_without_csrf_token_is_refused(client, db):
    response = client.post(
        "/en/calculator/roi/save", data={**WORKED, "email": "a@example.com", "consent": "y"}
    )
    assert response.status_code == 400
    assert count(db, Calculation) == 0


def test_saving_an_estimate(client, db, run_jobs, app):
    page = client.get("/es/calculator/estimate", query_string=ESTIMATE)
    html = page.get_data(as_text=True)
    shown = [Decimal(a) for a in re.findall(r'data-amount="([^"]+)"', html)]
    data = hidden_inputs(html, "estimate-save")
    assert ("addons", "integration") in data
    data += [("csrf_token", csrf_from(page)), ("email", "luis@example.mx"), ("consent", "y")]
    response = client.post("/es/calculator/estimate/save", data=MultiDict(data))
    assert response.status_code == 303
    run_jobs()

    calculation = db.session.scalars(select(Calculation)).one()
    assert calculation.type == "project_estimate"
    assert calculation.total_value == sum(shown) == Decimal("210612.50")
    assert calculation.roi is None and calculation.payback_months is None
    assert calculation.inputs == {
        "project_type": "workflow_automation",
        "complexity": "high",
        "timeline": "accelerated",
        "addons": ["training", "integration"],
    }
    lines = calculation.results["lines"]
    assert [Decimal(line["amount"]) for line in lines] == shown
    assert calculation.results["weeks"] == 9
    assert calculation.lead.tier is ServiceTier.L2_ADVANCED  # the project type's tier
    types = db.session.scalars(select(LeadActivity.type)).all()
    # The report's email_sent follows once it is delivered (in-process: at once).
    assert sorted(t for t in types if t != "email_sent") == [
        "calculation_performed",
        "lead_created",
    ]
    email = db.session.scalars(select(EmailQueue)).one()
    assert email.data["type"] == "project_estimate"
    assert email.data["locale"] == "es"
    message = render_email(email)
    assert re.search(r"210[.,]612[.,]50", message.text)
    assert re.search(r"\$29[.,]050\b(?![.,]00)", message.html)
