"""Flask-Login wiring: the login manager's settings and how a request finds its user.

The user behind a cookie is looked up by :func:`madfam.services.auth.load_user`; the
cookie carries the raw session token, which is what ``User.get_id`` returns.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from madfam.extensions import login_manager
from madfam.models import User
from madfam.services.auth import load_user


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def _get_id(self: User) -> str:
    """The raw session token set by ``start_session``/``load_user`` (not the user id)."""
    return self.session_token_value


User.get_id = _get_id
