"""Calculator forms. Numbers are parsed from text straight to ``Decimal``, never via float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from madfam.enums import ServiceTier
from madfam.rules import roi as roi_rules
from madfam.rules.estimate import ADDONS, COMPLEXITY, PROJECT_TYPES, TIMELINE, EstimateInputs
from madfam.rules.tiers import TIER_INFO
from madfam.templating import number
from madfam.text import single_line

MAX_TEXT = 40  # longer input is never a number we accept
# 1234567.89, 1,234,567.89 (comma thousands) or 1234,5 (comma as the decimal separator)
_PLAIN = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?", re.ASCII)
_COMMA_DECIMAL = re.compile(r"-?\d+,\d{1,2}", re.ASCII)


def parse_number(text: str | None) -> Decimal:
    """Parse visitor text into a finite ``Decimal``; ``ValueError`` with a message otherwise.

    Accepts digits with an optional decimal point, comma thousands separators or a decimal
    comma. Rejects exponents, NaN, Infinity and anything else that is not plain digits.
    """
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise ValueError(_("This field is required."))
    if len(cleaned) > MAX_TEXT:
        raise ValueError(_("This number is too large."))
    if _PLAIN.fullmatch(cleaned):
        digits = cleaned
    elif _GROUPED.fullmatch(cleaned):
        digits = cleaned.replace(",", "")
    elif _COMMA_DECIMAL.fullmatch(cleaned):
        digits = cleaned.replace(",", ".")
    else:
        raise ValueError(_("Enter a number, using digits only (for example 40000)."))
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise ValueError(_("Enter a number.")) from None
    return abs(number) if number.is_zero() else number  # "-0" is 0


class DecimalText(Field):
    """A text input holding an exact decimal number within ``[low, high]``.

    ``low_open`` makes the lower bound exclusive; ``places`` limits the decimals;
    ``integer`` accepts whole numbers only. Empty input is ``None`` (use ``InputRequired``
    for mandatory fields).
    """

    widget = TextInput()

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        low: Decimal,
        high: Decimal,
        low_open: bool = False,
        places: int = 2,
        integer: bool = False,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.low, self.high, self.low_open = low, high, low_open
        self.places, self.integer = places, integer

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        if not valuelist:  # field absent: keep the default (InputRequired reports it)
            return
        self.data = None
        if not (valuelist[0] or "").strip():
            self.raw_data = [""]  # blank text counts as not given, for InputRequired too
            return
        try:
            number = parse_number(valuelist[0])
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        if self.integer and number != number.to_integral_value():
            raise ValueError(_("Enter a whole number."))
        if not self.integer and -number.as_tuple().exponent > self.places:
            raise ValueError(_("Use at most %(places)d decimal places.", places=self.places))
        too_low = number <= self.low if self.low_open else number < self.low
        if too_low or number > self.high:
            low, high = _plain(self.low), _plain(self.high)
            if self.low_open:
                message = _("Enter a number above %(low)s and up to %(high)s.", low=low, high=high)
            else:
                message = _("Enter a number from %(low)s to %(high)s.", low=low, high=high)
            raise ValueError(message)
        self.data = int(number) if self.integer else number


def _plain(value: Decimal) -> str:
    return number(value)


def tier_choices() -> list[tuple[str, str]]:
    return [(tier.value, f"{tier.value[:2]} · {_(TIER_INFO[tier].name)}") for tier in ServiceTier]


class CalculatorForm(FlaskForm):
    """Read from the query string (GET computes, stores nothing), so no CSRF token."""

    class Meta:
        csrf = False

    #: fields whose presence means the visitor asked for a calculation
    calculation_fields: tuple[str, ...] = ()

    @classmethod
    def submitted(cls, args) -> bool:
        return any(name in args for name in cls.calculation_fields)

    def check(self, touched: frozenset[str] | None = None) -> bool:
        """Validate; True when every input is complete and valid.

        ``touched`` (a live update while the visitor types) names the fields the visitor
        has left or changed: only their errors are kept, so a field not reached yet is
        not reported. ``None`` (a submitted form) reports every field.
        """
        valid = self.validate()
        if not valid and touched is not None:
            for field in self:
                if field.name not in touched:
                    field.errors = []
        return valid


class RoiForm(CalculatorForm):
    employees = DecimalText(
        _l("Number of employees"),
        [InputRequired()],
        low=Decimal(1),
        high=Decimal(roi_rules.MAX_EMPLOYEES),
        integer=True,
    )
    salary = DecimalText(
        _l("Yearly cost per employee"),
        [InputRequired()],
        low=Decimal(0),
        low_open=True,
        high=roi_rules.MAX_SALARY,
    )
    lost_pct = DecimalText(
        _l("Share of working time lost to manual or inefficient work (%)"),
        [InputRequired()],
        low=Decimal(0),
        high=Decimal(100),
    )
    recovery_pct = DecimalText(
        _l("Share of that time recovered through automation (%)"),
        [InputRequired()],
        low=Decimal(0),
        high=Decimal(100),
        default=Decimal(60),
    )
    investment = DecimalText(
        _l("Investment (optional)"),
        low=roi_rules.MIN_INVESTMENT,
        high=roi_rules.MAX_INVESTMENT,
    )
    tier = SelectField(
        _l("Service tier"), default=roi_rules.DEFAULT_TIER.value, validate_choice=True
    )

    calculation_fields = ("employees", "salary", "lost_pct", "recovery_pct", "investment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier.choices = tier_choices()

    def inputs(self, currency: str) -> roi_rules.RoiInputs:
        return roi_rules.RoiInputs(
            employees=self.employees.data,
            salary=self.salary.data,
            lost_pct=self.lost_pct.data,
            recovery_pct=self.recovery_pct.data,
            investment=self.investment.data,
            tier=ServiceTier(self.tier.data),
            currency=currency,
        )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EstimateForm(CalculatorForm):
    project_type = SelectField(
        _l("Project type"),
        [InputRequired(message=_l("Choose a project type."))],
        validate_choice=False,  # validate_project_type explains the error
    )
    complexity = SelectField(_l("Complexity"), [InputRequired()], default="medium")
    timeline = SelectField(_l("Timeline"), [InputRequired()], default="standard")
    addons = MultiCheckboxField(_l("Add-on services"), validate_choice=False)

    calculation_fields = ("project_type", "complexity", "timeline", "addons")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No project is chosen until the visitor (or a tier link) picks one.
        self.project_type.choices = [SelectChoice("", _("Choose a project…"))] + [
            SelectChoice(
                p.key,
                _(p.name),
                optgroup=f"{p.tier.value[:2]} · {_(TIER_INFO[p.tier].name)}",
            )
            for p in PROJECT_TYPES.values()
        ]
        self.complexity.choices = [(k, _(f.label)) for k, f in COMPLEXITY.items()]
        self.timeline.choices = [(k, _(f.label)) for k, f in TIMELINE.items()]
        self.addons.choices = [(k, _(a.name)) for k, a in ADDONS.items()]

    def validate_project_type(self, field):
        if field.data not in PROJECT_TYPES:
            raise ValidationError(_("Choose a project type from the list."))

    def validate_addons(self, field):
        if any(key not in ADDONS for key in field.data or ()):
            raise ValidationError(_("Choose add-ons from the list."))

    def selected_addons(self) -> tuple[str, ...]:
        chosen = set(self.addons.data or ())
        return tuple(k for k in ADDONS if k in chosen)

    def inputs(self) -> EstimateInputs:
        return EstimateInputs(
            project_type=self.project_type.data,
            complexity=self.complexity.data,
            timeline=self.timeline.data,
            addons=self.selected_addons(),
        )


class SaveForm(FlaskForm):
    """Email me this report: the address and an explicit, unticked consent."""

    email = EmailField(
        _l("Email"),
        [
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254),
            Email(message=_l("Enter a valid email address.")),
        ],
        filters=[single_line],
    )
    consent = BooleanField(
        _l(
            "I agree that MADFAM stores this calculation with my email to send me the report "
            "and follow up on it."
        ),
        [DataRequired(message=_l("Please accept so we can send you the report."))],
    )
