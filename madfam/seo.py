"""Findable pages: canonical and hreflang links, Open Graph, JSON-LD, noindex, sitemap.

Every link here is absolute on ``SITE_URL`` (madfam/urls.py), never on the request's
host. Pages that show one visitor's data (assessment results, calculator figures, the
steps of a flow, thank-you pages) and the staff area are sent with
``X-Robots-Tag: noindex`` and left out of the sitemap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from flask import Flask, current_app, g, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import Rule

from madfam import structured_data as ld
from madfam.enums import ServiceTier
from madfam.i18n import DEFAULT_LANGUAGE, LANGUAGES
from madfam.rules.tiers import TIER_INFO
from madfam.templating import add_template_globals
from madfam.urls import absolute, absolute_url, site_url
from madfam.visit import ATTRIBUTION_PARAMS

BRAND = "MADFAM"
# Tier prices (madfam/rules/tiers.py) are the MXN price list, in every language.
PRICE_CURRENCY = "MXN"
OG_LOCALES = {"es": "es_MX", "en": "en_US", "pt": "pt_BR"}
OG_IMAGE_SIZE = (1200, 630)

# Pages that show one visitor's data or a step of a flow: never indexed nor listed.
NOINDEX_ENDPOINTS = frozenset(
    {
        "assessment.results",
        "assessment.step",
        "assessment.finish",
        "calculator.sent",
        "public.contact_thanks",
        "public.arco_thanks",
        "public.unsubscribe",
        "public.unsubscribe_confirm",
        "booking.booked",
        "booking.manage",
        "booking.manage_cancel",
        "booking.manage_move",
    }
)
# Calculator pages show a visitor's figures when their inputs are in the query string;
# campaign parameters and a preselected tier leave them the public page.
RESULTS_WITH_QUERY = frozenset({"calculator.roi_page", "calculator.estimate_page"})
NEUTRAL_PARAMS = frozenset({*ATTRIBUTION_PARAMS, "tier"})
NOINDEX_PATHS = ("/admin",)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


# --- Service levels ------------------------------------------------------------------------


def level_slug(tier: ServiceTier) -> str:
    """``L1_ESSENTIALS`` → ``l1-essentials``: the service page's URL segment."""
    return tier.value.lower().replace("_", "-")


LEVELS: dict[str, ServiceTier] = {level_slug(tier): tier for tier in ServiceTier}


# --- Indexing ------------------------------------------------------------------------------


def is_indexable() -> bool:
    """Whether search engines may index the current page."""
    if request.path.startswith(NOINDEX_PATHS) or request.endpoint in NOINDEX_ENDPOINTS:
        return False
    return not (request.endpoint in RESULTS_WITH_QUERY and set(request.args) - NEUTRAL_PARAMS)


def add_robots_header(response):
    if not is_indexable():
        response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- Links of the current page -------------------------------------------------------------


def _page_path(lang: str) -> str:
    if request.url_rule is None or "lang" not in request.url_rule.arguments:
        return url_for("public.index", lang=lang)
    return url_for(request.endpoint, **{**(request.view_args or {}), "lang": lang})


def canonical_url() -> str:
    """This page on SITE_URL, without its query string."""
    return absolute(_page_path(g.get("lang") or DEFAULT_LANGUAGE))


def alternate_url(lang: str) -> str:
    """This page in ``lang`` on SITE_URL (hreflang), without its query string."""
    return absolute(_page_path(lang))


def og_image_url(lang: str | None = None) -> str:
    lang = lang or g.get("lang") or DEFAULT_LANGUAGE
    return absolute_url("static", filename=f"img/og-{lang}.png")


# --- JSON-LD -------------------------------------------------------------------------------


def organization_id() -> str:
    return f"{site_url()}/#organization"


def organization() -> dict[str, Any]:
    """The ProfessionalService node; contact details come from the company settings."""
    cfg = current_app.config
    node = ld.professional_service(
        url=f"{site_url()}/",
        name=BRAND,
        description=_(
            "MADFAM: AI consulting, automation and digital transformation for Latin "
            "American companies."
        ),
        image=og_image_url(),
        languages=LANGUAGES,
        email=cfg["CONTACT_EMAIL"],
        telephone=cfg["CONTACT_PHONE"],
        address=cfg["COMPANY_ADDRESS"],
        legal_name=cfg["COMPANY_LEGAL_NAME"],
    )
    node["@id"] = organization_id()
    return node


def service(tier: ServiceTier) -> dict[str, Any]:
    """A service level as a Service with its starting price as an Offer in MXN."""
    info = TIER_INFO[tier]
    return ld.service(
        url=absolute_url("public.service", level=level_slug(tier)),
        name=f"{BRAND} {_(info.name)}",
        description=_(info.description),
        provider=organization_id(),
        price=info.starting_price,
        currency=PRICE_CURRENCY,
    )


def organization_data() -> dict[str, Any]:
    """The organisation and every service level (the landing and the about page)."""
    return ld.graph(organization(), *(service(tier) for tier in ServiceTier))


def service_data(tier: ServiceTier, faq: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    nodes = [organization(), service(tier)]
    if faq:
        nodes.append(ld.faq_page(faq))
    return ld.graph(*nodes)


def faq_data(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """FAQPage JSON-LD for the questions and answers a page shows."""
    return {"@context": ld.SCHEMA, **ld.faq_page(pairs)}


# --- Sitemap and robots.txt ----------------------------------------------------------------


def _listed(rule: Rule) -> bool:
    return (
        "GET" in rule.methods
        and rule.arguments == {"lang"}
        and rule.endpoint not in NOINDEX_ENDPOINTS
    )


def sitemap_pages() -> list[tuple[str, dict[str, str]]]:
    """Every public page as (endpoint, values without the language), the landing first."""
    rules = sorted(
        (r for r in current_app.url_map.iter_rules() if _listed(r)),
        key=lambda r: (r.endpoint != "public.index", r.rule),
    )
    pages = [(rule.endpoint, {}) for rule in rules]
    services = [("public.service", {"level": slug}) for slug in LEVELS]
    return pages[:1] + services + pages[1:]


def sitemap_xml() -> bytes:
    """The sitemap: each page in each language, with its alternates (xhtml:link)."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for endpoint, values in sitemap_pages():
        links = {lang: absolute_url(endpoint, lang=lang, **values) for lang in LANGUAGES}
        links["x-default"] = links[DEFAULT_LANGUAGE]
        for lang in LANGUAGES:
            entry = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = links[lang]
            for code, href in links.items():
                attributes = {"rel": "alternate", "hreflang": code, "href": href}
                ET.SubElement(entry, f"{{{XHTML_NS}}}link", attributes)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt() -> str:
    """Crawl everything public; not the staff area nor pages of one visitor's results."""
    private = ["/admin/"]
    for lang in LANGUAGES:
        results = url_for("assessment.results", lang=lang, token="-")  # noqa: S106 - a placeholder
        private.append(results.rsplit("/", 1)[0] + "/")
        private.append(url_for("calculator.sent", lang=lang))
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private)]
    lines += ["", f"Sitemap: {absolute_url('seo.sitemap')}", ""]
    return "\n".join(lines)


def init_app(app: Flask) -> None:
    app.after_request(add_robots_header)
    add_template_globals(
        app,
        canonical_url,
        alternate_url,
        og_image_url,
        is_indexable,
        level_slug,
        organization_data,
        service_data,
        faq_data,
        OG_LOCALES=OG_LOCALES,
        OG_IMAGE_SIZE=OG_IMAGE_SIZE,
    )
