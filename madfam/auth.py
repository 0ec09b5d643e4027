"""Staff authentication with server-side sessions.

Flask-Login keeps only a random session token in the signed cookie; the database
keeps its SHA-256 in a ``Session`` row with an expiry. Deleting the row ends the
session everywhere, so logout, expiry and revocation are real.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from limits import RateLimitItemPerMinute
from limits.strategies import RateLimiter
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from madfam import jobs
from madfam.extensions import db, limiter, login_manager
from madfam.models import Session, User
from madfam.security import hash_token

# Failed sign-ins per account (any email typed, known or not) before it is refused,
# and for how long; the first free failures are answered at once, later ones slower.
LOGIN_ACCOUNT_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15
LOGIN_FREE_FAILURES = 2
LOGIN_FAILURE_DELAY_SECONDS = 0.25
LOGIN_MAX_DELAY_SECONDS = 2.0
# Failed sign-in POSTs per client IP address (Flask-Limiter on the login view).
LOGIN_IP_LIMIT = "20 per 15 minutes"

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


def _setting(name: str, default):
    return current_app.config.get(name, default)


def login_ip_limit() -> str:
    return _setting("LOGIN_IP_LIMIT", LOGIN_IP_LIMIT)


def _account_key(email: str) -> str:
    """The throttle key for whatever was typed as the email; the address is not stored."""
    normalised = email.strip().lower().encode()
    return hashlib.sha256(b"login-failures:" + normalised).hexdigest()


def _account_limit():
    return RateLimitItemPerMinute(
        _setting("LOGIN_ACCOUNT_MAX_FAILURES", LOGIN_ACCOUNT_MAX_FAILURES),
        _setting("LOGIN_LOCKOUT_MINUTES", LOGIN_LOCKOUT_MINUTES),
    )


log = logging.getLogger(__name__)


def _strategy() -> RateLimiter | None:
    """The limiter's strategy (its in-memory fallback while the storage is down).

    ``None`` when rate limiting is switched off (``RATELIMIT_ENABLED = False``).
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
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
    """Count one failure for the account and answer more slowly as failures mount."""
    item = _account_limit()
    key = _account_key(email)

    def hit(strategy: RateLimiter):
        strategy.hit(item, "madfam-login", key)
        return strategy.get_window_stats(item, "madfam-login", key)

    stats = _counted(hit, None)
    if stats is None:
        return
    failures = item.amount - stats.remaining
    extra = failures - _setting("LOGIN_FREE_FAILURES", LOGIN_FREE_FAILURES)
    if extra > 0:
        base = _setting("LOGIN_FAILURE_DELAY_SECONDS", LOGIN_FAILURE_DELAY_SECONDS)
        cap = _setting("LOGIN_MAX_DELAY_SECONDS", LOGIN_MAX_DELAY_SECONDS)
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


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def _get_id(self: User) -> str:
    return self.session_token_value


User.get_id = _get_id
