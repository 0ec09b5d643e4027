"""The one cleaner for typed text: control characters out, line breaks kept where they belong."""

import pytest

from madfam.text import multi_line, single_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Ana", "Ana"),
        ("  Ana López  ", "Ana López"),
        ("An\x00a", "Ana"),
        ("\x00", ""),
        ("a\tb\nc\rd", "abcd"),
        ("bell\x07 del\x7f c1\x85\x9f", "bell del c1"),
        ("漢字 🙂 مرحبا", "漢字 🙂 مرحبا"),
        (None, None),
        (42, 42),
    ],
)
def test_single_line(raw, clean):
    assert single_line(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Hi\x00 there", "Hi there"),
        ("  line one\r\nline two\rthree\n  ", "line one\nline two\nthree"),
        ("col\tcol", "col\tcol"),
        ("esc\x1b[31m red", "esc[31m red"),
        ("\x00\r\n\x00", ""),
        (None, None),
    ],
)
def test_multi_line(raw, clean):
    assert multi_line(raw) == clean
