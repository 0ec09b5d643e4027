"""Public pages, lead capture and the privacy pages."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from madfam.blueprints.public import pages, privacy, routes, unsubscribe  # noqa: E402, F401
