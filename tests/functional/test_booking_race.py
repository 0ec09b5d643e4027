"""Twenty visitors press "Book" for the same slot at the same moment (PostgreSQL):
exactly one meeting, nineteen clear refusals offering other times, no server error."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select

from madfam.enums import UserRole
from madfam.models import Availability, Lead, Meeting
from tests.helpers import TEST_DATABASE_URL, csrf_from

VISITORS = 20

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (TEST_DATABASE_URL)",
)


def test_twenty_simultaneous_bookings_of_one_slot_make_one_meeting(app, db, make_user):
    staff = make_user(UserRole.ADMIN)
    weekly = [[d, 9 * 60, 17 * 60] for d in range(7)]
    db.session.add(Availability(user_id=staff.id, weekly=weekly, first_calls=True))
    db.session.commit()

    page = app.test_client().get("/en/book").get_data(as_text=True)
    key = re.search(r'href="/en/book/slot/([^"?]+)', page).group(1)
    url = f"/en/book/slot/{key}"

    clients = [app.test_client() for _ in range(VISITORS)]
    tokens = [csrf_from(c.get(url)) for c in clients]
    start = threading.Barrier(VISITORS)
    results: list = [None] * VISITORS

    def visitor(n: int) -> None:
        data = {
            "csrf_token": tokens[n],
            "tz": "America/Mexico_City",
            "name": f"Visitor {n}",
            "email": f"visitor{n}@example.com",
            "consent": "y",
        }
        start.wait()
        response = clients[n].post(url, data=data)
        results[n] = (response.status_code, response.get_data(as_text=True))

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(code for code, _ in results)
    assert codes == [303] + [409] * (VISITORS - 1), codes
    for code, html in results:
        if code == 409:
            assert "this time has just been taken" in html
            assert len(re.findall(r'href="/en/book/slot/(?!' + key + ")", html)) >= 1
    db.session.expire_all()
    assert len(db.session.scalars(select(Meeting)).all()) == 1
    # refused visitors left no lead behind: the booking's transaction was undone whole
    assert len(db.session.scalars(select(Lead)).all()) == 1
