"""The step-by-step AI-readiness assessment."""

from flask import Blueprint

bp = Blueprint("assessment", __name__)

from madfam.blueprints.assessment import routes  # noqa: E402, F401
