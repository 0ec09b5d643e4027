"""Template globals and filters: htmx source, language switcher, locale formatting."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_compact_decimal, format_currency, format_decimal
from flask import Flask, current_app, g, request, url_for
from flask_babel import get_locale
from werkzeug.routing import BuildError

from madfam import labels
from madfam.i18n import LANGUAGE_NAMES, LANGUAGES, REGIONAL_LOCALES, current_language
from madfam.local_time import local_moment, short_moment, staff_time_zone, zone_name
from madfam.markets import page_market
from madfam.rules.markets import money_places, shows_currency_code

HTMX_VERSION = "2.0.11"
HTMX_CDN_URL = f"https://cdn.jsdelivr.net/npm/htmx.org@{HTMX_VERSION}/dist/htmx.min.js"
HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"


def formatting_locale() -> str:
    """The locale numbers and money are formatted in.

    A bare language (an email rendered under ``force_locale("es")``) is formatted for
    the region the site serves, as its pages are: es → es_MX, pt → pt_BR.
    """
    code = str(get_locale() or REGIONAL_LOCALES["es"])
    return REGIONAL_LOCALES.get(code, code)


def money(value, currency: str | None = None) -> str:
    """An amount in the page's market format: cents only when it has them ($250,000,
    $210,612.50), the currency's ISO code where the market names it (MXN 250,000) or
    where it is not the market's own (pesos on a Brazilian page: MXN 250.000)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    shown = page_market()
    currency = currency or shown.currency
    locale = formatting_locale()
    if shows_currency_code(shown.market, currency):
        pattern = "\u00a4\u00a4\u00a0#,##0.00"
    else:
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
    if not money_places(amount):
        pattern = pattern.replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def whole_money(value, currency: str | None = None) -> str:
    """A price in whole units (a starting price): $5,000 (es), MXN 5,000 (en),
    MXN 5.000 (pt)."""
    if value is None or value == "":
        return ""
    return money(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP), currency)


def compact(value) -> str:
    """A short number for a chart axis: 250 k (es), 250K (en), 250 mil (pt)."""
    amount = Decimal(str(value))
    return format_compact_decimal(amount, locale=formatting_locale(), fraction_digits=1)


def endpoint_url(endpoint: str, **values) -> str | None:
    """``url_for(endpoint, **values)``, or ``None`` while the app has no such endpoint, so
    a template links to a page only once it exists."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def number(value, digits: int | None = None) -> str:
    if value is None:
        return ""
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(Decimal(str(value)), format=fmt, locale=formatting_locale())


def url_for_language(lang: str) -> str:
    """The current page in another language (public pages), keeping the query string.

    A relative link for the switcher; absolute alternates come from madfam/seo.py."""
    if request.url_rule is None or "lang" not in request.url_rule.arguments:
        return url_for("public.index", lang=lang)
    args = dict(request.view_args or {})
    args["lang"] = lang
    url = url_for(request.endpoint, **args)
    query = request.query_string.decode("latin-1")
    return f"{url}?{query}" if query else url


def is_public_page() -> bool:
    return bool(g.get("lang"))


def finding_text(key: str) -> str:
    """An assessment finding stored as a stable key, in the page's language."""
    from flask_babel import gettext

    from madfam.rules.assessment import FINDING_TEXT

    text = FINDING_TEXT.get(key)
    return gettext(text) if text else key


def add_template_globals(app: Flask, *functions: Callable, **values: object) -> None:
    """Make ``functions`` (each under its own name) and ``values`` global in every template."""
    app.jinja_env.globals.update({function.__name__: function for function in functions})
    app.jinja_env.globals.update(values)


def staff_time(value) -> str:
    """A stored time as the signed-in staff member reads it (their zone), on one line."""
    from flask_login import current_user

    return short_moment(value, staff_time_zone(current_user))


def staff_zone() -> str:
    """The name of the zone staff times are shown in ("hora del centro de México")."""
    from flask_login import current_user

    return zone_name(staff_time_zone(current_user))


def init_templating(app: Flask) -> None:
    # {% trans %} blocks collapse whitespace, as pybabel extracts them (babel.cfg: trimmed).
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    add_template_globals(
        app,
        current_language,
        url_for_language,
        is_public_page,
        finding_text,
        endpoint_url,
        local_moment,
        page_market,
        staff_zone,
        HTMX_VERSION=HTMX_VERSION,
        HTMX_CDN_URL=HTMX_CDN_URL,
        HTMX_SRI=HTMX_SRI,
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        labels=labels,
    )
    app.jinja_env.filters["staff_time"] = staff_time
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["whole_money"] = whole_money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["compact"] = compact
