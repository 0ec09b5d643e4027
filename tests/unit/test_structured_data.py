"""schema.org JSON-LD builders: plain values in, plain dicts out (no app needed)."""

import json
from decimal import Decimal

import pytest

from madfam import structured_data as ld


def test_faq_page_keeps_the_order_of_the_questions():
    data = ld.faq_page(
        [("¿Cuánto cuesta?", "Desde MX$5,000 + IVA."), ("¿Cuánto tarda?", "1 semana")]
    )
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]] == ["¿Cuánto cuesta?", "¿Cuánto tarda?"]
    first = data["mainEntity"][0]
    assert first == {
        "@type": "Question",
        "name": "¿Cuánto cuesta?",
        "acceptedAnswer": {"@type": "Answer", "text": "Desde MX$5,000 + IVA."},
    }
    assert json.loads(json.dumps(data)) == data


def test_an_empty_faq_has_no_questions():
    assert ld.faq_page([])["mainEntity"] == []


@pytest.mark.parametrize(
    ("price", "text"),
    [(Decimal("5000"), "5000"), (Decimal("900000.00"), "900000"), (Decimal("12.5"), "12.50")],
)
def test_service_offer_states_the_starting_price_in_its_currency(price, text):
    node = ld.service(
        url="https://m.example/es/services/l1-essentials",
        name="MADFAM Esenciales",
        description="…",
        provider="https://m.example/#organization",
        price=price,
        currency="MXN",
    )
    assert node["@type"] == "Service"
    assert node["provider"] == {"@id": "https://m.example/#organization"}
    offer = node["offers"]
    assert (offer["@type"], offer["price"], offer["priceCurrency"]) == ("Offer", text, "MXN")
    assert offer["priceSpecification"]["valueAddedTaxIncluded"] is False


@pytest.mark.parametrize(
    ("settings", "contact"),
    [
        ({}, {}),
        ({"email": "hola@m.example"}, {"email": "hola@m.example"}),
        (
            {"email": "hola@m.example", "telephone": "+52 55 0000 0000"},
            {"email": "hola@m.example", "telephone": "+52 55 0000 0000"},
        ),
        ({"email": "", "telephone": None}, {}),
    ],
)
def test_professional_service_lists_only_configured_contact_details(settings, contact):
    node = ld.professional_service(
        url="https://m.example/", name="MADFAM", description="d", image="i",
        languages=("es", "en", "pt"), **settings,
    )  # fmt: skip
    assert node["@type"] == "ProfessionalService"
    (point,) = node["contactPoint"]
    assert point["@type"] == "ContactPoint"
    assert point["availableLanguage"] == ["es", "en", "pt"]
    assert {k: point[k] for k in ("email", "telephone") if k in point} == contact


def test_graph_wraps_nodes_in_one_document():
    doc = ld.graph({"@type": "A"}, {"@type": "B"})
    assert doc == {"@context": "https://schema.org", "@graph": [{"@type": "A"}, {"@type": "B"}]}
