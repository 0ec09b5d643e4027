"""Cleaning of text that visitors and staff type, before it is validated or stored.

No database text column accepts NUL, and no other control character means anything in a
name, an address or a note: they are dropped (C0, DEL and C1). Surrounding whitespace is
trimmed. Multi-line text keeps its line breaks and tabs; Windows and old Mac line breaks
(which browsers send for a ``<textarea>``) become ``\\n``, so a length limit counts a
line break once, as the browser's ``maxlength`` does.

Both functions pass anything that is not a ``str`` through unchanged, so they serve as
WTForms ``filters=[...]`` directly.
"""

from __future__ import annotations

_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_SINGLE_LINE = dict.fromkeys(_CONTROL)
_MULTI_LINE = dict.fromkeys(c for c in _CONTROL if chr(c) not in "\n\t")


def single_line(value):
    """``value`` trimmed and without any control character (tabs and line breaks too)."""
    if not isinstance(value, str):
        return value
    return value.translate(_SINGLE_LINE).strip()


def multi_line(value):
    """``value`` trimmed and without control characters other than line breaks and tabs."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_MULTI_LINE).strip()
