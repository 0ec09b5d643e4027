"""The contact form, the whole assessment and the ROI calculator, completed with the
keyboard alone: Tab and Shift+Tab to move, typing into the focused field, arrow keys and
Space for choices, Enter to send. No clicks, and nothing filled in without focus."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from madfam.models import Assessment, Calculation, Lead
from madfam.rules import assessment as rules

pytestmark = pytest.mark.browser

FOCUS = """() => { const el = document.activeElement;
  return el ? {id: el.id, tag: el.tagName, type: el.type || '', text: el.textContent.trim(),
               name: el.name || '', form: el.form ? el.form.id : '',
               ring: el.matches(':focus-visible')} : null; }"""


def focused(page) -> dict:
    return page.evaluate(FOCUS)


def tab_to(page, matches, backwards=False, limit=80) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies ``matches``."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        current = focused(page)
        if matches(current):
            assert current["ring"], f"no visible focus on {current}"
            return current
    raise AssertionError(f"never reached the element with {key}; last focus: {focused(page)}")


def wait_for_focus(page, element_id: str) -> None:
    try:
        page.wait_for_function(f"() => document.activeElement.id === '{element_id}'", timeout=5000)
    except Exception as exc:
        raise AssertionError(f"focus is on {focused(page)}, not #{element_id}; {page.url}") from exc


def by_id(element_id):
    return lambda el: el["id"] == element_id


def button(text):
    return lambda el: el["tag"] in ("BUTTON", "A") and el["text"] == text


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, by_id(element_id))
    page.keyboard.type(text)


def choose_in_select(page, element_id: str, value: str) -> None:
    """Arrow down, then up, a focused (closed) select until it shows ``value``."""
    tab_to(page, by_id(element_id))
    for key in ["ArrowDown"] * 20 + ["ArrowUp"] * 20:
        if page.locator(f"#{element_id}").input_value() == value:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{value} is not among the choices of #{element_id}")


def fill_in(page, fields: dict[str, str]) -> None:
    """Each field in order: typed into, or chosen in a select (``"select:<value>"``)."""
    for element_id, value in fields.items():
        if value.startswith("select:"):
            choose_in_select(page, element_id, value.removeprefix("select:"))
        else:
            type_into(page, element_id, value)


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(
        "() => document.body.addEventListener('htmx:afterSettle',"
        " () => { window.__settled = (window.__settled || 0) + 1; })"
    )


def press_and_settle(page, key: str) -> None:
    """Press ``key`` on the focused control and wait until htmx has settled the answer
    (and moved the focus: browsers focus an inserted [autofocus] element, then htmx does)."""
    before = page.evaluate("() => window.__settled || 0")
    page.keyboard.press(key)
    page.wait_for_function(f"() => (window.__settled || 0) > {before}")


def test_contact_form_by_keyboard(page, db, instant_form):
    ready(page, "/es/contact")
    type_into(page, "email", "ana@acme")
    tab_to(page, button("Enviar"))
    press_and_settle(page, "Enter")
    # The error summary takes focus; its link leads back to the field in error.
    page.wait_for_function("() => document.activeElement.classList.contains('form-errors')")
    tab_to(page, lambda el: el["tag"] == "A" and el["text"].startswith("Correo electrónico"))
    page.keyboard.press("Enter")
    wait_for_focus(page, "email")
    page.keyboard.press("End")
    page.keyboard.type(".mx")

    fill_in(page, {"first_name": "Ana", "company": "Acme SA de CV",
                   "industry": "select:manufacturing", "tier": "select:L3_CONSULTING",
                   "message": "Queremos automatizar cotizaciones."})  # fmt: skip
    tab_to(page, by_id("marketing_consent"))
    page.keyboard.press("Space")
    tab_to(page, button("Enviar"))
    page.keyboard.press("Enter")

    page.locator("#contact-region.thanks").wait_for()
    page.wait_for_function("() => document.activeElement.tagName === 'H2'")
    # Only the 422 answer of the first, rejected sending (and htmx's note of it).
    assert [e for e in page.console_errors if "422" not in e] == []
    db.session.expire_all()
    lead = db.session.scalar(select(Lead))
    assert (lead.email, lead.first_name, lead.company) == ("ana@acme.mx", "Ana", "Acme SA de CV")
    assert (lead.industry, lead.tier.name, lead.marketing_consent) == (
        "manufacturing",
        "L3_CONSULTING",
        True,
    )


def test_the_whole_assessment_by_keyboard(page, db):
    ready(page, "/es/assessment/")
    tab_to(page, button("Empezar el diagnóstico"))
    page.keyboard.press("Enter")
    steps = len(rules.QUESTIONS)
    for n in range(1, steps + 1):
        page.wait_for_selector(f'section#assessment[data-step="{n}"]')
        page.wait_for_function("() => document.activeElement.id === 'question-heading'")
        tab_to(page, lambda el: el["type"] == "radio")  # the group: its first answer
        if n == 3:  # Shift+Tab leaves the group and Tab comes back to it
            page.keyboard.press("Shift+Tab")
            assert focused(page)["type"] != "radio"
            tab_to(page, lambda el: el["type"] == "radio")
        assert focused(page)["id"] == "answer-1"
        page.keyboard.press("ArrowDown")  # the second answer, chosen
        assert focused(page)["id"] == "answer-2"
        tab_to(page, lambda el: el["tag"] == "BUTTON")
        page.keyboard.press("Enter")

    page.wait_for_selector('section#assessment[data-step="finish"]')
    page.wait_for_function("() => document.activeElement.id === 'finish-heading'")
    fill_in(page, {"email": "teclado@acme.mx", "first_name": "Tecla"})
    tab_to(page, button("Ver mis resultados"))
    page.keyboard.press("Enter")
    page.wait_for_selector("#score")
    page.wait_for_function("() => document.activeElement.id === 'results-heading'")
    assert page.console_errors == []

    db.session.expire_all()
    assessment = db.session.scalar(select(Assessment))
    assert assessment.status.name == "COMPLETED"
    assert set(assessment.answers.values()) == {2}
    assert assessment.lead.email == "teclado@acme.mx"


def test_roi_calculator_by_keyboard(page, db):
    ready(page, "/es/calculator/roi")
    fill_in(page, {"employees": "50", "salary": "40000", "lost_pct": "20",
                   "tier": "select:L2_ADVANCED", "investment": "60000"})  # fmt: skip
    tab_to(page, button("Calcular"))
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#roi-results [data-figure=\"savings\"]')"
        "?.textContent.includes('240,000')"
    )

    type_into(page, "email", "roi@acme.mx")
    tab_to(page, lambda el: el["type"] == "checkbox" and el["name"] == "consent")
    page.keyboard.press("Space")
    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["form"] == "roi-save")
    page.keyboard.press("Enter")
    page.wait_for_url("**/calculator/sent")
    db.session.expire_all()
    calculation = db.session.scalar(select(Calculation))
    assert calculation.lead.email == "roi@acme.mx"
    assert calculation.roi == 300
