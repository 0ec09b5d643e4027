"""Webhooks from integrations: Standard Webhooks verified, applied, on the lead's timeline;
anything unsigned, tampered, stale, replayed or malformed is refused and changes nothing."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from madfam.delivery.signing import new_secret, signed_headers
from madfam.delivery.suppression import is_suppressed
from madfam.enums import LeadStatus
from madfam.extensions import db as _db
from madfam.models import EmailQueue, InboundWebhook, Lead, LeadActivity
from madfam.services import integrations as service
from tests.factories import make_email, make_integration, make_lead

URL = "/hooks/crm"


@pytest.fixture
def crm(db):
    integration = make_integration(name="crm")
    return service.get_signing_secret(integration)


def send(client, secret: str, event: str, data: dict, *, msg_id: str = "msg_1",
         timestamp: int | None = None, body: bytes | None = None):  # fmt: skip
    raw = body if body is not None else json.dumps({"type": event, "data": data}).encode()
    headers = signed_headers(secret, msg_id, raw, timestamp=timestamp)
    return client.post(URL, data=raw, headers=headers, content_type="application/json")


def snapshot() -> tuple:
    _db.session.expire_all()
    return (
        tuple(_db.session.scalars(select(Lead.status).order_by(Lead.id))),
        _db.session.scalar(select(func.count()).select_from(LeadActivity)),
        _db.session.scalar(select(func.count()).select_from(InboundWebhook)),
    )


def test_a_signed_status_update_is_applied_and_on_the_timeline(client, crm):
    lead = make_lead(email="ana@acme.mx")
    response = send(client, crm, "lead.status_updated", {"lead_id": lead.id, "status": "CONTACTED"})
    assert response.status_code == 200
    assert response.get_json() == {"accepted": "lead.status_updated", "lead_id": lead.id}
    _db.session.expire_all()
    assert _db.session.get(Lead, lead.id).status is LeadStatus.CONTACTED
    [activity] = _db.session.scalars(select(LeadActivity))
    assert activity.type == "status_updated"
    assert activity.metadata_["by"] == "crm" and activity.metadata_["webhook_id"] == "msg_1"


@pytest.mark.parametrize(
    "tamper",
    ["body", "old_timestamp", "wrong_secret", "unsigned", "replay"],
)
def test_refused_requests_change_nothing(client, crm, tamper):
    lead = make_lead(email="ana@acme.mx")
    data = {"lead_id": lead.id, "status": "LOST"}
    if tamper == "replay":
        assert (
            send(
                client, crm, "lead.status_updated", {"lead_id": lead.id, "status": "CONTACTED"}
            ).status_code
            == 200
        )  # noqa: E501
    before = snapshot()
    raw = json.dumps({"type": "lead.status_updated", "data": data}).encode()
    if tamper == "body":
        headers = signed_headers(crm, "msg_2", raw)
        raw = raw.replace(b"LOST", b"WON!")
        expected = 401
    elif tamper == "old_timestamp":
        headers = signed_headers(crm, "msg_2", raw, timestamp=int(time.time()) - 301)
        expected = 401
    elif tamper == "wrong_secret":
        headers = signed_headers(new_secret(), "msg_2", raw)
        expected = 401
    elif tamper == "unsigned":
        headers = {}
        expected = 400
    else:  # the same webhook-id again, validly signed
        headers = signed_headers(crm, "msg_1", raw)
        expected = 409
    response = client.post(URL, data=raw, headers=headers, content_type="application/json")
    assert response.status_code == expected
    assert "error" in response.get_json()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "data"),
    [
        (b"{not json", None),
        (b"[1, 2]", None),
        (None, {"lead_id": "nope", "status": "CONTACTED"}),  # no such lead: 404
        (None, {"status": "CONTACTED"}),
        (None, {"lead_id": "LEAD", "status": "PROMOTED"}),
    ],
)
def test_malformed_events_are_refused(client, crm, body, data):
    lead = make_lead(email="ana@acme.mx")
    if data and data.get("lead_id") == "LEAD":
        data["lead_id"] = lead.id
    before = snapshot()
    response = send(client, crm, "lead.status_updated", data or {}, body=body)
    assert response.status_code in (400, 404)
    assert snapshot() == before


def test_an_unknown_event_is_accepted_and_logged_but_applied_nowhere(client, crm, caplog):
    response = send(client, crm, "invoice.paid", {"amount": 1})
    assert response.status_code == 202
    assert "invoice.paid" in caplog.text
    assert snapshot()[1] == 0  # no activity


def test_an_unknown_integration_is_404(client, crm):
    raw = b'{"type": "crm.synced", "data": {}}'
    response = client.post("/hooks/nobody", data=raw, headers=signed_headers(crm, "m", raw))
    assert response.status_code == 404


def test_meeting_with_reminder_and_crm_sync(client, crm):
    lead = make_lead(email="ana@acme.mx", first_name="Ana")
    meeting = {"lead_id": lead.id, "meeting_at": "2027-01-05T11:00:00-06:00",
               "description": "Demo", "send_reminder": True}  # fmt: skip
    assert send(client, crm, "meeting.scheduled", meeting).status_code == 200
    synced = {"email": "ANA@acme.mx", "external_id": "hs-4242"}
    assert send(client, crm, "crm.synced", synced, msg_id="msg_2").status_code == 200
    _db.session.expire_all()
    lead = _db.session.get(Lead, lead.id)
    assert lead.external_id == "hs-4242" and lead.last_sync is not None
    types = {a.type: a for a in _db.session.scalars(select(LeadActivity))}
    assert types["meeting_scheduled"].metadata_["meeting_at"] == "2027-01-05T17:00:00+00:00"
    assert types["crm_synced"].metadata_["external_id"] == "hs-4242"
    reminder = _db.session.scalar(
        select(EmailQueue).where(EmailQueue.template == "meeting_reminder")
    )
    assert reminder.to == ["ana@acme.mx"]


def test_a_hard_bounce_or_complaint_suppresses_the_address(client, crm):
    make_lead(email="ana@acme.mx")
    make_lead(email="bruno@acme.mx")
    bounced = make_email("ana@acme.mx", status="sent")
    soft = make_email("bruno@acme.mx", status="sent")
    delivered = make_email("bruno@acme.mx", status="sent")
    assert send(client, crm, "email.bounced", {"email_id": bounced.id}).status_code == 200
    assert send(client, crm, "email.bounced", {"email_id": soft.id, "bounce_type": "soft"},
                msg_id="msg_2").status_code == 200  # fmt: skip
    assert send(client, crm, "email.delivered", {"email_id": delivered.id},
                msg_id="msg_3").status_code == 200  # fmt: skip
    assert is_suppressed("ana@acme.mx")
    assert not is_suppressed("bruno@acme.mx")
    _db.session.expire_all()
    assert "bounced" in _db.session.get(EmailQueue, bounced.id).error
    states = sorted(a.metadata_["state"] for a in _db.session.scalars(
        select(LeadActivity).where(LeadActivity.type == "email_status")))  # fmt: skip
    assert states == ["bounced", "bounced", "delivered"]
    complaint = make_email("bruno@acme.mx", status="sent")
    send(client, crm, "email.complained", {"email_id": complaint.id}, msg_id="msg_4")
    assert is_suppressed("bruno@acme.mx")


def test_a_status_an_integration_set_counts_as_set_by_staff(client, crm):
    from madfam.jobs.nurture import status_set_by_staff

    lead = make_lead(email="ana@acme.mx")
    send(client, crm, "lead.status_updated", {"lead_id": lead.id, "status": "NEW"})
    assert status_set_by_staff(lead.id)  # never qualified or nurtured automatically again
