"""Public pages and lead capture."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from madfam.blueprints.public import pages, routes  # noqa: E402, F401
