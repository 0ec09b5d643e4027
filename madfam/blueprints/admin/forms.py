from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from madfam.enums import UserRole
from madfam.labels import PRIVACY_STATUS_LABELS, ROLE_LABELS
from madfam.rules.passwords import MAX_LENGTH, MIN_LENGTH, PasswordProblem, password_problem
from madfam.text import multi_line, single_line

ROLE_CHOICES = [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]
ROLE_HINT = _l(
    "Viewers read leads and reports; editors also change status, add notes and log "
    "activities; admins also manage users, settings and privacy requests."
)
LANGUAGE_CHOICES = [SelectChoice("es", _l("Spanish")), SelectChoice("en", _l("English"))]
PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Use at least %(min)d characters.", min=MIN_LENGTH),
    PasswordProblem.TOO_LONG: _l("Use at most %(max)d characters.", max=MAX_LENGTH),
    PasswordProblem.COMMON: _l("This password is too common. Choose one that is harder to guess."),
}


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=254)], filters=[single_line]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class EmptyForm(FlaskForm):
    """Carries only the CSRF token: the one form behind every POST-only admin button."""


def acceptable_password(form, field) -> None:
    """The staff password policy (:mod:`madfam.rules.passwords`) as a field error."""
    problem = password_problem(field.data or "")
    if problem is not None:
        raise ValidationError(PASSWORD_MESSAGES[problem])


def _password_fields(label=None):
    password = PasswordField(
        label or _l("Password"), validators=[DataRequired(), acceptable_password]
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    return password, confirm


class UserCreateForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(), Length(max=254)], filters=[single_line]
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)], filters=[single_line])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=UserRole.VIEWER.value)
    locale = SelectField(_l("Admin language"), choices=LANGUAGE_CHOICES, default="es")
    password, confirm = _password_fields()


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class PasswordResetForm(FlaskForm):
    password, confirm = _password_fields()


class AccountForm(FlaskForm):
    locale = SelectField(_l("Admin language"), choices=LANGUAGE_CHOICES)


class PasswordChangeForm(FlaskForm):
    """The signed-in user's own new password, confirmed with the current one."""

    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    password, confirm = _password_fields(_l("New password"))


class PrivacyRequestAnswerForm(FlaskForm):
    """Where a privacy request stands and what was done about it."""

    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(s.value, label) for s, label in PRIVACY_STATUS_LABELS.items()],
        validators=[DataRequired()],
    )
    resolution = TextAreaField(
        _l("Resolution note"),
        filters=[multi_line],
        validators=[Optional(), Length(max=5000)],
    )
