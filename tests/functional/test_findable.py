"""Findable pages: robots.txt, sitemap.xml, canonical and hreflang, Open Graph, JSON-LD,
noindex on private pages, and the 404 page inside the site's layout."""

from __future__ import annotations

import html as htmllib
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from madfam.enums import AssessmentStatus, ServiceTier
from madfam.i18n import LANGUAGES
from madfam.rules.tiers import TIER_INFO
from madfam.seo import level_slug
from tests.factories import make_assessment
from tests.helpers import WORKED

SITE = "https://madfam.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# Public pages a visitor can open directly, without a session or results of their own.
PUBLIC_PATHS = (
    "/",
    "/about",
    "/contact",
    "/assessment/",
    "/calculator/",
    "/calculator/roi",
    "/calculator/estimate",
    *(f"/services/{level_slug(tier)}" for tier in ServiceTier),
)


@pytest.fixture
def site(app, monkeypatch):
    monkeypatch.setitem(app.config, "SITE_URL", SITE)
    return app


def head(page: str) -> str:
    return page.split("</head>", 1)[0]


def links(page: str, rel: str) -> dict[str, str]:
    found = re.findall(rf'<link rel="{rel}" hreflang="([\w-]+)" href="([^"]+)"', head(page))
    return dict(found)


def meta(page: str, attribute: str, name: str) -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', head(page))
    return htmllib.unescape(match.group(1)) if match else None


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def nodes(page: str) -> list[dict]:
    return [node for block in json_ld(page) for node in block.get("@graph", [block])]


# --- robots.txt and sitemap.xml -----------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_private_pages(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    rules = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in rules
    assert "Disallow: /admin/" in rules
    for lang in LANGUAGES:
        assert f"Disallow: /{lang}/assessment/results/" in rules
        assert f"Disallow: /{lang}/calculator/sent" in rules
    assert f"Sitemap: {SITE}/sitemap.xml" in rules
    assert not any(rule.startswith("Disallow: /es/services") for rule in rules)


def test_sitemap_lists_every_public_page_in_every_language(client, site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own output; well-formed XML
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = root.findall("s:url", NS)
    locs = [entry.findtext("s:loc", namespaces=NS) for entry in entries]
    assert len(locs) == len(set(locs))
    expected = {f"{SITE}/{lang}{path}" for lang in LANGUAGES for path in PUBLIC_PATHS}
    assert expected <= set(locs)
    for loc in locs:
        path = urlsplit(loc).path
        assert not re.search(r"/(results|sent|thanks|step|finish)\b", path), loc
        assert not path.startswith("/admin")


def test_sitemap_entries_carry_their_language_alternates(client, site):
    root = ET.fromstring(client.get("/sitemap.xml").data)  # noqa: S314 - our own output
    for entry in root.findall("s:url", NS):
        loc = entry.findtext("s:loc", namespaces=NS)
        lang, rest = urlsplit(loc).path.split("/", 2)[1:]
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in entry.findall("x:link", NS)
            if link.get("rel") == "alternate"
        }
        assert alternates == {
            **{code: f"{SITE}/{code}/{rest}" for code in LANGUAGES},
            "x-default": f"{SITE}/es/{rest}",
        }
        assert alternates[lang] == loc


# --- Every public page: title, description, canonical, hreflang, Open Graph ---------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_is_findable(client, site, lang):
    titles, descriptions = {}, {}
    for path in PUBLIC_PATHS:
        url = f"/{lang}{path}"
        response = client.get(url + "?utm_source=newsletter")
        assert response.status_code == 200, url
        assert "X-Robots-Tag" not in response.headers, url
        page = response.get_data(as_text=True)
        assert re.search(rf'<link rel="canonical" href="{re.escape(SITE + url)}">', page), url
        assert links(page, "alternate") == {
            **{code: f"{SITE}/{code}{path}" for code in LANGUAGES},
            "x-default": f"{SITE}/es{path}",
        }, url
        title = re.search(r"<title>([^<]+)</title>", page).group(1)
        description = meta(page, "name", "description")
        titles[title] = url
        descriptions[description] = url
        assert meta(page, "property", "og:title") == htmllib.unescape(title), url
        assert meta(page, "property", "og:description") == description, url
        assert meta(page, "property", "og:url") == SITE + url, url
        image = meta(page, "property", "og:image")
        assert re.fullmatch(rf"{SITE}/static/img/og-{lang}\.[0-9a-f]{{12}}\.png", image), url
        assert meta(page, "name", "twitter:card") == "summary_large_image", url
        assert 'name="robots"' not in head(page), url
    # A title and a description of their own on every page.
    assert len(titles) == len(PUBLIC_PATHS), titles
    assert len(descriptions) == len(PUBLIC_PATHS), descriptions


