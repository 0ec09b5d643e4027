"""The contact form: every field labelled and length-limited, choices built per request,
and its single-use fill-time stamp."""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from dataclasses import dataclass

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from limits import RateLimitItemPerSecond
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from madfam.enums import ServiceTier
from madfam.extensions import limiter
from madfam.labels import tier_label
from madfam.rules.lead_scoring import BUDGETS, COMPANY_SIZES, INDUSTRIES, TIMEFRAMES
from madfam.services.leads import LeadInput
from madfam.text import multi_line, single_line

NAME_MAX = 100
COMPANY_MAX = 200
PHONE_MAX = 40
EMAIL_MAX = 254
MESSAGE_MAX = 5000
HONEYPOT_MAX = 200

log = logging.getLogger(__name__)

PHONE_PATTERN = r"^\+?[0-9 ().\-/]{6,30}(\s*(ext\.?|x)\s*[0-9]{1,6})?$"

# Fields the visitor fills in, in display order; inline validation accepts only these.
VISIBLE_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "company",
    "phone",
    "tier",
    "industry",
    "company_size",
    "budget",
    "timeframe",
    "message",
    "marketing_consent",
)


def _lower(value):
    value = single_line(value)
    return value.lower() if isinstance(value, str) else value


def _too_long(limit: int):
    return Length(max=limit, message=_l("Please use at most %(max)d characters.", max=limit))


def email_field() -> EmailField:
    """The visitor's email address: required, lower-cased, length-limited and checked."""
    return EmailField(
        _l("Email"),
        filters=[_lower],
        validators=[
            DataRequired(message=_l("Please enter your email address.")),
            _too_long(EMAIL_MAX),
            Email(message=_l("Please enter a valid email address, like name@company.com.")),
        ],
    )


def honeypot_field() -> StringField:
    """The anti-abuse field humans never see (hidden by CSS); a bot fills it in."""
    return StringField(
        _l("Leave this field empty"), filters=[single_line], validators=[Length(max=HONEYPOT_MAX)]
    )


def with_placeholder(placeholder, choices) -> list:
    """A select's choices led by an empty option that asks the visitor to choose."""
    return [("", placeholder), *choices]


class ChoiceField(SelectField):
    """A select whose value must be one of its choices; an empty value is left to the
    required/optional validators so a missing answer gets the friendlier message."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("default", "")
        kwargs.setdefault(
            "invalid_choice_message", _l("Please choose one of the options in the list.")
        )
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        super().pre_validate(form)


class ContactForm(FlaskForm):
    email = email_field()
    first_name = StringField(
        _l("First name"), filters=[single_line], validators=[Optional(), _too_long(NAME_MAX)]
    )
    last_name = StringField(
        _l("Last name"), filters=[single_line], validators=[Optional(), _too_long(NAME_MAX)]
    )
    company = StringField(
        _l("Company"), filters=[single_line], validators=[Optional(), _too_long(COMPANY_MAX)]
    )
    phone = StringField(
        _l("Phone"),
        filters=[single_line],
        validators=[
            Optional(),
            _too_long(PHONE_MAX),
            Regexp(
                PHONE_PATTERN,
                message=_l("Please enter a valid phone number, like +52 55 1234 5678."),
            ),
        ],
    )
    tier = ChoiceField(
        _l("Service level of interest"),
        validators=[DataRequired(message=_l("Please choose a service level."))],
    )
    industry = ChoiceField(_l("Industry"), validators=[Optional()])
    company_size = ChoiceField(_l("Company size"), validators=[Optional()])
    budget = ChoiceField(_l("Budget"), validators=[Optional()])
    timeframe = ChoiceField(_l("Timeframe"), validators=[Optional()])
    message = TextAreaField(
        _l("How can we help?"),
        filters=[multi_line],
        validators=[Optional(), _too_long(MESSAGE_MAX)],
    )
    marketing_consent = BooleanField(
        _l("I would like to receive news and offers from MADFAM by email."), default=False
    )
    # Anti-abuse fields: a honeypot humans never see and the signed time the form was shown.
    website = honeypot_field()
    started = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier.choices = with_placeholder(
            _l("Choose a service level"), ((tier.name, tier_label(tier)) for tier in ServiceTier)
        )
        for field, placeholder, options in (
            (self.industry, _l("Choose an industry"), INDUSTRIES),
            (self.company_size, _l("Choose a company size"), COMPANY_SIZES),
            (self.budget, _l("Choose a budget"), BUDGETS),
            (self.timeframe, _l("Choose a timeframe"), TIMEFRAMES),
        ):
            field.choices = with_placeholder(
                placeholder, ((key, _l(label)) for key, label in options)
            )

    def to_lead_input(self) -> LeadInput:
        """The validated answers as the service's input (empty strings become ``None``)."""

        def value(name: str) -> str | None:
            data = self[name].data
            return data or None

        return LeadInput(
            email=self.email.data,
            first_name=value("first_name"),
            last_name=value("last_name"),
            company=value("company"),
            phone=value("phone"),
            tier=ServiceTier[self.tier.data],
            message=value("message"),
            industry=value("industry"),
            company_size=value("company_size"),
            budget=value("budget"),
            timeframe=value("timeframe"),
            marketing_consent=bool(self.marketing_consent.data),
        )


