"""Secrets at rest: MultiFernet over ``ENCRYPTION_KEYS`` (newest key first).

Encryption always uses the newest key; decryption tries every key, so old rows stay
readable after a new key is prepended. ``rotate`` re-encrypts a token with the newest
key (what ``flask rotate-keys`` does to every stored secret).
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

__all__ = [
    "InvalidToken",
    "decrypt",
    "decrypt_json",
    "decrypt_url",
    "encrypt",
    "encrypt_json",
    "is_plain_url",
    "rotate",
]


class EncryptionNotConfigured(RuntimeError):
    """ENCRYPTION_KEYS is empty, so no secret can be stored."""


def _fernet() -> MultiFernet:
    keys = current_app.config.get("ENCRYPTION_KEYS") or ()
    if isinstance(keys, str):
        keys = tuple(k.strip() for k in keys.split(",") if k.strip())
    if not keys:
        raise EncryptionNotConfigured("ENCRYPTION_KEYS is not set; secrets cannot be stored")
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    return _fernet().rotate(token.encode()).decode()


def encrypt_json(value: dict[str, Any]) -> dict[str, str]:
    """The stored shape of an encrypted JSON column: ``{"ciphertext": token}``."""
    return {"ciphertext": encrypt(json.dumps(value, sort_keys=True))}


def decrypt_json(stored: dict[str, Any] | None) -> dict[str, Any]:
    if not stored or "ciphertext" not in stored:
        return {}
    return json.loads(decrypt(stored["ciphertext"]))


def is_plain_url(stored: str) -> bool:
    """A stored URL in the clear (http or https), as opposed to a Fernet token of one."""
    return stored[:8].lower().startswith(("http://", "https://"))


def decrypt_url(stored: str | None) -> str | None:
    """The URL a stored webhook URL stands for: a Fernet token is decrypted, a plain
    http(s) URL (a generic endpoint's, or one stored before encryption) is itself."""
    if not stored or is_plain_url(stored):
        return stored
    return decrypt(stored)


# --- Signed ids in links ------------------------------------------------------------------


def sign_id(salt: str, value: str) -> str:
    """An unguessable token naming ``value`` (an id), for a link; ``salt`` keeps the
    tokens of one kind of link from opening another."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt).dumps(value)


def unsign_id(salt: str, token: str) -> str | None:
    """The id a valid token of this kind names; ``None`` for anything else."""
    try:
        value = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None
