"""Staff authentication with server-side sessions: passwords, sign-in throttling,
sign-in and sign-out, and the idle timeout.

Flask-Login keeps only a random session token in the signed cookie; the database
keeps its SHA-256 in a ``Session`` row with an expiry and the time it was last used.
Deleting the row ends the session everywhere, so logout, expiry, idleness and revocation
are real. The Flask-Login wiring lives in :mod:`madfam.login`; the limits are settings
(``madfam.config``); password hashing lives in :mod:`madfam.services.passwords`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.strategies import RateLimiter
from sqlalchemy import delete, select

from madfam import jobs
from madfam.extensions import db, limiter
from madfam.models import Session, User
from madfam.security import hash_ip, hash_token
from madfam.services import passwords
from madfam.services.passwords import hash_password

# The name operators filter on; it predates this module's place under services/.
log = logging.getLogger("madfam.auth")

# Namespaces of the throttle counters: one account from one client address, and one
# account from anywhere (counted only, never refused).
_PAIR = "madfam-login"
_ACCOUNT = "madfam-login-account"
_COUNT_ONLY = 1_000_000
# Last-used times are written at most this often per session.
TOUCH_INTERVAL = timedelta(minutes=1)


def verify_password(user: User | None, password: str) -> bool:
    stored = user.password_hash if user is not None else None
    return passwords.verify(stored, password)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or ``None``.

    A hash from before argon2id (or with other costs) is replaced by a new one; the
    sign-in's commit stores it.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if not verify_password(user, password) or not user.is_active:
        return None
    if passwords.needs_upgrade(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def login_ip_limit() -> str:
    """Failed sign-in POSTs allowed per client IP address (Flask-Limiter on the view)."""
    return current_app.config["LOGIN_IP_LIMIT"]


def address_key(address: str | None) -> str:
    """The client address as the throttles key it: a keyed hash, never the address."""
    return hash_ip(address) or "no-address"


def _account_key(email: str) -> str:
    """The throttle key for whatever was typed as the email; the address is not stored."""
    normalised = email.strip().lower().encode()
    return hashlib.sha256(b"login-failures:" + normalised).hexdigest()


def _pair_key(email: str, address: str | None) -> str:
    return f"{_account_key(email)}:{address_key(address)}"


def _pair_limit() -> RateLimitItem:
    """Failed sign-ins to one account (any email typed, known or not) from one client
    address before that address is refused for that account, and for how long."""
    config = current_app.config
    return RateLimitItemPerMinute(
        config["LOGIN_ACCOUNT_MAX_FAILURES"], config["LOGIN_LOCKOUT_MINUTES"]
    )


def _account_window() -> RateLimitItem:
    """Counts an account's failures from every address in the lockout window."""
    return RateLimitItemPerMinute(_COUNT_ONLY, current_app.config["LOGIN_LOCKOUT_MINUTES"])


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

    The throttle fails open: a broken rate-limit storage must not lock staff out, so
    the error is logged and the sign-in goes on unthrottled.
    """
    strategy = _strategy()
    if strategy is None:
        return default
    try:
        return action(strategy)
    except Exception:  # any storage error (Redis down, timeouts …)
        log.warning("Login throttle storage unavailable; not throttling", exc_info=True)
        return default


def login_refused(email: str, address: str | None = None) -> bool:
    """True while this client address has used up its failed attempts on this account.

    Other addresses are not refused: an attacker's failures never lock the owner out.
    """
    key = _pair_key(email, address)
    allowed = _counted(lambda s: s.test(_pair_limit(), _PAIR, key), True)
    return not allowed


def _hit(strategy: RateLimiter, item: RateLimitItem, namespace: str, key: str) -> int:
    """Count one failure; how many there are in the window now."""
    strategy.hit(item, namespace, key)
    return item.amount - strategy.get_window_stats(item, namespace, key).remaining


def _delay(failures: int, free: int, cap: float) -> float:
    """Seconds to wait: none for the first ``free`` failures, then doubling up to ``cap``."""
    extra = failures - free
    if extra <= 0:
        return 0.0
    base = current_app.config["LOGIN_FAILURE_DELAY_SECONDS"]
    return min(base * 2 ** min(extra - 1, 32), cap)


def record_login_failure(email: str, address: str | None = None) -> None:
    """Count one failure and answer more slowly as failures mount.

    From one address the first ``LOGIN_FREE_FAILURES`` are answered at once, then ever
    slower up to ``LOGIN_MAX_DELAY_SECONDS``. Failures on the account from every address
    add a gentler delay past ``LOGIN_ACCOUNT_MAX_FAILURES``, never more than
    ``LOGIN_ACCOUNT_MAX_DELAY_SECONDS``: a distributed attack is slowed, not the owner.
    """
    pair_key, account_key = _pair_key(email, address), _account_key(email)

    def hit(strategy: RateLimiter) -> tuple[int, int]:
        return (
            _hit(strategy, _pair_limit(), _PAIR, pair_key),
            _hit(strategy, _account_window(), _ACCOUNT, account_key),
        )

    counts = _counted(hit, None)
    if counts is None:
        return
    config = current_app.config
    delay = max(
        _delay(counts[0], config["LOGIN_FREE_FAILURES"], config["LOGIN_MAX_DELAY_SECONDS"]),
        _delay(
            counts[1],
            config["LOGIN_ACCOUNT_MAX_FAILURES"],
            config["LOGIN_ACCOUNT_MAX_DELAY_SECONDS"],
        ),
    )
    if delay > 0:
        _sleep(delay)


def clear_login_failures(email: str, address: str | None = None) -> None:
    """After a successful sign-in: this address starts afresh on this account."""
    key = _pair_key(email, address)
    _counted(lambda s: s.clear(_pair_limit(), _PAIR, key), None)


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
            expires=now + timedelta(hours=hours),
            last_seen_at=now,
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


def end_other_sessions(user_id: str, keep_token: str | None) -> int:
    """End every session of a user but the one of ``keep_token``."""
    stmt = delete(Session).where(Session.user_id == user_id)
    if keep_token:
        stmt = stmt.where(Session.session_token != hash_token(keep_token))
    return db.session.execute(stmt).rowcount or 0


def _idle_timeout() -> timedelta:
    return timedelta(minutes=current_app.config["ADMIN_IDLE_TIMEOUT_MINUTES"])


def load_session(token: str) -> tuple[User | None, bool]:
    """The signed-in user of this session token, and whether it was just ended for
    being unused longer than ``ADMIN_IDLE_TIMEOUT_MINUTES``.

    An idle session's row is deleted. A live one records that it was used, at most once
    per ``TOUCH_INTERVAL``, so a busy session does not write on every request. Runs when
    a staff request first asks for its user, before its view changes anything.
    """
    row = db.session.scalar(select(Session).where(Session.session_token == hash_token(token)))
    now = datetime.now(UTC)
    if row is None or row.expires <= now:
        return None, False
    if row.last_seen_at + _idle_timeout() <= now:
        db.session.delete(row)
        jobs.commit()
        return None, True
    user = row.user
    if not user.is_active:
        return None, False
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        jobs.commit()
    user.session_token_value = token
    return user, False


def load_user(token: str) -> User | None:
    return load_session(token)[0]
