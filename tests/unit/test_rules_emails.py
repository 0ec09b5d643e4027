"""One normal form of an email address for leads, staff accounts and suppressions."""

import pytest

from madfam.rules.emails import normalise_email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ana@example.com", "ana@example.com"),
        ("  Ana@Example.COM ", "ana@example.com"),
        ("Ana María <Ana_Maria@Example.com>", "ana_maria@example.com"),
        ("a+tag@example.com", "a+tag@example.com"),
        ("o'brien@example.com", "o'brien@example.com"),
        ("no-at-sign", "no-at-sign"),
        ("", ""),
    ],
)
def test_normalise_email(raw, expected):
    assert normalise_email(raw) == expected
