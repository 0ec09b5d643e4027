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
    assert 'href="/en/calculator/"' in hero
    assert 'href="/en/contact"' in hero


def test_navigation_links_to_the_contact_page(client):
    html = client.get("/pt/").get_data(as_text=True)
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    assert 'href="/pt/contact"' in nav
    assert client.get("/pt/contact").status_code == 200
