"""Lead scoring: points for how complete and qualified a contact request is (0-100).

Rules, in order (see ``score``): base 40; +15 company; +10 phone; +20 business email
domain; +10 message longer than 50 characters; +5 tier selected (by the visitor: a tier
an assessment only recommended is not passed in, so it scores nothing); + industry points
(0-15, ``INDUSTRY_POINTS``); + company size points (0-10, ``COMPANY_SIZE_POINTS``);
the total is clamped to 0-100.
"""

import re
from dataclasses import dataclass

from madfam.enums import ServiceTier
from madfam.rules._text import N_

# --- Points -------------------------------------------------------------------------

BASE_POINTS = 40
COMPANY_POINTS = 15
PHONE_POINTS = 10
BUSINESS_EMAIL_POINTS = 20
MESSAGE_POINTS = 10
MESSAGE_MIN_LENGTH = 50  # the message must be *longer* than this (after stripping)
TIER_POINTS = 5
MIN_SCORE = 0
MAX_SCORE = 100

# --- Form choices (key, label) and their points --------------------------------------

INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("technology", N_("Technology and software")),
    ("finance", N_("Finance and insurance")),
    ("healthcare", N_("Healthcare and life sciences")),
    ("manufacturing", N_("Manufacturing and industry")),
    ("retail", N_("Retail and e-commerce")),
    ("education", N_("Education")),
    ("government", N_("Government and public sector")),
    ("logistics", N_("Logistics and transportation")),
    ("real_estate", N_("Real estate and construction")),
    ("professional_services", N_("Professional services")),
    ("media", N_("Media and marketing")),
    ("other", N_("Other")),
)

# Industry relevance for our services (0-15); unknown or missing industry scores 0.
INDUSTRY_POINTS: dict[str, int] = {
    "technology": 15,
    "manufacturing": 15,
    "finance": 12,
    "healthcare": 12,
    "logistics": 12,
    "retail": 10,
    "professional_services": 10,
    "real_estate": 8,
    "media": 8,
    "education": 6,
    "government": 6,
    "other": 3,
}

COMPANY_SIZES: tuple[tuple[str, str], ...] = (
    ("1-10", N_("1-10 employees")),
    ("11-50", N_("11-50 employees")),
    ("51-200", N_("51-200 employees")),
    ("201-1000", N_("201-1,000 employees")),
    ("1000+", N_("More than 1,000 employees")),
)

# Company size points (0-10); unknown or missing size scores 0.
COMPANY_SIZE_POINTS: dict[str, int] = {
    "1-10": 2,
    "11-50": 4,
    "51-200": 6,
    "201-1000": 8,
    "1000+": 10,
}

# Budgets are in Mexican pesos (MXN). Not scored.
BUDGETS: tuple[tuple[str, str], ...] = (
    ("under_50k", N_("Under $50,000 MXN")),
    ("50k_250k", N_("$50,000 - $250,000 MXN")),
    ("250k_1m", N_("$250,000 - $1,000,000 MXN")),
    ("over_1m", N_("Over $1,000,000 MXN")),
    ("undecided", N_("Not defined yet")),
)

# Not scored.
TIMEFRAMES: tuple[tuple[str, str], ...] = (
    ("immediately", N_("Immediately")),
    ("1_3_months", N_("In 1-3 months")),
    ("3_6_months", N_("In 3-6 months")),
    ("6_12_months", N_("In 6-12 months")),
    ("exploring", N_("Just exploring")),
)

# Display labels for the breakdown rule keys.
RULE_LABELS: dict[str, str] = {
    "base": N_("Base score"),
    "company": N_("Company provided"),
    "phone": N_("Phone provided"),
    "business_email": N_("Business email domain"),
    "message": N_("Detailed message"),
    "tier": N_("Service tier selected"),
    "industry": N_("Industry relevance"),
    "company_size": N_("Company size"),
    "budget": N_("Budget"),
    "timeframe": N_("Timeframe"),
    "clamp": N_("Adjustment to the 0-100 range"),
}

# Display labels for ``ScoreResult.variant``.
VARIANT_LABELS: dict[str, str] = {
    "standard": N_("Standard rules"),
    "intent": N_("Intent rules (budget and timeframe count)"),
}

# --- Email domains ------------------------------------------------------------------

