"""Booking a call in a real browser, with and without JavaScript: the visitor's zone,
choosing a time, the form, the confirmation; axe finds nothing on the booking pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from madfam.enums import UserRole
from madfam.models import Availability, Meeting
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
