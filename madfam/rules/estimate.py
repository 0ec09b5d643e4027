"""Project estimate: price catalogue and the quote calculation.

price = base price x complexity x timeline, plus add-ons, plus VAT (IVA) when enabled.
Prices come from one price list per currency (``PRICE_LISTS``); the MXN list is the
catalogue's own prices. Amounts are never converted between currencies.
weeks = max(1, ceil(base weeks x complexity x timeline)) + add-on weeks.
Every line is rounded to cents first; the total is the exact sum of the lines.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import ceil
from typing import NamedTuple

from madfam.enums import ServiceTier
from madfam.rules._text import N_


@dataclass(frozen=True)
class ProjectType:
    key: str
    tier: ServiceTier
    name: str
    base_price: Decimal  # MXN before VAT
    base_weeks: int
    deliverables: tuple[str, ...]


class Factor(NamedTuple):
    label: str
    price: Decimal  # price multiplier
    weeks: Decimal  # duration multiplier


class Addon(NamedTuple):
    name: str
    price: Decimal  # MXN before VAT
    weeks: int  # extra weeks added to the schedule


# =====================================================================================
# Editable catalogue. Keys are stored with estimates: do not rename them.
# The cheapest project of each tier matches the tier's starting price (see tiers.py).
# =====================================================================================

_CATALOGUE = (
    # --- L1 Essentials ---
    ProjectType(
        key="design_3d",
        tier=ServiceTier.L1_ESSENTIALS,
        name=N_("3D design and rendering"),
        base_price=Decimal("5000"),
        base_weeks=1,
        deliverables=(
            N_("3D model of your product or space"),
            N_("High-resolution renders"),
            N_("Source files"),
        ),
    ),
    ProjectType(
        key="graphics_pack",
        tier=ServiceTier.L1_ESSENTIALS,
        name=N_("Graphics pack"),
        base_price=Decimal("12000"),
        base_weeks=2,
        deliverables=(
            N_("Set of graphics for web and social media"),
            N_("Presentation template"),
            N_("Source files"),
        ),
    ),
    # --- L2 Advanced ---
    ProjectType(
        key="parametric_design",
        tier=ServiceTier.L2_ADVANCED,
        name=N_("Parametric design system"),
        base_price=Decimal("25000"),
        base_weeks=3,
        deliverables=(
            N_("Configurable parametric model"),
            N_("Design rules and parameter guide"),
            N_("Export presets for production"),
        ),
    ),
    ProjectType(
        key="workflow_automation",
        tier=ServiceTier.L2_ADVANCED,
        name=N_("Workflow automation"),
        base_price=Decimal("45000"),
        base_weeks=4,
        deliverables=(
            N_("Map of the current workflow"),
            N_("Automated workflow in production"),
            N_("Runbook for your team"),
        ),
    ),
    # --- L3 Consulting ---
    ProjectType(
        key="ai_workshop",
        tier=ServiceTier.L3_CONSULTING,
        name=N_("AI opportunity workshop"),
        base_price=Decimal("75000"),
        base_weeks=2,
        deliverables=(
            N_("Discovery interviews with key stakeholders"),
            N_("Prioritized list of AI use cases"),
            N_("Workshop report with next steps"),
        ),
    ),
    ProjectType(
        key="process_optimization",
        tier=ServiceTier.L3_CONSULTING,
        name=N_("Process optimization and team training"),
        base_price=Decimal("150000"),
        base_weeks=6,
        deliverables=(
            N_("Process diagnosis and improvement plan"),
            N_("Training sessions for your team"),
            N_("Metrics to track the results"),
        ),
    ),
    # --- L4 Platforms ---
    ProjectType(
        key="spark_implementation",
        tier=ServiceTier.L4_PLATFORMS,
        name=N_("SPARK platform implementation"),
        base_price=Decimal("250000"),
        base_weeks=8,
        deliverables=(
            N_("SPARK configured for your organization"),
            N_("Integration with your data sources"),
            N_("Administrator and user onboarding"),
        ),
    ),
    ProjectType(
        key="penny_implementation",
        tier=ServiceTier.L4_PLATFORMS,
        name=N_("PENNY platform implementation"),
        base_price=Decimal("350000"),
        base_weeks=10,
        deliverables=(
            N_("PENNY configured for your organization"),
            N_("Integration with your business systems"),
            N_("Administrator and user onboarding"),
        ),
    ),
    # --- L5 Strategic ---
    ProjectType(
        key="vcto_partnership",
        tier=ServiceTier.L5_STRATEGIC,
        name=N_("vCTO partnership (6 months)"),
        base_price=Decimal("500000"),
        base_weeks=24,
        deliverables=(
            N_("Dedicated virtual CTO"),
            N_("Technology and AI roadmap"),
            N_("Monthly steering committee reports"),
        ),
    ),
    ProjectType(
        key="ai_transformation",
        tier=ServiceTier.L5_STRATEGIC,
        name=N_("Strategic AI transformation program"),
        base_price=Decimal("900000"),
        base_weeks=36,
        deliverables=(
            N_("Transformation strategy and governance model"),
            N_("Portfolio of AI initiatives in delivery"),
            N_("Change management and training plan"),
            N_("Quarterly executive reviews"),
        ),
    ),
)

PROJECT_TYPES: dict[str, ProjectType] = {p.key: p for p in _CATALOGUE}

COMPLEXITY: dict[str, Factor] = {
    "low": Factor(N_("Low complexity"), price=Decimal("1.0"), weeks=Decimal("1")),
    "medium": Factor(N_("Medium complexity"), price=Decimal("1.5"), weeks=Decimal("1.5")),
    "high": Factor(N_("High complexity"), price=Decimal("2.25"), weeks=Decimal("2")),
}

TIMELINE: dict[str, Factor] = {
    "standard": Factor(N_("Standard timeline"), price=Decimal("1.0"), weeks=Decimal("1")),
    "accelerated": Factor(N_("Accelerated timeline"), price=Decimal("1.25"), weeks=Decimal("0.75")),
    "rush": Factor(N_("Rush timeline"), price=Decimal("1.5"), weeks=Decimal("0.6")),
}

ADDONS: dict[str, Addon] = {
    "training": Addon(N_("Team training (2 sessions)"), price=Decimal("15000"), weeks=1),
    "documentation": Addon(N_("Technical documentation"), price=Decimal("10000"), weeks=1),
    "integration": Addon(
        N_("Integration with an existing system"), price=Decimal("40000"), weeks=2
    ),
    "support_3m": Addon(N_("Support for 3 months after delivery"), price=Decimal("30000"), weeks=0),
}

DEFAULT_VAT_RATE = Decimal("0.16")
VAT_LABEL = N_("VAT (IVA)")


@dataclass(frozen=True)
class PriceList:
    """Every project's base price and every add-on's price in one currency, before tax."""

    currency: str
    projects: dict[str, Decimal]
    addons: dict[str, Decimal]


# One list per currency, each pricing every project and add-on (a test checks). To sell
# in another currency, add its list here with prices set for that market.
PRICE_LISTS: dict[str, PriceList] = {
    "MXN": PriceList(
        currency="MXN",
        projects={p.key: p.base_price for p in _CATALOGUE},
        addons={k: a.price for k, a in ADDONS.items()},
    ),
}
PRICED_CURRENCIES = frozenset(PRICE_LISTS)


def starting_price(tier: ServiceTier, currency: str = "MXN") -> Decimal:
    """The cheapest project of ``tier`` in ``currency``'s list (``KeyError``: no list)."""
    prices = PRICE_LISTS[currency].projects
    return min(prices[p.key] for p in _CATALOGUE if p.tier == tier)


