"""Availability admin: each staff member edits their own hours; ADMIN edits anyone's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from madfam.enums import UserRole
from madfam.models import Availability
from tests.helpers import csrf_from, login

GOOD = {
    "zone": "America/New_York",
    "day0": "09:00-13:00, 14:00-17:00",
    "day1": "",
    "day2": "10:00-12:00",
    "day3": "",
    "day4": "",
    "day5": "",
    "day6": "",
    "length_minutes": "45",
    "buffer_minutes": "15",
    "notice_hours": "4",
    "horizon_days": "30",
    "days_off": "2026-12-24\n2026-12-25",
    "first_calls": "y",
}


def _post(client, url, **change):
    token = csrf_from(client.get(url))
    return client.post(url, data={**GOOD, **change, "csrf_token": token})


def test_a_staff_member_saves_their_own_week(app, db, client, make_user):
    user = make_user(UserRole.EDITOR)
    login(client, user.email)
    response = _post(client, "/admin/availability/me")
    assert response.status_code == 303
    av = db.session.scalar(select(Availability).where(Availability.user_id == user.id))
    assert av.zone == "America/New_York"
    assert av.weekly == [[0, 540, 780], [0, 840, 1020], [2, 600, 720]]
    assert (av.length_minutes, av.buffer_minutes, av.notice_minutes) == (45, 15, 240)
    assert av.days_off == ["2026-12-24", "2026-12-25"] and av.first_calls
    page = client.get("/admin/availability/me").get_data(as_text=True)
    assert 'value="09:00-13:00, 14:00-17:00"' in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"day0": "09:00-13:00, 12:00-14:00"}, "day0", "overlap"),
        ({"day2": "17:00-09:00"}, "day2", "must end after it starts"),
        ({"day2": "nine to five"}, "day2", "09:00-13:00"),
        ({"day0": "", "day2": ""}, "day0", "at least one day"),
        ({"length_minutes": "0"}, "length_minutes", "from 10 to 480"),
        ({"horizon_days": "9999"}, "horizon_days", "from 1 to 365"),
        ({"days_off": "tomorrow"}, "days_off", "not a date"),
    ],
)
def test_impossible_values_are_field_errors_and_nothing_is_saved(
    app, db, client, make_user, change, field, message
):
    user = make_user(UserRole.VIEWER, locale="en")
    login(client, user.email)
    response = _post(client, "/admin/availability/me", **change)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}" ' in html or f'id="{field}"' in html
    block = html.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]
    assert message in block
    assert db.session.scalar(select(Availability)) is None


def test_an_admin_edits_another_staff_members_hours(app, db, client, make_user):
    admin, other = make_user(UserRole.ADMIN), make_user(UserRole.EDITOR)
    login(client, admin.email)
    listing = client.get("/admin/availability").get_data(as_text=True)
    assert f"/admin/availability/{other.id}" in listing
    assert _post(client, f"/admin/availability/{other.id}").status_code == 303
    assert db.session.scalar(select(Availability.user_id)) == other.id


def test_the_agenda_lists_upcoming_calls_linked_to_their_leads(app, db, client, make_user):
    from datetime import UTC, datetime, timedelta

    from madfam.models import Lead, Meeting

    viewer, other = make_user(UserRole.VIEWER), make_user(UserRole.EDITOR)
    lead = Lead(email="ana@example.com", first_name="Ana", tier="L1_ESSENTIALS")
    db.session.add(lead)
    db.session.flush()
    start = datetime.now(UTC) + timedelta(days=1)
    for staff, status in ((viewer, "scheduled"), (other, "scheduled"), (other, "cancelled")):
        db.session.add(
            Meeting(
                staff_id=staff.id,
                lead_id=lead.id,
                starts_at=start + timedelta(hours=1 if status == "cancelled" else 0),
                ends_at=start + timedelta(minutes=30),
                visitor_zone="America/Bogota",
                status=status,
            )
        )
    db.session.commit()
    login(client, viewer.email)
    page = client.get("/admin/agenda").get_data(as_text=True)
    assert page.count(f'href="/admin/leads/{lead.id}"') == 2  # the cancelled one is not shown
    mine = client.get(f"/admin/agenda?staff={viewer.id}").get_data(as_text=True)
    assert mine.count(f'href="/admin/leads/{lead.id}"') == 1
