"""Automatic qualification: only untouched NEW leads from real addresses, at the threshold."""

import pytest

from madfam.enums import LeadStatus
from madfam.rules.qualification import QualificationFacts, is_disposable_email, qualification

NEW = LeadStatus.NEW


def facts(**overrides):
    values = {
        "status": NEW,
        "score": 70,
        "email": "ana@acme.mx",
        "threshold": 70,
        "status_set_by_staff": False,
        "suppressed": False,
    }
    return QualificationFacts(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "qualifies"),
    [
        ({}, True),  # exactly at the threshold
        ({"score": 100}, True),
        ({"score": 69}, False),
        ({"score": 0, "threshold": 0}, True),
        ({"score": 95, "threshold": 96}, False),
        ({"status": LeadStatus.CONTACTED, "score": 100}, False),
        ({"status": LeadStatus.QUALIFIED, "score": 100}, False),  # already: nothing to record
        ({"status": LeadStatus.UNQUALIFIED, "score": 100}, False),
        ({"status": LeadStatus.LOST, "score": 100}, False),
        ({"status": LeadStatus.CONVERTED, "score": 100}, False),
        ({"status_set_by_staff": True, "score": 100}, False),  # staff set it back to NEW
        ({"suppressed": True, "score": 100}, False),
        ({"email": "x@mailinator.com", "score": 100}, False),
        ({"email": "x@eu.yopmail.com", "score": 100}, False),  # subdomain of a disposable one
        ({"email": "x@gmail.com", "score": 80}, True),  # free mail is not disposable
    ],
)
def test_qualification(overrides, qualifies):
    reason = qualification(facts(**overrides))
    assert (reason is not None) is qualifies


def test_reason_names_the_score_and_the_threshold():
    assert qualification(facts(score=85)) == ("Score 85 reached the qualification threshold of 70")


@pytest.mark.parametrize(
    ("email", "disposable"),
    [
        ("a@mailinator.com", True),
        ("a@MAILINATOR.com", True),
        ("a@sub.maildrop.cc", True),
        ("a@notmailinator.com", False),
        ("a@acme.mx", False),
        ("not an address", False),
        (None, False),
    ],
)
def test_is_disposable_email(email, disposable):
    assert is_disposable_email(email) is disposable
