"""The follow-up sequence: due steps go once, in the lead's language, about what the lead
did, with a one-click unsubscribe that ends it; staff, erasure and suppression end it too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from madfam import jobs
from madfam.enums import AssessmentStatus, LeadStatus, ServiceTier, UserRole
from madfam.jobs.nurture import queue_due_steps
from madfam.mail import render_email
from madfam.models import EmailQueue, Lead, LeadActivity, NurtureStep, WebhookDelivery
from madfam.services.context import Visit
from madfam.services.lead_admin import change_status
from madfam.services.leads import LeadInput, upsert_lead
from madfam.services.privacy import erase_lead, suppress
from tests.factories import make_assessment, make_calculation, make_integration

NOW = datetime.now(UTC)


def lead_created(days_ago: float, email="ana@gmail.com", consent=True, locale="es") -> Lead:
    """A lead (with consent) created ``days_ago`` days ago; nothing else queued."""
    lead = upsert_lead(
        LeadInput(email=email, first_name="Ana", marketing_consent=consent), Visit(locale=locale)
    ).lead
    jobs.commit()
    age(lead, days_ago)
    return lead


def age(lead: Lead, days_ago: float) -> None:
    from madfam.extensions import db

    db.session.execute(
        update(Lead).where(Lead.id == lead.id).values(created_at=NOW - timedelta(days=days_ago))
    )
    db.session.commit()
    db.session.expire_all()


def follow_ups(db) -> list[EmailQueue]:
    db.session.expire_all()
    query = select(EmailQueue).where(EmailQueue.template == "follow_up")
    return list(db.session.scalars(query.order_by(EmailQueue.created_at)))


def test_step_one_goes_after_two_days_once_with_one_click_unsubscribe(db, client, run_jobs):
    lead = lead_created(days_ago=1.9)
    assert queue_due_steps(NOW) == 0
    age(lead, 2.1)
    assert queue_due_steps(NOW) == 1
    assert queue_due_steps(NOW) == 0  # never twice
    run_jobs()
    [email] = follow_ups(db)
    assert email.to == ["ana@gmail.com"]
    assert email.status == "sent"
    assert email.data["step"] == 1 and email.data["content"] == "general"
    message = render_email(email)
    url = email.data["unsubscribe_url"]
    assert url.startswith("http://localhost/es/unsubscribe/")
    assert message.headers == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert url in message.text and f'href="{url}"' in message.html  # the visible link
    step = db.session.scalar(select(NurtureStep))
    assert (step.lead_id, step.step, step.email_id) == (lead.id, 1, email.id)
    sent = db.session.scalars(select(LeadActivity).where(LeadActivity.type == "email_sent"))
    assert [a.metadata_["template"] for a in sent] == ["follow_up"]


def test_one_click_unsubscribe_withdraws_consent_and_stops_step_two(db, client):
    make_integration(name="n8n")
    lead = lead_created(days_ago=2.1)
    queue_due_steps(NOW)
    path = urlsplit(follow_ups(db)[0].data["unsubscribe_url"]).path

    # The visible link asks first (a link scanner unsubscribes nobody) …
    page = client.get(path)
    assert page.status_code == 200
    assert 'method="post"' in page.get_data(as_text=True)
    assert db.session.get(Lead, lead.id).marketing_consent is True
    # … a mail client's RFC 8058 one-click POST needs no cookie or CSRF token.
    assert client.post(path).status_code == 400  # not RFC 8058's body
    assert db.session.get(Lead, lead.id).marketing_consent is True
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.expire_all()
    lead = db.session.get(Lead, lead.id)
    assert lead.marketing_consent is False
    [activity] = db.session.scalars(
        select(LeadActivity).where(LeadActivity.type == "email_unsubscribed")
    )
    assert activity.lead_id == lead.id
    events = [d.event for d in db.session.scalars(select(WebhookDelivery))]
    assert events.count("email.unsubscribed") == 1
    again = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200  # again: nothing more
    assert len(list(db.session.scalars(select(LeadActivity).where(
        LeadActivity.type == "email_unsubscribed")))) == 1  # fmt: skip

    age(lead, 7.1)
    assert queue_due_steps(NOW) == 0
    assert len(follow_ups(db)) == 1


def test_a_forged_token_unsubscribes_nobody(db, client):
    lead = lead_created(days_ago=0)
    assert client.get("/es/unsubscribe/not-a-token").status_code == 404
    one_click = {"List-Unsubscribe": "One-Click"}
    assert client.post(f"/es/unsubscribe/{lead.id}", data=one_click).status_code == 404
    assert db.session.get(Lead, lead.id).marketing_consent is True


def test_steps_speak_the_leads_language_and_about_what_it_did(db):
    lead_created(days_ago=2.1, email="joao@gmail.com", locale="pt")
    assessed = lead_created(days_ago=2.1, email="ana@gmail.com")
    make_assessment(assessed, status=AssessmentStatus.COMPLETED, score=57,
                    tier=ServiceTier.L3_CONSULTING, completed_at=NOW)  # fmt: skip
    calculated = lead_created(days_ago=7.1, email="bruno@gmail.com")
    make_calculation(calculated, type="roi")
    assert queue_due_steps(NOW) == 3
    emails = {e.to[0]: e for e in follow_ups(db)}
    pt = render_email(emails["joao@gmail.com"])
    assert pt.subject == "Dando continuidade à sua conversa com a MADFAM"
    assert "/pt/unsubscribe/" in pt.text
    es = render_email(emails["ana@gmail.com"])
    assert "57" in es.text and emails["ana@gmail.com"].data["content"] == "assessment"
    last = emails["bruno@gmail.com"]
    assert last.data["content"] == "calculation" and last.data["step"] == 2
    assert last.data["last_step"] is True


def test_no_consent_staff_suppression_or_erasure_no_steps(db, make_user):
    lead_created(days_ago=2.1, email="noconsent@gmail.com", consent=False)
    taken = lead_created(days_ago=2.1, email="taken@gmail.com")
    change_status(taken, LeadStatus.CONTACTED, make_user(UserRole.EDITOR))
    lead_created(days_ago=2.1, email="suppressed@gmail.com")
    suppress("suppressed@gmail.com")
    db.session.commit()
    erased = lead_created(days_ago=2.1, email="erased@gmail.com")
    erase_lead(erased, None)
    assert queue_due_steps(NOW) == 0
    assert follow_ups(db) == []


def test_a_queued_step_is_cancelled_when_staff_take_the_lead_over(db, make_user, monkeypatch):
    lead = lead_created(days_ago=2.1)
    with monkeypatch.context() as m:  # the step is queued, its job has not run yet
        m.setattr(jobs, "dispatch", lambda *args, **kwargs: True)
        queue_due_steps(NOW)
    [email] = follow_ups(db)
    assert email.status == "pending"
    change_status(db.session.get(Lead, lead.id), LeadStatus.CONTACTED, make_user(UserRole.EDITOR))
    [email] = follow_ups(db)
    assert email.status == "suppressed"


@pytest.mark.parametrize("raw", ["2,x", "-1,7"])
def test_bad_delays_are_a_configuration_error(raw):
    from madfam.config import load_config
    from madfam.config_fields import ConfigError

    with pytest.raises(ConfigError, match="NURTURE_DELAYS_DAYS"):
        load_config({"APP_ENV": "testing", "NURTURE_DELAYS_DAYS": raw})
