"""Staff password hashes: argon2id for every new hash, older hashes still verified.

New hashes are argon2id (argon2-cffi) with the costs of the ``ARGON2_*`` settings.
Hashes written before argon2id (werkzeug's ``scrypt:``/``pbkdf2:``) are verified as
they are and replaced at the user's next successful sign-in (:func:`needs_upgrade`), as
are argon2 hashes made with other costs.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from werkzeug.security import check_password_hash

from madfam.rules.passwords import PasswordProblem, password_problem

ARGON2ID_PREFIX = "$argon2id$"

__all__ = ["PasswordProblem", "hash_password", "needs_upgrade", "password_problem", "verify"]


@cache
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
    )


def _costs() -> tuple[int, int, int]:
    config = current_app.config
    return (
        config["ARGON2_TIME_COST"],
        config["ARGON2_MEMORY_KIB"],
        config["ARGON2_PARALLELISM"],
    )


def _hasher() -> PasswordHasher:
    return _hasher_for(*_costs())


@cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    """A hash to verify against when there is none, so timing does not reveal unknown
    emails; made with the current costs, so it takes as long as a real one."""
    return _hasher_for(time_cost, memory_kib, parallelism).hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the ``stored`` hash; a missing hash costs the same."""
    hasher = _hasher()
    if not stored:
        with suppress(VerificationError):
            hasher.verify(_dummy_hash(*_costs()), password)
        return False
    if not stored.startswith("$argon2"):
        try:
            return check_password_hash(stored, password)  # a hash from before argon2id
        except ValueError:
            return False
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_upgrade(stored: str) -> bool:
    """True when a verified hash should be replaced: not argon2id, or other costs."""
    if not stored.startswith(ARGON2ID_PREFIX):
        return True
    try:
        return _hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True