def test_the_share_images_exist_at_their_declared_size(client):
    for lang in LANGUAGES:
        response = client.get(f"/static/img/og-{lang}.png")
        assert response.status_code == 200
        png = response.data
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == (1200, 630)
        response.close()


def test_links_never_come_from_the_request_host(client, site):
    page = client.get("/en/about", headers={"Host": "127.0.0.1:5000"}).get_data(as_text=True)
    assert "127.0.0.1" not in head(page)
    sitemap = client.get("/sitemap.xml", headers={"Host": "127.0.0.1:5000"}).data
    assert b"127.0.0.1" not in sitemap


# --- JSON-LD ------------------------------------------------------------------------------


def test_landing_describes_the_organisation_and_every_service_level(client, site, app, monkeypatch):
    # The settings exist by default; restore them, never delete them, for the next tests.
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "hola@madfam.example")
    monkeypatch.setitem(app.config, "CONTACT_PHONE", "+52 55 0000 0000")
    page = client.get("/en/").get_data(as_text=True)
    found = nodes(page)
    (org,) = [n for n in found if n["@type"] == "ProfessionalService"]
    assert org["url"] == f"{SITE}/"
    (contact,) = org["contactPoint"]
    assert contact["@type"] == "ContactPoint"
    assert contact["email"] == "hola@madfam.example"
    assert contact["telephone"] == "+52 55 0000 0000"
    services = [n for n in found if n["@type"] == "Service"]
    assert len(services) == len(ServiceTier)
    for tier, node in zip(ServiceTier, services, strict=True):
        assert node["provider"] == {"@id": org["@id"]}
        assert node["url"] == f"{SITE}/en/services/{level_slug(tier)}"
        offer = node["offers"]
        assert offer["@type"] == "Offer"
        assert offer["priceCurrency"] == "MXN"
        assert Decimal(offer["price"]) == TIER_INFO[tier].starting_price


@pytest.mark.parametrize("tier", list(ServiceTier))
def test_service_page_data_names_its_offer_and_faq(client, site, tier):
    page = client.get(f"/es/services/{level_slug(tier)}").get_data(as_text=True)
    found = nodes(page)
    (service,) = [n for n in found if n["@type"] == "Service"]
    assert Decimal(service["offers"]["price"]) == TIER_INFO[tier].starting_price
    assert service["offers"]["priceCurrency"] == "MXN"
    (faq,) = [n for n in found if n["@type"] == "FAQPage"]
    shown = re.findall(r"<summary>([^<]+)</summary>", page)
    assert [q["name"] for q in faq["mainEntity"]] == [htmllib.unescape(s) for s in shown]
    assert all(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])


def test_json_ld_cannot_close_its_script_element(client, site, app, monkeypatch):
    monkeypatch.setitem(app.config, "COMPANY_ADDRESS", "</script><script>alert(1)</script>")
    page = client.get("/es/about").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    (org,) = [n for n in nodes(page) if n["@type"] == "ProfessionalService"]
    assert org["address"] == "</script><script>alert(1)</script>"


# --- noindex ------------------------------------------------------------------------------


