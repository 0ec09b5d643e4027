"""Short English words with two meanings are separate entries (msgctxt), each with a note
for the translator, and each translated for its own meaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "madfam" / "translations"

# (context, msgid) -> (es, pt); context None is the plain entry the context is kept from.
EXPECTED = {
    ("lead history", "Timeline"): ("Historial", "Histórico"),
    (None, "Timeline"): ("Plazo", "Prazo"),
    ("user role", "Admin"): ("Administrador", "Administrador"),
    (None, "Admin"): ("Administración", "Administração"),
}


def _catalog(lang: str):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def template():
    with (TRANSLATIONS / "messages.pot").open("rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize(("context", "msgid"), [k for k in EXPECTED if k[0]])
def test_the_context_is_extracted_with_a_translator_note(template, context, msgid):
    message = template.get(msgid, context)
    assert message is not None, f"no {msgid!r} in context {context!r}: run flask translate extract"
    assert any(comment.strip() for comment in message.auto_comments)


@pytest.mark.parametrize("lang", ["es", "pt"])
@pytest.mark.parametrize(("key", "translations"), EXPECTED.items())
def test_each_meaning_has_its_own_translation(lang, key, translations):
    context, msgid = key
    message = _catalog(lang).get(msgid, context)
    assert message is not None
    assert message.string == translations[("es", "pt").index(lang)]
