"""schema.org JSON-LD for search engines, from plain values (no Flask, no database).

Pages embed the result as ``<script type="application/ld+json">{{ data|tojson }}</script>``:
a data block the browser never executes, so the Content-Security-Policy does not apply
to it, and ``tojson`` escapes ``<``, ``>`` and ``&`` so no text can close the element.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

SCHEMA = "https://schema.org"


def graph(*nodes: dict[str, Any]) -> dict[str, Any]:
    """One JSON-LD document holding several nodes that may refer to each other by @id."""
    return {"@context": SCHEMA, "@graph": list(nodes)}


def professional_service(
    *,
    url: str,
    name: str,
    description: str,
    image: str,
    languages: Sequence[str],
    email: str | None = None,
    telephone: str | None = None,
    address: str | None = None,
    legal_name: str | None = None,
) -> dict[str, Any]:
    """The organisation, with a sales contact point built from what is configured."""
    contact = {"@type": "ContactPoint", "contactType": "sales", "url": url}
    contact.update(_present(email=email, telephone=telephone))
    contact["availableLanguage"] = list(languages)
    node = {
        "@type": "ProfessionalService",
        "@id": f"{url}#organization",
        "name": name,
        "url": url,
        "description": description,
        "image": image,
        "knowsLanguage": list(languages),
        "contactPoint": [contact],
    }
    node.update(_present(email=email, telephone=telephone, address=address, legalName=legal_name))
    return node


def service(
    *,
    url: str,
    name: str,
    description: str,
    provider: str,
    price: Decimal,
    currency: str,
) -> dict[str, Any]:
    """A service level with its starting price (before VAT) as an Offer."""
    amount = _amount(price)
    return {
        "@type": "Service",
        "@id": f"{url}#service",
        "name": name,
        "description": description,
        "url": url,
        "provider": {"@id": provider},
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": amount,
            "priceCurrency": currency,
            "priceSpecification": {
                "@type": "PriceSpecification",
                "minPrice": amount,
                "priceCurrency": currency,
                "valueAddedTaxIncluded": False,
            },
        },
    }


def faq_page(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A FAQPage from (question, answer) pairs, in the order the page shows them."""
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in pairs
        ],
    }


def _amount(price: Decimal) -> str:
    """``5000`` for whole amounts, ``5000.50`` otherwise: a plain number, no grouping."""
    price = Decimal(price)
    return f"{price:.0f}" if price == price.to_integral_value() else f"{price:.2f}"


def _present(**values: str | None) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}