def test_results_and_staff_pages_are_not_indexed(client, db, admin_client):
    from madfam.services.assessments import results_token

    assessment = make_assessment(
        status=AssessmentStatus.COMPLETED, score=57, tier=ServiceTier.L3_CONSULTING,
        strengths=[], weaknesses=[], recommendations=[], completed_at=datetime.now(UTC),
    )  # fmt: skip
    results = client.get(f"/es/assessment/results/{results_token(assessment.id)}")
    assert results.status_code == 200
    assert results.headers["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in results.get_data(as_text=True)

    figures = client.get("/en/calculator/roi", query_string=WORKED)
    assert figures.headers["X-Robots-Tag"] == "noindex"
    assert client.get("/en/calculator/sent").headers["X-Robots-Tag"] == "noindex"

    for url in ("/admin/login", "/admin/", "/admin/leads", "/admin/no-such-page"):
        assert client.get(url).headers["X-Robots-Tag"] == "noindex", url
        assert admin_client.get(url).headers["X-Robots-Tag"] == "noindex", url


# --- Service pages and the about page -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("tier", list(ServiceTier))
def test_service_page_shows_the_catalogue_of_its_level(client, lang, tier):
    from madfam.rules.estimate import ADDONS, PROJECT_TYPES

    response = client.get(f"/{lang}/services/{level_slug(tier)}")
    assert response.status_code == 200
    page = htmllib.unescape(response.get_data(as_text=True)).replace("\xa0", " ")
    assert f'<html lang="{lang}">' in page
    projects = [p for p in PROJECT_TYPES.values() if p.tier is tier]
    assert projects
    for project in projects:
        assert f"project_type={project.key}" in page
        assert whole(project.base_price, lang) in page
    others = [p for p in PROJECT_TYPES.values() if p.tier is not tier]
    assert not any(f'project_type={p.key}"' in page for p in others)
    for addon in ADDONS.values():
        assert whole(addon.price, lang) in page
    tax = {"es": "+ IVA", "en": "+ VAT", "pt": "+ impostos"}[lang]
    assert f"{whole(TIER_INFO[tier].starting_price, lang)} {tax}" in page
    assert 'class="button primary" href="/' + lang + '/assessment/"' in page
    assert page.count("button primary") == 1  # one primary call to action


def whole(amount: Decimal, lang: str) -> str:
    """Whole pesos: ``$5,000`` in Mexico (es), ``MXN 5,000`` (en), ``MXN 5.000`` (pt)."""
    text = f"{int(amount):,}"
    return {"es": f"${text}", "en": f"MXN {text}", "pt": f"MXN {text.replace(',', '.')}"}[lang]


def test_the_estimate_link_preselects_the_project(client):
    page = client.get("/en/services/l2-advanced").get_data(as_text=True)
    link = re.search(r'href="([^"]*project_type=workflow_automation)"', page).group(1)
    estimate = client.get(htmllib.unescape(link)).get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="workflow_automation"|'
                     r'<option[^>]*value="workflow_automation"[^>]*selected', estimate)  # fmt: skip


@pytest.mark.parametrize("level", ["l6-cosmic", "L1_ESSENTIALS", "l1_essentials", "essentials"])
def test_an_unknown_level_is_the_404_page(client, level):
    response = client.get(f"/en/services/{level}")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_page_links_every_level_and_invents_nothing(client, lang):
    response = client.get(f"/{lang}/about")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for tier in ServiceTier:
        assert f'href="/{lang}/services/{level_slug(tier)}"' in page
    assert page.count("button primary") == 1
    text = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\b(19|20)\d\d\b", text)  # no founding year, no "since 20xx"
    assert "%" not in text  # no invented statistics


def test_header_and_landing_link_the_new_pages(client):
    page = client.get("/pt/").get_data(as_text=True)
    assert 'href="/pt/about"' in page
    for tier in ServiceTier:
        assert f'href="/pt/services/{level_slug(tier)}"' in page


# --- 404 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_keeps_the_header_navigation_and_language_switcher(client, lang):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert 'class="site-header"' in page
    nav = re.search(r'<nav class="nav".*?</nav>', page, re.S).group(0)
    assert f'href="/{lang}/assessment/"' in nav
    assert f'href="/{lang}/about"' in nav
    switcher = re.search(r'<ul class="lang-switch".*?</ul>', page, re.S).group(0)
    assert {f'href="/{code}/"' for code in LANGUAGES} <= set(re.findall(r'href="[^"]+"', switcher))
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_the_landing_faq_is_described_as_faq_page_data(client, site, lang):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    (faq,) = [n for n in nodes(page) if n["@type"] == "FAQPage"]
    faq_html = page[page.index('id="faq"') :]
    shown = re.findall(r"<summary>([^<]+)</summary>", faq_html)
    assert len(shown) == 6
    assert [q["name"] for q in faq["mainEntity"]] == [htmllib.unescape(s) for s in shown]
    assert all(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])
