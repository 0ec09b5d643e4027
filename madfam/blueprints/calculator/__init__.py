"""ROI and project-estimate calculators."""

from flask import Blueprint

bp = Blueprint("calculator", __name__)

from madfam.blueprints.calculator import routes  # noqa: E402, F401