# --- Minimum fill time --------------------------------------------------------------
# The form carries a signed stamp of when it was shown. A stamp is bound to the visitor's
# session (it names a random key kept in the session) and is good for one submission:
# the rate-limit storage (Redis in production) remembers spent stamps for as long as a
# stamp lives, so neither another session nor an old session cookie can replay one.

_STARTED_SALT = "contact-form-started"
_SESSION_KEY = "contact_form_key"
# A stamp older than this counts as missing: a bot cannot reuse one it fetched long ago.
STARTED_MAX_AGE_SECONDS = 24 * 3600
_SPENT = RateLimitItemPerSecond(1, STARTED_MAX_AGE_SECONDS)


@dataclass(frozen=True)
class Stamp:
    nonce: str
    elapsed: float  # seconds since the form was shown


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_STARTED_SALT)


def issue_started_token() -> str:
    """A signed stamp of the moment the form was shown, for this session only."""
    key = session.get(_SESSION_KEY)
    if not key:
        key = session[_SESSION_KEY] = secrets.token_urlsafe(16)
    return _serializer().dumps([secrets.token_urlsafe(16), key])


def read_stamp(token: str | None) -> Stamp | None:
    """The stamp, or ``None`` if it is missing, forged, older than
    :data:`STARTED_MAX_AGE_SECONDS` or issued to another session."""
    if not token:
        return None
    try:
        payload, signed_at = _serializer().loads(
            token, max_age=STARTED_MAX_AGE_SECONDS, return_timestamp=True
        )
        nonce, key = payload
    except (BadData, TypeError, ValueError):
        return None
    own = session.get(_SESSION_KEY)
    if not (own and isinstance(key, str) and isinstance(nonce, str)):
        return None
    if not hmac.compare_digest(key.encode(), own.encode()):
        return None
    return Stamp(nonce, time.time() - signed_at.timestamp())


def is_stale_stamp(token: str | None) -> bool:
    """A stamp this site did sign, but too long ago or for a session that has ended.

    That is a person whose page stayed open (or whose session changed), not a bot
    without a stamp: their answers must come back to be sent again, not vanish.
    """
    if not token or read_stamp(token) is not None:
        return False
    try:
        _serializer().loads(token)
    except (BadData, TypeError, ValueError):
        return False
    return True


def spend_stamp(stamp: Stamp) -> bool:
    """Use the stamp up; ``False`` if it was used before.

    Fails open (``True``) when rate limiting is off or its storage fails: a visitor's
    form must still go through, and the stamp is still bound to the session.
    """
    if not (current_app.config["RATELIMIT_ENABLED"] and limiter.enabled and limiter.initialized):
        return True
    try:
        return limiter.limiter.hit(_SPENT, "madfam-contact-stamp", stamp.nonce)
    except Exception:  # any storage error (Redis down, timeouts …)
        log.warning("Contact stamp storage unavailable; not checking reuse", exc_info=True)
        return True


def filled_too_fast(stamp: Stamp) -> bool:
    return stamp.elapsed < float(current_app.config["CONTACT_MIN_FILL_SECONDS"])
