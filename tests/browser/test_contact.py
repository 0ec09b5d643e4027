"""The contact form in a real browser: UTM landing, inline error, htmx thank-you."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from madfam.models import Lead

pytestmark = pytest.mark.browser


def test_visitor_from_a_campaign_leaves_a_scored_attributed_lead(page, db, instant_form):
    page.goto("/es/?utm_source=linkedin&utm_medium=social&utm_campaign=launch")
    page.locator("#tier-L3_CONSULTING a[href*='/es/contact?tier=L3_CONSULTING']").click()
    page.wait_for_url(re.compile(r"/es/contact\?tier=L3_CONSULTING$"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__marker = 1 }")
    assert page.locator("#tier").input_value() == "L3_CONSULTING"

    email = page.get_by_label("Correo electrónico")
    email.fill("ana@acme")
    email.press("Tab")  # leaving the field validates it on the server
    error = page.locator("#field-email .field-error")
    error.wait_for()
    assert error.is_visible()
    assert page.locator("#email").get_attribute("aria-invalid") == "true"

    page.locator("#email").fill("Ana@Acme.MX")
    page.locator("#email").press("Tab")
    page.locator("#field-email .field-error").wait_for(state="detached")
    page.locator("#first_name").fill("Ana")
    page.locator("#company").fill("Acme SA de CV")
    page.locator("#industry").select_option("manufacturing")
    page.locator("#company_size").select_option("51-200")
    page.locator("#message").fill("Queremos automatizar cotizaciones e inventario en tres plantas.")
    page.locator("#contact-form button[type='submit']").click()

    thanks = page.locator("#contact-region.thanks")
    thanks.wait_for()
    assert thanks.get_attribute("role") == "status"
    assert page.evaluate("() => window.__marker") == 1  # no full page load
    assert re.search(r"/es/contact\?tier=L3_CONSULTING$", page.url)
    assert page.console_errors == [], page.console_errors

    db.session.expire_all()
    lead = db.session.scalar(select(Lead))
    assert lead.email == "ana@acme.mx"
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign) == (
        "linkedin",
        "social",
        "launch",
    )
    assert lead.source.name == "SOCIAL"
    # 40 base + 15 company + 20 business email + 10 message + 5 tier + 15 industry + 6 size
    assert lead.score == 100
    assert re.fullmatch(r"[0-9a-f]{64}", lead.ip_address)
    assert "127.0.0.1" not in lead.ip_address


def test_without_javascript_the_form_posts_and_redirects_to_thanks(
    browser, live_server, db, instant_form
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/en/contact?tier=L2_ADVANCED")
        page.get_by_label("Email", exact=True).fill("nojs@acme.mx")
        page.locator("#contact-form button[type='submit']").click()
        page.wait_for_url(re.compile(r"/en/contact/thanks$"))
        assert page.locator("#contact-region.thanks").is_visible()
    finally:
        context.close()
    db.session.expire_all()
    lead = db.session.scalar(select(Lead))
    assert lead.email == "nojs@acme.mx"
    assert lead.tier.name == "L2_ADVANCED"


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_on_a_phone_every_fieldset_and_control_stays_inside_the_card(page, lang):
    """At 390 px, with errors shown and the longest answer chosen in every list, nothing
    of the form sticks out of its card."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{lang}/contact")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#contact-form button[type=submit]").click()
    page.locator("#contact-region .form-errors").wait_for()
    outside = page.evaluate(
        """() => {
          for (const s of document.querySelectorAll('#contact-form select')) {
            const longest = [...s.options].reduce((a, o) => o.text.length > a.text.length ? o : a);
            s.value = longest.value;
          }
          const card = document.querySelector('section.contact').getBoundingClientRect();
          const form = document.getElementById('contact-form');
          return [...form.querySelectorAll(
              'fieldset, .field, select, input:not([type=hidden]), textarea')]
            .filter(el => el.getBoundingClientRect().width > 0 && !el.closest('.hp-field'))
            .filter(el => el.getBoundingClientRect().right > card.right
                          || el.getBoundingClientRect().left < card.left)
            .map(el => el.id || el.tagName);
        }"""
    )
    assert outside == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
