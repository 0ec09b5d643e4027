"""The ARCO request form: a visitor exercises a privacy right."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired

from madfam.blueprints.public.forms import (
    NAME_MAX,
    ChoiceField,
    _too_long,
    email_field,
    honeypot_field,
    with_placeholder,
)
from madfam.labels import PRIVACY_RIGHT_LABELS
from madfam.text import multi_line, single_line

DETAILS_MAX = 5000


class PrivacyRequestForm(FlaskForm):
    """A visitor exercises an ARCO right: who they are, which right, and the details."""

    name = StringField(
        _l("Full name"),
        filters=[single_line],
        validators=[
            DataRequired(message=_l("Please enter your full name.")),
            _too_long(NAME_MAX * 2),
        ],
    )
    email = email_field()
    right = ChoiceField(
        _l("What would you like to do?"),
        validators=[DataRequired(message=_l("Please choose the right you want to exercise."))],
    )
    details = TextAreaField(
        _l("Details"),
        filters=[multi_line],
        validators=[
            DataRequired(
                message=_l("Please tell us which data or which use your request is about.")
            ),
            _too_long(DETAILS_MAX),
        ],
    )
    consent = BooleanField(
        _l("I agree that MADFAM uses these details to handle my request and answer me."),
        validators=[DataRequired(message=_l("Please accept so we can handle your request."))],
    )
    website = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.right.choices = with_placeholder(
            _l("Choose a right"),
            ((right.name, label) for right, label in PRIVACY_RIGHT_LABELS.items()),
        )
