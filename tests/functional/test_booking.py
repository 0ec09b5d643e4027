"""Booking a call: the page, the form, what a booking stores and queues, refusals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from madfam.enums import UserRole
from madfam.models import (
    AnalyticsEvent,
    Availability,
    EmailQueue,
    LeadActivity,
    Meeting,
    WebhookDelivery,
)
from madfam.services.booking import open_slots
from tests.factories import make_flag, make_integration
from tests.helpers import csrf_from


@pytest.fixture
def staff(db, make_user):
    user = make_user(UserRole.ADMIN, name="Carla Staff")
    every_day = [[d, 9 * 60, 17 * 60] for d in range(7)]
    db.session.add(
        Availability(user_id=user.id, weekly=every_day, first_calls=True, notice_minutes=0)
    )
    db.session.commit()
    return user


def _first_slot_link(client, tz="America/Mexico_City", lang="es"):
    html = client.get(f"/{lang}/book?tz={tz}").get_data(as_text=True)
    link = re.search(rf'href="(/{lang}/book/slot/[^"]+)"', html).group(1)
    return link.replace("&amp;", "&")


def _book(client, link, email="ana@example.com", lang="es", **extra):
    page = client.get(link)
    key = link.split("/slot/")[1].split("?")[0]
    data = {
        "csrf_token": csrf_from(page),
        "tz": "America/New_York",
        "name": "Ana López",
        "email": email,
        "company": "Acme",
        "consent": "y",
        **extra,
    }
    return client.post(f"/{lang}/book/slot/{key}", data=data)


def test_the_page_lists_free_times_grouped_by_day_in_the_visitors_zone(client, staff):
    html = client.get("/en/book?tz=Asia/Tokyo").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert 'value="Asia/Tokyo" selected' in html
    assert "Times are shown in" in html
    assert len(re.findall(r"<h2 id=\"day-", html)) == 5
    # Mexico City 09:00 is 00:00 the next day in Tokyo
    assert ">12:00\u202fAM<" in html or ">12:00 AM<" in html


def test_an_unknown_zone_falls_back_to_mexico_city(client, staff):
    html = client.get("/es/book?tz=Mars/Olympus").get_data(as_text=True)
    assert 'value="America/Mexico_City" selected' in html


def test_a_booking_stores_the_meeting_and_queues_its_follow_ups(client, db, staff):
    make_integration()
    link = _first_slot_link(client)
    response = _book(client, link, note="About invoices")
    assert response.status_code == 303
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ana@example.com" in confirmation
    meeting = db.session.scalar(select(Meeting))
    assert meeting.staff_id == staff.id
    assert meeting.visitor_zone == "America/New_York"
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=30)
    assert meeting.lead.email == "ana@example.com" and meeting.lead.company == "Acme"
    kinds = set(db.session.scalars(select(LeadActivity.type)))
    assert {"lead_created", "meeting_scheduled"} <= kinds
    mails = db.session.scalars(select(EmailQueue)).all()
    assert sorted(m.to[0] for m in mails) == sorted(["ana@example.com", staff.email])
    assert all(m.template == "meeting_reminder" for m in mails)
    events = set(db.session.scalars(select(AnalyticsEvent.event)))
    assert "conversion.booked" in events
    assert "meeting.scheduled" in set(db.session.scalars(select(WebhookDelivery.event)))
    # the slot is gone for everyone
    assert meeting.starts_at not in open_slots()


def test_a_slot_taken_meanwhile_is_refused_with_the_next_free_times(client, db, staff):
    link = _first_slot_link(client)
    assert _book(client, link).status_code == 303
    again = _book(client, link, email="other@example.com", lang="en")
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert "just been taken" in html
    assert html.count("/book/slot/") >= 3
    assert len(db.session.scalars(select(Meeting)).all()) == 1
    # the refused visitor left nothing behind: one lead, the first one
    assert (
        len(
            db.session.scalars(
                select(LeadActivity).where(LeadActivity.type == "lead_created")
            ).all()
        )
        == 1
    )


def test_missing_details_and_consent_are_field_errors(client, db, staff):
    link = _first_slot_link(client)
    response = _book(client, link, name="", email="nope", consent="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(Meeting)) is None


def test_a_tampered_confirmation_link_is_not_found(client, staff):
    assert client.get("/es/book/booked/not-a-token").status_code == 404
    assert client.get("/es/book/slot/garbage").status_code == 404


def test_a_past_slot_is_not_offered(client, staff):
    past = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y%m%dT%H00Z")
    assert client.get(f"/es/book/slot/{past}").status_code == 409


@pytest.mark.parametrize(
    "url",
    [
        "/es/contact/thanks",
        "/es/services/l3-consulting",
        "/es/calculator/estimate?project_type=workflow_automation&complexity=high&timeline=standard",
    ],
)
def test_pages_where_a_visitor_decides_link_to_the_booking_page(client, url):
    assert 'href="/es/book"' in client.get(url).get_data(as_text=True)


def test_the_confirmation_carries_a_valid_invitation(client, db, staff):
    from icalendar import Calendar

    from madfam.mail import render_email, to_mime

    _book(client, _first_slot_link(client), lang="en")
    meeting = db.session.scalar(select(Meeting))
    row = db.session.scalar(select(EmailQueue).where(EmailQueue.to == ["ana@example.com"]))
    message = render_email(row)
    assert "is confirmed for" in message.text and "New York" in message.text
    ((name, kind, content),) = message.attachments
    assert name == "invite.ics" and kind.startswith("text/calendar; method=REQUEST")
    cal = Calendar.from_ical(content)
    assert cal["METHOD"] == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.id}@localhost"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event["DTSTART"].params["TZID"]) == "America/Mexico_City"
    assert [c.name for c in cal.walk("VTIMEZONE")] == ["VTIMEZONE"]
    assert str(event["ATTENDEE"]) == "mailto:ana@example.com"
    assert str(event["ORGANIZER"]) == f"mailto:{staff.email}"
    mime = to_mime(message)
    calendar_part = next(p for p in mime.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    # the same row rendered again (a retried delivery) keeps UID and SEQUENCE
    again = Calendar.from_ical(render_email(row).attachments[0][2]).walk("VEVENT")[0]
    assert (again["UID"], again["SEQUENCE"]) == (event["UID"], event["SEQUENCE"])


def test_the_chat_panel_offers_booking_a_call(client):
    make_flag("CHAT_SUPPORT", enabled=True, enabled_dev=True, rollout_percentage=100)
    html = client.get("/en/").get_data(as_text=True)
    panel = html.split('class="talk-panel"', 1)[1].split("</aside>", 1)[0]
    assert 'href="/en/book"' in panel
