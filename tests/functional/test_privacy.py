"""Privacy requests: JSON export of everything about a lead, and erasure with suppression."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

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
)
from madfam.services import privacy
from madfam.services.leads import LeadInput, upsert_lead
from tests.conftest import csrf_from

EMAIL = "ana_maria@example.com"  # the underscore is a LIKE wildcard: matched literally


@pytest.fixture
def person(db):
    """A lead with rows of every kind about them, and a neighbour whose rows must stay."""
    lead, _ = upsert_lead(
        LeadInput(email=EMAIL.upper(), first_name="Ana María", company="Acme", message="Hola")
    )
    other, _ = upsert_lead(LeadInput(email="xana_maria@example.com", first_name="Xana"))
    db.session.flush()
    rows = [
        LeadNote(lead=lead, content="Prefers mornings"),
        LeadActivity(lead=lead, type="call_made", description="Called"),
        Assessment(lead=lead, email=lead.email, status=AssessmentStatus.COMPLETED, answers={}),
        # Started before the lead existed: linked only by the email.
        Assessment(email=EMAIL, status=AssessmentStatus.STARTED, answers={"q1": 2}),
        Calculation(
            lead=lead,
            email=lead.email,
            type="roi",
            inputs={"employees": 10},
            results={"annual_savings": "1200.00"},
            total_value=Decimal("1200.00"),
        ),
        EmailQueue(to=[EMAIL], subject="Hi", template="welcome", data={}, status="sent"),
        EmailQueue(
            to=["sales@madfam.io"],
            subject="Hot lead",
            template="follow_up",
            data={"lead_id": lead.id},
            status="pending",
        ),
        EmailQueue(to=[f"Ana <{EMAIL}>"], subject="Again", template="follow_up", data={}),
        AnalyticsEvent(event="calculator.saved", properties={"contact": {"email": EMAIL}}),
        AnalyticsEvent(event="page.view", properties={"path": "/es/"}),
        # The neighbour's rows: similar addresses, other ids.
        LeadNote(lead=other, content="Other person"),
        EmailQueue(to=["xana_maria@example.com"], subject="Hi", template="welcome", data={}),
        EmailQueue(to=["anaXmaria@example.com"], subject="Hi", template="welcome", data={}),
        Calculation(email="xana_maria@example.com", type="roi", inputs={}, results={}),
    ]
    db.session.add_all(rows)
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
    assert {a["type"] for a in data["activities"]} == {"lead_created", "call_made"}
    assert len(data["assessments"]) == 2
    assert data["calculations"][0]["total_value"] == "1200.00"
    assert data["calculations"][0]["inputs"] == {"employees": 10}
    assert sorted(e["subject"] for e in data["emails"]) == ["Again", "Hi", "Hot lead"]
    assert {e["event"] for e in data["analytics_events"]} == {"lead.created", "calculator.saved"}
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
    # The neighbour is untouched.
    assert _count(db, Lead, Lead.id == other_id) == 1
    assert _count(db, LeadNote, LeadNote.lead_id == other_id) == 1

    # Only a keyed hash of the address is kept, and it suppresses automated email.
    suppression = db.session.scalars(select(Suppression)).one()
    assert EMAIL not in suppression.email_hash
    assert suppression.email_hash == privacy.email_hash(EMAIL)
    assert privacy.is_suppressed(EMAIL)
    assert privacy.is_suppressed("  ANA_MARIA@example.com ")
    assert privacy.is_suppressed(f"Ana María <{EMAIL}>")
    assert not privacy.is_suppressed("xana_maria@example.com")

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


def test_suppression_is_lifted_when_the_person_submits_again(admin_client, db, person):
    lead_id, _ = person
    page = admin_client.get(f"/admin/leads/{lead_id}/delete")
    admin_client.post(f"/admin/leads/{lead_id}/delete", data={"csrf_token": csrf_from(page)})
    assert privacy.is_suppressed(EMAIL)

    upsert_lead(LeadInput(email=EMAIL, first_name="Ana"))
    db.session.commit()
    assert not privacy.is_suppressed(EMAIL)
    assert _count(db, Suppression) == 0


def test_the_hash_is_keyed(app, db, monkeypatch):
    first = privacy.email_hash(EMAIL)
    assert len(first) == 64
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key-of-enough-length-0000")
    assert privacy.email_hash(EMAIL) != first


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
