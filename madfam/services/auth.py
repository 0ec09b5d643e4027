"""Staff authentication with server-side sessions: passwords, sign-in throttling,
sign-in and sign-out.

Flask-Login keeps only a random session token in the signed cookie; the database
keeps its SHA-256 in a ``Session`` row with an expiry. Deleting the row ends the
session everywhere, so logout, expiry and revocation are real. The Flask-Login
wiring lives in :mod:`madfam.login`; the limits are settings (``madfam.config``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from limits import RateLimitItemPerMinute
from limits.strategies import RateLimiter
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from madfam import jobs
from madfam.extensions import db, limiter
from madfam.models import Session, User
from madfam.security import hash_token

# The name operators filter on; it predates this module's place under services/.
log = logging.getLogger("madfam.auth")

# A fixed hash to compare against for unknown emails, so timing does not reveal them.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def verify_password(user: User | None, password: str) -> bool:
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if not verify_password(user, password) or not user.is_active:
        return None
    return user


def login_ip_limit() -> str:
    """Failed sign-in POSTs allowed per client IP address (Flask-Limiter on the view)."""
    return current_app.config["LOGIN_IP_LIMIT"]


def _account_key(email: str) -> str:
    """The throttle key for whatever was typed as the email; the address is not stored."""
    normalised = email.strip().lower().encode()
    return hashlib.sha256(b"login-failures:" + normalised).hexdigest()


def _account_limit():
    """Failed sign-ins per account (any email typed, known or not) before it is refused,
    and for how long."""
    config = current_app.config
    return RateLimitItemPerMinute(
        config["LOGIN_ACCOUNT_MAX_FAILURES"], config["LOGIN_LOCKOUT_MINUTES"]
    )


def _strategy() -> RateLimiter | None:
    """The limiter's strategy (its in-memory fallback while the storage is down).

    ``None`` when rate limiting is switched off (``RATELIMIT_ENABLED = False``).
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return None
    if not (limiter.enabled and limiter.initialized):
        return None
    return limiter.limiter


def _counted(action: Callable[[RateLimiter], object], default: object) -> object:
    """Run ``action`` on the strategy; ``default`` if limiting is off or storage fails.

    The per-account throttle fails open: a broken rate-limit storage must not lock
    staff out, so the error is logged and the sign-in goes on unthrottled.
    """
    strategy = _strategy()
    if strategy is None:
        return default
    try:
        return action(strategy)
    except Exception:  # any storage error (Redis down, timeouts …)
        log.warning("Login throttle storage unavailable; not throttling", exc_info=True)
        return default


def login_refused(email: str) -> bool:
    """True while this account has used up its failed attempts (known email or not)."""
    key = _account_key(email)
    allowed = _counted(lambda s: s.test(_account_limit(), "madfam-login", key), True)
    return not allowed


def record_login_failure(email: str) -> None:
    """Count one failure for the account and answer more slowly as failures mount: the
    first ``LOGIN_FREE_FAILURES`` at once, then ever slower up to a cap."""
    item = _account_limit()
    key = _account_key(email)

    def hit(strategy: RateLimiter):
        strategy.hit(item, "madfam-login", key)
        return strategy.get_window_stats(item, "madfam-login", key)

    stats = _counted(hit, None)
    if stats is None:
        return
    config = current_app.config
    failures = item.amount - stats.remaining
    extra = failures - config["LOGIN_FREE_FAILURES"]
    if extra > 0:
        base = config["LOGIN_FAILURE_DELAY_SECONDS"]
        cap = config["LOGIN_MAX_DELAY_SECONDS"]
        delay = min(base * 2 ** (extra - 1), cap)
        if delay > 0:
            _sleep(delay)


def clear_login_failures(email: str) -> None:
    key = _account_key(email)
    _counted(lambda s: s.clear(_account_limit(), "madfam-login", key), None)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def start_session(user: User) -> str:
    """Create a Session row and return the raw token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    hours = current_app.config["SESSION_LIFETIME_HOURS"]
    now = datetime.now(UTC)
    db.session.execute(delete(Session).where(Session.user_id == user.id, Session.expires <= now))
    db.session.add(
        Session(
            session_token=hash_token(token),
            user_id=user.id,
            expires=datetime.now(UTC) + timedelta(hours=hours),
        )
    )
    user.session_token_value = token
    return token


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            Session.__table__.delete().where(Session.session_token == hash_token(token))
        )


def end_all_sessions(user_id: str) -> int:
    """End every session of a user (sign out everywhere, revocation, deactivation)."""
    result = db.session.execute(delete(Session).where(Session.user_id == user_id))
    return result.rowcount or 0


def sign_in(user: User) -> str:
    """Start a session for ``user`` and commit; returns the raw session token."""
    token = start_session(user)
    jobs.commit()
    return token


def sign_out(token: str | None) -> None:
    """End this one session and commit."""
    end_session(token)
    jobs.commit()


def sign_out_everywhere(user_id: str) -> int:
    """End every session of the user and commit; returns how many were ended."""
    ended = end_all_sessions(user_id)
    jobs.commit()
    return ended


def load_user(token: str) -> User | None:
    row = db.session.scalar(select(Session).where(Session.session_token == hash_token(token)))
    if row is None or row.expires <= datetime.now(UTC):
        return None
    user = row.user
    if not user.is_active:
        return None
    user.session_token_value = token
    return user
