"""Booking a call in a real browser, with and without JavaScript: the visitor's zone,
choosing a time, the form, the confirmation; rescheduling and cancelling from the
emailed links; axe finds nothing on the booking pages, light or dark."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from sqlalchemy import select

from madfam.enums import UserRole
from madfam.mail import render_email
from madfam.models import Availability, EmailQueue, Meeting
from tests.conftest import CSP_LISTENER

pytestmark = pytest.mark.browser
AXE = Axe()


@pytest.fixture
def staff(db, make_user):
    user = make_user(UserRole.ADMIN)
    weekly = [[d, 9 * 60, 17 * 60] for d in range(7)]
    db.session.add(Availability(user_id=user.id, weekly=weekly, first_calls=True))
    db.session.commit()
    return user


@pytest.fixture
def visitor(browser, live_server):
    contexts = []

    def open_(javascript: bool, scheme: str = "light"):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            timezone_id="America/New_York",
            color_scheme=scheme,
            locale="es-MX",
        )
        contexts.append(context)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        return page

    yield open_
    for context in contexts:
        context.close()


def _no_violations(page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def _fill_and_book(page) -> None:
    page.get_by_label("Nombre").fill("Ana López")
    page.get_by_label("Correo electrónico").fill("ana@example.com")
    page.get_by_label("Empresa").fill("Acme")
    page.get_by_label("Acepto que MADFAM").check()
    page.get_by_role("button", name="Agendar la llamada").click()
    page.wait_for_url("**/book/booked/**")
    assert page.locator("h1").inner_text() == "Tu llamada está agendada"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_with_javascript_the_browsers_zone_is_used_and_the_form_swaps_in(
    db, staff, visitor, scheme
):
    page = visitor(javascript=True, scheme=scheme)
    page.goto("/es/book")
    page.wait_for_url("**/es/book?tz=America%2FNew_York")
    assert page.locator("#book-tz").input_value() == "America/New_York"
    _no_violations(page)
    page.locator(".book-slots a").first.click()
    page.get_by_label("Nombre").wait_for()
    assert "/book/slot/" in page.url  # pushed into the history
    _no_violations(page)
    page.get_by_role("button", name="Agendar la llamada").click()  # empty: errors
    page.locator(".field-error").first.wait_for()
    _no_violations(page)
    # the browser logs the deliberate 422; nothing else may be there
    assert all("422" in e for e in page.console_errors), page.console_errors
    page.console_errors.clear()
    _fill_and_book(page)
    assert page.console_errors == [], page.console_errors
    meeting = db.session.scalar(select(Meeting))
    assert meeting.visitor_zone == "America/New_York"


def test_without_javascript_every_step_is_a_plain_page(db, staff, visitor):
    page = visitor(javascript=False)
    page.goto("/es/book")
    assert page.locator("#book-tz").input_value() == "America/Mexico_City"
    page.locator("#book-tz").select_option("America/New_York")
    page.get_by_role("button", name="Ver horarios").click()
    page.wait_for_url("**tz=America%2FNew_York**")
    page.locator(".book-slots a").first.click()
    page.wait_for_url("**/book/slot/**")
    _fill_and_book(page)
    assert db.session.scalar(select(Meeting)).visitor_zone == "America/New_York"


def _emails_to(db, address: str) -> list:
    db.session.expire_all()
    rows = db.session.scalars(select(EmailQueue).order_by(EmailQueue.created_at)).all()
    return [r for r in rows if r.to == [address]]


def _received(db, n: int):
    """The visitor's ``n``-th email (from 1): its invitation and its link's path."""
    rows = _emails_to(db, "ana@example.com")
    assert len(rows) == n, [r.data.get("kind") for r in rows]
    message = render_email(rows[-1])
    ((_name, _kind, content),) = message.attachments
    cal = Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    link = re.search(r"https?://\S+/book(?:/manage/\S+)?", message.text)
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1] if link else None
    db.session.rollback()  # hold no read lock while the server writes (SQLite)
    return cal, event, path


@pytest.mark.parametrize(
    ("javascript", "scheme"), [(True, "light"), (True, "dark"), (False, "light")]
)
def test_reschedule_then_cancel_from_the_emailed_links(db, staff, visitor, javascript, scheme):
    page = visitor(javascript=javascript, scheme=scheme)
    # axe runs as a script: it checks the pages in the contexts that run scripts
    axe = _no_violations if javascript else (lambda _page: None)
    page.goto("/es/book?tz=America/Mexico_City")
    page.locator(".book-slots a").first.click()
    page.get_by_label("Nombre").wait_for()
    _fill_and_book(page)
    meeting = db.session.scalar(select(Meeting))
    meeting_id, first_start = meeting.id, meeting.starts_at
    db.session.rollback()

    cal, event, manage = _received(db, 1)
    assert cal["METHOD"] == "REQUEST" and int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == first_start
    uid = str(event["UID"])

    # reschedule from the link: another free time, then confirm
    page.goto(manage)
    assert page.locator("h1").inner_text() == "Cambia tu llamada"
    axe(page)
    page.locator(".book-slots a").nth(2).click()
    page.wait_for_url("**/move/**")
    axe(page)
    page.get_by_role("button", name="Cambiar la llamada").click()
    page.locator(".flash").wait_for()
    assert "cambió de horario" in page.locator(".flash").inner_text()
    axe(page)
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting_id)
    moved_start = meeting.starts_at
    assert moved_start > first_start and meeting.sequence == 1
    db.session.rollback()
    cal, event, manage_moved = _received(db, 2)
    assert (cal["METHOD"], str(event["UID"]), int(event["SEQUENCE"])) == ("REQUEST", uid, 1)
    assert event.decoded("DTSTART") == moved_start
    assert page.url.endswith(manage_moved)

    # the first email's link is outdated now
    page.goto(manage)
    assert page.locator("h1").inner_text() == "Este enlace ya no funciona"

    # cancel from the newest link, after confirming
    page.goto(manage_moved)
    page.get_by_role("link", name="Cancelar la llamada").click()
    page.wait_for_url("**/cancel")
    axe(page)
    page.get_by_role("button", name="Sí, cancelar la llamada").click()
    page.locator("h1", has_text="Tu llamada está cancelada").wait_for()
    axe(page)
    cal, event, book_again = _received(db, 3)
    assert (cal["METHOD"], str(event["UID"]), int(event["SEQUENCE"])) == ("CANCEL", uid, 2)
    assert str(event["STATUS"]) == "CANCELLED"
    assert book_again.startswith("/es/book")
    db.session.expire_all()
    assert db.session.get(Meeting, meeting_id).status == "cancelled"
    db.session.rollback()

    # the freed time is offered and bookable again
    page.goto("/es/book?tz=America/Mexico_City")
    key = moved_start.strftime("%Y%m%dT%H%MZ")
    page.locator(f".book-slots a[href*='{key}']").click()
    page.get_by_label("Nombre").wait_for()
    _fill_and_book(page)
    db.session.expire_all()
    rebooked = db.session.scalar(select(Meeting).where(Meeting.status == "scheduled"))
    assert rebooked.starts_at == moved_start
    # the browser logs the deliberate 410 of the outdated link; nothing else may be there
    assert all("410" in e for e in page.console_errors), page.console_errors
