"""Flask-Login wiring: the login manager's settings and how a request finds its user.

The user behind a cookie is looked up by :func:`madfam.services.auth.load_session`; the
cookie carries the raw session token, which is what ``User.get_id`` returns. A session
ended for inactivity leaves a mark in the cookie session, so the login page says why
(:func:`pop_idle_sign_out`), whether the request was a page or an htmx fragment.
"""

from __future__ import annotations

from flask import Flask, flash, redirect, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_url

from madfam.extensions import login_manager
from madfam.models import User
from madfam.services.auth import load_session

IDLE_SIGN_OUT = "_signed_out_idle"


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_send_to_login)


def _load_user(token: str) -> User | None:
    user, idle = load_session(token)
    if idle:
        session[IDLE_SIGN_OUT] = True
    return user


def _send_to_login():
    """Flask-Login's redirect to the login page, without its generic message when the
    login page will say that the session ended for inactivity."""
    if not session.get(IDLE_SIGN_OUT):
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def pop_idle_sign_out() -> bool:
    """True once after a session was ended for inactivity (the login page's message)."""
    return bool(session.pop(IDLE_SIGN_OUT, False))


def _get_id(self: User) -> str:
    """The raw session token set by ``start_session``/``load_session`` (not the user id)."""
    return self.session_token_value


User.get_id = _get_id
