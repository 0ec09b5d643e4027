"""Translation catalogues: complete for es and pt, placeholders intact, compiled on start.

Completeness re-runs the real extraction (babel.cfg and the keywords of `flask translate
extract`) into a temporary template and merges it into a temporary copy of the
catalogues, exactly as `flask translate update` would: a string added to the code or
templates without a Spanish and Portuguese translation fails here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from madfam.i18n import EXTRACT_IGNORE_DIRS, EXTRACT_KEYWORDS, LANGUAGES, compile_catalogues

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "madfam" / "translations"
# Every string, the admin area's included, must be translated in these languages.
COMPLETE = ("es", "pt")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


@pytest.fixture(scope="module")
def updated(tmp_path_factory) -> dict:
    """The catalogues after extract + update against the current source tree."""
    tmp = tmp_path_factory.mktemp("i18n")
    pot = tmp / "messages.pot"
    keywords = [arg for keyword in EXTRACT_KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *keywords,
        f"--ignore-dirs={EXTRACT_IGNORE_DIRS}",
        "-o",
        str(pot),
        str(ROOT / "madfam"),
    )
    copy = tmp / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo", "*.mo.tmp"))
    _pybabel("update", "-i", str(pot), "-d", str(copy), "--no-fuzzy-matching")
    with pot.open("rb") as fh:
        template = read_po(fh)
    catalogues = {}
    for lang in LANGUAGES:
        with (copy / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalogues[lang] = read_po(fh, locale=lang)
    return {"template": template, **catalogues}


def _messages(catalog):
    return [m for m in catalog if m.id]  # iterating a Catalog skips obsolete entries


def test_extraction_finds_the_site_copy(updated):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(updated["template"])}
    # Templates, lazy strings in Python, N_() data and email subjects are all extracted.
    assert "Skip to content" in ids
    assert "Page not found" in ids
    assert "Essentials" in ids
    assert "Thank you for contacting MADFAM" in ids
    # The admin area's copy is extracted too, so it needs a translation like the rest.
    assert "Email queue" in ids
    assert "Filter by status" in ids  # in templates/_macros/
    assert any("admin" in Path(path).parts for m in updated["template"] for path, _ in m.locations)
    assert len(ids) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_a_catalogue(lang):
    assert (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").is_file()


@pytest.mark.parametrize("lang", COMPLETE)
def test_catalogue_is_complete_after_update(updated, lang):
    untranslated = [
        m.id
        for m in _messages(updated[lang])
        if not (all(m.string) if isinstance(m.id, tuple) else m.string)
    ]
    fuzzy = [m.id for m in _messages(updated[lang]) if m.fuzzy]
    assert not untranslated, (
        f"{len(untranslated)} {lang} entries need a translation (run flask translate "
        f"extract && flask translate update, then translate): {untranslated[:20]}"
    )
    assert not fuzzy, f"fuzzy {lang} entries to review: {fuzzy[:20]}"


@pytest.mark.parametrize("lang", COMPLETE)
def test_plural_entries_fill_every_form(updated, lang):
    catalog = updated[lang]
    for message in _messages(catalog):
        if isinstance(message.id, tuple) and any(message.string):
            assert len(message.string) == catalog.num_plurals, message.id


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept_verbatim(updated, lang):
    problems = []
    for message in _messages(updated[lang]):
        if isinstance(message.id, tuple):
            singular, plural = (_placeholders(part) for part in message.id)
            allowed = set(singular) | set(plural)
            for index, form in enumerate(message.string):
                if not form:
                    continue
                found = _placeholders(form)
                # A singular form may spell the number out ("una pregunta").
                if not set(found) <= allowed or (index > 0 and found != plural):
                    problems.append((message.id, form))
        elif message.string and _placeholders(message.string) != _placeholders(message.id):
            problems.append((message.id, message.string))
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_babel_checkers_pass(updated, lang):
    errors = [(m.id, [str(e) for e in errs]) for m, errs in updated[lang].check()]
    assert not errors, errors


def test_stale_catalogues_are_compiled_on_start(tmp_path):
    source = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(source, target / "messages.po")
    compile_catalogues(tmp_path)
    mo = target / "messages.mo"
    assert mo.is_file() and mo.stat().st_size > 0

    from babel.support import Translations

    translations = Translations.load(str(tmp_path), ["es_MX"])
    assert translations.gettext("Page not found") == "Página no encontrada"
