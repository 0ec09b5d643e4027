"""n8n hears the whole lead lifecycle, signed, and each integration picks its events."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from madfam import jobs
from madfam.delivery.envelopes import EVENTS
from madfam.delivery.signing import verify
from madfam.enums import LeadStatus, UserRole
from madfam.models import Integration, WebhookDelivery
from madfam.rules import assessment as rules
from madfam.rules.roi import RoiInputs
from madfam.services import assessments, calculations
from madfam.services import integrations as service
from madfam.services.context import Visit
from madfam.services.lead_admin import change_status, log_activity
from madfam.services.leads import LeadInput, upsert_lead
from tests.factories import make_integration
from tests.helpers import csrf_from
from tests.receivers import HTTPReceiver


def complete_assessment(email: str = "ana@acme.mx"):
    visit = Visit()
    assessment = assessments.start(visit)
    for step, question in enumerate(rules.QUESTIONS, start=1):
        assessments.record_answer(assessment, step, question.key, 4, visit)
    contact = assessments.Contact(email=email, first_name="Ana")
    return assessments.complete(assessment, contact, visit, lambda token: f"/r/{token}")


def save_roi(email: str = "ana@acme.mx"):
    report = calculations.compute_roi(
        RoiInputs(employees=50, salary=Decimal(40000), lost_pct=Decimal(20))
    )
    return calculations.save_roi(report, email, Visit(), currency="MXN")


def received(receiver: HTTPReceiver, secret: str) -> dict[str, dict]:
    """Each request's body by event type, after checking its signature."""
    bodies = {}
    for request in receiver.requests:
        verify(secret, request.headers, request.body)  # raises when the signature is wrong
        body = json.loads(request.body)
        bodies[body["type"]] = body
    return bodies


def test_a_local_receiver_gets_assessment_and_calculation_events_signed(app, db, run_jobs):
    with HTTPReceiver([200]) as n8n:
        integration = make_integration(url=n8n.url, name="n8n")
        secret = service.get_signing_secret(integration)
        assessment = complete_assessment()
        calculation = save_roi()
        run_jobs()
        bodies = received(n8n, secret)

    assert {"assessment.completed", "calculation.completed", "lead.created"} <= set(bodies)
    completed = bodies["assessment.completed"]["data"]
    assert completed["assessment_id"] == assessment.id
    assert completed["email"] == "ana@acme.mx"
    assert completed["score"] == assessment.score
    assert completed["recommended_tier"] == assessment.tier.value
    saved = bodies["calculation.completed"]["data"]
    assert saved["calculation_id"] == calculation.id
    assert saved["type"] == "roi"
    assert saved["lead_id"] == completed["lead_id"]
    assert saved["total_value"] == str(calculation.total_value)


def test_a_tampered_body_fails_the_check_the_docs_describe(app, db, run_jobs):
    with HTTPReceiver([200]) as n8n:
        integration = make_integration(url=n8n.url, name="n8n")
        secret = service.get_signing_secret(integration)
        save_roi()
        run_jobs()
    request = n8n.requests[0]
    verify(secret, request.headers, request.body)
    tampered = request.body.replace(b"ana@acme.mx", b"eve@acme.mx")
    try:
        verify(secret, request.headers, tampered)
    except ValueError:
        pass
    else:
        raise AssertionError("a tampered body passed the signature check")


def test_staff_status_changes_and_meetings_are_announced(db, make_user):
    make_integration(name="n8n")
    user = make_user(UserRole.EDITOR)
    lead = upsert_lead(LeadInput(email="ana@gmail.com")).lead
    jobs.commit()
    change_status(lead, LeadStatus.CONTACTED, user)
    log_activity(
        lead, "meeting_scheduled", "Kick-off", user, meeting_at=datetime(2027, 1, 5, 17, tzinfo=UTC)
    )
    rows = {d.event: d.payload for d in db.session.scalars(select(WebhookDelivery))}
    assert rows["lead.status_updated"]["from"] == "NEW"
    assert rows["lead.status_updated"]["to"] == "CONTACTED"
    assert rows["meeting.scheduled"]["meeting_at"] == "2027-01-05T17:00:00+00:00"
    assert rows["meeting.scheduled"]["lead_id"] == lead.id


def test_each_integration_gets_only_the_events_it_chose(db):
    make_integration(name="everything")
    picky = make_integration(name="picky")
    slack = make_integration(name="slack", kind="slack", url="http://127.0.0.1:9/slack")
    picky.events = ["calculation.completed"]
    db.session.commit()
    save_roi()
    sent = {
        (db.session.get(Integration, d.integration_id).name, d.event)
        for d in db.session.scalars(select(WebhookDelivery))
    }
    assert ("picky", "calculation.completed") in sent
    assert ("picky", "lead.created") not in sent
    assert ("everything", "lead.created") in sent
    assert ("everything", "calculation.completed") in sent
    assert not any(name == "slack" for name, _ in sent)  # Slack hears hot leads only
    assert slack.events is None


def _form(client, url: str, **fields) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page), "name": "n8n", "kind": "webhook", "enabled": "y"}
    return {**data, "events_shown": "1", **fields}


def test_the_admin_form_chooses_the_events(admin_client, db):
    page = admin_client.get("/admin/integrations/new").get_data(as_text=True)
    for event in EVENTS:  # offered, and ticked for a new webhook
        assert f'value="{event}" checked' in page
    assert "<legend>" in page

    data = _form(admin_client, "/admin/integrations/new", webhook_url="http://127.0.0.1:9/hook")
    data["events"] = ["lead.qualified", "meeting.scheduled"]
    assert admin_client.post("/admin/integrations/new", data=data).status_code == 303
    integration = db.session.scalar(select(Integration))
    assert integration.events == ["lead.qualified", "meeting.scheduled"]
    edit_url = f"/admin/integrations/{integration.id}"
    html = admin_client.get(edit_url).get_data(as_text=True)
    assert 'value="lead.qualified" checked' in html
    assert 'value="lead.created" checked' not in html

    # Nothing ticked: it is sent nothing (but test events).
    data = _form(admin_client, edit_url, webhook_url="http://127.0.0.1:9/hook")
    assert admin_client.post(edit_url, data=data).status_code == 303
    db.session.expire_all()
    assert db.session.get(Integration, integration.id).events == []

    # An event that does not exist is refused and changes nothing.
    data = _form(admin_client, edit_url, webhook_url="http://127.0.0.1:9/hook", events=["x.y"])
    assert admin_client.post(edit_url, data=data).status_code == 422
    db.session.expire_all()
    assert db.session.get(Integration, integration.id).events == []
