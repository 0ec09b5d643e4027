import pytest

from madfam.enums import LeadSource
from madfam.rules.attribution import RULES, Touch, classify, source_from

REFERRAL, SOCIAL, EVENT = LeadSource.REFERRAL, LeadSource.SOCIAL, LeadSource.EVENT
DIRECT, WEBSITE = LeadSource.DIRECT, LeadSource.WEBSITE


@pytest.mark.parametrize(
    ("utm_source", "utm_medium", "utm_campaign", "ref", "expected"),
    [
        # nothing at all
        (None, None, None, None, WEBSITE),
        ("", "  ", "", "", WEBSITE),
        ("google", "cpc", "brand", None, WEBSITE),
        ("newsletter-partner-site", "banner", None, None, WEBSITE),
        # referral code
        (None, None, None, "ACME2025", REFERRAL),
        (None, None, None, "  ", WEBSITE),  # blank ref is no ref
        # referral mediums
        ("acme", "referral", None, None, REFERRAL),
        ("acme", "Partner", None, None, REFERRAL),
        ("blog", "AFFILIATE", None, None, REFERRAL),
        # social networks (case-insensitive)
        ("facebook", None, None, None, SOCIAL),
        ("FB", "cpc", None, None, SOCIAL),
        ("Instagram", None, None, None, SOCIAL),
        ("ig", None, None, None, SOCIAL),
        ("linkedin", "paid", None, None, SOCIAL),
        ("twitter", None, None, None, SOCIAL),
        ("x", None, None, None, SOCIAL),
        ("t.co", None, None, None, SOCIAL),
        ("tiktok", None, None, None, SOCIAL),
        ("YouTube", None, None, None, SOCIAL),
        ("whatsapp", None, None, None, SOCIAL),
        ("threads", None, None, None, SOCIAL),
        ("pinterest", None, None, None, SOCIAL),
        ("reddit", None, None, None, SOCIAL),
        ("www.linkedin.com", None, None, None, SOCIAL),
        ("xerox", None, None, None, WEBSITE),  # no substring matching of "x"
        ("newsletter", "social", None, None, SOCIAL),
        ("newsletter", "social-media", None, None, SOCIAL),
        ("newsletter", "Social_Media", None, None, SOCIAL),
        ("newsletter", "sm", None, None, SOCIAL),
        # events
        (None, "event", None, None, EVENT),
        ("google", "cpc", "ai-expo-2025", None, EVENT),
        (None, None, "Spring Webinar", None, EVENT),
        (None, None, "cdmx_workshop", None, EVENT),
        (None, None, "summit2025", None, EVENT),
        (None, None, "tech_conf_mty", None, EVENT),
        (None, None, "industry-conference", None, EVENT),
        (None, None, "events_q3", None, EVENT),
        ("expo-industrial", None, None, None, EVENT),
        ("eventbrite", None, None, None, WEBSITE),
        (None, None, "fraud-prevention", None, WEBSITE),  # "prevent" is not "event"
        (None, None, "configuration_guide", None, WEBSITE),  # "configuration" is not "conf"
        # direct mediums
        (None, "email", "welcome", None, DIRECT),
        (None, "Direct", None, None, DIRECT),
        (None, "sales", None, None, DIRECT),
        (None, "outbound", None, None, DIRECT),
    ],
)
def test_source_from(utm_source, utm_medium, utm_campaign, ref, expected):
    assert source_from(utm_source, utm_medium, utm_campaign, ref) is expected


@pytest.mark.parametrize(
    ("kwargs", "rule", "expected"),
    [
        # ref beats everything else
        (
            {"utm_source": "facebook", "utm_medium": "email", "utm_campaign": "expo", "ref": "a"},
            "ref",
            REFERRAL,
        ),
        # referral medium beats a social source
        ({"utm_source": "linkedin", "utm_medium": "partner"}, "referral_medium", REFERRAL),
        # social beats event and direct
        ({"utm_source": "instagram", "utm_campaign": "webinar"}, "social", SOCIAL),
        ({"utm_source": "facebook", "utm_medium": "email"}, "social", SOCIAL),
        ({"utm_medium": "social", "utm_campaign": "summit"}, "social", SOCIAL),
        # event beats direct
        ({"utm_medium": "email", "utm_campaign": "expo-invite"}, "event", EVENT),
        ({"utm_medium": "sales", "utm_source": "conference-list"}, "event", EVENT),
        # direct
        ({"utm_medium": "outbound", "utm_campaign": "q3"}, "direct_medium", DIRECT),
        # nothing matches
        ({"utm_source": "bing", "utm_medium": "organic"}, "default", WEBSITE),
    ],
)
def test_first_match_wins(kwargs, rule, expected):
    assert classify(**kwargs) == (rule, expected)


def test_rules_are_ordered_data():
    assert [name for name, _, _ in RULES] == [
        "ref",
        "referral_medium",
        "social",
        "event",
        "direct_medium",
    ]
    assert all(callable(predicate) for _, predicate, _ in RULES)
    assert all(isinstance(source, LeadSource) for _, _, source in RULES)


def test_touch_normalizes():
    assert Touch.of(" FaceBook ", None, "Expo ", "  ") == Touch("facebook", "", "expo", "")
