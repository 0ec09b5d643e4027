"""The leads workbench in a real browser: htmx filtering, then status and note on a lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from madfam.enums import LeadStatus, ServiceTier, UserRole
from tests.factories import make_lead
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(db, make_user):
    user = make_user(UserRole.EDITOR, locale="en")
    base = datetime(2025, 3, 1, tzinfo=UTC)
    rows = [
        ("qualified.l3@acme.mx", "Quinn", LeadStatus.QUALIFIED, ServiceTier.L3_CONSULTING),
        ("qualified.l1@acme.mx", "Quentin", LeadStatus.QUALIFIED, ServiceTier.L1_ESSENTIALS),
        ("new.l3@acme.mx", "Nadia", LeadStatus.NEW, ServiceTier.L3_CONSULTING),
    ]
    for i, (email, name, status, tier) in enumerate(rows):
        created = base + timedelta(days=i)
        make_lead(email=email, first_name=name, status=status, tier=tier,
                  created_at=created, updated_at=created)  # fmt: skip
    return user


def test_filter_open_lead_change_status_and_add_note(page, seeded):
    page.goto("/admin/login")
    page.locator("input[name=email]").fill(seeded.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")

    page.goto("/admin/leads")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__marker = 1 }")
    table = page.locator("#leads-table")
    assert table.get_by_text("new.l3@acme.mx").is_visible()

    page.locator("#f-status").select_option("QUALIFIED")
    page.wait_for_url("**/admin/leads?*status=QUALIFIED*")
    table.get_by_text("new.l3@acme.mx").wait_for(state="detached")
    page.locator("#f-tier").select_option("L3_CONSULTING")
    page.wait_for_url("**tier=L3_CONSULTING*")
    table.get_by_text("qualified.l1@acme.mx").wait_for(state="detached")
    assert table.locator("tbody tr").count() == 1
    assert page.evaluate("() => window.__marker") == 1  # no full page load
    assert "status=QUALIFIED" in page.url and "tier=L3_CONSULTING" in page.url

    page.get_by_role("link", name="Quinn").click()
    page.wait_for_url("**/admin/leads/c*")
    page.evaluate("() => { window.__marker = 2 }")

    page.get_by_label("Change status").select_option("CONVERTED")
    page.get_by_role("button", name="Save status").click()
    page.locator("#lead-status .current-status", has_text="Converted").wait_for()
    timeline = page.locator("#timeline")
    timeline.get_by_text("From Qualified to Converted").wait_for()

    page.get_by_label("Note", exact=True).fill("Signed the L3 proposal")
    page.get_by_role("button", name="Add note").click()
    timeline.get_by_text("Signed the L3 proposal").wait_for()
    assert page.get_by_label("Note", exact=True).input_value() == ""  # a fresh form
    assert page.evaluate("() => window.__marker") == 2  # inline swaps, no reload

    page.reload()
    assert page.locator("#timeline").get_by_text("From Qualified to Converted").is_visible()
    assert page.locator("#timeline").get_by_text("Signed the L3 proposal").is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("locale", ["es", "en"])
def test_at_1280_px_the_leads_table_and_filters_read_cleanly(page, db, make_user, locale):
    user = make_user(UserRole.VIEWER, locale=locale)
    for i in range(3):
        make_lead(email=f"lead{i}@empresa-con-nombre-largo.com.mx", first_name="Maximiliano",
                  last_name="Hernández de la Garza", company="Grupo Industrial del Norte",
                  status=LeadStatus.CONTACTED, tier=ServiceTier.L4_PLATFORMS)  # fmt: skip
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login")
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/leads")
    layout = page.evaluate(
        """() => {
          const lines = td => {  // how many lines the cell's text (or badge) takes
            const el = td.firstElementChild;
            if (el) return Math.round(el.getBoundingClientRect().height
                                      / parseFloat(getComputedStyle(el).lineHeight));
            const r = document.createRange(); r.selectNodeContents(td);
            return new Set([...r.getClientRects()].map(b => Math.round(b.bottom))).size; };
          const cells = [...document.querySelectorAll('#leads-table td.when, #leads-table td.tier, '
                                                    + '#leads-table td.status')];
          const sort = document.getElementById('f-sort');
          const controls = [...document.querySelectorAll(
              '#lead-filters .field :is(input, select)')];
          const wrap = document.querySelector('#leads-table .table-wrap');
          return {
            wrapped: cells.filter(td => lines(td) > 1).map(td => td.textContent.trim()),
            sortCut: sort.scrollWidth > sort.clientWidth
                     || sort.getBoundingClientRect().width < 12 * 16,
            rows: new Set(controls.map(c => Math.round(c.getBoundingClientRect().top))).size,
            bottoms: controls.map(c => [Math.round(c.getBoundingClientRect().top),
                                        Math.round(c.getBoundingClientRect().bottom)]),
            scrolls: wrap.scrollWidth > wrap.clientWidth,
          };
        }"""
    )
    assert layout["wrapped"] == [], "dates, levels and statuses stay on one line"
    assert not layout["sortCut"]
    assert not layout["scrolls"], "the table fits the page"
    # Controls side by side share their top and bottom edges.
    by_top = {}
    for top, bottom in layout["bottoms"]:
        by_top.setdefault(top, set()).add(bottom)
    assert all(len(bottoms) == 1 for bottoms in by_top.values()), layout["bottoms"]
    assert layout["rows"] <= 3
