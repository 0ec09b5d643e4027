"""Outgoing webhooks: Standard Webhooks signatures, retries, 410, pausing, SSRF, Slack."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from madfam import jobs
from madfam.delivery import addresses, envelopes, signing, slack
from madfam.delivery.addresses import UnsafeWebhookURL
from madfam.delivery.signing import WebhookVerificationError, verify
from madfam.extensions import db as _db
from madfam.jobs.sweep import sweep
from madfam.models import Integration, WebhookDelivery
from madfam.services import integrations as service
from madfam.services import webhooks
from tests.factories import make_integration
from tests.helpers import submit
from tests.receivers import HTTPReceiver

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def delivery_of(integration: Integration) -> WebhookDelivery:
    _db.session.expire_all()
    return _db.session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.integration_id == integration.id)
    )


# --- Signatures --------------------------------------------------------------------------


def test_a_signed_body_verifies_and_a_changed_body_or_old_timestamp_does_not():
    body = json.dumps({"type": "lead.created", "data": {"lead_id": "c1"}})
    headers = signing.signed_headers(SECRET, "msg_1", body)
    assert headers["webhook-signature"].startswith("v1,")
    verify(SECRET, headers, body)  # does not raise

    with pytest.raises(WebhookVerificationError):
        verify(SECRET, headers, body.replace("c1", "c2"))
    old = signing.signed_headers(SECRET, "msg_1", body, timestamp=int(time.time()) - 3600)
    with pytest.raises(WebhookVerificationError):
        verify(SECRET, old, body)
    with pytest.raises(WebhookVerificationError):
        verify("whsec_" + "A" * 32, headers, body)
    tampered_id = {**headers, "webhook-id": "msg_2"}
    with pytest.raises(WebhookVerificationError):
        verify(SECRET, tampered_id, body)


def test_the_signature_follows_the_documented_scheme():
    import base64
    import hashlib
    import hmac

    body = '{"a":1}'
    expected = base64.b64encode(
        hmac.new(
            base64.b64decode(SECRET[6:]), f"id1.1700000000.{body}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert signing.sign(SECRET, "id1", 1700000000, body) == "v1," + expected


# --- Delivery ----------------------------------------------------------------------------


def test_an_event_reaches_each_enabled_endpoint_signed(app, db, run_jobs):
    with HTTPReceiver([200]) as receiver:
        integration = make_integration(url=receiver.url)
        make_integration(url=None, name="no-url")
        off = make_integration(url=receiver.url, name="off")
        off.enabled = False
        _db.session.commit()

        webhooks.emit("lead.created", {"lead_id": "c123", "score": 42})
        jobs.commit()
        run_jobs()

        assert len(receiver.requests) == 1
        request = receiver.requests[0]
        secret = service.get_signing_secret(integration)
        verify(secret, request.headers, request.body)
        body = json.loads(request.body)
        assert body["type"] == "lead.created"
        assert body["data"] == {"lead_id": "c123", "score": 42}
        delivery = delivery_of(integration)
        assert request.headers["webhook-id"] == delivery.id
        assert (delivery.status, delivery.attempts) == ("delivered", 1)
        assert [(a.status_code, a.error) for a in delivery.attempt_log] == [(200, None)]
        assert delivery.attempt_log[0].duration_ms >= 0
        assert _db.session.get(Integration, integration.id).last_sync is not None


def test_500_twice_then_200_is_delivered_on_the_third_attempt(app, db, run_jobs):
    with HTTPReceiver([500, 500, 200]) as receiver:
        integration = make_integration(url=receiver.url)
        webhooks.emit("assessment.completed", {"assessment_id": "a1"})
        jobs.commit()
        run_jobs()
        delivery = delivery_of(integration)
        assert (delivery.status, delivery.attempts, delivery.error) == ("pending", 1, "HTTP 500")
        gap = delivery.next_attempt_at - delivery.attempt_log[0].created_at
        assert abs(gap.total_seconds() - 60) < 5
        assert _db.session.get(Integration, integration.id).health == "failing"

        assert sweep(now=delivery.next_attempt_at - timedelta(seconds=1))["webhooks"] == 0
        for _ in range(2):
            sweep(now=delivery_of(integration).next_attempt_at)
            run_jobs()

        delivery = delivery_of(integration)
        assert (delivery.status, delivery.attempts) == ("delivered", 3)
        assert [a.status_code for a in delivery.attempt_log] == [500, 500, 200]
        second_gap = delivery.attempt_log[1].created_at - delivery.attempt_log[0].created_at
        assert second_gap.total_seconds() >= 0
        assert {r.headers["webhook-id"] for r in receiver.requests} == {delivery.id}
        refreshed = _db.session.get(Integration, integration.id)
        assert refreshed.health == "healthy" and refreshed.last_sync is not None


def test_failing_forever_fails_after_the_last_attempt(app, db, run_jobs, monkeypatch):
    monkeypatch.setitem(app.config, "RETRY_DELAYS", (60, 300))
    with HTTPReceiver([503]) as receiver:
        integration = make_integration(url=receiver.url)
        webhooks.emit("calculation.completed", {"calculation_id": "k1"})
        jobs.commit()
        run_jobs()
        for _ in range(4):
            delivery = delivery_of(integration)
            if delivery.status != "pending":
                break
            sweep(now=delivery.next_attempt_at)
            run_jobs()
        delivery = delivery_of(integration)
        assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 3, "HTTP 503")
        assert len(receiver.requests) == 3


def test_410_gone_disables_the_endpoint(app, db, run_jobs):
    with HTTPReceiver([410]) as receiver:
        integration = make_integration(url=receiver.url)
        webhooks.emit("lead.updated", {"lead_id": "c1"})
        jobs.commit()
        run_jobs()
        delivery = delivery_of(integration)
        assert delivery.status == "failed" and delivery.attempts == 1
        integration = _db.session.get(Integration, integration.id)
        assert not integration.enabled and integration.health == "disabled"
        assert "410" in integration.disabled_reason
        webhooks.emit("lead.updated", {"lead_id": "c1"})
        jobs.commit()
        run_jobs()
        assert len(receiver.requests) == 1


def test_an_endpoint_failing_for_days_is_paused(app, db, run_jobs):
    with HTTPReceiver([500]) as receiver:
        integration = make_integration(url=receiver.url)
        integration.failing_since = datetime.now(UTC) - timedelta(days=4)
        _db.session.commit()
        webhooks.emit("lead.updated", {"lead_id": "c1"})
        jobs.commit()
        run_jobs()
        integration = _db.session.get(Integration, integration.id)
        assert integration.health == "paused"
        assert webhooks.active_integrations() == []


def test_private_addresses_are_refused_unless_allowed(app, db, run_jobs, monkeypatch):
    with HTTPReceiver([200]) as receiver:
        integration = make_integration(url=receiver.url)  # allowed in testing
        monkeypatch.setitem(app.config, "ALLOW_PRIVATE_WEBHOOKS", False)
        for url in (
            "http://127.0.0.1/x",
            "http://10.1.2.3/x",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/x",
            "http://[::ffff:127.0.0.1]/x",
            "ftp://example.com/x",
        ):
            with pytest.raises(UnsafeWebhookURL):
                addresses.resolve_safe(url)
        with pytest.raises(UnsafeWebhookURL):
            make_integration(url="http://127.0.0.1:9/hook", name="local")
        _db.session.rollback()

        webhooks.emit("lead.created", {"lead_id": "c1"})
        jobs.commit()
        run_jobs()
        delivery = delivery_of(integration)
        assert delivery.status == "failed" and "non-public" in delivery.error
        assert delivery.attempt_log[0].status_code is None
        assert receiver.requests == []


@pytest.mark.parametrize("host", ["[64:ff9b::7f00:1]", "[::ffff:0:7f00:1]", "[::7f00:1]"])
def test_the_address_is_checked_again_at_delivery_time(app, db, run_jobs, monkeypatch, host):
    """A URL that became local after it was saved (DNS changed) is never POSTed to."""
    with HTTPReceiver([200]) as receiver:
        integration = service.save_integration(
            service.IntegrationInput(name="n8n", webhook_url=receiver.url)
        )
        port = receiver.server.server_port
        integration.webhook_url = f"http://{host}:{port}/hook"  # as if DNS now said so
        jobs.commit()
        monkeypatch.setitem(app.config, "ALLOW_PRIVATE_WEBHOOKS", False)
        webhooks.emit("lead.created", {"lead_id": "c1"})
        jobs.commit()
        run_jobs()
        delivery = delivery_of(integration)
        assert delivery.status == "failed" and "non-public" in delivery.error
        assert delivery.attempts == 1
        assert receiver.requests == []


def test_a_hot_lead_sends_one_slack_message_once(app, db, run_jobs, monkeypatch):
    from madfam.services.leads import LeadInput, upsert_lead

    monkeypatch.setitem(app.config, "HOT_LEAD_THRESHOLD", 1)
    with HTTPReceiver([200]) as slack, HTTPReceiver([200]) as n8n:
        make_integration(url=slack.url, kind="slack", name="slack")
        make_integration(url=n8n.url, name="n8n")
        for company in ("Acme", "Acme SA de CV"):
            lead = upsert_lead(LeadInput(email="hot@example.com", company=company)).lead
            jobs.commit()
        run_jobs()
        assert len(slack.requests) == 1
        message = json.loads(slack.requests[0].body)
        assert message["text"].startswith(":fire: Hot lead")
        assert message["blocks"][0]["type"] == "section"
        # n8n hears the lead's lifecycle, never the Slack-formatted hot-lead message.
        assert all(json.loads(r.body)["type"] != "lead.hot" for r in n8n.requests)
        assert lead.hot_notified_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://100.64.0.1/x",  # carrier-grade NAT
        "http://100.100.100.200/latest/meta-data",  # a cloud metadata address in 100.64/10
        "http://0.0.0.0/x",
        "http://192.0.2.10/x",  # documentation range
        "http://224.0.0.1/x",
        "http://[2002:a9fe:a9fe::1]/x",  # 6to4 wrapping 169.254.169.254
        "http://[2002:7f00:1::1]/x",  # 6to4 wrapping 127.0.0.1
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x",  # Teredo, client 192.0.2.45
        "http://[::ffff:169.254.169.254]/x",
        "http://[fd00::1]/x",
        "http://[ff02::1]/x",
    ],
)
def test_non_global_addresses_are_refused_however_they_are_wrapped(app, monkeypatch, url):
    monkeypatch.setitem(app.config, "ALLOW_PRIVATE_WEBHOOKS", False)
    with app.app_context(), pytest.raises(UnsafeWebhookURL):
        addresses.resolve_safe(url)


@pytest.mark.parametrize(
    ("url", "address"),
    [("http://8.8.8.8/x", "8.8.8.8"), ("http://[2002:808:808::1]/x", "2002:808:808::1")],
)
def test_public_addresses_are_allowed(app, monkeypatch, url, address):
    monkeypatch.setitem(app.config, "ALLOW_PRIVATE_WEBHOOKS", False)
    with app.app_context():
        assert addresses.resolve_safe(url) == address


def test_slack_messages_escape_what_visitors_typed():
    delivery = WebhookDelivery(
        event=envelopes.HOT_LEAD_EVENT,
        payload={
            "lead_id": "c1",
            "name": "<!channel> Ana & <https://evil.example|click>",
            "company": "A>B <@U123>",
            "score": 90,
        },
    )
    message = slack.slack_message(delivery.event, delivery.payload)
    texts = [message["text"], message["blocks"][0]["text"]["text"]] + [
        field["text"] for field in message["blocks"][1]["fields"]
    ]
    combined = "\n".join(texts)
    assert "<" not in combined and ">" not in combined
    assert message["text"] == (
        ":fire: Hot lead: &lt;!channel&gt; Ana &amp; &lt;https://evil.example|click&gt; "
        "(A&gt;B &lt;@U123&gt;), score 90"
    )
    assert "*company*\nA&gt;B &lt;@U123&gt;" in texts


@pytest.fixture
def broken_webhook_queue(monkeypatch):
    """Queuing a webhook job fails after its delivery row was added."""
    real_defer = jobs.defer

    def defer(func, *args, **kwargs):
        real_defer(func, *args, **kwargs)
        if func.__name__ == "deliver_webhook":
            raise RuntimeError("queue bookkeeping broke")

    monkeypatch.setattr(jobs, "defer", defer)


def test_a_failing_hot_lead_notification_never_costs_the_lead(
    app, db, run_jobs, monkeypatch, caplog, broken_webhook_queue
):
    from madfam.models import Lead
    from madfam.services.leads import LeadInput, upsert_lead

    monkeypatch.setitem(app.config, "HOT_LEAD_THRESHOLD", 1)
    with HTTPReceiver([200]) as slack:
        make_integration(url=slack.url, kind="slack", name="slack")
        upsert_lead(LeadInput(email="hot@example.com", company="Acme"))  # e.g. a calculator
        jobs.commit()
        run_jobs()
        assert slack.requests == []
    _db.session.expire_all()
    lead = _db.session.scalar(select(Lead).where(Lead.email == "hot@example.com"))
    assert lead is not None
    assert lead.hot_notified_at is None  # not sent, so a later rescore may try again
    assert _db.session.scalars(select(WebhookDelivery)).all() == []
    assert "webhook emit for lead.hot failed" in caplog.text


def test_a_failing_webhook_emit_never_costs_a_contact_form_lead(
    app, client, db, instant_form, run_jobs, caplog, broken_webhook_queue
):
    from madfam.models import EmailQueue, Lead

    with HTTPReceiver([200]) as n8n:
        make_integration(url=n8n.url)
        response = submit(client)
        run_jobs()
        assert n8n.requests == []
    assert response.status_code == 303
    assert _db.session.scalar(select(Lead)) is not None
    assert _db.session.scalar(select(EmailQueue)).template == "welcome"
    assert _db.session.scalars(select(WebhookDelivery)).all() == []
    assert "webhook emit for lead.created failed" in caplog.text