# =====================================================================================
# Calculation
# =====================================================================================

CENT = Decimal("0.01")


@dataclass(frozen=True)
class EstimateInputs:
    project_type: str
    complexity: str = "medium"
    timeline: str = "standard"
    addons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    key: str  # "base", "complexity", "timeline", "addon.<key>" or "vat"
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Estimate:
    lines: tuple[Line, ...]
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    weeks: int
    deliverables: tuple[str, ...]
    tier: ServiceTier
    currency: str = "MXN"
    vat_rate: Decimal | None = None  # the rate of the VAT line; None: no VAT line


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _lookup(table: dict, key: str, what: str):
    try:
        return table[key]
    except (KeyError, TypeError):
        raise ValueError(f"unknown {what}: {key!r}") from None


def estimate(
    inputs: EstimateInputs,
    vat_enabled: bool = True,
    vat_rate: Decimal = DEFAULT_VAT_RATE,
    currency: str = "MXN",
) -> Estimate:
    """Quote for ``inputs`` from ``currency``'s price list; ``ValueError`` for unknown keys,
    duplicate add-ons or a currency without a price list."""
    project: ProjectType = _lookup(PROJECT_TYPES, inputs.project_type, "project type")
    complexity: Factor = _lookup(COMPLEXITY, inputs.complexity, "complexity")
    timeline: Factor = _lookup(TIMELINE, inputs.timeline, "timeline")
    if len(set(inputs.addons)) != len(inputs.addons):
        raise ValueError(f"duplicate add-ons: {inputs.addons!r}")
    for key in inputs.addons:
        _lookup(ADDONS, key, "add-on")
    if not isinstance(vat_rate, Decimal) or not 0 <= vat_rate < 1:
        raise ValueError(f"vat_rate must be a Decimal in [0, 1), got {vat_rate!r}")
    prices: PriceList = _lookup(PRICE_LISTS, currency, "currency")

    base_price = prices.projects[project.key]
    base = _money(base_price)
    after_complexity = base_price * complexity.price
    after_timeline = after_complexity * timeline.price
    addons = [k for k in ADDONS if k in inputs.addons]  # catalogue order

    lines = [
        Line("base", project.name, base),
        Line("complexity", complexity.label, _money(after_complexity) - base),
        Line("timeline", timeline.label, _money(after_timeline) - _money(after_complexity)),
    ]
    lines += [Line(f"addon.{k}", ADDONS[k].name, _money(prices.addons[k])) for k in addons]
    subtotal = sum((line.amount for line in lines), Decimal(0))
    vat = _money(subtotal * vat_rate) if vat_enabled else Decimal("0.00")
    if vat_enabled:
        lines.append(Line("vat", VAT_LABEL, vat))

    core_weeks = ceil(project.base_weeks * complexity.weeks * timeline.weeks)
    weeks = max(1, core_weeks) + sum(ADDONS[k].weeks for k in addons)
    return Estimate(
        lines=tuple(lines),
        subtotal=subtotal,
        vat=vat,
        total=sum((line.amount for line in lines), Decimal(0)),
        weeks=weeks,
        deliverables=project.deliverables + tuple(ADDONS[k].name for k in addons),
        tier=project.tier,
        currency=currency,
        vat_rate=vat_rate if vat_enabled else None,
    )
