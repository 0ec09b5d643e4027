"""The booking form and the visitor's time zone."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from madfam.rules.slots import parse_slot, slot_key  # noqa: F401 - the views' names
from madfam.text import multi_line, single_line

DEFAULT_ZONE = "America/Mexico_City"
# Offered in the select, in this order; any other valid IANA zone the browser
# reports is accepted and added.
ZONES = (
    "America/Mexico_City", "America/Cancun", "America/Chihuahua", "America/Hermosillo",
    "America/Mazatlan", "America/Tijuana", "America/Guatemala", "America/Costa_Rica",
    "America/Panama", "America/Bogota", "America/Lima", "America/Caracas",
    "America/Santiago", "America/Argentina/Buenos_Aires", "America/Sao_Paulo",
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "Europe/Lisbon", "Europe/London", "Europe/Madrid", "UTC",
)  # fmt: skip


def visitor_zone(value: str | None) -> str:
    value = (value or "").strip()
    return value if value in ZONES or value in available_timezones() else DEFAULT_ZONE


def _lower(value):
    value = single_line(value)
    return value.lower() if isinstance(value, str) else value


def _max(limit: int) -> Length:
    return Length(max=limit, message=_l("Please use at most %(max)d characters.", max=limit))


class BookingForm(FlaskForm):
    tz = HiddenField()
    name = StringField(
        _l("Name"),
        filters=[single_line],
        validators=[DataRequired(message=_l("Please enter your name.")), _max(200)],
    )
    email = EmailField(
        _l("Email"),
        filters=[_lower],
        validators=[
            DataRequired(message=_l("Please enter your email address.")),
            _max(254),
            Email(message=_l("Please enter a valid email address, like name@company.com.")),
        ],
    )
    company = StringField(_l("Company"), filters=[single_line], validators=[Optional(), _max(200)])
    note = TextAreaField(
        _l("Anything we should know before the call?"),
        filters=[multi_line],
        validators=[Optional(), _max(2000)],
    )
    consent = BooleanField(
        _l("I agree that MADFAM uses my details to arrange and hold this call."),
        validators=[DataRequired(message=_l("Please agree so that we can book the call."))],
    )
