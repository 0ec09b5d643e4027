"""Finished emails and webhook deliveries past DELIVERY_RETENTION_DAYS keep only their
metadata; the privacy notice states the same period."""

from datetime import UTC, datetime, timedelta

from madfam.models import EmailQueue, WebhookAttempt, WebhookDelivery
from tests.factories import make_email, make_integration


def _delivery(integration, status, created_at):
    from madfam.extensions import db

    row = WebhookDelivery(
        integration_id=integration.id, event="lead.created", status=status,
        payload={"email": "ana@empresa.mx"}, error="ana@empresa.mx refused", created_at=created_at,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    db.session.add(WebhookAttempt(delivery_id=row.id, number=1, error="to ana@empresa.mx"))
    db.session.commit()
    return row


def test_old_finished_deliveries_are_reduced_to_metadata(runner, db, app):
    old = datetime.now(UTC) - timedelta(days=app.config["DELIVERY_RETENTION_DAYS"] + 1)
    sent = make_email("ana@empresa.mx", status="sent", data={"name": "Ana"}, created_at=old)
    waiting = make_email("bea@empresa.mx", status="pending", data={"name": "Bea"}, created_at=old)
    recent = make_email("cy@empresa.mx", status="sent", data={"name": "Cy"})
    hook = make_integration()
    done = _delivery(hook, "delivered", old)
    retrying = _delivery(hook, "pending", old)

    result = runner.invoke(args=["retention"])
    assert "emails_reduced: 1 reduced" in result.output
    assert "webhooks_reduced: 1 reduced" in result.output
    db.session.expire_all()
    reduced = db.session.get(EmailQueue, sent.id)
    assert (reduced.to, reduced.data, reduced.error) == ([], {}, None)
    assert reduced.template == "welcome" and reduced.status == "sent"
    assert db.session.get(EmailQueue, waiting.id).data == {"name": "Bea"}
    assert db.session.get(EmailQueue, recent.id).to == ["cy@empresa.mx"]
    assert db.session.get(WebhookDelivery, done.id).payload == {}
    assert db.session.get(WebhookDelivery, done.id).error is None
    assert db.session.get(WebhookDelivery, retrying.id).payload == {"email": "ana@empresa.mx"}
    errors = {a.delivery_id: a.error for a in db.session.query(WebhookAttempt)}
    assert errors == {done.id: None, retrying.id: "to ana@empresa.mx"}

    again = runner.invoke(args=["retention"])
    assert "emails_reduced: 0 reduced" in again.output


def test_a_reduced_email_still_opens_in_the_admin(admin_client, db):
    row = make_email("ana@empresa.mx", status="sent")
    row.to, row.data = [], {}
    db.session.commit()
    page = admin_client.get(f"/admin/emails/{row.id}")
    assert page.status_code == 200


def test_the_privacy_notice_states_the_delivery_period(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "DELIVERY_RETENTION_DAYS", 77)
    for lang, word in (("es", "77 días"), ("en", "77 days"), ("pt", "77 dias")):
        assert word in client.get(f"/{lang}/privacy").get_data(as_text=True)
