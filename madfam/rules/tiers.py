"""Service tiers: display copy and starting prices (MXN, before VAT)."""

from dataclasses import dataclass
from decimal import Decimal

from madfam.enums import ServiceTier
from madfam.rules._text import N_


@dataclass(frozen=True)
class TierInfo:
    """What the site says about a tier; ``name`` and ``description`` are untranslated."""

    name: str
    description: str
    starting_price: Decimal  # lowest price at which the tier is offered, MXN before VAT


# Edit the copy freely.
TIER_INFO: dict[ServiceTier, TierInfo] = {
    ServiceTier.L1_ESSENTIALS: TierInfo(
        name=N_("Essentials"),
        description=N_(
            "Professional visual assets with a clear scope and short turnaround: 3D design, "
            "product renders and basic graphics. A low-risk way to start working with us."
        ),
        starting_price=Decimal("5000"),
    ),
    ServiceTier.L2_ADVANCED: TierInfo(
        name=N_("Advanced"),
        description=N_(
            "Parametric design and workflow automation that turn repetitive design and "
            "production tasks into configurable, rule-driven systems your team can reuse."
        ),
        starting_price=Decimal("25000"),
    ),
    ServiceTier.L3_CONSULTING: TierInfo(
        name=N_("Consulting"),
        description=N_(
            "Hands-on workshops, team training and process optimization. We map where AI "
            "creates measurable value in your operation and build the skills to capture it."
        ),
        starting_price=Decimal("75000"),
    ),
    ServiceTier.L4_PLATFORMS: TierInfo(
        name=N_("Platforms"),
        description=N_(
            "Implementation of our SPARK and PENNY platforms, configured for your data, "
            "systems and workflows, with onboarding and support for day-to-day production use."
        ),
        starting_price=Decimal("250000"),
    ),
    ServiceTier.L5_STRATEGIC: TierInfo(
        name=N_("Strategic"),
        description=N_(
            "A long-term partnership with a virtual CTO (vCTO) who leads your strategic "
            "transformation: roadmap, architecture, governance and execution across the "
            "organization."
        ),
        starting_price=Decimal("500000"),
    ),
}

# Lowest price at which each tier is offered, in MXN before VAT.
TIER_STARTING_PRICES: dict[ServiceTier, Decimal] = {
    tier: info.starting_price for tier, info in TIER_INFO.items()
}
