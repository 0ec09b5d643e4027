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

# Questions in the order they are asked. Keys are stored with answers: do not rename.
QUESTIONS: tuple[Question, ...] = (
    Question(
        key="tech_data",
        category=Category.TECHNOLOGY,
        text=N_("How ready is your organization's data to be used by AI?"),
        answers=(
            N_("Data lives in spreadsheets, email and paper, and nobody owns it."),
            N_("Some data is digital, but it is scattered across disconnected files and tools."),
            N_("Core data sits in business systems, but quality and access are inconsistent."),
            N_("Data is centralized, reasonably clean and available to those who need it."),
            N_("Data is governed, documented and served through reliable pipelines or APIs."),
        ),
        help=N_("Think of the data behind key decisions: sales, operations, customers, finance."),
    ),
    Question(
        key="tech_tools",
        category=Category.TECHNOLOGY,
        text=N_("Which best describes the digital tools and automation you use today?"),
        answers=(
            N_("Mostly manual work with email and office software."),
            N_("A few cloud tools adopted team by team, with little automation."),
            N_("Established business systems (ERP, CRM or similar) with some automated steps."),
            N_("Modern platforms with automated workflows across several departments."),
            N_("AI or machine-learning tools already running in day-to-day operations."),
        ),
    ),
    Question(
        key="tech_integration",
        category=Category.TECHNOLOGY,
        text=N_("How well are your systems connected to each other?"),
        answers=(
            N_("Systems are isolated; information is retyped from one to another."),
            N_("Data moves between systems through manual exports and imports."),
            N_("Some key systems are connected; others still need manual handoffs."),
            N_("Most systems share data automatically through integrations or APIs."),
            N_("Systems are integrated end to end, monitored and documented."),
        ),
    ),
    Question(
        key="process_documentation",
        category=Category.PROCESS,
        text=N_("How well documented are your core business processes?"),
        answers=(
            N_("Processes live in people's heads and vary from person to person."),
            N_("A few processes are written down, but documents are outdated or incomplete."),
            N_("Main processes are documented, though not always followed or updated."),
            N_("Processes are documented, kept current and followed consistently."),
            N_("Processes are standardized, have owners and are reviewed for improvement."),
        ),
        help=N_("AI and automation work best on processes that are clear and repeatable."),
    ),
    Question(
        key="process_automation",
        category=Category.PROCESS,
        text=N_("How much of your repetitive work is automated?"),
        answers=(
            N_("Almost all repetitive tasks are done by hand."),
            N_("Occasionally, with scripts or macros built by individuals."),
            N_("Some high-volume tasks are automated; many others are not."),
            N_("Most repetitive tasks are automated and maintained by the organization."),
            N_("We systematically find and automate repetitive work, including with AI."),
        ),
    ),
    Question(
        key="process_metrics",
        category=Category.PROCESS,
        text=N_("How do you measure the performance of your processes?"),
        answers=(
            N_("We don't measure it."),
            N_("We track a few numbers by hand when someone has time."),
            N_("Key metrics are tracked regularly in reports or spreadsheets."),
            N_("Up-to-date dashboards guide management decisions."),
            N_("Real-time metrics are tied to goals and drive continuous improvement."),
        ),
    ),
    Question(
        key="team_skills",
        category=Category.TEAM,
        text=N_("How would you rate your team's digital and data skills?"),
        answers=(
            N_("Basic computer skills; new tools meet resistance."),
            N_("A few people are comfortable with digital tools; most depend on them."),
            N_("Most staff use digital tools confidently and some can analyze data."),
            N_("Teams include people with data, automation or AI skills."),
            N_("Digital and data skills are widespread and grown through ongoing training."),
        ),
    ),
    Question(
        key="team_leadership",
        category=Category.TEAM,
        text=N_("How ready are your leaders and your organization for AI-driven change?"),
        answers=(
            N_("Leadership sees no need for change or is skeptical of AI."),
            N_("There is curiosity, but no sponsor and no time set aside."),
            N_("One leader champions AI, but change efforts are still ad hoc."),
            N_("Leadership actively sponsors AI initiatives and explains why they matter."),
            N_("Leaders drive change with clear ownership and a track record of adoption."),
        ),
        help=N_("Consider executive sponsorship and how well past changes were adopted."),
    ),
    Question(
        key="strategy_vision",
        category=Category.STRATEGY,
        text=N_("Do you have an AI strategy and a budget to carry it out?"),
        answers=(
            N_("No strategy and no budget for AI."),
            N_("AI is discussed, but there is no plan or dedicated budget."),
            N_("There are goals for AI, with budget approved project by project."),
            N_("A documented AI strategy with an annual budget and an accountable owner."),
            N_("AI is part of the business strategy, with multi-year funding and governance."),
        ),
    ),
    Question(
        key="strategy_use_cases",
        category=Category.STRATEGY,
        text=N_("How have you identified and prioritized AI use cases?"),
        answers=(
            N_("We haven't identified any use cases yet."),
            N_("We have ideas, but they haven't been evaluated."),
            N_("We have a list of use cases with rough estimates of their value."),
            N_("Use cases are prioritized by business value, feasibility and risk."),
            N_("We manage a portfolio of use cases, measure results and reinvest in what works."),
        ),
    ),
)

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
FINDING_TEXT: dict[str, str] = {
    "strength.technology": N_(
        "Your data and systems are a solid foundation: AI can build on what you already have."
    ),
    "strength.process": N_(
        "Your processes are documented and measured, which makes automation faster and safer."
    ),
    "strength.team": N_(
        "Your team has the skills and leadership support to adopt new ways of working."
    ),
    "strength.strategy": N_(
        "You have a clear AI direction, with budget and prioritized use cases."
    ),
    "weakness.technology": N_(
        "Scattered data and disconnected tools will limit what AI can do for you today."
    ),
    "weakness.process": N_(
        "Undocumented, manual processes make it hard to know what to automate and to "
        "measure the results."
    ),
    "weakness.team": N_(
        "Limited digital skills or executive sponsorship put adoption of new tools at risk."
    ),
    "weakness.strategy": N_(
        "Without an AI strategy, budget or prioritized use cases, efforts risk staying "
        "isolated experiments."
    ),
    "rec.tier.L1_ESSENTIALS": N_(
        "Start with Essentials: focused, low-risk projects such as 3D design and graphics "
        "that deliver visible results quickly."
    ),
    "rec.tier.L2_ADVANCED": N_(
        "Start with Advanced: parametric design and workflow automation to remove "
        "repetitive work from your most common tasks."
    ),
    "rec.tier.L3_CONSULTING": N_(
        "Start with Consulting: workshops and training to prioritize use cases, optimize "
        "processes and prepare your team."
    ),
    "rec.tier.L4_PLATFORMS": N_(
        "You are ready for Platforms: implementing SPARK or PENNY can put AI to work across "
        "your operations."
    ),
    "rec.tier.L5_STRATEGIC": N_(
        "You are ready for a Strategic partnership: a vCTO can lead an organization-wide "
        "AI transformation."
    ),
    "rec.technology": N_(
        "Consolidate your key data in one reliable place and connect the systems that "
        "produce it before adding AI on top."
    ),
    "rec.process": N_(
        "Document your most frequent processes, measure them, and automate the most "
        "repetitive steps first."
    ),
    "rec.team": N_(
        "Secure an executive sponsor and invest in practical digital and AI training for "
        "the people who will use the tools."
    ),
    "rec.strategy": N_(
        "Define an AI roadmap with a budget, an accountable owner and a short list of use "
        "cases ranked by value and feasibility."
    ),
}

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
