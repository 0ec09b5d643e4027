"""The admin leads workbench: list filters, search, sort, pagination, CSV, detail edits."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from madfam.enums import AssessmentStatus, LeadSource, LeadStatus, ServiceTier
from madfam.models import EmailQueue, Lead, LeadActivity, LeadNote
from tests.factories import (
    make_activity,
    make_assessment,
    make_calculation,
    make_email,
    make_lead,
    make_note,
)
from tests.helpers import csrf_from, submit

BASE = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def make_user(make_user):
    """Staff in these tests read the admin in English (their locale preference)."""

    def make(*args, **fields):
        fields.setdefault("locale", "en")
        return make_user(*args, **fields)

    return make


def dated_lead(email, days=0, **fields):
    """A lead created (and last updated) ``days`` after BASE, scored 50 unless given."""
    when = BASE + timedelta(days=days)
    fields = {"score": 50, "created_at": when, "updated_at": when, **fields}
    return make_lead(email=email, **fields)


@pytest.fixture
def leads(db):
    return {
        "ana": dated_lead(
            "ana@acme.mx", 0, first_name="Ana", last_name="López", company="Acme SA",
            status=LeadStatus.QUALIFIED, tier=ServiceTier.L3_CONSULTING, score=90,
            utm_campaign="spring-launch",
        ),
        "bruno": dated_lead(
            "bruno@gmail.com", 1, first_name="Bruno", company="Zeta Labs",
            source=LeadSource.REFERRAL, score=40,
        ),
        "carla": dated_lead(
            "carla@beta.io", 2, first_name="Carla", last_name="Acevedo", company="Beta",
            status=LeadStatus.QUALIFIED, tier=ServiceTier.L5_STRATEGIC, score=70,
        ),
    }  # fmt: skip


def emails_in(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [e for e in ("ana@acme.mx", "bruno@gmail.com", "carla@beta.io") if e in html]


def ordered_emails(response) -> list[str]:
    html = response.get_data(as_text=True)
    found = [(html.find(e), e) for e in ("ana@acme.mx", "bruno@gmail.com", "carla@beta.io")]
    return [e for pos, e in sorted(found) if pos >= 0]


# --- List ----------------------------------------------------------------------------


def test_list_shows_newest_first_with_nav_link(viewer_client, leads):
    response = viewer_client.get("/admin/leads")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/admin/leads"' in html  # nav
    assert ordered_emails(response) == ["carla@beta.io", "bruno@gmail.com", "ana@acme.mx"]
    assert "<form" in html and 'id="lead-filters"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=QUALIFIED", ["ana@acme.mx", "carla@beta.io"]),
        ("tier=L5_STRATEGIC", ["carla@beta.io"]),
        ("source=REFERRAL", ["bruno@gmail.com"]),
        ("score_min=60", ["ana@acme.mx", "carla@beta.io"]),
        ("score_max=60", ["bruno@gmail.com"]),
        ("score_min=60&score_max=80", ["carla@beta.io"]),
        ("created_from=2025-03-02", ["bruno@gmail.com", "carla@beta.io"]),
        ("created_to=2025-03-02", ["ana@acme.mx", "bruno@gmail.com"]),
        ("utm_campaign=spring-launch", ["ana@acme.mx"]),
        ("status=QUALIFIED&tier=L3_CONSULTING", ["ana@acme.mx"]),
        ("q=BRUNO", ["bruno@gmail.com"]),  # first name, case-insensitive
        ("q=acev", ["carla@beta.io"]),  # last name prefix
        ("q=zeta", ["bruno@gmail.com"]),  # company
        ("q=ana@", ["ana@acme.mx"]),  # email
        ("q=100%25", []),  # LIKE wildcards are literal
        ("status=BOGUS", ["ana@acme.mx", "bruno@gmail.com", "carla@beta.io"]),  # ignored
    ],
)
def test_list_filters_and_search(viewer_client, leads, query, expected):
    response = viewer_client.get(f"/admin/leads?{query}")
    assert response.status_code == 200
    assert sorted(emails_in(response)) == expected
    if not expected:
        assert "No leads match" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("oldest", ["ana@acme.mx", "bruno@gmail.com", "carla@beta.io"]),
        ("score_desc", ["ana@acme.mx", "carla@beta.io", "bruno@gmail.com"]),
        ("score_asc", ["bruno@gmail.com", "carla@beta.io", "ana@acme.mx"]),
    ],
)
def test_list_sorts(viewer_client, leads, sort, expected):
    assert ordered_emails(viewer_client.get(f"/admin/leads?sort={sort}")) == expected


def test_pagination_keeps_the_filter(db, viewer_client):
    for i in range(30):
        dated_lead(f"p{i:02d}@corp.mx", i, status=LeadStatus.CONTACTED)
    dated_lead("other@corp.mx", 50)
    first = viewer_client.get("/admin/leads?status=CONTACTED").get_data(as_text=True)
    assert "p29@corp.mx" in first and "p05@corp.mx" in first and "p04@corp.mx" not in first
    assert "of 30 leads" in first
    assert 'href="/admin/leads?status=CONTACTED&amp;page=2"' in first
    second = viewer_client.get("/admin/leads?status=CONTACTED&page=2").get_data(as_text=True)
    assert "p04@corp.mx" in second and "p00@corp.mx" in second and "p05@corp.mx" not in second
    assert "other@corp.mx" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_count_is_capped_for_large_results(db, viewer_client, monkeypatch):
    from madfam.services import lead_admin

    monkeypatch.setattr(lead_admin, "COUNT_CAP", 2)
    monkeypatch.setattr(lead_admin.count_capped, "__defaults__", (2,))
    for i in range(4):
        dated_lead(f"c{i}@corp.mx", i)
    html = viewer_client.get("/admin/leads").get_data(as_text=True)
    assert "more than 2 leads" in html


def test_htmx_request_returns_only_the_table_fragment(viewer_client, leads):
    response = viewer_client.get("/admin/leads?status=QUALIFIED", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response.headers.get("Vary", "")
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="lead-filters"' not in html
    assert "<table" in html
    assert sorted(emails_in(response)) == ["ana@acme.mx", "carla@beta.io"]
    # The same URL opened directly (Back, bookmark) is a full page.
    full = viewer_client.get("/admin/leads?status=QUALIFIED").get_data(as_text=True)
    assert "<html" in full and 'id="lead-filters"' in full
    assert '<option value="QUALIFIED" selected>' in full


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/leads")
    assert response.status_code in (302, 303)
    assert "/admin/login" in response.headers["Location"]


# --- CSV -----------------------------------------------------------------------------


def test_csv_export_streams_the_current_filter_and_neutralises_formulas(db, viewer_client):
    dated_lead("evil@corp.mx", 0, company='=HYPERLINK("http://x.example","click")',
              first_name="+cmd", last_name="@sum", status=LeadStatus.QUALIFIED)  # fmt: skip
    dated_lead("plain@corp.mx", 1, company="-Minus", status=LeadStatus.QUALIFIED)
    dated_lead("skip@corp.mx", 2, status=LeadStatus.NEW)
    response = viewer_client.get("/admin/leads/export.csv?status=QUALIFIED")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["email"] for r in rows] == ["plain@corp.mx", "evil@corp.mx"]
    evil = rows[1]
    assert evil["company"] == '\'=HYPERLINK("http://x.example","click")'
    assert evil["first_name"] == "'+cmd" and evil["last_name"] == "'@sum"
    assert rows[0]["company"] == "'-Minus"
    assert evil["status"] == "QUALIFIED" and evil["score"] == "50"


def test_csv_cells_neutralise_tab_and_carriage_return():
    from madfam.services.lead_admin import csv_cell

    assert csv_cell("\tx") == "'\tx"
    assert csv_cell("\rx") == "'\rx"
    assert csv_cell("ok=1") == "ok=1"
    assert csv_cell(-5) == "-5"  # numbers are not text formulas
    assert csv_cell(None) == ""


# --- Detail --------------------------------------------------------------------------


def test_detail_shows_fields_score_breakdown_and_merged_timeline(db, viewer_client, leads):
    lead = leads["ana"]
    lead.phone = "+52 55 1234 5678"
    lead.industry = "technology"
    db.session.commit()
    make_note(lead, content="Prefers mornings", created_at=BASE)
    make_activity(lead, type="lead_created", description="Lead created (form)",
                  created_at=BASE - timedelta(hours=1))  # fmt: skip
    make_assessment(lead, status=AssessmentStatus.COMPLETED, score=72,
                    tier=ServiceTier.L3_CONSULTING, strengths=["Clear data strategy"],
                    created_at=BASE + timedelta(hours=1),
                    completed_at=BASE + timedelta(hours=2))  # fmt: skip
    make_calculation(lead, roi=155, created_at=BASE + timedelta(hours=3))
    make_email(lead.email, subject="Your AI readiness report", template="assessment_results",
               created_at=BASE + timedelta(hours=4))  # fmt: skip
    make_email("someone@else.mx", subject="Not for Ana")

    response = viewer_client.get(f"/admin/leads/{lead.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("ana@acme.mx", "Acme SA", "+52 55 1234 5678", "spring-launch", "L3 · Consulting"):
        assert text in html
    # Staff read labels, never the stored codes.
    assert "Technology and software" in html and "L3_CONSULTING" not in html
    assert ">technology<" not in html and "assessment_results" not in html
    assert "Assessment report · Pending" in html and "(Completed)" in html
    assert "Company provided" in html and "Business email domain" in html
    assert "Industry relevance" in html
    timeline = html[html.index('id="timeline"') :]
    order = [
        timeline.index("Your AI readiness report"),
        timeline.index("ROI calculation"),
        timeline.index("AI readiness assessment"),
        timeline.index("Prefers mornings"),
        timeline.index("Lead created"),
    ]
    assert order == sorted(order)
    assert "Score 72" in timeline and "Clear data strategy" in timeline
    assert "Not for Ana" not in html
    # A VIEWER sees no edit forms.
    assert 'action="/admin/leads/' + lead.id + '/status"' not in html


def test_timeline_shows_what_a_privacy_export_holds(db, viewer_client, leads):
    """The timeline and the privacy export agree on which rows are about the lead."""
    lead = leads["ana"]
    # Started before the lead existed: linked only by the address.
    make_assessment(
        email="ANA@acme.mx",
        status=AssessmentStatus.STARTED,
        answers={},
        created_at=BASE + timedelta(hours=1),
    )
    # Addressed to sales, about Ana.
    make_email(
        ["sales@madfam.io"],
        subject="Hot lead: Ana",
        template="follow_up",
        data={"lead_id": lead.id},
        created_at=BASE + timedelta(hours=2),
    )
    make_email(
        [f"Ana <{lead.email}>"],
        subject="Named recipient",
        template="welcome",
        data={},
        created_at=BASE + timedelta(hours=3),
    )
    make_email(["sales@madfam.io"], subject="About Bruno", template="follow_up",
               data={"lead_id": leads["bruno"].id})  # fmt: skip

    timeline = viewer_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    timeline = timeline[timeline.index('id="timeline"') :]
    assert timeline.index("Named recipient") < timeline.index("Hot lead: Ana")
    assert timeline.index("Hot lead: Ana") < timeline.index("AI readiness assessment")
    assert "About Bruno" not in timeline


def test_unknown_lead_is_404(viewer_client):
    assert viewer_client.get("/admin/leads/nope").status_code == 404


def test_editor_changes_status_recorded_with_who_and_from_to(db, editor_client, leads):
    lead = leads["bruno"]
    page = editor_client.get(f"/admin/leads/{lead.id}")
    response = editor_client.post(
        f"/admin/leads/{lead.id}/status",
        data={"status": "CONTACTED", "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/leads/{lead.id}")
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).status == LeadStatus.CONTACTED
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "status_updated"))
    assert activity.user_id == editor_client.user.id
    assert activity.metadata_["from"] == "NEW" and activity.metadata_["to"] == "CONTACTED"
    html = editor_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "From New to Contacted" in html and "Editor User" in html

    # The same status again changes nothing and records nothing.
    editor_client.post(
        f"/admin/leads/{lead.id}/status",
        data={"status": "CONTACTED", "csrf_token": csrf_from(page)},
    )
    count = len(
        db.session.scalars(select(LeadActivity).where(LeadActivity.type == "status_updated")).all()
    )
    assert count == 1


def test_status_change_with_htmx_returns_fragment_and_timeline(db, editor_client, leads):
    lead = leads["bruno"]
    page = editor_client.get(f"/admin/leads/{lead.id}")
    response = editor_client.post(
        f"/admin/leads/{lead.id}/status",
        data={"status": "LOST"},
        headers={"HX-Request": "true", "X-CSRFToken": csrf_from(page)},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="lead-status"' in html and "<html" not in html
    assert 'class="badge lead-status lead-status-lost">Lost</span>' in html
    assert 'id="timeline"' in html and 'hx-swap-oob="true"' in html
    assert "From New to Lost" in html


def test_invalid_status_is_422_and_changes_nothing(db, editor_client, leads):
    lead = leads["bruno"]
    page = editor_client.get(f"/admin/leads/{lead.id}")
    response = editor_client.post(
        f"/admin/leads/{lead.id}/status",
        data={"status": "BOGUS"},
        headers={"HX-Request": "true", "X-CSRFToken": csrf_from(page)},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).status == LeadStatus.NEW


def test_viewer_cannot_change_status_note_or_log(db, viewer_client, leads):
    lead = leads["bruno"]
    page = viewer_client.get(f"/admin/leads/{lead.id}")
    token = csrf_from(page)
    for path, data in (
        ("status", {"status": "LOST"}),
        ("notes", {"content": "x"}),
        ("log", {"kind": "call_made", "description": "x"}),
    ):
        response = viewer_client.post(
            f"/admin/leads/{lead.id}/{path}", data={**data, "csrf_token": token}
        )
        assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Lead, lead.id).status == LeadStatus.NEW
    assert db.session.scalars(select(LeadActivity)).all() == []
    assert db.session.scalars(select(LeadNote)).all() == []


def test_editor_adds_a_note(db, editor_client, leads):
    lead = leads["carla"]
    page = editor_client.get(f"/admin/leads/{lead.id}")
    response = editor_client.post(
        f"/admin/leads/{lead.id}/notes",
        data={"content": "Call back <b>Tuesday</b>"},
        headers={"HX-Request": "true", "X-CSRFToken": csrf_from(page)},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Call back &lt;b&gt;Tuesday&lt;/b&gt;" in html  # escaped, in the OOB timeline
    assert 'id="note-form"' in html
    note = db.session.scalar(select(LeadNote))
    assert note.author_id == editor_client.user.id and note.lead_id == lead.id
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "note_added"))
    assert activity.user_id == editor_client.user.id


def test_empty_note_is_422_with_the_form(db, editor_client, leads):
    lead = leads["carla"]
    page = editor_client.get(f"/admin/leads/{lead.id}")
    response = editor_client.post(
        f"/admin/leads/{lead.id}/notes",
        data={"content": "  "},
        headers={"HX-Request": "true", "X-CSRFToken": csrf_from(page)},
    )
    assert response.status_code == 422
    assert 'id="note-form"' in response.get_data(as_text=True)
    assert db.session.scalars(select(LeadNote)).all() == []


def test_editor_logs_a_call(db, editor_client, leads):
    lead = leads["carla"]
    page = editor_client.get(f"/admin/leads/{lead.id}")
    response = editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={
            "kind": "call_made",
            "description": "Discussed budget",
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 303
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "call_made"))
    assert activity.description == "Discussed budget"
    assert activity.user_id == editor_client.user.id
    assert "Discussed budget" in editor_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)


def test_meeting_needs_a_time_and_can_queue_a_reminder(db, editor_client, leads, run_jobs):
    lead = leads["carla"]
    token = csrf_from(editor_client.get(f"/admin/leads/{lead.id}"))
    missing = editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={"kind": "meeting_scheduled", "description": "Kick-off", "csrf_token": token},
    )
    assert missing.status_code == 422
    assert "Enter the meeting date and time." in missing.get_data(as_text=True)

    response = editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={
            "kind": "meeting_scheduled",
            "description": "Kick-off",
            "meeting_at": "2025-04-02T16:30",
            "send_reminder": "y",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    run_jobs()
    activity = db.session.scalar(
        select(LeadActivity).where(LeadActivity.type == "meeting_scheduled")
    )
    # Entered in Mexico City time (UTC-6), stored in UTC.
    assert activity.metadata_["meeting_at"].startswith("2025-04-02T22:30")
    email = db.session.scalar(select(EmailQueue).where(EmailQueue.template == "meeting_reminder"))
    assert email.to == ["carla@beta.io"] and email.data["lead_id"] == lead.id
    assert activity.metadata_["email_id"] == email.id


def test_meeting_without_reminder_queues_no_email(db, editor_client, leads):
    lead = leads["carla"]
    token = csrf_from(editor_client.get(f"/admin/leads/{lead.id}"))
    editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={"kind": "meeting_scheduled", "description": "Demo",
              "meeting_at": "2025-04-02T16:30", "csrf_token": token},
    )  # fmt: skip
    assert db.session.scalar(select(LeadActivity).where(LeadActivity.type == "meeting_scheduled"))
    assert db.session.scalars(select(EmailQueue)).all() == []


def test_privacy_links_only_for_admins(admin_client, editor_client, db, leads):
    lead = leads["ana"]
    html = admin_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert f"/admin/leads/{lead.id}/delete" in html
    assert f"/admin/leads/{lead.id}/export.json" in html
    html = editor_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert f"/admin/leads/{lead.id}/delete" not in html
    assert f"/admin/leads/{lead.id}/export.json" not in html


def test_privacy_views_answer_404_for_an_unknown_lead(admin_client, db):
    assert admin_client.get("/admin/leads/no-such-lead/export.json").status_code == 404
    assert admin_client.get("/admin/leads/no-such-lead/delete").status_code == 404


def test_meeting_reminder_is_in_the_language_the_lead_used(
    db, app, editor_client, instant_form, run_jobs
):
    visitor = app.test_client()
    assert submit(visitor, url="/pt/contact").status_code == 303
    lead = db.session.scalar(select(Lead))
    assert lead.locale == "pt"

    token = csrf_from(editor_client.get(f"/admin/leads/{lead.id}"))
    response = editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={"kind": "meeting_scheduled", "description": "Kick-off",
              "meeting_at": "2025-04-02T16:30", "send_reminder": "y", "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 303
    run_jobs()
    email = db.session.scalar(select(EmailQueue).where(EmailQueue.template == "meeting_reminder"))
    assert email.data["locale"] == "pt"


def test_the_lead_language_follows_its_latest_submission(db, app, instant_form):
    submit(app.test_client(), url="/es/contact")
    assert db.session.scalar(select(Lead)).locale == "es"
    submit(app.test_client(), url="/en/contact", message="One more question.")
    db.session.expire_all()
    assert db.session.scalar(select(Lead)).locale == "en"


@pytest.mark.parametrize(
    "query",
    ["created_to=9999-12-31", "created_from=0001-01-01", "created_from=9999-12-31"],
)
def test_dates_outside_a_sane_range_are_ignored_in_list_and_export(viewer_client, leads, query):
    everyone = ["ana@acme.mx", "bruno@gmail.com", "carla@beta.io"]
    response = viewer_client.get(f"/admin/leads?{query}")
    assert response.status_code == 200
    assert sorted(emails_in(response)) == everyone
    export = viewer_client.get(f"/admin/leads/export.csv?{query}")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert sorted(r["email"] for r in rows) == everyone


def test_nul_characters_are_dropped_from_notes_and_activity_summaries(db, editor_client, leads):
    """PostgreSQL text columns refuse NUL: it is dropped instead of failing with a 500."""
    lead = leads["carla"]
    token = csrf_from(editor_client.get(f"/admin/leads/{lead.id}"))
    note = editor_client.post(
        f"/admin/leads/{lead.id}/notes", data={"content": "Call\x00 back", "csrf_token": token}
    )
    assert note.status_code == 303
    log = editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={"kind": "call_made", "description": "Spoke\x00 to Carla", "csrf_token": token},
    )
    assert log.status_code == 303
    assert db.session.scalar(select(LeadNote)).content == "Call back"
    activity = db.session.scalar(select(LeadActivity).where(LeadActivity.type == "call_made"))
    assert activity.description == "Spoke to Carla"


def test_nul_in_a_lead_url_is_not_found_and_in_the_search_is_ignored(db, viewer_client, leads):
    assert viewer_client.get("/admin/leads/a%00b").status_code == 404
    assert viewer_client.get("/admin/leads/a%00b/export.json").status_code == 404
    response = viewer_client.get("/admin/leads", query_string={"q": "Carla\x00"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "carla@beta.io" in html and "ana@acme.mx" not in html
    export = viewer_client.get("/admin/leads/export.csv", query_string={"utm_campaign": "\x00"})
    assert export.status_code == 200
    assert "ana@acme.mx" in export.get_data(as_text=True)


def test_staff_enter_a_meeting_in_their_zone_named_on_the_form_and_read_it_back(
    db, editor_client, leads
):
    lead = leads["carla"]
    page = editor_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "Meeting date and time (Mexico City time)" in page and "(UTC)" not in page
    editor_client.post(
        f"/admin/leads/{lead.id}/log",
        data={"kind": "meeting_scheduled", "description": "Demo",
              "meeting_at": "2025-04-02T10:30", "csrf_token": csrf_from(editor_client.get(
                  f"/admin/leads/{lead.id}"))},
    )  # fmt: skip
    activity = db.session.scalar(
        select(LeadActivity).where(LeadActivity.type == "meeting_scheduled")
    )
    assert activity.metadata_["meeting_at"] == "2025-04-02T16:30:00+00:00"
    timeline = editor_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "Meeting at 2 Apr 2025, 10:30 (Mexico City time)" in timeline
