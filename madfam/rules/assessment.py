"""AI readiness assessment: questions, weighted score, recommended tier and findings.

Each answer is 1 (lowest maturity) to 5 (highest). A category's maturity is the mean of
``(answer - 1) / 4`` over its questions (0..1); the score is
``round_half_up(100 * sum(weight * maturity))`` over the four categories (0..100).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from math import lcm

from madfam.enums import ServiceTier
from madfam.rules._text import N_
from madfam.rules.data_files import load


class Category(StrEnum):
    TECHNOLOGY = "technology"
    PROCESS = "process"
    TEAM = "team"
    STRATEGY = "strategy"


@dataclass(frozen=True)
class Question:
    key: str
    category: Category
    text: str
    answers: tuple[str, str, str, str, str]  # labels for answers 1 (lowest) .. 5 (highest)
    help: str | None = None


# =====================================================================================
# Editable content
# =====================================================================================

CATEGORY_LABELS: dict[Category, str] = {
    Category.TECHNOLOGY: N_("Technology"),
    Category.PROCESS: N_("Process"),
    Category.TEAM: N_("Team"),
    Category.STRATEGY: N_("Strategy"),
}

# Category weights; they must add up to 1.
WEIGHTS: dict[Category, Decimal] = {
    Category.TECHNOLOGY: Decimal("0.30"),
    Category.PROCESS: Decimal("0.25"),
    Category.TEAM: Decimal("0.25"),
    Category.STRATEGY: Decimal("0.20"),
}

# Questions in the order they are asked, and the text of every finding key: see
# madfam/data/assessment.toml.
_DATA = load("assessment")


def _question(row: dict) -> Question:
    answers = tuple(row["answers"])
    if len(answers) != 5:
        raise ValueError(f"question {row['key']!r} needs 5 answers, has {len(answers)}")
    return Question(row["key"], Category(row["category"]), row["text"], answers, row.get("help"))


QUESTIONS: tuple[Question, ...] = tuple(_question(row) for row in _DATA["question"])

# Highest score (inclusive) for each recommended tier, in ascending order.
TIER_THRESHOLDS: tuple[tuple[int, ServiceTier], ...] = (
    (30, ServiceTier.L1_ESSENTIALS),
    (50, ServiceTier.L2_ADVANCED),
    (70, ServiceTier.L3_CONSULTING),
    (85, ServiceTier.L4_PLATFORMS),
    (100, ServiceTier.L5_STRATEGIC),
)

STRENGTH_MIN_MEAN = Decimal(4)  # category mean >= this is a strength
WEAKNESS_MAX_MEAN = Decimal("2.5")  # category mean <= this is a weakness
MAX_CATEGORY_RECOMMENDATIONS = 2

# Text for every finding key produced by ``findings``.
FINDING_TEXT: dict[str, str] = dict(_DATA["finding_text"])

# =====================================================================================
# Rules
# =====================================================================================

_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
_VALID_TEXT = {str(n): n for n in range(1, 6)}


@dataclass(frozen=True)
class Findings:
    strengths: list[str]
    weaknesses: list[str]
    recommendations: list[str]


def question_keys() -> tuple[str, ...]:
    """Question keys in the order they are asked."""
    return tuple(_BY_KEY)


def get_question(key: str) -> Question:
    """The question with ``key``; ``KeyError`` if unknown."""
    return _BY_KEY[key]


def validate_answer(key: str, value: object) -> int:
    """Answer as an int 1..5; accepts ints and digit strings, else ``ValueError``."""
    if key not in _BY_KEY:
        raise ValueError(f"unknown question: {key!r}")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    if isinstance(value, str) and value.strip() in _VALID_TEXT:
        return _VALID_TEXT[value.strip()]
    raise ValueError(f"invalid answer for {key!r}: {value!r}")


def _grouped(answers: Mapping[str, object]) -> dict[Category, list[int]]:
    groups: dict[Category, list[int]] = {c: [] for c in Category}
    for key, value in answers.items():
        answer = validate_answer(key, value)  # also rejects unknown keys
        groups[_BY_KEY[key].category].append(answer)
    return {c: values for c, values in groups.items() if values}


def category_means(answers: Mapping[str, object]) -> dict[Category, Decimal]:
    """Mean raw answer (1..5) per category over answered questions only.

    Categories without answers are omitted; invalid answers raise ``ValueError``.
    """
    return {c: Decimal(sum(v)) / len(v) for c, v in _grouped(answers).items()}


def _complete(answers: Mapping[str, object]) -> dict[Category, list[int]]:
    missing = [k for k in _BY_KEY if k not in answers]
    if missing:
        raise ValueError(f"unanswered questions: {', '.join(missing)}")
    return _grouped(answers)


def score(answers: Mapping[str, object]) -> int:
    """Weighted readiness score 0..100; every question must have a valid answer."""
    groups = _complete(answers)
    # Put every category term over a common integer denominator so the only inexact
    # step is a single final division: an exact .5 is then represented exactly and
    # rounds half up as intended.
    denominator = lcm(*(4 * len(values) for values in groups.values()))
    numerator = sum(
        WEIGHTS[c] * 100 * sum(v - 1 for v in values) * (denominator // (4 * len(values)))
        for c, values in groups.items()
    )
    return int((numerator / denominator).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tier(score: int) -> ServiceTier:
    """Recommended service tier for a score 0..100."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValueError(f"score must be an integer 0..100, got {score!r}")
    return next(t for upper, t in TIER_THRESHOLDS if score <= upper)


def findings(answers: Mapping[str, object]) -> Findings:
    """Strength, weakness and recommendation keys (see ``FINDING_TEXT``)."""
    means = category_means(answers)
    recommended = tier(score(answers))
    order = list(Category)
    weakest = sorted(
        (c for c, m in means.items() if m < STRENGTH_MIN_MEAN),
        key=lambda c: (means[c], order.index(c)),
    )[:MAX_CATEGORY_RECOMMENDATIONS]
    return Findings(
        strengths=[f"strength.{c.value}" for c, m in means.items() if m >= STRENGTH_MIN_MEAN],
        weaknesses=[f"weakness.{c.value}" for c, m in means.items() if m <= WEAKNESS_MAX_MEAN],
        recommendations=[f"rec.tier.{recommended.value}"] + [f"rec.{c.value}" for c in weakest],
    )


def first_unanswered(answers: Mapping[str, object]) -> int | None:
    """0-based index of the first question without a valid answer, or ``None``."""
    for index, question in enumerate(QUESTIONS):
        try:
            validate_answer(question.key, answers.get(question.key))
        except ValueError:
            return index
    return None
