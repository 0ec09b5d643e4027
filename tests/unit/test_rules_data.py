"""The editable copy in madfam/data/*.toml: loaded into the rules' tables, checked on load,
and extracted for translation."""

from decimal import Decimal
from io import BytesIO

import pytest

from madfam.enums import LeadStatus, ServiceTier
from madfam.rules import assessment, data_files, tiers


def test_every_tier_has_copy_and_a_positive_price_rising_with_the_tier():
    assert list(tiers.TIER_INFO) == list(ServiceTier)
    prices = [info.starting_price for info in tiers.TIER_INFO.values()]
    assert all(isinstance(p, Decimal) and p > 0 for p in prices)
    assert prices == sorted(prices)
    assert all(info.name.strip() and info.description.strip() for info in tiers.TIER_INFO.values())
    assert tiers.TIER_INFO[ServiceTier.L1_ESSENTIALS].starting_price == Decimal("5000")


def test_question_keys_are_unique_and_every_question_has_five_answers():
    keys = [q.key for q in assessment.QUESTIONS]
    assert len(set(keys)) == len(keys)
    assert all(
        len(q.answers) == 5 and all(a.strip() for a in q.answers) for q in assessment.QUESTIONS
    )


def test_a_missing_or_repeated_tier_is_refused():
    rows = data_files.load("tiers")["tier"]
    with pytest.raises(ValueError, match="every service tier"):
        tiers._tier_info(rows[:-1])
    with pytest.raises(ValueError, match="every service tier"):
        tiers._tier_info([*rows, rows[0]])


def test_a_question_without_five_answers_is_refused():
    row = dict(data_files.load("assessment")["question"][0])
    row["answers"] = row["answers"][:4]
    with pytest.raises(ValueError, match="5 answers"):
        assessment._question(row)


def test_extraction_takes_the_named_keys_at_any_depth_and_nothing_else():
    source = b"""
[[question]]
key = "q1"
text = "Question?"
answers = ["One", "Two"]

[finding_text]
"rec.x" = "Do this."
"""
    found = list(
        data_files.extract_toml(BytesIO(source), [], [], {"keys": "text answers finding_text"})
    )
    assert [(line, message) for line, _, message, _ in found] == [
        (4, "Question?"),
        (5, "One"),
        (5, "Two"),
        (8, "Do this."),
    ]


def test_every_member_of_a_labelled_enum_has_a_label(monkeypatch):
    from madfam import labels

    assert set(labels.LEAD_STATUS_LABELS) == set(LeadStatus)
    assert str(labels.LEAD_STATUS_LABELS[LeadStatus.NEW]) == "New"
    short = {**labels._TABLES, "lead_status": {"NEW": "New"}}
    monkeypatch.setattr(labels, "_TABLES", short)
    with pytest.raises(ValueError, match="must label every LeadStatus"):
        labels._labels("lead_status", LeadStatus)
