"""The assessment flow over HTTP: steps, resume, completion side effects, tampering."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from madfam.enums import AssessmentStatus, ServiceTier
from madfam.models import AnalyticsEvent, Assessment, EmailQueue, Lead, LeadActivity
from madfam.rules import assessment as rules
from tests.assessment_flow import CHOSEN, KEYS, answer_all, finish, post_step, start
from tests.factories import make_assessment, make_lead
from tests.helpers import csrf_from

EXPECTED = 57
HX = {"HX-Request": "true"}


def only_assessment(db) -> Assessment:
    rows = db.session.scalars(select(Assessment)).all()
    assert len(rows) == 1
    db.session.refresh(rows[0])
    return rows[0]


def events(db, name: str) -> list[AnalyticsEvent]:
    return list(db.session.scalars(select(AnalyticsEvent).where(AnalyticsEvent.event == name)))


def results_link(db) -> str:
    email = db.session.scalars(select(EmailQueue)).one()
    return email.data["results_url"]


# --- The flow ---------------------------------------------------------------------------


def test_start_page_offers_start_button(client):
    page = client.get("/es/assessment/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'action="/es/assessment/start"' in html
    assert "hx-post" in html


def test_start_creates_started_assessment_in_session(client, db):
    _, response = start(client)
    assert response.headers["Location"].endswith("/es/assessment/step/1")
    assessment = only_assessment(db)
    assert assessment.status is AssessmentStatus.STARTED
    assert assessment.answers == {}
    assert [e.properties["assessment_id"] for e in events(db, "assessment.started")] == [
        assessment.id
    ]


def test_step_page_shows_question_progress_and_back(client, db):
    token, _ = start(client)
    post_step(client, token, 1, 4)
    page = client.get("/es/assessment/step/2")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r"Paso 2 de 10|Step 2 of 10", html)
    assert '<progress max="10" value="2"' in html
    assert html.count('type="radio"') == 5
    assert len(re.findall(r'<label class="choice" for="answer-\d">', html)) == 5
    assert 'href="/es/assessment/step/1"' in html  # Back


def test_each_answer_is_saved_at_once_and_recorded(client, db):
    token, _ = start(client)
    response = post_step(client, token, 1, "4")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/es/assessment/step/2")
    assert only_assessment(db).answers == {"tech_data": 4}
    response = post_step(client, token, 2, 2)
    assert only_assessment(db).answers == {"tech_data": 4, "tech_tools": 2}
    steps = sorted(e.properties["step"] for e in events(db, "assessment.step"))
    assert steps == [1, 2]


def test_htmx_step_answers_next_fragment_and_pushes_url(client, db):
    token, _ = start(client)
    response = client.post(
        "/es/assessment/step/1",
        data={"question": "tech_data", "answer": "3"},
        headers={**HX, "X-CSRFToken": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == "/es/assessment/step/2"
    assert "<html" not in html
    assert 'data-step="2"' in html
    # the language switcher is swapped too, pointing at the new step
    assert 'hx-swap-oob="outerHTML:.lang-switch"' in html
    assert 'href="/en/assessment/step/2"' in html
    # the pushed URL opened directly is a full page
    page = client.get("/es/assessment/step/2")
    assert "<html" in page.get_data(as_text=True)
    assert 'data-step="2"' in page.get_data(as_text=True)


def test_htmx_start_swaps_in_first_step(client, db):
    page = client.get("/es/assessment/")
    response = client.post("/es/assessment/start", headers={**HX, "X-CSRFToken": csrf_from(page)})
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == "/es/assessment/step/1"
    assert 'data-step="1"' in response.get_data(as_text=True)


def test_back_and_change_an_answer(client, db):
    token, _ = start(client)
    for n in (1, 2, 3):
        post_step(client, token, n, 2)
    page = client.get("/es/assessment/step/2")
    assert re.search(r'value="2"\s+checked', page.get_data(as_text=True))
    response = post_step(client, token, 2, 5)
    assert response.headers["Location"].endswith("/step/3")
    assert only_assessment(db).answers == {"tech_data": 2, "tech_tools": 5, "tech_integration": 2}


def test_missing_answer_rerenders_step_with_error(client, db):
    token, _ = start(client)
    response = client.post(
        "/es/assessment/step/1", data={"csrf_token": token, "question": "tech_data"}
    )
    assert response.status_code == 422
    assert 'id="answer-error"' in response.get_data(as_text=True)
    assert only_assessment(db).answers == {}


def test_returning_resumes_at_first_unanswered(client, db):
    token, _ = start(client)
    for n in (1, 2, 3, 4):
        post_step(client, token, n, 3)
    page = client.get("/es/assessment/")
    html = page.get_data(as_text=True)
    assert 'href="/es/assessment/step/5"' in html  # Continue
    # opening a later step sends the visitor back to the first unanswered one
    response = client.get("/es/assessment/step/9")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/es/assessment/step/5")
    # starting again without "restart" resumes instead of creating another assessment
    response = client.post("/es/assessment/start", data={"csrf_token": token})
    assert response.headers["Location"].endswith("/es/assessment/step/5")
    assert db.session.scalar(select(func.count(Assessment.id))) == 1


def test_start_over_creates_a_new_assessment(client, db):
    token, _ = start(client)
    post_step(client, token, 1, 3)
    response = client.post("/es/assessment/start", data={"csrf_token": token, "restart": "1"})
    assert response.headers["Location"].endswith("/step/1")
    assert db.session.scalar(select(func.count(Assessment.id))) == 2
    assert client.get("/es/assessment/step/1").status_code == 200


def test_step_without_assessment_redirects_to_start(client, db):
    response = client.get("/es/assessment/step/1")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/es/assessment/")


def test_language_switch_keeps_step_and_answers(client, db):
    token, _ = start(client)
    for n in (1, 2, 3):
        post_step(client, token, n, 4)
    page = client.get("/en/assessment/step/3")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert 'data-step="3"' in html
    assert re.search(r'value="4"\s+checked', html)
    post_step(client, token, 4, 1, lang="en")
    assert only_assessment(db).answers == {**{k: 4 for k in KEYS[:3]}, KEYS[3]: 1}


def test_finish_page_asks_email_and_unticked_consent(client, db):
    token, _ = start(client)
    answer_all(client, token)
    page = client.get("/es/assessment/finish")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="email"' in html and 'name="first_name"' in html and 'name="company"' in html
    consent = re.search(r'<input[^>]*name="marketing_consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert '<label for="email"' in html


def test_finish_requires_valid_email(client, db):
    token, _ = start(client)
    answer_all(client, token)
    response = finish(client, token, email="not-an-email")
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)
    assert only_assessment(db).status is AssessmentStatus.STARTED
    assert db.session.scalar(select(func.count(Lead.id))) == 0


# --- Completion -------------------------------------------------------------------------


def test_completion_side_effects(client, db, run_jobs):
    token, _ = start(client, lang="en")
    answer_all(client, token, lang="en")
    response = finish(client, token, lang="en", company="Acme", marketing_consent="y")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/en/assessment/results/" in location
    run_jobs()

    assessment = only_assessment(db)
    expected = rules.score(CHOSEN)
    found = rules.findings(CHOSEN)
    assert assessment.status is AssessmentStatus.COMPLETED
    assert assessment.completed_at is not None
    assert assessment.score == expected == EXPECTED
    assert assessment.tier is rules.tier(expected) is ServiceTier.L3_CONSULTING
    assert assessment.strengths == found.strengths
    assert assessment.weaknesses == found.weaknesses
    assert assessment.recommendations == found.recommendations
    assert assessment.answers == CHOSEN

    lead = db.session.scalars(select(Lead)).one()
    assert assessment.lead_id == lead.id
    assert assessment.email == lead.email == "ana@example.com"
    assert (lead.first_name, lead.company, lead.tier) == ("Ana", "Acme", ServiceTier.L3_CONSULTING)
    assert lead.marketing_consent is True
    assert lead.score > 0
    activity = db.session.scalars(
        select(LeadActivity).where(LeadActivity.type == "assessment_completed")
    ).one()
    assert activity.lead_id == lead.id
    assert activity.metadata_["assessment_id"] == assessment.id

    assert len(events(db, "assessment.started")) == 1
    assert sorted(e.properties["step"] for e in events(db, "assessment.step")) == list(range(1, 11))
    (completed,) = events(db, "assessment.completed")
    assert completed.properties["score"] == expected

    email = db.session.scalars(select(EmailQueue)).one()
    assert email.template == "assessment_results"
    assert email.to == ["ana@example.com"]
    assert email.data["locale"] == "en"
    assert email.subject == "Your AI readiness report"
    assert email.data["results_url"].endswith(location)
    assert email.data["results_url"].startswith("http")
    assert email.status == "sent"


def test_results_email_renders_in_visitor_language(client, db, run_jobs):
    from madfam.mail import render_email

    token, _ = start(client, lang="en")
    answer_all(client, token, lang="en")
    finish(client, token, lang="en")
    run_jobs()
    email = db.session.scalars(select(EmailQueue)).one()
    message = render_email(email)
    assert f"{EXPECTED}/100" in message.text
    assert "Consulting" in message.text
    assert email.data["results_url"] in message.text
    assert email.data["results_url"] in message.html


def test_completion_updates_existing_lead(client, db):
    make_lead(email="ana@example.com", tier=ServiceTier.L1_ESSENTIALS, company="Old", score=0)
    token, _ = start(client)
    answer_all(client, token)
    finish(client, token, company="New Co")
    leads = db.session.scalars(select(Lead)).all()
    assert len(leads) == 1
    db.session.refresh(leads[0])
    assert leads[0].company == "New Co"
    assert leads[0].tier is ServiceTier.L3_CONSULTING
    assert leads[0].score > 0
    assert only_assessment(db).lead_id == leads[0].id


def test_unticked_consent_does_not_withdraw_earlier_consent(client, db):
    lead = make_lead(
        email="ana@example.com",
        tier=ServiceTier.L1_ESSENTIALS,
        marketing_consent=True,
        consent_at=datetime.now(UTC),
    )
    token, _ = start(client)
    answer_all(client, token)
    finish(client, token)
    db.session.refresh(lead)
    assert lead.marketing_consent is True


def test_results_page_shows_score_tier_bars_findings_and_actions(client, db):
    token, _ = start(client, lang="en")
    answer_all(client, token, lang="en")
    response = finish(client, token, lang="en")
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<span id="score">{EXPECTED}</span>' in html
    assert "Consulting" in html
    assert html.count('class="bar"') == 4
    assert '<rect width="83"' in html  # technology: mean 13/3 -> 83 %
    for key in rules.findings(CHOSEN).recommendations:
        assert rules.FINDING_TEXT[key] in html
    assert "contact?tier=L3_CONSULTING" in html
    assert "roi?tier=L3_CONSULTING" in html
    assert "<script" not in html.split("<body", 1)[1]  # bars need no JavaScript


def test_results_link_works_in_another_browser(app, client, db):
    token, _ = start(client)
    answer_all(client, token)
    finish(client, token)
    link = results_link(db)
    path = link.split("://", 1)[1].split("/", 1)[1]
    other = app.test_client()
    page = other.get("/" + path)
    assert page.status_code == 200
    assert f'<span id="score">{EXPECTED}</span>' in page.get_data(as_text=True)
    assert other.get("/" + path.replace("/es/", "/pt/", 1)).status_code == 200


def test_start_page_after_completion_links_to_report(client, db):
    token, _ = start(client)
    answer_all(client, token)
    response = finish(client, token)
    html = client.get("/es/assessment/").get_data(as_text=True)
    assert f'href="{response.headers["Location"]}"' in html
    # the finished assessment's steps lead to the report
    assert client.get("/es/assessment/step/3").headers["Location"] == response.headers["Location"]


# --- Tampering: refused with a clear page, nothing changes -----------------------------


def snapshot(db) -> tuple:
    db.session.expire_all()
    rows = db.session.scalars(select(Assessment).order_by(Assessment.id)).all()
    return (
        [(a.id, a.status, dict(a.answers or {}), a.score, a.lead_id) for a in rows],
        db.session.scalar(select(func.count(AnalyticsEvent.id))),
        db.session.scalar(select(func.count(Lead.id))),
        db.session.scalar(select(func.count(EmailQueue.id))),
    )


@pytest.mark.parametrize("value", ["0", "6", "abc", "-1", "3.5", " "])
def test_invalid_answer_is_refused(client, db, value):
    token, _ = start(client)
    post_step(client, token, 1, 3)
    before = snapshot(db)
    response = post_step(client, token, 2, value)
    assert response.status_code == 400
    assert "error-panel" in response.get_data(as_text=True)
    assert snapshot(db) == before


def test_unknown_question_is_refused(client, db):
    token, _ = start(client)
    before = snapshot(db)
    response = post_step(client, token, 1, 3, question="favourite_colour")
    assert response.status_code == 400
    assert snapshot(db) == before
    for n in (0, 11, 99):
        response = client.post(
            f"/es/assessment/step/{n}", data={"csrf_token": token, "answer": "3"}
        )
        assert response.status_code == 404
        assert "error-panel" in response.get_data(as_text=True)
    assert snapshot(db) == before


def test_skipping_ahead_is_refused(client, db):
    token, _ = start(client)
    before = snapshot(db)
    response = post_step(client, token, 10, 5)
    assert response.status_code == 400
    assert "error-panel" in response.get_data(as_text=True)
    post_step(client, token, 1, 5)
    before = snapshot(db)
    assert post_step(client, token, 3, 5).status_code == 400
    assert snapshot(db) == before


def test_finishing_before_all_answers_is_refused(client, db):
    token, _ = start(client)
    post_step(client, token, 1, 5)
    before = snapshot(db)
    assert finish(client, token).status_code == 400
    assert snapshot(db) == before
    response = client.get("/es/assessment/finish")
    assert response.headers["Location"].endswith("/es/assessment/step/2")


def test_finishing_twice_is_refused(client, db):
    token, _ = start(client)
    answer_all(client, token)
    assert finish(client, token).status_code == 303
    before = snapshot(db)
    response = finish(client, token, email="someone.else@example.com")
    assert response.status_code == 400
    assert "error-panel" in response.get_data(as_text=True)
    assert post_step(client, token, 3, 1).status_code == 400
    assert snapshot(db) == before


def test_posting_to_another_visitors_assessment_is_refused(app, client, db):
    token, _ = start(client)
    post_step(client, token, 1, 2)
    victim = only_assessment(db)

    intruder = app.test_client()
    page = intruder.get("/es/assessment/")
    intruder_token = csrf_from(page)
    before = snapshot(db)
    # no assessment of its own: the posted id is ignored
    response = post_step(intruder, intruder_token, 2, 5, assessment_id=victim.id, id=victim.id)
    assert response.status_code == 400
    assert "error-panel" in response.get_data(as_text=True)
    response = intruder.post(
        "/es/assessment/finish",
        data={"csrf_token": intruder_token, "email": "x@example.com", "assessment_id": victim.id},
    )
    assert response.status_code == 400
    assert snapshot(db) == before

    # with an assessment of its own, a posted id still only touches its own
    intruder.post("/es/assessment/start", data={"csrf_token": intruder_token})
    post_step(intruder, intruder_token, 1, 5, assessment_id=victim.id)
    db.session.expire_all()
    assert db.session.get(Assessment, victim.id).answers == {"tech_data": 2}


def test_tampered_results_link_is_not_found(client, db):
    token, _ = start(client)
    answer_all(client, token)
    location = finish(client, token).headers["Location"]
    signed = location.rsplit("/", 1)[1]
    assessment_id, signature = signed.split(".", 1)
    # change a leading character (the last one carries padding bits that may not count)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for bad in (f"{assessment_id}.{flipped}", assessment_id, "abc", signed + "x"):
        response = client.get(f"/es/assessment/results/{bad}")
        assert response.status_code == 404
        assert "error-panel" in response.get_data(as_text=True)


def test_results_link_of_unfinished_assessment_is_not_found(app, client, db):
    from madfam.services.assessments import results_token

    token, _ = start(client)
    assessment = only_assessment(db)
    with app.test_request_context():
        signed = results_token(assessment.id)
    assert client.get(f"/es/assessment/results/{signed}").status_code == 404


def test_csrf_is_required(client, db):
    start(client)
    response = client.post("/es/assessment/step/1", data={"question": "tech_data", "answer": "3"})
    assert response.status_code == 400
    assert only_assessment(db).answers == {}


# --- Abandonment ------------------------------------------------------------------------


def idle_assessment(status, idle_hours: float, answers=None) -> Assessment:
    when = datetime.now(UTC) - timedelta(hours=idle_hours)
    return make_assessment(status=status, answers=answers, created_at=when, updated_at=when)


def test_abandon_command_marks_idle_started_assessments(runner, db):
    idle = idle_assessment(AssessmentStatus.STARTED, 25, {"tech_data": 3})
    recent = idle_assessment(AssessmentStatus.STARTED, 2)
    done = idle_assessment(AssessmentStatus.COMPLETED, 100)
    ids = (idle.id, recent.id, done.id)

    result = runner.invoke(args=["assessments", "abandon"])
    assert result.exit_code == 0, result.output
    assert "Marked 1 " in result.output
    db.session.expire_all()
    idle, recent, done = (db.session.get(Assessment, i) for i in ids)
    assert idle.status is AssessmentStatus.ABANDONED
    assert idle.answers == {"tech_data": 3}
    assert recent.status is AssessmentStatus.STARTED
    assert done.status is AssessmentStatus.COMPLETED

    again = runner.invoke(args=["assessments", "abandon"])
    assert "Marked 0 " in again.output


def test_abandon_threshold_is_configurable(app, runner, db):
    row = idle_assessment(AssessmentStatus.STARTED, 3)
    result = runner.invoke(args=["assessments", "abandon", "--hours", "2"])
    assert "Marked 1 " in result.output
    row2 = idle_assessment(AssessmentStatus.STARTED, 3)
    app.config["ABANDON_AFTER_HOURS"] = 4
    try:
        from madfam.jobs.assessments import abandon_idle_assessments

        assert abandon_idle_assessments() == 0
    finally:
        app.config["ABANDON_AFTER_HOURS"] = 24
    db.session.expire_all()
    assert db.session.get(Assessment, row.id).status is AssessmentStatus.ABANDONED
    assert db.session.get(Assessment, row2.id).status is AssessmentStatus.STARTED


def test_answering_keeps_assessment_active(client, db, runner):
    token, _ = start(client)
    assessment = only_assessment(db)
    assessment.updated_at = datetime.now(UTC) - timedelta(hours=30)
    db.session.commit()
    post_step(client, token, 1, 3)  # fresh activity
    runner.invoke(args=["assessments", "abandon"])
    assert only_assessment(db).status is AssessmentStatus.STARTED


def test_abandoned_assessment_resumes_with_its_answers(client, db, runner):
    token, _ = start(client)
    post_step(client, token, 1, 3)
    assessment = only_assessment(db)
    assessment.updated_at = datetime.now(UTC) - timedelta(hours=30)
    db.session.commit()
    runner.invoke(args=["assessments", "abandon"])
    assert only_assessment(db).status is AssessmentStatus.ABANDONED
    assert 'href="/es/assessment/step/2"' in client.get("/es/assessment/").get_data(as_text=True)
    post_step(client, token, 2, 4)
    resumed = only_assessment(db)
    assert resumed.status is AssessmentStatus.STARTED
    assert resumed.answers == {"tech_data": 3, "tech_tools": 4}


def test_nul_characters_in_the_contact_step_are_dropped(client, db):
    """PostgreSQL text columns refuse NUL: it is dropped instead of failing with a 500."""
    token, _ = start(client)
    answer_all(client, token)
    response = finish(client, token, first_name="An\x00a", company="Ac\x00me")
    assert response.status_code == 303
    lead = db.session.scalar(select(Lead))
    assert (lead.first_name, lead.company) == ("Ana", "Acme")
