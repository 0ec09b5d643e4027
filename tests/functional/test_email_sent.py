"""Each email delivered to a lead shows on the lead's timeline, with its template and subject."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from madfam.jobs.email import deliver_email
from madfam.models import EmailQueue, LeadActivity
from madfam.services.privacy import suppress
from tests.factories import make_email, make_lead
from tests.helpers import only_lead, submit


def sent_activities(db) -> list[LeadActivity]:
    db.session.expire_all()
    query = select(LeadActivity).where(LeadActivity.type == "email_sent")
    return list(db.session.scalars(query))


@pytest.mark.usefixtures("instant_form")
def test_the_welcome_email_is_recorded_on_the_timeline(db, client, viewer_client, run_jobs):
    submit(client)
    run_jobs()
    lead = only_lead(db)
    email = db.session.scalar(select(EmailQueue))
    assert email.status == "sent"
    [activity] = sent_activities(db)
    assert activity.lead_id == lead.id
    assert activity.user_id is None
    assert activity.metadata_ == {
        "email_id": email.id,
        "template": "welcome",
        "subject": "Gracias por contactar a MADFAM",
    }
    html = viewer_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert "activity-email_sent" in html


def test_only_delivered_email_to_a_lead_is_recorded(db, app, monkeypatch):
    lead = make_lead(email="ana@acme.mx")
    make_lead(email="bruno@acme.mx")
    to_lead = make_email("Ana <ANA@acme.mx>", template="follow_up", subject="Seguimos")
    to_staff = make_email("ventas@madfam.io")
    to_suppressed = make_email("bruno@acme.mx")
    suppress("bruno@acme.mx")
    db.session.commit()
    assert deliver_email(to_lead.id) == "sent"
    assert deliver_email(to_staff.id) == "sent"
    assert deliver_email(to_suppressed.id) == "suppressed"
    assert deliver_email(to_lead.id) == "sent"  # a second job sends and records nothing
    [activity] = sent_activities(db)
    assert activity.lead_id == lead.id
    assert activity.metadata_["template"] == "follow_up"
    assert activity.metadata_["subject"] == "Seguimos"

    monkeypatch.setitem(app.config, "MAIL_BACKEND", "nowhere")  # a permanent failure
    failing = make_email("ana@acme.mx")
    assert deliver_email(failing.id) == "failed"
    assert len(sent_activities(db)) == 1
