"""The feature-flag form: key format, a name, 0–100 %, known groups only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from madfam.rules.flags import KEY_PATTERN, KNOWN_GROUPS
from madfam.text import multi_line, single_line

GROUP_LABELS = {
    "staff": _l("All signed-in staff"),
    "admin": _l("Admins"),
    "editor": _l("Editors"),
    "viewer": _l("Viewers"),
}


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


class FlagForm(FlaskForm):
    key = StringField(
        _l("Key"),
        validators=[
            DataRequired(),
            Regexp(
                KEY_PATTERN,
                message=_l("Use capital letters, digits and underscores, starting with a letter."),
            ),
        ],
        filters=[_upper],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=200)], filters=[single_line]
    )
    description = TextAreaField(
        _l("What it decides"), validators=[Optional(), Length(max=2000)], filters=[multi_line]
    )
    enabled = BooleanField(_l("On (main switch)"))
    enabled_dev = BooleanField(_l("Development"))
    enabled_staging = BooleanField(_l("Staging"))
    enabled_prod = BooleanField(_l("Production"))
    rollout_percentage = IntegerField(
        _l("Rollout (percentage of visitors)"),
        validators=[
            InputRequired(message=_l("Enter a whole number from 0 to 100.")),
            NumberRange(0, 100, message=_l("Enter a whole number from 0 to 100.")),
        ],
    )
    user_groups = SelectMultipleField(
        _l("Always on for these groups"),
        choices=[SelectChoice(group, GROUP_LABELS[group]) for group in KNOWN_GROUPS],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
