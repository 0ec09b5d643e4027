"""A lead whose score reaches QUALIFY_SCORE qualifies itself, once, and says why."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from madfam.enums import LeadStatus
from madfam.models import Lead, LeadActivity, WebhookDelivery
from madfam.services.privacy import suppress
from tests.factories import make_integration
from tests.helpers import VALID, csrf_from, only_lead, submit

pytestmark = pytest.mark.usefixtures("instant_form")

# Free mail, a name and a service level: 45 points.
WEAK = {
    "email": "ana@gmail.com",
    "first_name": "Ana",
    "tier": "L1_ESSENTIALS",
    "marketing_consent": "y",
}


def status_activities(db) -> list[LeadActivity]:
    query = select(LeadActivity).where(LeadActivity.type == "status_updated")
    return list(db.session.scalars(query.order_by(LeadActivity.created_at)))


def test_a_lead_reaching_the_threshold_is_qualified_by_the_system(db, client):
    integration = make_integration(name="n8n")
    assert submit(client).status_code in (200, 303)
    lead = only_lead(db)
    assert lead.score == 100
    assert lead.status is LeadStatus.QUALIFIED
    [activity] = status_activities(db)
    assert activity.user_id is None
    assert activity.metadata_["by"] == "system"
    assert activity.metadata_["from"] == "NEW" and activity.metadata_["to"] == "QUALIFIED"
    assert "threshold of 70" in activity.metadata_["reason"]
    events = {d.event for d in db.session.scalars(select(WebhookDelivery))}
    assert {"lead.created", "lead.qualified", "lead.status_updated"} <= events
    assert integration.id


def test_a_lead_below_the_threshold_stays_new_until_it_reaches_it(db, client):
    assert submit(client, WEAK).status_code in (200, 303)
    assert only_lead(db).score == 45
    assert only_lead(db).status is LeadStatus.NEW
    assert status_activities(db) == []
    # The same person comes back with their company details: the new score qualifies them.
    submit(client, VALID, email="ana@gmail.com")
    lead = only_lead(db)
    assert lead.status is LeadStatus.QUALIFIED
    assert len(status_activities(db)) == 1
    # Scoring again records nothing more.
    submit(client, VALID, email="ana@gmail.com", message="Another question entirely, please.")
    assert len(status_activities(db)) == 1


def test_the_threshold_is_a_setting(db, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "QUALIFY_SCORE", 45)
    submit(client, WEAK)
    assert only_lead(db).status is LeadStatus.QUALIFIED


def test_a_status_staff_set_is_never_changed_automatically(db, client, editor_client):
    submit(client, WEAK)
    lead = only_lead(db)
    page = editor_client.get(f"/admin/leads/{lead.id}")
    for status in ("CONTACTED", "NEW"):  # staff even put it back to NEW
        editor_client.post(
            f"/admin/leads/{lead.id}/status", data={"status": status, "csrf_token": csrf_from(page)}
        )
    submit(client, VALID, email="ana@gmail.com")
    lead = only_lead(db)
    assert lead.score == 100
    assert lead.status is LeadStatus.NEW
    assert all(a.user_id for a in status_activities(db))


def test_disposable_and_suppressed_addresses_never_qualify(db, client):
    submit(client, VALID, email="ana@mailinator.com")
    suppress("bruno@acme.mx")
    db.session.commit()
    submit(client, VALID, email="bruno@acme.mx", marketing_consent=None)
    db.session.expire_all()
    statuses = {a.status for a in db.session.scalars(select(Lead))}
    assert statuses == {LeadStatus.NEW}
    assert status_activities(db) == []
