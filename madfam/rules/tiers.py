"""Service tiers: display copy and starting prices (MXN, before VAT)."""

from decimal import Decimal

from madfam.enums import ServiceTier
from madfam.rules._text import N_

# ServiceTier -> (name, one-paragraph description). Edit the copy freely.
TIER_INFO: dict[ServiceTier, tuple[str, str]] = {
    ServiceTier.L1_ESSENTIALS: (
        N_("Essentials"),
        N_(
            "Professional visual assets with a clear scope and short turnaround: 3D design, "
            "product renders and basic graphics. A low-risk way to start working with us."
        ),
    ),
    ServiceTier.L2_ADVANCED: (
        N_("Advanced"),
        N_(
            "Parametric design and workflow automation that turn repetitive design and "
            "production tasks into configurable, rule-driven systems your team can reuse."
        ),
    ),
    ServiceTier.L3_CONSULTING: (
        N_("Consulting"),
        N_(
            "Hands-on workshops, team training and process optimization. We map where AI "
            "creates measurable value in your operation and build the skills to capture it."
        ),
    ),
    ServiceTier.L4_PLATFORMS: (
        N_("Platforms"),
        N_(
            "Implementation of our SPARK and PENNY platforms, configured for your data, "
            "systems and workflows, with onboarding and support for day-to-day production use."
        ),
    ),
    ServiceTier.L5_STRATEGIC: (
        N_("Strategic"),
        N_(
            "A long-term partnership with a virtual CTO (vCTO) who leads your strategic "
            "transformation: roadmap, architecture, governance and execution across the "
            "organization."
        ),
    ),
}

# Lowest price at which each tier is offered, in MXN before VAT.
TIER_STARTING_PRICES: dict[ServiceTier, Decimal] = {
    ServiceTier.L1_ESSENTIALS: Decimal("5000"),
    ServiceTier.L2_ADVANCED: Decimal("25000"),
    ServiceTier.L3_CONSULTING: Decimal("75000"),
    ServiceTier.L4_PLATFORMS: Decimal("250000"),
    ServiceTier.L5_STRATEGIC: Decimal("500000"),
}
