"""Forms of the assessment: the answer to one step and the closing contact step."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional

from madfam.text import single_line


def posted_answer(form) -> str | None:
    """The raw ``answer`` of a step form; ``None`` when the visitor chose nothing."""
    value = form.get("answer")
    return None if value is None or value == "" else value


class FinishForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[single_line],
        validators=[
            InputRequired(_l("Enter your email so we can send you the report.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
            Email(_l("Enter a valid email address, like name@company.com.")),
        ],
    )
    first_name = StringField(
        _l("First name (optional)"),
        filters=[single_line],
        validators=[Optional(), Length(max=100, message=_l("Use at most %(max)d characters."))],
    )
    company = StringField(
        _l("Company (optional)"),
        filters=[single_line],
        validators=[Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))],
    )
    marketing_consent = BooleanField(
        _l(
            "I would like to receive occasional emails about AI and MADFAM's services. "
            "I can unsubscribe at any time."
        ),
        default=False,
    )
