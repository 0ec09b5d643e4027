"""Staff move or cancel a booked call from the agenda or the lead page, with the
visitor link's effects; the lead page lists the lead's calls, upcoming first."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from madfam.models import EmailQueue, LeadActivity, Meeting
from madfam.rules.slots import slot_key
from madfam.services.booking import open_slots
from tests.functional.test_booking import _book, _first_slot_link, staff  # noqa: F401
from tests.functional.test_booking_manage import _invitation, _visitor_emails
from tests.helpers import csrf_from


def _booked(client, db) -> Meeting:
    assert _book(client, _first_slot_link(client, lang="en"), lang="en").status_code == 303
    return db.session.scalar(select(Meeting))


def test_the_lead_page_lists_calls_upcoming_first_with_their_actions(
    client,
    db,
    staff,  # noqa: F811
    editor_client,
    viewer_client,
):
    meeting = _booked(client, db)
    past = Meeting(
        staff_id=staff.id,
        lead_id=meeting.lead_id,
        starts_at=meeting.starts_at - timedelta(days=3),
        ends_at=meeting.starts_at - timedelta(days=3, minutes=-30),
        visitor_zone="UTC",
    )
    db.session.add(past)
    db.session.commit()
    html = editor_client.get(f"/admin/leads/{meeting.lead_id}").get_data(as_text=True)
    block = html.split('id="h-meetings"', 1)[1].split("</section>", 1)[0]
    times = re.findall(r'<time datetime="([^"]+)"', block)
    assert times == [meeting.starts_at.isoformat(), past.starts_at.isoformat()]
    assert f"/admin/meetings/{meeting.id}/move" in block
    assert f"/admin/meetings/{meeting.id}/cancel" in block
    assert f"/admin/meetings/{past.id}/" not in block  # a past call cannot be changed
    assert 'href="/admin/agenda"' in block
    viewer = viewer_client.get(f"/admin/leads/{meeting.lead_id}").get_data(as_text=True)
    assert "h-meetings" in viewer and "/admin/meetings/" not in viewer


def test_staff_cancel_after_confirming(client, db, staff, editor_client):  # noqa: F811
    meeting = _booked(client, db)
    agenda = editor_client.get("/admin/agenda").get_data(as_text=True)
    assert f"/admin/meetings/{meeting.id}/cancel?back=agenda" in agenda
    page = editor_client.get(f"/admin/meetings/{meeting.id}/cancel?back=agenda")
    assert page.status_code == 200 and "Sí, cancelar la llamada" in page.get_data(as_text=True)
    done = editor_client.post(
        f"/admin/meetings/{meeting.id}/cancel",
        data={"csrf_token": csrf_from(page), "back": "agenda"},
    )
    assert done.status_code == 303 and done.headers["Location"] == "/admin/agenda"
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "cancelled"
    assert meeting.starts_at in open_slots()
    _confirmation, cancellation = _visitor_emails(db)
    kind, cal, event = _invitation(cancellation)
    assert cal["METHOD"] == "CANCEL" and int(event["SEQUENCE"]) == 1
    activity = db.session.scalar(
        select(LeadActivity).where(LeadActivity.type == "meeting_cancelled")
    )
    assert activity.user_id == editor_client.user.id and activity.metadata_["by"] == "staff"
    assert "No hay llamadas agendadas" in editor_client.get("/admin/agenda").get_data(as_text=True)
    # a second try says why nothing happens
    again = editor_client.post(
        f"/admin/meetings/{meeting.id}/cancel", data={"csrf_token": csrf_from(page)}
    )
    assert again.status_code == 409 and "ya no está agendada" in again.get_data(as_text=True)


def test_staff_move_to_a_free_time(client, db, staff, editor_client):  # noqa: F811
    meeting = _booked(client, db)
    old = meeting.starts_at
    page = editor_client.get(f"/admin/meetings/{meeting.id}/move")
    html = page.get_data(as_text=True)
    target = [s for s in open_slots() if s > old + timedelta(days=1)][0]
    assert f'value="{slot_key(target)}"' in html
    refused = editor_client.post(
        f"/admin/meetings/{meeting.id}/move", data={"csrf_token": csrf_from(page), "slot": "x"}
    )
    assert refused.status_code == 422
    moved = editor_client.post(
        f"/admin/meetings/{meeting.id}/move",
        data={"csrf_token": csrf_from(page), "slot": slot_key(target)},
    )
    assert moved.status_code == 303
    assert moved.headers["Location"] == f"/admin/leads/{meeting.lead_id}"
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert (meeting.starts_at, meeting.sequence) == (target, 1)
    assert old in open_slots()
    _confirmation, update = _visitor_emails(db)
    _kind, cal, event = _invitation(update)
    assert cal["METHOD"] == "REQUEST" and event.decoded("DTSTART") == target
    rows = db.session.scalars(select(EmailQueue).where(EmailQueue.to == [staff.email])).all()
    assert [r.data["kind"] for r in rows] == ["confirmation", "moved"]
