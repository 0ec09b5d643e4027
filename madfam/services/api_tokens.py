"""Leads API tokens: created by an ADMIN, shown once, stored as a SHA-256, revocable.

A token is 32 random bytes from the OS CSPRNG (256 bits). Guessing one, or finding one
from its hash, is out of reach without a slow, salted password hash; a plain SHA-256
lets each request find its token with one indexed lookup. The token is never stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from madfam.enums import UserRole
from madfam.extensions import db
from madfam.models import ApiToken, IdempotentResponse, User

SCOPES = ("read", "write")
TOKEN_PREFIX = "mfk_"  # noqa: S105 - marks a token, no secret
# last_used_at is written at most this often per token: a read stays a read.
TOUCH_EVERY = timedelta(minutes=1)
# Stored answers to Idempotency-Key requests are kept this long.
IDEMPOTENCY_TTL = timedelta(hours=24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def list_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())))


def get_token(token_id: str) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def create_token(name: str, scope: str, user: User) -> tuple[ApiToken, str]:
    """A new token and its secret (returned once, never stored); commits."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        name=name.strip(),
        scope=scope,
        token_hash=token_hash(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        created_by_id=user.id,
    )
    db.session.add(row)
    db.session.commit()
    return row, secret


def revoke_token(row: ApiToken) -> bool:
    """Revoke the token (the next request with it is refused); False if it already was."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = datetime.now(UTC)
    db.session.commit()
    return True


def authenticate(secret: str) -> tuple[ApiToken, User] | None:
    """The live token with this secret and the ADMIN it acts for, else None.

    A revoked token, or one whose creator is no longer an active ADMIN, is refused.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if row is None or row.revoked_at is not None or row.created_by_id is None:
        return None
    user = db.session.get(User, row.created_by_id)
    if user is None or not user.is_active or not user.can(UserRole.ADMIN):
        return None
    _touch(row)
    return row, user


def _touch(row: ApiToken) -> None:
    now = datetime.now(UTC)
    if row.last_used_at is not None and now - row.last_used_at < TOUCH_EVERY:
        return
    db.session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    db.session.commit()


# --- Idempotency-Key ------------------------------------------------------------------


class IdempotencyConflict(Exception):
    """The key was used with another request, or its first request still runs."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def claim_key(token_id: str, key: str, print_: str) -> IdempotentResponse | None:
    """Reserve ``key`` for this request; a finished earlier answer is returned to replay.

    Raises IdempotencyConflict when the key came with another request
    (``idempotency_key_reused``) or its first request has not finished
    (``idempotency_in_progress``).
    """
    _forget_old()
    found = db.session.scalar(
        select(IdempotentResponse).where(
            IdempotentResponse.token_id == token_id, IdempotentResponse.key == key
        )
    )
    if found is None:
        db.session.add(IdempotentResponse(token_id=token_id, key=key, fingerprint=print_))
        try:
            db.session.commit()
        except Exception:  # a concurrent request claimed it first
            db.session.rollback()
            raise IdempotencyConflict("idempotency_in_progress") from None
        return None
    if found.fingerprint != print_:
        raise IdempotencyConflict("idempotency_key_reused")
    if found.status is None:
        raise IdempotencyConflict("idempotency_in_progress")
    return found


def store_answer(token_id: str, key: str, status: int, body: str) -> None:
    """Keep the answer for replays; a server error frees the key for a retry instead."""
    db.session.rollback()
    row = db.session.scalar(
        select(IdempotentResponse).where(
            IdempotentResponse.token_id == token_id, IdempotentResponse.key == key
        )
    )
    if row is None:
        return
    if status >= 500:
        db.session.delete(row)
    else:
        row.status, row.body = status, body
    db.session.commit()


def _forget_old() -> None:
    cutoff = datetime.now(UTC) - IDEMPOTENCY_TTL
    old = db.session.scalars(
        select(IdempotentResponse.id).where(IdempotentResponse.created_at < cutoff).limit(100)
    ).all()
    if old:
        db.session.execute(
            IdempotentResponse.__table__.delete().where(IdempotentResponse.id.in_(old))
        )
        db.session.commit()
