"""The staff password policy: 12 to 128 characters, not on the shipped common list."""

import pytest

from madfam.rules.passwords import (
    COMMON_PASSWORDS_FILE,
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordProblem,
    common_passwords,
    password_problem,
)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", PasswordProblem.TOO_SHORT),
        ("x" * (MIN_LENGTH - 1), PasswordProblem.TOO_SHORT),
        ("correct horse battery staple", None),
        ("x7!" * 4, None),  # exactly the minimum
        ("y" * MAX_LENGTH, None),
        ("y" * (MAX_LENGTH + 1), PasswordProblem.TOO_LONG),
        ("password1234", PasswordProblem.COMMON),
        ("QWERTY123456", PasswordProblem.COMMON),  # compared lower-cased
        (" qwerty123456 ", PasswordProblem.COMMON),  # and without surrounding spaces
        ("1qaz2wsx3edc", PasswordProblem.COMMON),
    ],
)
def test_password_problem(password, problem):
    assert password_problem(password) is problem


def test_the_common_list_is_shipped_with_its_source_and_licence():
    header = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split("\n", 10)[:9]
    assert all(line.startswith("#") for line in header)
    assert any("Licence" in line for line in header)
    assert any("Source" in line for line in header)
    words = common_passwords()
    assert 9_000 < len(words) <= 10_000
    assert {"123456", "password", "iloveyou"} <= words
    assert all(word == word.lower().strip() and not word.startswith("#") for word in words)
