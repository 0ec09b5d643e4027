"""Booking a call: free slots in the visitor's time zone, the booking form, the result."""

from flask import Blueprint

bp = Blueprint("booking", __name__)

from madfam.blueprints.booking import manage, routes  # noqa: E402, F401
