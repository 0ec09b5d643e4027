"""The admin dashboard against hand counts of known seeded data (SQLite, and PostgreSQL
when TEST_DATABASE_URL is set): every figure comes from SQL over the chosen UTC days."""

from datetime import UTC, date, datetime

import pytest

from madfam.enums import AssessmentStatus, LeadSource, LeadStatus
from madfam.rules.assessment import QUESTIONS
from madfam.services import dashboard, dashboard_funnel
from tests.factories import (
    make_assessment,
    make_calculation,
    make_email,
    make_event,
    make_flag,
    make_lead,
)

PERIOD = dashboard.Range(date(2026, 3, 1), date(2026, 3, 10))
QUERY = "/admin/?range=custom&from=2026-03-01&to=2026-03-10"


def at(day: int, hour: int = 12, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def seeded(db):
    # Leads: three on 2 March (one at 23:59 UTC), one on 5 March, two outside the range.
    make_lead(created_at=at(2, 0, 0), status=LeadStatus.NEW, utm_campaign="spring")
    make_lead(created_at=at(2, 10), status=LeadStatus.QUALIFIED, utm_campaign="spring")
    make_lead(created_at=at(2, 23, 59), status=LeadStatus.NEW, source=LeadSource.SOCIAL)
    make_lead(created_at=at(5), status=LeadStatus.QUALIFIED)
    make_lead(created_at=at(28, month=2, hour=23, minute=59))
    make_lead(created_at=at(11, 0, 0))

    # Visits: A lands on /es/ from the spring campaign and converts; B lands on the ROI
    # calculator (twice) and leaves; C lands on /es/ and converts; D is outside.
    def view(session, path, when, campaign=None):
        props = {"path": path, "language": "es"}
        if campaign:
            props["utm"] = {"utm_campaign": campaign}
        if session not in started:  # the visit's first view, as analytics records it
            started.add(session)
            landing = {"page": path, "campaign": campaign}
            make_event("visit.started", session_id=session, properties=landing, created_at=when)
        make_event("page.view", session_id=session, properties=props, created_at=when)

    started = set()

    view("A", "/es/", at(3, 10), "spring")
    view("A", "/es/contact", at(3, 10, 5))
    make_event("conversion.lead", session_id="A", properties={}, created_at=at(3, 10, 6))
    view("B", "/es/calculator/roi", at(4, 9))
    view("B", "/es/calculator/roi", at(4, 9, 1))
    view("C", "/es/", at(6, 8))
    view("C", "/es/calculator/estimate", at(6, 8, 2))
    make_event("conversion.lead", session_id="C", properties={}, created_at=at(6, 8, 9))
    view("D", "/es/", at(20, month=2))

    # Assessments: completed (all ten), started (three answers), abandoned (one), and one
    # outside the range.
    keys = [q.key for q in QUESTIONS]
    make_assessment(answers=dict.fromkeys(keys, 3), status=AssessmentStatus.COMPLETED,
                    created_at=at(4))  # fmt: skip
    make_assessment(answers=dict.fromkeys(keys[:3], 2), created_at=at(5))
    make_assessment(answers={keys[0]: 1}, status=AssessmentStatus.ABANDONED, created_at=at(6))
    make_assessment(answers={keys[0]: 1}, created_at=at(12))

    make_calculation(type="roi", created_at=at(4, 9, 3))
    make_calculation(type="roi", created_at=at(9))
    make_calculation(type="project_estimate", created_at=at(6, 8, 5))
    make_calculation(type="roi", created_at=at(11))

    make_email(status="pending")
    make_email(status="pending")
    make_email(status="failed")
    make_email(status="sent")
    make_flag("CHAT_SUPPORT", enabled=True, rollout_percentage=30)


def test_leads_per_day_counts_whole_utc_days(seeded):
    per_day = dict(dashboard.leads_per_day(PERIOD))
    assert len(per_day) == 10 and min(per_day) == date(2026, 3, 1)
    assert per_day[date(2026, 3, 2)] == 3
    assert per_day[date(2026, 3, 5)] == 1
    assert sum(per_day.values()) == 4


def test_leads_by_status_source_and_campaign(seeded):
    assert dict(dashboard.leads_by_status(PERIOD)) == {LeadStatus.NEW: 2, LeadStatus.QUALIFIED: 2}
    assert dict(dashboard.leads_by_source(PERIOD)) == {LeadSource.WEBSITE: 3, LeadSource.SOCIAL: 1}
    assert dict(dashboard.leads_by_campaign(PERIOD)) == {"spring": 2, None: 2}


def test_conversion_per_landing_page_and_campaign(seeded):
    by_page = {c.key: (c.visits, c.converted) for c in dashboard_funnel.conversion(PERIOD, "page")}
    assert by_page == {"/es/": (2, 2), "/es/calculator/roi": (1, 0)}
    by_campaign = {
        c.key: (c.visits, c.converted) for c in dashboard_funnel.conversion(PERIOD, "campaign")
    }
    assert by_campaign == {"spring": (1, 1), None: (2, 1)}


def test_assessment_completion_and_drop_off(seeded):
    assert dashboard.assessment_statuses(PERIOD) == {
        AssessmentStatus.STARTED: 1,
        AssessmentStatus.COMPLETED: 1,
        AssessmentStatus.ABANDONED: 1,
    }
    steps = [(s.reached, s.answered, s.dropped) for s in dashboard_funnel.question_funnel(PERIOD)]
    assert steps[:4] == [(3, 3, 0), (3, 2, 1), (2, 2, 0), (2, 1, 1)]
    assert steps[4:] == [(1, 1, 0)] * 6


def test_calculator_use_outbox_and_enabled_flags(seeded):
    assert dashboard_funnel.calculator_use(PERIOD) == {
        "roi": {"views": 2, "visits": 1, "saves": 2},
        "project_estimate": {"views": 1, "visits": 1, "saves": 1},
    }
    assert dashboard.outbox_health()["emails"] == {"pending": 2, "sending": 0, "failed": 1}
    assert dashboard.outbox_health()["webhooks"] == {"pending": 0, "sending": 0, "failed": 0}
    assert dashboard.enabled_flags() == [("CHAT_SUPPORT", 30), ("INTERACTIVE_CALCULATOR", 100)]


@pytest.mark.parametrize("role", ["viewer_client", "editor_client", "admin_client"])
def test_every_role_sees_the_dashboard(request, seeded, role):
    client = request.getfixturevalue(role)
    html = client.get(QUERY, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<svg class="chart-columns"' in html and 'role="img"' in html
    assert "2026-03-02: 3" in html  # the column's own title
    assert "/es/calculator/roi" in html and "CHAT_SUPPORT" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    "query",
    [
        "?days=12",
        "?range=custom&from=2026-03-10&to=2026-03-01",
        "?range=custom&from=nope&to=2026-03-01",
        "?range=custom&from=2024-01-01&to=2026-03-01",
    ],
)
def test_a_bad_range_is_refused_with_a_reason(viewer_client, query):
    response = viewer_client.get("/admin/" + query)
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


def test_presets_show_that_many_days(viewer_client):
    for days in (7, 30, 90):
        html = viewer_client.get(f"/admin/?days={days}").get_data(as_text=True)
        assert html.count('" width="8" height=') == days
