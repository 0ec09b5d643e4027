import pytest

from madfam.enums import ServiceTier
from madfam.rules.lead_scoring import (
    BUDGETS,
    COMPANY_SIZE_POINTS,
    COMPANY_SIZES,
    FREE_EMAIL_DOMAINS,
    INDUSTRIES,
    INDUSTRY_POINTS,
    RULE_LABELS,
    TIMEFRAMES,
    LeadFields,
    is_business_email,
    score,
)

FREE = "someone@gmail.com"  # earns no business-email points
RULE_ORDER = (
    "base",
    "company",
    "phone",
    "business_email",
    "message",
    "tier",
    "industry",
    "company_size",
)


def points(result, rule):
    return dict(result.breakdown)[rule]


def test_minimal_lead_scores_base_only():
    result = score(LeadFields(email=FREE))
    assert result.score == 40
    assert result.breakdown == tuple((rule, 40 if rule == "base" else 0) for rule in RULE_ORDER)


@pytest.mark.parametrize(
    ("fields", "rule", "expected"),
    [
        (LeadFields(email=FREE, company="Acme SA de CV"), "company", 15),
        (LeadFields(email=FREE, company=""), "company", 0),
        (LeadFields(email=FREE, company="   "), "company", 0),
        (LeadFields(email=FREE, company=None), "company", 0),
        (LeadFields(email=FREE, phone="+52 55 1234 5678"), "phone", 10),
        (LeadFields(email=FREE, phone=" "), "phone", 0),
        (LeadFields(email="ana@acme.mx"), "business_email", 20),
        (LeadFields(email=FREE), "business_email", 0),
        (LeadFields(email="not-an-email"), "business_email", 0),
        (LeadFields(email=FREE, tier=ServiceTier.L3_CONSULTING), "tier", 5),
        (LeadFields(email=FREE, tier="L5_STRATEGIC"), "tier", 5),
        (LeadFields(email=FREE, tier="l1_essentials"), "tier", 5),
        (LeadFields(email=FREE, tier="PLATINUM"), "tier", 0),
        (LeadFields(email=FREE, tier=""), "tier", 0),
        (LeadFields(email=FREE, tier=None), "tier", 0),
        (LeadFields(email=FREE, industry="technology"), "industry", 15),
        (LeadFields(email=FREE, industry=" Finance "), "industry", 12),
        (LeadFields(email=FREE, industry="other"), "industry", 3),
        (LeadFields(email=FREE, industry="astrology"), "industry", 0),
        (LeadFields(email=FREE, industry=None), "industry", 0),
        (LeadFields(email=FREE, company_size="1-10"), "company_size", 2),
        (LeadFields(email=FREE, company_size="11-50"), "company_size", 4),
        (LeadFields(email=FREE, company_size="51-200"), "company_size", 6),
        (LeadFields(email=FREE, company_size="201-1000"), "company_size", 8),
        (LeadFields(email=FREE, company_size="1000+"), "company_size", 10),
        (LeadFields(email=FREE, company_size="huge"), "company_size", 0),
        (LeadFields(email=FREE, company_size=None), "company_size", 0),
    ],
)
def test_each_rule(fields, rule, expected):
    result = score(fields)
    assert points(result, rule) == expected
    assert result.score == 40 + expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (None, 0),
        ("", 0),
        ("x" * 49, 0),
        ("x" * 50, 0),  # exactly 50 earns nothing
        ("x" * 51, 10),
        ("  " + "x" * 50 + "  \n", 0),  # whitespace does not count
        ("  " + "x" * 51 + "  ", 10),
        ("a " * 25 + "b", 10),  # 51 characters including inner spaces
    ],
)
def test_message_length_boundary(message, expected):
    assert points(score(LeadFields(email=FREE, message=message)), "message") == expected


