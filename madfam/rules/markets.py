"""Markets: each site language serves one market, with its currency, taxes and formats.

One table decides, per language, how prices, taxes and numbers are shown:

- ``es`` → Mexico: Mexican pesos with the local ``$``, "más IVA", an IVA 16 % line in
  estimates, numbers as in es_MX.
- ``pt`` → Brazil: reais wanted, no IVA line ("valores sem impostos"), numbers as in
  pt_BR. Until the catalogue has a BRL price list the Mexican list is shown, its
  currency named (``MXN``) so nobody reads pesos as reais.
- ``en`` → the Mexican list in English, the currency named (``MXN``).

Prices are never converted at an exchange rate: a market whose currency has no price
list shows the default list, visibly (:func:`price_currency`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from madfam.rules._text import N_

DEFAULT_LANGUAGE = "es"
#: the catalogue's reference price list, shown where a market's currency has none
DEFAULT_PRICE_CURRENCY = "MXN"


@dataclass(frozen=True)
class Market:
    country: str  # ISO 3166 code of the market served
    locale: str  # Babel locale numbers and money are formatted in
    currency: str  # ISO 4217 code the market's buyers pay in
    vat_rate: Decimal | None  # a VAT line in estimates at this rate; None: no VAT line
    tax_note: str  # how prices relate to tax, where no VAT line says it (msgid)
    salary_hint: str  # the ROI salary field's hint (msgid with %(currency)s)
    name_currency: bool  # show the ISO code (MXN) rather than the local symbol ($)


MEXICO = Market(
    country="MX",
    locale="es_MX",
    currency="MXN",
    vat_rate=Decimal("0.16"),
    tax_note=N_("Prices plus VAT (IVA)."),
    salary_hint=N_(
        "What one employee costs you in a year: gross pay plus benefits (prestaciones: "
        "aguinaldo, vacation premium, IMSS and INFONAVIT contributions), in %(currency)s."
    ),
    name_currency=False,
)

MARKETS: dict[str, Market] = {
    "es": MEXICO,
    # Mexican prices and taxes, in English, for visitors who may not be in Mexico
    "en": replace(MEXICO, locale="en", name_currency=True),
    "pt": Market(
        country="BR",
        locale="pt_BR",
        currency="BRL",
        vat_rate=None,
        tax_note=N_("Prices before taxes."),
        salary_hint=N_(
            "What one employee costs you in a year: gross pay plus the 13th salary, "
            "vacation pay (férias) and payroll charges (encargos: INSS, FGTS), "
            "in %(currency)s."
        ),
        name_currency=True,
    ),
}


def market_for(language: str | None) -> Market:
    """The market a site language serves; the default language's for anything else."""
    return MARKETS.get(language or "", MARKETS[DEFAULT_LANGUAGE])


@dataclass(frozen=True)
class PriceCurrency:
    code: str  # the currency of the price list shown
    fallback: bool  # True: the market's own currency has no price list yet


def price_currency(market: Market, priced: frozenset[str] | set[str]) -> PriceCurrency:
    """The price list a market is shown, given the currencies the catalogue prices in."""
    if market.currency in priced:
        return PriceCurrency(market.currency, fallback=False)
    return PriceCurrency(DEFAULT_PRICE_CURRENCY, fallback=True)


def shows_currency_code(market: Market, currency: str) -> bool:
    """Whether an amount in ``currency`` is written with its ISO code (MXN 5,000).

    Always for a currency that is not the market's own (pesos on a Brazilian page), and
    for markets that name their currency; a market's own currency keeps its symbol.
    """
    return market.name_currency or currency != market.currency


def vat_rate(market: Market, vat_enabled: bool) -> Decimal | None:
    """The VAT rate of an estimate's tax line, or ``None`` for no tax line."""
    return market.vat_rate if vat_enabled else None


def money_places(amount: Decimal) -> int:
    """Decimals an amount is shown with: none when it is whole ($250,000), else cents."""
    return 0 if amount == amount.to_integral_value() else 2
