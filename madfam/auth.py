"""Staff authentication with server-side sessions.

Flask-Login keeps only a random session token in the signed cookie; the database
keeps its SHA-256 in a ``Session`` row with an expiry. Deleting the row ends the
session everywhere, so logout, expiry and revocation are real.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from madfam.extensions import db, login_manager
from madfam.models import Session, User
from madfam.security import hash_token

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


def start_session(user: User) -> str:
    """Create a Session row and return the raw token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    hours = current_app.config["SESSION_LIFETIME_HOURS"]
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
