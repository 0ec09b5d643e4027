"""The market of the page being rendered: its currency, price list and tax line.

The rules live in ``madfam/rules/markets.py``; this module only asks which language is
being rendered (a page's ``/<lang>/``, an email's ``force_locale``, a staff member's
setting) and which currencies the catalogue prices in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import get_locale

from madfam.rules.estimate import PRICED_CURRENCIES
from madfam.rules.markets import Market, market_for, price_currency, vat_rate


@dataclass(frozen=True)
class PageMarket:
    market: Market
    currency: str  # of the price list shown: the market's own, or the fallback
    fallback: bool  # True: the market's currency has no price list; pesos are shown
    vat_rate: Decimal | None  # the VAT line of estimates; None: no VAT line


def current_language() -> str:
    """The language being rendered (es_MX → es), whatever set it."""
    return str(get_locale() or "es").split("_")[0]


def page_market() -> PageMarket:
    market = market_for(current_language())
    shown = price_currency(market, PRICED_CURRENCIES)
    return PageMarket(
        market=market,
        currency=shown.code,
        fallback=shown.fallback,
        vat_rate=vat_rate(market, bool(current_app.config["VAT_ENABLED"])),
    )
