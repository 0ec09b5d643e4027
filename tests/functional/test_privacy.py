"""Privacy requests: JSON export of everything about a lead, and erasure with suppression."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from madfam.delivery.suppression import email_hash, is_suppressed
from madfam.enums import AssessmentStatus, ServiceTier
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    AuditLog,
    Calculation,
    EmailQueue,
    Lead,
    LeadActivity,
    LeadNote,
    Suppression,
    WebhookAttempt,
    WebhookDelivery,
)
from madfam.services import privacy
from madfam.services.leads import LeadInput, upsert_lead
from tests.factories import (
    make_activity,
    make_assessment,
    make_calculation,
    make_email,
    make_event,
    make_integration,
    make_note,
)
from tests.helpers import VALID, csrf_from, save_roi, submit

EMAIL = "ana_maria@example.com"  # the underscore is a LIKE wildcard: matched literally


@pytest.fixture
def person(db):
    """A lead with rows of every kind about them, and a neighbour whose rows must stay."""
    lead = upsert_lead(
        LeadInput(email=EMAIL.upper(), first_name="Ana María", company="Acme", message="Hola")
    ).lead
    other = upsert_lead(LeadInput(email="xana_maria@example.com", first_name="Xana")).lead
    hook = make_integration(name="n8n")

    def delivery(event, payload):
        return WebhookDelivery(
            integration_id=hook.id,
            event=event,
            payload=payload,
            status="delivered",
            attempt_log=[WebhookAttempt(number=1, status_code=200)],
        )

    make_note(lead, content="Prefers mornings")
    make_activity(lead, type="call_made", description="Called")
    make_assessment(lead, status=AssessmentStatus.COMPLETED)
    # Started before the lead existed: linked only by the email.
    make_assessment(email=EMAIL, status=AssessmentStatus.STARTED, answers={"q1": 2})
    make_calculation(
        lead,
        inputs={"employees": 10},
        results={"annual_savings": "1200.00"},
        total_value=Decimal("1200.00"),
    )
    make_email(EMAIL, subject="Hi", status="sent")
    make_email(
        "sales@madfam.io",
        subject="Hot lead",
        template="follow_up",
        data={"lead_id": lead.id},
        status="pending",
    )
    make_email(f"Ana <{EMAIL}>", subject="Again", template="follow_up")
    make_event("calculator.saved", properties={"contact": {"email": EMAIL}})
    make_event("page.view", properties={"path": "/es/"})
    # The neighbour's rows: similar addresses, other ids.
    make_note(other, content="Other person")
    make_email("xana_maria@example.com", subject="Hi")
    make_email("anaXmaria@example.com", subject="Hi")
    make_calculation(email="xana_maria@example.com")
    db.session.add_all(
        [
            # Outgoing webhooks copy the lead: by id, by email, or both.
            delivery("lead.created", {"lead_id": lead.id, "email": EMAIL, "company": "Acme"}),
            delivery("lead.hot", {"lead_id": lead.id, "name": "Ana María", "score": 90}),
            delivery("calculation.completed", {"contact": {"email": EMAIL.upper()}}),
            delivery("test.ping", {"integration": "n8n"}),
            delivery("lead.created", {"lead_id": other.id, "email": "xana_maria@example.com"}),
        ]
    )
    db.session.commit()
    return lead.id, other.id


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_json_export_holds_every_row_about_the_lead(admin_client, db, person):
    lead_id, other_id = person
    response = admin_client.get(f"/admin/leads/{lead_id}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"

    data = json.loads(response.get_data(as_text=True))
    assert data["lead"]["id"] == lead_id
    assert data["lead"]["email"] == EMAIL
    assert data["lead"]["first_name"] == "Ana María"
    assert data["lead"]["tier"] == ServiceTier.L1_ESSENTIALS.value
    assert {n["content"] for n in data["notes"]} == {"Prefers mornings"}
    # 75 points: the system qualified the lead (status_updated) when it was created.
    assert {a["type"] for a in data["activities"]} == {
        "lead_created",
        "status_updated",
        "call_made",
    }
    assert len(data["assessments"]) == 2
    assert data["calculations"][0]["total_value"] == "1200.00"
    assert data["calculations"][0]["inputs"] == {"employees": 10}
    assert sorted(e["subject"] for e in data["emails"]) == ["Again", "Hi", "Hot lead"]
    assert {e["event"] for e in data["analytics_events"]} == {
        "lead.created",
        "conversion.lead",
        "calculator.saved",
    }
    assert sorted(d["event"] for d in data["webhook_deliveries"]) == [
        "calculation.completed",
        "lead.created",
        "lead.hot",
    ]
    assert {d["payload"].get("lead_id") for d in data["webhook_deliveries"]} == {lead_id, None}
    assert other_id not in response.get_data(as_text=True)
    assert "xana" not in response.get_data(as_text=True)

    audit = db.session.scalars(select(AuditLog)).all()
    assert [(a.action, a.lead_id, a.actor_id) for a in audit] == [
        ("lead_export", lead_id, admin_client.user.id)
    ]


def test_delete_asks_for_confirmation_first(admin_client, db, person):
    lead_id, _ = person
    page = admin_client.get(f"/admin/leads/{lead_id}/delete")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert EMAIL in html
    assert f'action="/admin/leads/{lead_id}/delete"' in html
    assert _count(db, Lead, Lead.id == lead_id) == 1  # looking is not deleting

    no_token = admin_client.post(f"/admin/leads/{lead_id}/delete")
    assert no_token.status_code == 400
    assert _count(db, Lead, Lead.id == lead_id) == 1


def test_delete_removes_everything_linked_and_suppresses_the_address(admin_client, db, person):
    lead_id, other_id = person
    page = admin_client.get(f"/admin/leads/{lead_id}/delete")
    response = admin_client.post(
        f"/admin/leads/{lead_id}/delete", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303
    assert admin_client.get(f"/admin/leads/{lead_id}").status_code == 404

    assert _count(db, Lead, Lead.id == lead_id) == 0
    assert _count(db, LeadNote, LeadNote.lead_id == lead_id) == 0
    assert _count(db, LeadActivity, LeadActivity.lead_id == lead_id) == 0
    assert _count(db, Assessment) == 0
    assert _count(db, Calculation) == 1  # the neighbour's
    remaining_to = sorted(to for (to,) in db.session.execute(select(EmailQueue.to)))
    assert remaining_to == [["anaXmaria@example.com"], ["xana_maria@example.com"]]
    for (properties,) in db.session.execute(select(AnalyticsEvent.properties)):
        assert lead_id not in json.dumps(properties)
        assert EMAIL not in json.dumps(properties)
    assert _count(db, AnalyticsEvent, AnalyticsEvent.event == "page.view") == 1
    # Webhook deliveries that carried the lead go, with their attempt log.
    remaining = db.session.scalars(select(WebhookDelivery)).all()
    assert sorted(d.event for d in remaining) == ["lead.created", "test.ping"]
    assert all(d.payload.get("lead_id") in (None, other_id) for d in remaining)
    assert _count(db, WebhookAttempt) == 2
    for (payload,) in db.session.execute(select(WebhookDelivery.payload)):
        assert lead_id not in json.dumps(payload)
        assert f'"{EMAIL}"' not in json.dumps(payload).lower()
    # The neighbour is untouched.
    assert _count(db, Lead, Lead.id == other_id) == 1
    assert _count(db, LeadNote, LeadNote.lead_id == other_id) == 1

    # Only a keyed hash of the address is kept, and it suppresses automated email.
    suppression = db.session.scalars(select(Suppression)).one()
    assert EMAIL not in suppression.email_hash
    assert suppression.email_hash == email_hash(EMAIL)
    assert is_suppressed(EMAIL)
    assert is_suppressed("  ANA_MARIA@example.com ")
    assert is_suppressed(f"Ana María <{EMAIL}>")
    assert not is_suppressed("xana_maria@example.com")

    # The erasure is recorded without personal data.
    audit = db.session.scalars(select(AuditLog)).one()
    assert (audit.action, audit.lead_id, audit.actor_id) == (
        "lead_erase",
        lead_id,
        admin_client.user.id,
    )
    record = json.dumps(privacy.row_dict(audit)) + json.dumps(privacy.row_dict(suppression))
    assert "ana" not in record.lower()
    assert "example.com" not in record


def _erase(admin_client, lead_id) -> None:
    page = admin_client.get(f"/admin/leads/{lead_id}/delete")
    admin_client.post(f"/admin/leads/{lead_id}/delete", data={"csrf_token": csrf_from(page)})
    assert is_suppressed(EMAIL)


def test_the_delete_page_counts_webhook_deliveries(admin_client, db, person):
    lead_id, _ = person
    html = admin_client.get(f"/admin/leads/{lead_id}/delete").get_data(as_text=True)
    assert "Entregas de webhooks: 3" in html


def test_other_submissions_leave_an_erased_address_suppressed(admin_client, app, db, person):
    lead_id, _ = person
    _erase(admin_client, lead_id)
    # A calculator report, or someone else typing the address into an assessment, is
    # not the person asking for email again.
    _, response = save_roi(app.test_client(), email=EMAIL)
    assert response.status_code in (200, 303)
    assert _count(db, Calculation, Calculation.email == EMAIL) == 1
    upsert_lead(LeadInput(email=EMAIL), origin="assessment")
    db.session.commit()
    assert is_suppressed(EMAIL)


def test_contact_form_with_consent_lifts_the_suppression(
    admin_client, app, db, person, instant_form
):
    lead_id, _ = person
    _erase(admin_client, lead_id)
    visitor = app.test_client()
    without = {k: v for k, v in VALID.items() if k != "marketing_consent"}
    assert submit(visitor, {**without, "email": EMAIL}).status_code == 303
    assert is_suppressed(EMAIL)  # no consent: still no automated email
    assert submit(visitor, {**VALID, "email": EMAIL.upper()}).status_code == 303
    db.session.expire_all()
    assert not is_suppressed(EMAIL)
    assert _count(db, Suppression) == 0


def test_the_hash_is_keyed(app, db, monkeypatch):
    first = email_hash(EMAIL)
    assert len(first) == 64
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key-of-enough-length-0000")
    assert email_hash(EMAIL) != first


def test_editors_cannot_export_or_delete(editor_client, db, person):
    lead_id, _ = person
    assert editor_client.get(f"/admin/leads/{lead_id}/export.json").status_code == 403
    page = editor_client.get("/admin/account")
    response = editor_client.post(
        f"/admin/leads/{lead_id}/delete", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 403
    assert _count(db, Lead, Lead.id == lead_id) == 1
    assert _count(db, AuditLog) == 0
