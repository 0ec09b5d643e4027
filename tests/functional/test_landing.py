"""The landing page: the five tiers and the calls to action."""

from __future__ import annotations

import re

import pytest

from madfam.enums import ServiceTier


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_landing_presents_five_tiers_each_with_a_call_to_action(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    cards = re.findall(r'<li class="tier-card" id="tier-(\w+)">(.*?)</li>', html, re.S)
    assert [name for name, _ in cards] == [t.name for t in ServiceTier]
    for name, card in cards:
        assert f'href="/{lang}/contact?tier={name}"' in card


def test_tier_call_to_action_leads_to_a_preselected_form(client):
    html = client.get("/en/").get_data(as_text=True)
    href = re.search(r'href="(/en/contact\?tier=L5_STRATEGIC)"', html).group(1)
    form = client.get(href).get_data(as_text=True)
    assert '<option selected value="L5_STRATEGIC">' in form


def test_landing_links_to_assessment_calculators_and_contact(client):
    html = client.get("/en/").get_data(as_text=True)
    hero = re.search(r'<section class="hero">.*?</section>', html, re.S).group(0)
    assert 'href="/en/assessment/"' in hero
    assert 'href="/en/contact"' in hero


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_landing_roi_call_to_action_opens_the_roi_calculator(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    hero = re.search(r'<section class="hero">.*?</section>', html, re.S).group(0)
    link = re.search(r'<a class="button quiet large" href="([^"]+)">', hero)
    assert link and link.group(1) == f"/{lang}/calculator/roi"
    page = client.get(link.group(1))
    assert page.status_code == 200 and 'id="roi-form"' in page.get_data(as_text=True)


def test_navigation_links_to_the_contact_page(client):
    html = client.get("/pt/").get_data(as_text=True)
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    assert 'href="/pt/contact"' in nav
    assert client.get("/pt/contact").status_code == 200


# Starting prices in whole pesos plus tax: Mexico's own "$" in Spanish, the currency
# named where the visitor may not be in Mexico.
PRICE_FORMATS = {
    "es": "Desde ${amount} + IVA",
    "en": "From MXN\xa0{amount} + VAT",
    "pt": "A partir de MXN\xa0{amount} + impostos",
}


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_every_tier_shows_its_starting_price_in_whole_pesos_plus_tax(client, lang):
    from madfam.rules.tiers import TIER_INFO

    html = client.get(f"/{lang}/").get_data(as_text=True)
    cards = dict(re.findall(r'<li class="tier-card" id="tier-(\w+)">(.*?)</li>', html, re.S))
    for tier in ServiceTier:
        whole = f"{int(TIER_INFO[tier].starting_price):,}"
        amount = whole.replace(",", ".") if lang == "pt" else whole
        price = PRICE_FORMATS[lang].format(amount=amount)
        assert f'<p class="price">{price}</p>' in cards[tier.name], (lang, tier)
    assert not re.search(r"\d{3}[.,]00(?!\d)", re.sub(r"<[^>]+>", " ", html))  # no cents


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_assessment_is_the_single_primary_action_of_the_hero(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    hero = re.search(r'<section class="hero">.*?</section>', html, re.S).group(0)
    primaries = re.findall(r'<a class="button primary[^"]*" href="([^"]+)"', hero)
    assert primaries == [f"/{lang}/assessment/"]
    assert hero.count("primary") == 1


def test_the_landing_walks_through_steps_use_cases_and_faq(client):
    html = client.get("/en/").get_data(as_text=True)
    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<h3>(.*?)</h3>", steps) == ["Assessment", "Call", "Proposal", "Delivery"]
    assert len(re.findall(r'<li class="card">', html)) >= 4
    faq = re.search(r'<div class="faq">(.*?)</div>\s*</section>', html, re.S).group(1)
    assert len(re.findall(r"<details>\s*<summary>", faq)) >= 5
    assert "VAT" in faq and "assessment" in faq


def test_service_pages_are_linked_once_their_endpoint_exists(app, client):
    html = client.get("/en/").get_data(as_text=True)
    if "public.service" in app.view_functions:
        for tier in ServiceTier:
            slug = tier.name.lower().replace("_", "-")
            assert f'href="/en/services/{slug}"' in html
    else:
        assert "/en/services/" not in html


def test_the_header_menu_is_a_disclosure_that_works_without_javascript(client):
    html = client.get("/es/").get_data(as_text=True)
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    assert re.search(r'<details class="menu">\s*<summary class="menu-toggle">', nav)
    for href in ("/es/#services", "/es/assessment/", "/es/calculator/", "/es/contact"):
        assert f'href="{href}"' in nav
    assert '<ul class="lang-switch"' in nav