def test_breakdown_order_and_sum():
    fields = LeadFields(
        email="ana@acme.mx",
        company="Acme",
        message="We want to automate quoting and inventory planning across our three plants.",
        industry="retail",
        company_size="11-50",
    )
    result = score(fields)
    assert result.breakdown == (
        ("base", 40),
        ("company", 15),
        ("phone", 0),
        ("business_email", 20),
        ("message", 10),
        ("tier", 0),
        ("industry", 10),
        ("company_size", 4),
    )
    assert result.score == 99 == sum(p for _, p in result.breakdown)


def test_maximum_is_clamped_with_a_clamp_entry():
    fields = LeadFields(
        email="ceo@madfam.io",
        company="MADFAM",
        phone="5555555555",
        message="m" * 51,
        tier=ServiceTier.L5_STRATEGIC,
        industry="technology",
        company_size="1000+",
    )
    result = score(fields)
    # 40 + 15 + 10 + 20 + 10 + 5 + 15 + 10 = 125, clamped to 100
    assert sum(p for rule, p in result.breakdown if rule != "clamp") == 125
    assert result.breakdown[-1] == ("clamp", -25)
    assert result.score == 100
    assert sum(p for _, p in result.breakdown) == result.score


def test_no_clamp_entry_when_within_range():
    result = score(LeadFields(email="ana@acme.mx", company="Acme", phone="1"))
    assert result.score == 85
    assert "clamp" not in dict(result.breakdown)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("ana@acme.mx", True),
        ("ana@madfam.io", True),
        ("ANA@ACME.COM.MX", True),
        ("first.last+tag@sub.company.co", True),
        ("  ana@acme.mx  ", True),
        ("someone@gmail.com", False),
        ("SOMEONE@GMAIL.COM", False),
        ("Someone@Hotmail.Es", False),
        ("a@yahoo.com.mx", False),
        ("a@outlook.com", False),
        ("a@proton.me", False),
        ("a@prodigy.net.mx", False),
        ("a@uol.com.br", False),
        ("a@mailinator.com", False),
        ("a@10minutemail.com", False),
        ("a@temp-mail.org", False),
        ("a@eu.mailinator.com", False),  # subdomain of a free domain
        ("a@mail.gmail.com", False),
        ("a@notgmail.com", True),  # only true subdomains are free
        ("a@gmail.com.acme.mx", True),
        ("", False),
        (None, False),
        ("plainaddress", False),
        ("@acme.mx", False),
        ("ana@", False),
        ("ana@acme", False),
        ("ana@@acme.mx", False),
        ("ana smith@acme.mx", False),
        ("ana@-acme.mx", False),
        ("ana@acme..mx", False),
        ("ana@192.168.0.1", False),
    ],
)
def test_is_business_email(email, expected):
    assert is_business_email(email) is expected


def test_free_domain_list():
    assert len(FREE_EMAIL_DOMAINS) >= 40
    assert all(d == d.lower().strip() and "." in d for d in FREE_EMAIL_DOMAINS)
    for domain in ("gmail.com", "yahoo.com.mx", "yopmail.com", "terra.com.br", "icloud.com"):
        assert domain in FREE_EMAIL_DOMAINS


@pytest.mark.parametrize(
    ("choices", "points_table", "maximum"),
    [(INDUSTRIES, INDUSTRY_POINTS, 15), (COMPANY_SIZES, COMPANY_SIZE_POINTS, 10)],
)
def test_scored_choices_have_points_in_range(choices, points_table, maximum):
    keys = [key for key, _ in choices]
    assert set(keys) == set(points_table)
    assert all(0 <= p <= maximum for p in points_table.values())
    assert max(points_table.values()) == maximum


@pytest.mark.parametrize("choices", [INDUSTRIES, COMPANY_SIZES, BUDGETS, TIMEFRAMES])
def test_choices_are_unique_and_labelled(choices):
    keys = [key for key, _ in choices]
    assert len(keys) == len(set(keys))
    assert all(isinstance(label, str) and label for _, label in choices)


def test_every_rule_has_a_label():
    assert set(RULE_LABELS) == set(RULE_ORDER) | {
        "clamp",
        "budget",
        "timeframe",
    }  # + intent variant
