"""Lead source attribution from UTM parameters and a ``ref`` code.

``RULES`` is evaluated in order and the first matching rule wins; when none matches
the source is ``DEFAULT_SOURCE`` (WEBSITE). All comparisons are case-insensitive.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from madfam.enums import LeadSource

REFERRAL_MEDIUMS = frozenset({"referral", "partner", "affiliate"})
SOCIAL_MEDIUMS = frozenset({"social", "social-media", "social_media", "sm"})
DIRECT_MEDIUMS = frozenset({"email", "e-mail", "e_mail", "direct", "sales", "outbound"})
EVENT_MEDIUMS = frozenset({"event"})

# utm_source values that mean a social network (exact match, leading "www." ignored).
SOCIAL_SOURCES = frozenset(
    {
        "facebook",
        "facebook.com",
        "m.facebook.com",
        "l.facebook.com",
        "lm.facebook.com",
        "fb",
        "messenger",
        "instagram",
        "instagram.com",
        "ig",
        "linkedin",
        "linkedin.com",
        "lnkd.in",
        "twitter",
        "twitter.com",
        "x",
        "x.com",
        "t.co",
        "tiktok",
        "tiktok.com",
        "youtube",
        "youtube.com",
        "youtu.be",
        "whatsapp",
        "whatsapp.com",
        "wa.me",
        "threads",
        "threads.net",
        "pinterest",
        "pinterest.com",
        "reddit",
        "reddit.com",
        "telegram",
        "t.me",
        "snapchat",
        "bluesky",
        "bsky.app",
        "mastodon",
    }
)

# Words in utm_campaign / utm_source that indicate an event. Matched as whole words
# (text is split on anything that is not a letter, so "expo2025" and "ai-summit" match,
# while "prevent" or "configuration" do not); a plural "s" is allowed.
EVENT_WORDS = frozenset({"event", "expo", "conference", "conf", "webinar", "workshop", "summit"})

_NON_LETTERS = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Touch:
    """Normalized attribution parameters: stripped, lower-cased, never ``None``."""

    source: str = ""
    medium: str = ""
    campaign: str = ""
    ref: str = ""

    @classmethod
    def of(
        cls,
        utm_source: str | None = None,
        utm_medium: str | None = None,
        utm_campaign: str | None = None,
        ref: str | None = None,
    ) -> "Touch":
        def norm(value: str | None) -> str:
            return value.strip().lower() if isinstance(value, str) else ""

        return cls(norm(utm_source), norm(utm_medium), norm(utm_campaign), norm(ref))


def _mentions_event(text: str) -> bool:
    return any(
        word in EVENT_WORDS or word.removesuffix("s") in EVENT_WORDS
        for word in _NON_LETTERS.split(text)
    )


def _has_ref(t: Touch) -> bool:
    return bool(t.ref)


def _referral_medium(t: Touch) -> bool:
    return t.medium in REFERRAL_MEDIUMS


def _social(t: Touch) -> bool:
    return t.source.removeprefix("www.") in SOCIAL_SOURCES or t.medium in SOCIAL_MEDIUMS


def _event(t: Touch) -> bool:
    return t.medium in EVENT_MEDIUMS or _mentions_event(t.campaign) or _mentions_event(t.source)


def _direct_medium(t: Touch) -> bool:
    return t.medium in DIRECT_MEDIUMS


Rule = tuple[str, Callable[[Touch], bool], LeadSource]

RULES: tuple[Rule, ...] = (
    ("ref", _has_ref, LeadSource.REFERRAL),
    ("referral_medium", _referral_medium, LeadSource.REFERRAL),
    ("social", _social, LeadSource.SOCIAL),
    ("event", _event, LeadSource.EVENT),
    ("direct_medium", _direct_medium, LeadSource.DIRECT),
)
DEFAULT_RULE = "default"
DEFAULT_SOURCE = LeadSource.WEBSITE


def classify(
    utm_source: str | None = None,
    utm_medium: str | None = None,
    utm_campaign: str | None = None,
    ref: str | None = None,
) -> tuple[str, LeadSource]:
    """Return ``(rule name, source)`` of the first matching rule."""
    touch = Touch.of(utm_source, utm_medium, utm_campaign, ref)
    for name, predicate, source in RULES:
        if predicate(touch):
            return name, source
    return DEFAULT_RULE, DEFAULT_SOURCE


def source_from(
    utm_source: str | None = None,
    utm_medium: str | None = None,
    utm_campaign: str | None = None,
    ref: str | None = None,
) -> LeadSource:
    """Lead source for the given UTM parameters and referral code."""
    return classify(utm_source, utm_medium, utm_campaign, ref)[1]
