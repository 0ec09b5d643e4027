"""Service tiers: display copy and starting prices (MXN, before VAT).

The copy lives in ``madfam/data/tiers.toml``.
"""

from dataclasses import dataclass
from decimal import Decimal

from madfam.enums import ServiceTier
from madfam.rules.data_files import load


@dataclass(frozen=True)
class TierInfo:
    """What the site says about a tier; ``name`` and ``description`` are untranslated."""

    name: str
    description: str
    starting_price: Decimal  # lowest price at which the tier is offered, MXN before VAT


def _tier_info(rows: list[dict]) -> dict[ServiceTier, TierInfo]:
    table = {
        ServiceTier[row["tier"]]: TierInfo(
            name=row["name"],
            description=row["description"],
            starting_price=Decimal(row["starting_price"]),
        )
        for row in rows
    }
    if len(table) != len(rows) or set(table) != set(ServiceTier):
        raise ValueError("tiers.toml must describe every service tier exactly once")
    return table


TIER_INFO: dict[ServiceTier, TierInfo] = _tier_info(load("tiers")["tier"])

# Lowest price at which each tier is offered, in MXN before VAT.
TIER_STARTING_PRICES: dict[ServiceTier, Decimal] = {
    tier: info.starting_price for tier, info in TIER_INFO.items()
}
