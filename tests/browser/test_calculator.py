"""The ROI calculator in a real browser: live results without a page load, then saving."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from madfam.models import Calculation

pytestmark = pytest.mark.browser


def money(text: str) -> Decimal:
    """A figure as shown in es-MX ("$480,000.00", "3,900.0 %") as a Decimal."""
    return Decimal(re.sub(r"[^\d.-]", "", text))


def unexpected(errors: list[str]) -> list[str]:
    """Console errors other than the 422 answers of an incomplete form while typing."""
    return [e for e in errors if "422" not in e and "responseError" not in e]


def test_typing_updates_results_in_place_and_saving_stores_the_shown_figures(page, db):
    page.goto("/es/calculator/roi?tier=L3_CONSULTING")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__marker = 1 }")
    savings = page.locator('#roi-results [data-figure="savings"]')

    page.fill("#employees", "50")
    page.fill("#salary", "40000")
    page.fill("#lost_pct", "20")
    page.fill("#investment", "60000")
    page.wait_for_function(
        "() => document.querySelector('#roi-results [data-figure=\"roi\"]')"
        "?.textContent.trim() === '300.0 %'"
    )
    assert savings.inner_text() == "$240,000"

    # keep typing: the results follow, the page is never reloaded
    page.locator("#employees").press("End")
    page.locator("#employees").press_sequentially("0")  # 500 employees
    page.wait_for_function(
        "() => document.querySelector('#roi-results [data-figure=\"savings\"]')"
        "?.textContent.trim() === '$2,400,000'"
    )
    assert page.evaluate("() => window.__marker") == 1
    assert "employees=500" in page.url  # the results are bookmarkable

    shown_savings = money(savings.inner_text())
    shown_roi = money(page.locator('#roi-results [data-figure="roi"]').inner_text())
    shown_payback = page.locator('#roi-results [data-figure="payback"]').inner_text()
    assert db.session.scalars(select(Calculation)).all() == []  # typing stored nothing

    page.fill("#email", "visitor@example.com")
    page.check("#consent")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("report", re.I)).click()
    assert page.url.endswith("/es/calculator/sent")
    assert money(page.locator('[data-figure="savings"]').inner_text()) == shown_savings

    db.session.remove()
    calculation = db.session.scalars(select(Calculation)).one()
    assert calculation.email == "visitor@example.com"
    assert calculation.total_value == shown_savings == Decimal("2400000.00")
    assert calculation.roi == shown_roi == Decimal("3900.0")
    assert shown_payback.startswith(str(calculation.payback_months))
    assert unexpected(page.console_errors) == []


def test_without_javascript_the_calculate_button_shows_results(browser, live_server, db):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/en/calculator/roi")
        page.fill("#employees", "50")
        page.fill("#salary", "40000")
        page.fill("#lost_pct", "20")
        page.fill("#investment", "60000")
        with page.expect_navigation():
            page.get_by_role("button", name="Calculate").click()
        assert "employees=50" in page.url
        assert page.locator('[data-figure="payback"]').inner_text() == "3 months"
        assert page.locator('[data-figure="savings"]').inner_text() == "MXN\xa0240,000"
    finally:
        context.close()


def test_live_validation_waits_for_the_fields_the_visitor_has_left(page):
    page.goto("/en/calculator/roi")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(
        "() => { window.__swaps = 0;"
        " document.body.addEventListener('htmx:afterSwap', () => window.__swaps++) }"
    )
    errors = page.locator("#roi-results .calc-errors")

    page.locator("#employees").press_sequentially("5")
    page.wait_for_function("() => window.__swaps >= 1")
    assert errors.count() == 0  # salary and the rest are not reached yet

    page.locator("#employees").press("Tab")  # on to salary
    page.locator("#salary").press("Tab")  # leave salary empty
    errors.locator('a[href="#salary"]').wait_for()
    assert errors.locator('a[href="#lost_pct"]').count() == 0

    page.get_by_role("button", name="Calculate").click()  # a submit reports every field
    errors.locator('a[href="#lost_pct"]').wait_for()
    assert unexpected(page.console_errors) == []


def test_save_form_comes_with_the_quote_with_a_gap_between_panels(page):
    page.goto("/en/calculator/estimate")
    page.wait_for_function("() => window.htmx !== undefined")
    save = page.locator("section.calc-save")
    assert not save.is_visible()

    page.select_option("#project_type", "ai_workshop")
    page.locator("#estimate-results [data-total]").wait_for()
    assert save.is_visible()
    grid = page.locator(".calc-grid").bounding_box()
    assert save.bounding_box()["y"] - (grid["y"] + grid["height"]) >= 16


def test_a_preselected_project_is_quoted_on_arrival(page):
    page.goto("/es/calculator/estimate?tier=L4_PLATFORMS")
    assert page.locator('#estimate-results [data-figure="total"]').inner_text() == "$435,000"
    assert page.locator("section.calc-save").is_visible()


def test_roi_chart_fills_its_card_and_its_legend_matches_the_plot(page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/en/calculator/roi?employees=50&salary=40000&lost_pct=20&recovery_pct=60")
    chart = page.locator(".calc-chart > svg").bounding_box()
    results = page.locator("#roi-results").bounding_box()
    assert abs(chart["width"] - results["width"]) < 1
    size = page.locator(".calc-chart text").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.removesuffix("px")) >= 12  # legible on a phone: the SVG is not scaled
    colours = page.evaluate(
        """() => ['.bar:not(.covered)', '.bar.covered'].map(s => [
            getComputedStyle(document.querySelector('.calc-chart > svg ' + s)).fill,
            getComputedStyle(document.querySelector('.calc-legend ' + s)).fill])"""
    )
    for plot, legend in colours:
        assert plot == legend
