"""The emailed link to a booked call: move it or cancel it, each with an updated
invitation, a timeline entry and its reminders for the new time only; an outdated,
tampered or past link gets a clear page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from madfam.mail import render_email
from madfam.models import EmailQueue, LeadActivity, Meeting
from madfam.services.booking import open_slots
from madfam.services.booking.reminders import send_due_reminders
from tests.functional.test_booking import _book, _first_slot_link, staff  # noqa: F401
from tests.helpers import csrf_from


def _visitor_emails(db) -> list[EmailQueue]:
    db.session.expire_all()
    rows = db.session.scalars(select(EmailQueue).order_by(EmailQueue.created_at)).all()
    return [r for r in rows if r.to == ["ana@example.com"]]


def _manage_path(row: EmailQueue) -> str:
    message = render_email(row)
    url = re.search(r"https?://\S+/book/manage/\S+", message.text).group(0)
    assert f'href="{url}"' in message.html
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _invitation(row: EmailQueue):
    ((_name, kind, content),) = render_email(row).attachments
    cal = Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    return kind, cal, event


@pytest.fixture
def booked(client, db, staff):  # noqa: F811
    assert _book(client, _first_slot_link(client, lang="en"), lang="en").status_code == 303
    meeting = db.session.scalar(select(Meeting))
    (confirmation,) = _visitor_emails(db)
    return meeting, _manage_path(confirmation)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_confirmation_in_either_language_links_to_the_call(client, db, staff, lang):  # noqa: F811
    _book(client, _first_slot_link(client, lang=lang), lang=lang)
    (confirmation,) = _visitor_emails(db)
    path = _manage_path(confirmation)
    assert path.startswith(f"/{lang}/book/manage/")
    page = client.get(path)
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    html = page.get_data(as_text=True)
    assert "/cancel" in html and "/move/" in html


def test_cancelling_frees_the_slot_and_sends_the_cancellation(client, db, booked):
    meeting, path = booked
    start = meeting.starts_at
    assert start not in open_slots()
    page = client.get(path + "/cancel")
    assert page.status_code == 200 and "Yes, cancel the call" in page.get_data(as_text=True)
    assert db.session.get(Meeting, meeting.id).status == "scheduled"  # asking changes nothing
    done = client.post(path + "/cancel", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 303
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert (meeting.status, meeting.sequence) == ("cancelled", 1)
    assert start in open_slots()
    confirmation, cancellation = _visitor_emails(db)
    kind, cal, event = _invitation(cancellation)
    assert kind.startswith("text/calendar; method=CANCEL") and cal["METHOD"] == "CANCEL"
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == _invitation(confirmation)[2]["UID"]
    assert "has been cancelled" in render_email(cancellation).text
    activity = db.session.scalar(
        select(LeadActivity).where(LeadActivity.type == "meeting_cancelled")
    )
    assert activity.lead_id == meeting.lead_id and activity.metadata_["by"] == "visitor"
    # the link now says what happened and acts no more
    again = client.get(done.headers["Location"])
    assert again.status_code == 200 and "Your call is cancelled" in again.get_data(as_text=True)
    assert client.post(path + "/cancel", data={"csrf_token": csrf_from(page)}).status_code == 200
    assert len(_visitor_emails(db)) == 2
    assert send_due_reminders(start - timedelta(minutes=30)) == 0


def test_moving_sends_the_new_time_and_reminders_for_it_only(client, db, booked):
    meeting, path = booked
    old_start = meeting.starts_at
    new_start = [s for s in open_slots() if s > old_start + timedelta(days=1)][0]
    key = new_start.strftime("%Y%m%dT%H%MZ")
    page = client.get(f"{path}/move/{key}")
    assert page.status_code == 200 and "Move the call" in page.get_data(as_text=True)
    moved = client.post(f"{path}/move/{key}", data={"csrf_token": csrf_from(page)})
    assert moved.status_code == 303
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert (meeting.starts_at, meeting.sequence, meeting.status) == (new_start, 1, "scheduled")
    assert old_start in open_slots() and new_start not in open_slots()
    _confirmation, update = _visitor_emails(db)
    kind, cal, event = _invitation(update)
    assert cal["METHOD"] == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == new_start
    assert "has been moved to" in render_email(update).text
    activity = db.session.scalar(
        select(LeadActivity).where(LeadActivity.description == "Call moved")
    )
    assert activity.metadata_["moved_from"] == old_start.isoformat()
    # the new page works; the old link is outdated
    page = client.get(moved.headers["Location"])
    assert page.status_code == 200 and "has been moved" in page.get_data(as_text=True)
    assert _manage_path(update) == moved.headers["Location"]
    stale = client.get(path)
    assert stale.status_code == 410 and "most recent email" in stale.get_data(as_text=True)
    # no reminder for the old time; the new time's both
    assert send_due_reminders(old_start - timedelta(minutes=30)) == 0
    assert send_due_reminders(new_start - timedelta(hours=23)) == 1
    assert send_due_reminders(new_start - timedelta(minutes=30)) == 1


def test_a_time_taken_meanwhile_is_refused_and_nothing_changes(client, db, booked):
    meeting, path = booked
    target = [s for s in open_slots() if s > meeting.starts_at][0]
    key = target.strftime("%Y%m%dT%H%MZ")
    page = client.get(f"{path}/move/{key}")
    # another visitor books that time meanwhile
    assert (
        _book(client, f"/en/book/slot/{key}", email="bo@example.com", lang="en").status_code == 303
    )
    refused = client.post(f"{path}/move/{key}", data={"csrf_token": csrf_from(page)})
    assert refused.status_code == 409
    assert "just been taken" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).sequence == 0
    assert len(_visitor_emails(db)) == 1


def test_a_tampered_or_past_link_gets_a_clear_page(client, db, booked):
    meeting, path = booked
    tampered = client.get(path[:-3] + "xyz")
    assert tampered.status_code == 404
    assert "has been altered" in tampered.get_data(as_text=True)
    token = csrf_from(client.get(path + "/cancel"))
    refused = client.post(path[:-3] + "xyz/cancel", data={"csrf_token": token})
    assert refused.status_code == 404
    assert db.session.get(Meeting, meeting.id).status == "scheduled"
    assert client.get("/en/book/manage/not-a-token/move/nonsense").status_code == 404
    meeting.starts_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    past = client.get(path)
    assert past.status_code == 410 and "already taken place" in past.get_data(as_text=True)
