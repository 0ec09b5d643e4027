"""The staff password policy: 12 to 128 characters and not a commonly used password.

The common passwords are a list shipped with the site (``madfam/data/common-passwords.txt``,
its source and licence in its header); nothing is fetched at run time. A password is
compared lower-cased and without surrounding spaces, as the list is stored.
"""

from __future__ import annotations

import enum
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"


class PasswordProblem(enum.Enum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read once per process (lines starting with ``#`` are comments)."""
    text = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str) -> PasswordProblem | None:
    """What is wrong with ``password`` as a staff password, or ``None`` if it may be used."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if password.strip().lower() in common_passwords():
        return PasswordProblem.COMMON
    return None
