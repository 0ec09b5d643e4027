"""The staff area. Every view requires login; each declares the role it needs."""

from flask import Blueprint, request
from flask_login import current_user

from madfam.security import no_store, unauthorized

bp = Blueprint("admin", __name__)
# Every staff response, the login page and error pages included, is never cached.
bp.after_request(no_store)

PUBLIC_ENDPOINTS = {"admin.login"}


@bp.before_request
def require_login():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return unauthorized()
    return None


# The view modules register their routes on ``bp``.
from madfam.blueprints.admin import (  # noqa: E402
    api_tokens,  # noqa: F401
    availability,  # noqa: F401
    dashboard,  # noqa: F401
    emails,  # noqa: F401
    flags,  # noqa: F401
    integrations,  # noqa: F401
    leads,  # noqa: F401
    meetings,  # noqa: F401
    privacy,  # noqa: F401
    privacy_requests,  # noqa: F401
    routes,  # noqa: F401
    users,  # noqa: F401
)
