"""Markets: which currency, tax line and currency spelling each language's visitors get."""

from decimal import Decimal

import pytest

from madfam.enums import ServiceTier
from madfam.rules import estimate as est
from madfam.rules.markets import (
    MARKETS,
    market_for,
    money_places,
    price_currency,
    shows_currency_code,
    vat_rate,
)


@pytest.mark.parametrize(
    ("language", "country", "locale", "currency", "vat"),
    [
        ("es", "MX", "es_MX", "MXN", Decimal("0.16")),
        ("en", "MX", "en", "MXN", Decimal("0.16")),
        ("pt", "BR", "pt_BR", "BRL", None),
        ("fr", "MX", "es_MX", "MXN", Decimal("0.16")),  # unknown: the default language's
        (None, "MX", "es_MX", "MXN", Decimal("0.16")),
    ],
)
def test_each_language_serves_its_market(language, country, locale, currency, vat):
    market = market_for(language)
    assert (market.country, market.locale, market.currency) == (country, locale, currency)
    assert vat_rate(market, vat_enabled=True) == vat
    assert vat_rate(market, vat_enabled=False) is None


@pytest.mark.parametrize(
    ("language", "priced", "shown", "fallback"),
    [
        ("es", {"MXN"}, "MXN", False),
        ("en", {"MXN"}, "MXN", False),
        ("pt", {"MXN"}, "MXN", True),  # no BRL list yet: pesos, visibly
        ("pt", {"MXN", "BRL"}, "BRL", False),  # once configured, reais
        ("es", {"MXN", "BRL"}, "MXN", False),
    ],
)
def test_a_market_without_its_price_list_falls_back_to_pesos(language, priced, shown, fallback):
    result = price_currency(market_for(language), frozenset(priced))
    assert (result.code, result.fallback) == (shown, fallback)


@pytest.mark.parametrize(
    ("language", "currency", "code"),
    [
        ("es", "MXN", False),  # Mexico: $250,000
        ("en", "MXN", True),  # MXN 250,000
        ("pt", "MXN", True),  # pesos on a Brazilian page are always named
        ("pt", "BRL", True),
        ("es", "USD", True),  # a foreign currency is never just "$"
    ],
)
def test_currency_is_named_unless_it_is_the_markets_own(language, currency, code):
    assert shows_currency_code(market_for(language), currency) is code


@pytest.mark.parametrize(
    ("amount", "places"),
    [
        (Decimal("250000"), 0),
        (Decimal("250000.00"), 0),
        (Decimal("0.00"), 0),
        (Decimal("210612.50"), 2),
        (Decimal("0.01"), 2),
        (Decimal("-100.5"), 2),
    ],
)
def test_round_amounts_show_no_cents(amount, places):
    assert money_places(amount) == places


def test_every_market_has_its_wording():
    for market in MARKETS.values():
        assert market.tax_note and "%(currency)s" in market.salary_hint


def test_every_price_list_prices_every_project_and_addon():
    assert "MXN" in est.PRICED_CURRENCIES
    for currency, prices in est.PRICE_LISTS.items():
        assert prices.currency == currency
        assert set(prices.projects) == set(est.PROJECT_TYPES)
        assert set(prices.addons) == set(est.ADDONS)
        assert all(p > 0 for p in [*prices.projects.values(), *prices.addons.values()])


def test_an_estimate_in_a_currency_without_a_list_is_refused_not_converted():
    with pytest.raises(ValueError, match="currency"):
        est.estimate(est.EstimateInputs("ai_workshop"), currency="BRL")


def test_an_estimate_comes_from_its_currencys_list(monkeypatch):
    brl = est.PriceList(
        "BRL",
        projects={k: Decimal(1000) for k in est.PROJECT_TYPES},
        addons={k: Decimal(10) for k in est.ADDONS},
    )
    monkeypatch.setitem(est.PRICE_LISTS, "BRL", brl)
    inputs = est.EstimateInputs("ai_workshop", "low", "standard", ("training",))
    quote = est.estimate(inputs, vat_enabled=False, currency="BRL")
    assert (quote.currency, quote.total, quote.vat_rate) == ("BRL", Decimal("1010.00"), None)
    assert est.starting_price(ServiceTier.L3_CONSULTING, "BRL") == Decimal(1000)
    assert est.starting_price(ServiceTier.L3_CONSULTING) == Decimal(75000)