FREE_EMAIL_DOMAINS: frozenset[str] = frozenset(
    {
        # Global free mail
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.com.mx",
        "yahoo.es",
        "yahoo.co.uk",
        "yahoo.com.br",
        "ymail.com",
        "rocketmail.com",
        "hotmail.com",
        "hotmail.es",
        "hotmail.co.uk",
        "hotmail.com.mx",
        "outlook.com",
        "outlook.es",
        "live.com",
        "live.com.mx",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "tutanota.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "mail.ru",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "qq.com",
        "163.com",
        # Latin America
        "prodigy.net.mx",
        "uol.com.br",
        "bol.com.br",
        "terra.com.br",
        "terra.com.mx",
        "ig.com.br",
        # Disposable / temporary
        "mailinator.com",
        "guerrillamail.com",
        "sharklasers.com",
        "10minutemail.com",
        "tempmail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "getnada.com",
        "dispostable.com",
        "maildrop.cc",
        "throwawaymail.com",
        "fakeinbox.com",
    }
)

_LOCAL_PART = re.compile(r"^[^\s@]+$")
_DOMAIN_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def email_domain(email: str | None) -> str | None:
    """Lower-cased domain of a plausible email address, or ``None`` if malformed."""
    if not isinstance(email, str):
        return None
    local, sep, domain = email.strip().lower().rpartition("@")
    if not sep or not _LOCAL_PART.match(local):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():  # IP-like or numeric TLD
        return None
    return domain


def is_business_email(email: str | None) -> bool:
    """True for a well-formed address whose domain (or parent domain) is not free mail."""
    domain = email_domain(email)
    if domain is None:
        return False
    labels = domain.split(".")
    return not any(".".join(labels[i:]) in FREE_EMAIL_DOMAINS for i in range(len(labels) - 1))


# --- Scoring ------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadFields:
    email: str
    company: str | None = None
    phone: str | None = None
    message: str | None = None
    tier: ServiceTier | str | None = None  # the visitor's own choice, never a recommendation
    industry: str | None = None
    company_size: str | None = None
    budget: str | None = None  # scored by the second variant only
    timeframe: str | None = None  # scored by the second variant only


@dataclass(frozen=True)
class ScoreResult:
    score: int
    breakdown: tuple[tuple[str, int], ...]
    variant: str = "standard"  # which rules scored: "standard" or "intent" (lead_scoring_v2)


def _present(value: str | None) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _valid_tier(tier: ServiceTier | str | None) -> bool:
    if isinstance(tier, ServiceTier):
        return True
    if not _present(tier):
        return False
    return tier.strip().upper() in ServiceTier.__members__


def _key(value: str | None) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


STANDARD_WEIGHTS: dict[str, int] = {
    "base": BASE_POINTS,
    "company": COMPANY_POINTS,
    "phone": PHONE_POINTS,
    "business_email": BUSINESS_EMAIL_POINTS,
    "message": MESSAGE_POINTS,
    "tier": TIER_POINTS,
}


def form_rules(fields: LeadFields, weights: dict[str, int]) -> list[tuple[str, int]]:
    """The points of the form-completeness rules, with ``weights`` for the fixed ones."""
    message = fields.message.strip() if isinstance(fields.message, str) else ""
    return [
        ("base", weights["base"]),
        ("company", weights["company"] if _present(fields.company) else 0),
        ("phone", weights["phone"] if _present(fields.phone) else 0),
        ("business_email", weights["business_email"] if is_business_email(fields.email) else 0),
        ("message", weights["message"] if len(message) > MESSAGE_MIN_LENGTH else 0),
        ("tier", weights["tier"] if _valid_tier(fields.tier) else 0),
        ("industry", INDUSTRY_POINTS.get(_key(fields.industry), 0)),
        ("company_size", COMPANY_SIZE_POINTS.get(_key(fields.company_size), 0)),
    ]


def result_of(breakdown: list[tuple[str, int]], variant: str) -> ScoreResult:
    """The total clamped to 0-100; a ``clamp`` row records any adjustment."""
    total = sum(points for _, points in breakdown)
    clamped = max(MIN_SCORE, min(MAX_SCORE, total))
    if clamped != total:
        breakdown = [*breakdown, ("clamp", clamped - total)]
    return ScoreResult(score=clamped, breakdown=tuple(breakdown), variant=variant)


def score(fields: LeadFields) -> ScoreResult:
    """Score a lead; the breakdown lists every rule key with the points it earned."""
    return result_of(form_rules(fields, STANDARD_WEIGHTS), "standard")
