"""Languages: the locale is the first segment of public URLs (/es/…, /en/…, /pt/…).

Spanish is the default. Unprefixed paths redirect to the best match of
Accept-Language. Numbers, dates and money are formatted with the regional locale
the site serves (es → es_MX, pt → pt_BR).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, abort, current_app, g, redirect, request
from flask_babel import get_locale  # noqa: F401 - re-exported for templates and services
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from madfam.extensions import babel
from madfam.rules.markets import MARKETS

log = logging.getLogger(__name__)

LANGUAGES = ("es", "en", "pt")
DEFAULT_LANGUAGE = "es"
# Numbers, dates and money are formatted for the market each language serves.
REGIONAL_LOCALES = {lang: MARKETS[lang].locale for lang in LANGUAGES}
LANGUAGE_NAMES = {"es": "Español", "en": "English", "pt": "Português"}
# The staff area is offered in these only.
ADMIN_LANGUAGES = ("es", "en")
UNPREFIXED = ("/admin", "/static", "/healthz")
# gettext keywords pybabel extracts besides its defaults (_, gettext, ngettext, pgettext …):
# lazy strings for forms and module-level text, and lazy strings with a message context.
EXTRACT_KEYWORDS = ("_l", "N_", "lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2")
# Directories pybabel skips. Its default also skips names starting with "_", which would
# leave out templates/_macros/ and the copy of every macro.
EXTRACT_IGNORE_DIRS = ".* __pycache__"


def best_language() -> str:
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    lang = g.get("lang")
    if lang:
        return lang
    if request:
        # A page that matched no route (404) still speaks the language of its URL.
        first = request.path.lstrip("/").split("/", 1)[0]
        if first in LANGUAGES:
            return first
    if request and request.path.startswith("/admin"):
        return _admin_language()
    return best_language() if request else DEFAULT_LANGUAGE


def _admin_language() -> str:
    """The staff area speaks the signed-in staff member's language; before sign-in, the
    browser's best match among the staff area's languages."""
    from flask_login import current_user

    if current_user.is_authenticated:
        locale = current_user.locale
        return locale if locale in ADMIN_LANGUAGES else DEFAULT_LANGUAGE
    return request.accept_languages.best_match(ADMIN_LANGUAGES) or DEFAULT_LANGUAGE


def regional_locale(lang: str) -> str:
    """The Babel locale for a site language: es → es_MX, pt → pt_BR.

    Translations still come from the language's catalogue (translations/es,
    translations/pt): gettext falls back from es_MX to es and from pt_BR to pt.
    """
    return REGIONAL_LOCALES.get(lang, REGIONAL_LOCALES[DEFAULT_LANGUAGE])


def select_locale() -> str:
    return regional_locale(g.get("email_lang") or current_language())


def _pull_lang(endpoint, values):
    if values is not None and "lang" in values:
        lang = values.pop("lang")
        if lang not in LANGUAGES:
            abort(404)
        g.lang = lang


def _add_lang(endpoint, values):
    if "lang" in values or not endpoint:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = g.get("lang") or DEFAULT_LANGUAGE


def _redirect_unprefixed():
    """/ and /contact → /<best language>/ and /<best language>/contact."""
    if request.url_rule is not None or request.path.startswith(UNPREFIXED):
        return None
    first = request.path.lstrip("/").split("/", 1)[0]
    if first in LANGUAGES:
        return None
    target = f"/{best_language()}{request.path}"
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(target, method=request.method if request.method == "GET" else "GET")
    except RequestRedirect as exc:  # e.g. /es → /es/
        target = exc.new_url.split("localhost", 1)[1]
    except HTTPException:
        return None
    query = request.query_string.decode("latin-1")
    response = redirect(target + (f"?{query}" if query else ""), code=302)
    response.vary.add("Accept-Language")
    return response


def compile_catalogues(translations: Path) -> None:
    """Compile .po → .mo when missing or stale, so a fresh clone needs no build step."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in translations.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        # One temporary file per process: several workers may start at once.
        tmp = mo_path.with_name(f"messages.{os.getpid()}.mo.tmp")
        try:
            with tmp.open("wb") as fh:
                write_mo(fh, catalog)
            tmp.replace(mo_path)
        except OSError as exc:  # e.g. a read-only deployment: serve what is there
            tmp.unlink(missing_ok=True)
            log.warning("could not compile %s: %s", po_path, exc)


def init_app(app: Flask) -> None:
    translations = Path(app.root_path) / "translations"
    compile_catalogues(translations)
    babel.init_app(app, locale_selector=select_locale)
    app.url_value_preprocessor(_pull_lang)
    app.url_defaults(_add_lang)
    app.before_request(_redirect_unprefixed)
