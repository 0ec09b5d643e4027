"""Every public page, rendered in Spanish and Portuguese, shows no English copy.

Two checks on the visible text (tag contents plus aria-label, title, alt, placeholder
and meta description): no English msgid whose translation differs appears verbatim
(a string wrapped in gettext but missing from the catalogue, or not wrapped where a
translated twin exists), and no common English function word appears at all (copy
that never went through gettext).
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from madfam.i18n import LANGUAGES
from tests.helpers import csrf_from
from tests.site_pages import posted_forms, public_urls

TRANSLATIONS = Path(__file__).resolve().parents[2] / "madfam" / "translations"
CHECKED = ("es", "pt")
# Words that are English and neither Spanish nor Portuguese.
ENGLISH_WORDS = {
    "the", "and", "your", "you", "with", "our", "are", "this", "that", "from", "will",
    "have", "please", "of", "to", "is", "for", "what", "how", "we", "it", "not", "be",
}  # fmt: skip
ATTRIBUTES = re.compile(
    r'\s(?:aria-label|title|alt|placeholder)="([^"]*)"|<meta name="description" content="([^"]*)"'
)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    # Links marked with their own language (the switcher's "English") are not leaks.
    page = re.sub(r'<a\b[^>]*\slang="[a-z]{2}"[^>]*>.*?</a>', " ", page, flags=re.S)
    attributes = " ".join(a or b for a, b in ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page) + " " + attributes
    return re.sub(r"\s+", " ", htmllib.unescape(text).replace("\xa0", " "))


def english_words(text: str) -> list[str]:
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    return sorted({w for w in re.findall(r"[A-Za-z']+", text) if w.lower() in ENGLISH_WORDS})


def _pattern(msgid: str) -> re.Pattern | None:
    parts = re.split(r"%\(\w+\)[sdif]|%[sdif]", msgid)
    if len(parts) > 1 and len("".join(parts).strip()) < 12:
        return None  # too little fixed text to recognise ("From %(price)s")
    body = r".{0,40}?".join(re.escape(re.sub(r"\s+", " ", part)) for part in parts)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


def _english_twins(lang: str) -> list[tuple[str, re.Pattern]]:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    twins = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            # A translation identical to the English (a brand, "IVA"…) is not a leak.
            if msgid and msgid not in strings and len(msgid) > 2 and _pattern(msgid):
                twins.append((msgid, _pattern(msgid)))
    return twins


TWINS = {lang: _english_twins(lang) for lang in CHECKED}


def leaks(lang: str, page: str) -> list[str]:
    text = visible_text(page)
    found = [msgid for msgid, pattern in TWINS[lang] if pattern.search(text)]
    return found + [f"word {w!r}" for w in english_words(text)]


def test_the_walk_covers_every_blueprint(app):
    urls = public_urls(app)
    for prefix in ("/{lang}/", "/{lang}/assessment/", "/{lang}/calculator/"):
        assert prefix in urls
    assert len(LANGUAGES) == 3


def test_detector_catches_english_copy():
    page = '<p>Pon a trabajar la IA</p><a aria-label="Skip to content">x</a><p>Lee the rest</p>'
    assert leaks("es", page) == ["Skip to content", "word 'the'", "word 'to'"]
    assert leaks("es", "<p>Saltar al contenido · Diseño 3D, SPARK y PENNY</p>") == []
    assert leaks("es", '<a href="/en/" hreflang="en" lang="en">English</a>') == []


@pytest.mark.parametrize("lang", CHECKED)
def test_public_pages_show_no_english(app, client, lang):
    problems = {}
    for template in public_urls(app):
        url = template.format(lang=lang)
        response = client.get(url, follow_redirects=True)
        assert response.status_code in (200, 404, 422), (url, response.status_code)
        page = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in page, url
        if found := leaks(lang, page):
            problems[url] = found
    assert not problems, problems


@pytest.mark.parametrize("lang", CHECKED)
def test_rejected_forms_show_no_english(app, client, lang):
    token = csrf_from(client.get(f"/{lang}/"))
    problems, checked = {}, 0
    for template in posted_forms(app):
        url = template.format(lang=lang)
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(url, data={"csrf_token": token}, headers=headers)
            if response.status_code in (301, 302, 303, 307, 308):
                continue  # werkzeug's redirect stub, not a page anyone sees
            checked += 1
            if found := leaks(lang, response.get_data(as_text=True)):
                problems[f"{url} {headers}"] = found
    assert checked, "no form answered with a page"
    assert not problems, problems


@pytest.mark.parametrize("lang", CHECKED)
def test_emails_show_no_english(app, db, lang):
    from madfam.mail import render_email
    from madfam.services.outbox import TEMPLATES, queue_email

    templates = Path(app.root_path) / "templates" / "emails"
    problems, rendered = {}, 0
    for name in TEMPLATES:
        if not (templates / f"{name}.html").exists():
            continue
        row = queue_email(name, "ana@example.com", {"first_name": "Ana"}, locale=lang)
        try:
            message = render_email(row)
        except Exception:  # noqa: S112 - a template that needs richer data than a name
            continue
        rendered += 1
        for part in (message.subject, message.text, message.html):
            if found := leaks(lang, part if "<" in part else htmllib.escape(part)):
                problems.setdefault(name, []).extend(found)
    db.session.rollback()
    assert rendered, "no email template rendered"
    assert not problems, problems
