"""Focus moved by the page (after an htmx swap or on a new page): keyboard users see where
it went, mouse users get no ring around a heading they never chose to focus."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SECTION = "section#assessment"
FOCUSED = """() => { const el = document.activeElement;
  return {id: el.id, outline: getComputedStyle(el).outlineStyle}; }"""


def start_with_the_mouse(page) -> None:
    page.goto("/es/assessment/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator(f'{SECTION} form[action$="/assessment/start"] button').click()
    page.wait_for_selector(f'{SECTION}[data-step="1"]')


def focused(page, element_id: str) -> dict:
    page.wait_for_function(f"() => document.activeElement.id === '{element_id}'")
    return page.evaluate(FOCUSED)


def test_a_click_that_swaps_in_the_next_step_moves_focus_without_a_ring(page):
    start_with_the_mouse(page)
    assert focused(page, "question-heading")["outline"] == "none"
    page.locator(f'{SECTION} label[for="answer-2"]').click()
    page.locator(f"{SECTION} button[type=submit]").click()
    page.wait_for_selector(f'{SECTION}[data-step="2"]')
    assert focused(page, "question-heading")["outline"] == "none"
    assert page.console_errors == []


def test_the_keyboard_that_swaps_in_the_next_step_sees_the_ring(page):
    start_with_the_mouse(page)
    page.keyboard.press("Tab")  # the first answer
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # Next
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{SECTION}[data-step="2"]')
    assert focused(page, "question-heading")["outline"] == "solid"


def test_a_page_reached_by_a_click_focuses_its_heading_without_a_ring(page):
    """A new page (no htmx: a form posted by a browser without it, a resumed step) focuses
    its heading on load; the click that led there is remembered for the tab."""
    start_with_the_mouse(page)
    page.goto("/es/assessment/step/1")
    assert focused(page, "question-heading")["outline"] == "none"

    page.keyboard.press("Tab")
    page.goto("/es/assessment/step/1")
    assert focused(page, "question-heading")["outline"] == "solid"


def test_the_contact_error_summary_takes_focus_and_its_links_reach_the_fields(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/en/contact")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#email").fill("ana@")
    page.locator("#contact-form button[type=submit]").click()
    summary = page.locator("#contact-region .form-errors")
    summary.wait_for()
    # Focus moves once htmx has settled the swap, a moment after the summary appears.
    page.wait_for_function("() => document.activeElement.classList.contains('form-errors')")
    assert page.evaluate(FOCUSED)["outline"] == "none"
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["#email", "#tier"]
    assert links.first.inner_text().startswith("Email: ")

    links.nth(1).click()
    assert focused(page, "tier")["id"] == "tier"
    label_top = page.locator("label[for=tier]").bounding_box()["y"]
    header_bottom = page.locator(".site-header").bounding_box()
    assert label_top >= header_bottom["y"] + header_bottom["height"], "label under the header"
