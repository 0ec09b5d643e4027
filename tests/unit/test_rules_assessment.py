from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madfam.enums import ServiceTier
from madfam.rules.assessment import (
    CATEGORY_LABELS,
    FINDING_TEXT,
    QUESTIONS,
    WEIGHTS,
    Category,
    category_means,
    findings,
    first_unanswered,
    get_question,
    question_keys,
    score,
    tier,
    validate_answer,
)

KEYS = [q.key for q in QUESTIONS]
L1, L2, L3, L4, L5 = (
    ServiceTier.L1_ESSENTIALS,
    ServiceTier.L2_ADVANCED,
    ServiceTier.L3_CONSULTING,
    ServiceTier.L4_PLATFORMS,
    ServiceTier.L5_STRATEGIC,
)


def answers(default: int = 3, **overrides: int) -> dict[str, int]:
    return {key: overrides.get(key, default) for key in KEYS}


# Worked example (category maturity = mean of (answer - 1) / 4):
#   technology  tech_data=5, tech_tools=3, tech_integration=4 -> (4+2+3)/12 = 0.75
#   process     2, 2, 2                                       -> (1+1+1)/12 = 0.25
#   team        team_skills=4, team_leadership=5              -> (3+4)/8    = 0.875
#   strategy    strategy_vision=1, strategy_use_cases=3       -> (0+2)/8    = 0.25
#   score = 100 * (0.30*0.75 + 0.25*0.25 + 0.25*0.875 + 0.20*0.25)
#         = 100 * (0.225 + 0.0625 + 0.21875 + 0.05) = 55.625 -> 56 -> L3_CONSULTING
#   raw means: technology 4.0 (strength), process 2.0 (weakness), team 4.5 (strength),
#              strategy 2.0 (weakness); weakest below 4: process, strategy (tie -> order)
MIXED = {
    "tech_data": 5,
    "tech_tools": 3,
    "tech_integration": 4,
    "process_documentation": 2,
    "process_automation": 2,
    "process_metrics": 2,
    "team_skills": 4,
    "team_leadership": 5,
    "strategy_vision": 1,
    "strategy_use_cases": 3,
}

# Boundary example: team mean exactly 2.5 is a weakness; technology exactly 4 a strength.
#   technology 4,4,4 -> 9/12; process 4,4,3 -> 8/12; team 2,3 -> 3/8; strategy 3,3 -> 4/8
#   score = 100 * (0.30*0.75 + 0.25*(2/3) + 0.25*0.375 + 0.20*0.5) = 58.54... -> 59
BOUNDARY = {
    "tech_data": 4,
    "tech_tools": 4,
    "tech_integration": 4,
    "process_documentation": 4,
    "process_automation": 4,
    "process_metrics": 3,
    "team_skills": 2,
    "team_leadership": 3,
    "strategy_vision": 3,
    "strategy_use_cases": 3,
}


# --- Content structure ----------------------------------------------------------------


def test_ten_questions_with_unique_keys():
    assert len(QUESTIONS) == 10
    assert len(set(KEYS)) == 10
    assert question_keys() == tuple(KEYS)


@pytest.mark.parametrize("category", list(Category))
def test_every_category_has_at_least_two_questions(category):
    assert sum(q.category is category for q in QUESTIONS) >= 2


def test_weights_sum_to_one_and_cover_categories():
    assert set(WEIGHTS) == set(Category) == set(CATEGORY_LABELS)
    assert sum(WEIGHTS.values()) == Decimal(1)
    assert WEIGHTS[Category.TECHNOLOGY] == Decimal("0.30")
    assert WEIGHTS[Category.STRATEGY] == Decimal("0.20")


@pytest.mark.parametrize("question", QUESTIONS, ids=KEYS)
def test_question_copy_is_complete(question):
    assert question.text.strip()
    assert len(question.answers) == 5
    assert all(a.strip() for a in question.answers)
    assert len(set(question.answers)) == 5
    assert question.help is None or question.help.strip()


def test_get_question():
    assert get_question("tech_data").category is Category.TECHNOLOGY
    with pytest.raises(KeyError):
        get_question("nope")


# --- Answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (3, 3), (5, 5), ("1", 1), ("5", 5), (" 4 ", 4)]
)
def test_validate_answer_accepts(value, expected):
    assert validate_answer("tech_data", value) == expected


@pytest.mark.parametrize(
    "value", [0, 6, -1, "0", "6", "abc", "", "3.5", "٣", None, True, False, 3.0, [3]]
)
def test_validate_answer_rejects(value):
    with pytest.raises(ValueError):
        validate_answer("tech_data", value)


def test_validate_answer_rejects_unknown_question():
    with pytest.raises(ValueError):
        validate_answer("favourite_colour", 3)


def test_category_means_uses_answered_questions_only():
    means = category_means({"tech_data": 5, "tech_tools": "2", "team_skills": 4})
    assert means == {Category.TECHNOLOGY: Decimal("3.5"), Category.TEAM: Decimal(4)}
    assert category_means({}) == {}


def test_category_means_rejects_invalid():
    with pytest.raises(ValueError):
        category_means({"tech_data": 9})


@pytest.mark.parametrize(
    ("partial", "expected"),
    [
        ({}, 0),
        ({"tech_data": 3}, 1),
        ({k: 3 for k in KEYS[:2]}, 2),
        ({k: 3 for k in KEYS if k != "team_skills"}, KEYS.index("team_skills")),
        ({**answers(), "tech_data": 0}, 0),  # invalid counts as unanswered
        ({**answers(), "strategy_use_cases": "x"}, 9),
        (answers(), None),
    ],
)
def test_first_unanswered(partial, expected):
    assert first_unanswered(partial) == expected


# --- Score ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_answers", "expected"),
    [
        (answers(1), 0),
        (answers(5), 100),
        (answers(3), 50),
        ({k: str(v) for k, v in answers(5).items()}, 100),
        (MIXED, 56),
        (BOUNDARY, 59),
        # team 3,3 -> 100 * 0.25 * 4/8 = 12.5 -> rounds half up to 13
        (answers(1, team_skills=3, team_leadership=3), 13),
        # technology 2,1,1 -> 100 * 0.30 * 1/12 = 2.5 -> 3
        (answers(1, tech_data=2), 3),
        # process 2,1,1 -> 100 * 0.25 * 1/12 = 2.083 -> 2
        (answers(1, process_metrics=2), 2),
        # strategy 5,5 -> 20; technology 5,5,5 -> 30
        (answers(1, strategy_vision=5, strategy_use_cases=5), 20),
        (answers(1, tech_data=5, tech_tools=5, tech_integration=5), 30),
    ],
)
def test_score(given_answers, expected):
    assert score(given_answers) == expected


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {k: 3 for k in KEYS[:-1]},  # one missing
        {**answers(), "tech_data": 6},
        {**answers(), "tech_data": None},
        {**answers(), "unknown": 3},
    ],
)
def test_score_requires_complete_valid_answers(bad):
    with pytest.raises(ValueError):
        score(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, L1),
        (30, L1),
        (31, L2),
        (50, L2),
        (51, L3),
        (70, L3),
        (71, L4),
        (85, L4),
        (86, L5),
        (100, L5),
    ],
)
def test_tier_boundaries(value, expected):
    assert tier(value) is expected


@pytest.mark.parametrize("value", [-1, 101, 1000, True, 50.0, "50", None])
def test_tier_rejects_out_of_range(value):
    with pytest.raises(ValueError):
        tier(value)


# --- Findings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_answers", "strengths", "weaknesses", "recommendations"),
    [
        (
            answers(5),
            ["strength.technology", "strength.process", "strength.team", "strength.strategy"],
            [],
            ["rec.tier.L5_STRATEGIC"],
        ),
        (
            answers(1),
            [],
            ["weakness.technology", "weakness.process", "weakness.team", "weakness.strategy"],
            ["rec.tier.L1_ESSENTIALS", "rec.technology", "rec.process"],
        ),
        (answers(3), [], [], ["rec.tier.L2_ADVANCED", "rec.technology", "rec.process"]),
        (
            MIXED,
            ["strength.technology", "strength.team"],
            ["weakness.process", "weakness.strategy"],
            ["rec.tier.L3_CONSULTING", "rec.process", "rec.strategy"],
        ),
        (
            BOUNDARY,
            ["strength.technology"],
            ["weakness.team"],
            ["rec.tier.L3_CONSULTING", "rec.team", "rec.strategy"],
        ),
        (
            # only strategy below 4 -> one category recommendation
            answers(5, strategy_vision=3, strategy_use_cases=4),
            ["strength.technology", "strength.process", "strength.team"],
            [],
            ["rec.tier.L5_STRATEGIC", "rec.strategy"],
        ),
    ],
)
def test_findings(given_answers, strengths, weaknesses, recommendations):
    result = findings(given_answers)
    assert result.strengths == strengths
    assert result.weaknesses == weaknesses
    assert result.recommendations == recommendations


def test_findings_requires_complete_answers():
    with pytest.raises(ValueError):
        findings({"tech_data": 3})


def test_every_possible_finding_key_has_text():
    possible = {f"rec.tier.{t.value}" for t in ServiceTier}
    for c in Category:
        possible |= {f"strength.{c.value}", f"weakness.{c.value}", f"rec.{c.value}"}
    assert set(FINDING_TEXT) == possible
    assert all(text.strip() for text in FINDING_TEXT.values())


@given(st.fixed_dictionaries({k: st.integers(1, 5) for k in KEYS}))
def test_any_complete_answer_set(given_answers):
    value = score(given_answers)
    assert 0 <= value <= 100
    result = findings(given_answers)
    assert result.recommendations[0] == f"rec.tier.{tier(value).value}"
    assert 1 <= len(result.recommendations) <= 3
    for key in result.strengths + result.weaknesses + result.recommendations:
        assert key in FINDING_TEXT
    assert findings(dict(reversed(given_answers.items()))) == result
