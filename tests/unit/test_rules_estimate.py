from decimal import Decimal

import pytest

from madfam.enums import ServiceTier
from madfam.rules.estimate import (
    ADDONS,
    COMPLEXITY,
    PROJECT_TYPES,
    TIMELINE,
    EstimateInputs,
    estimate,
)
from madfam.rules.tiers import TIER_STARTING_PRICES

D = Decimal


def test_worked_example():
    # workflow_automation: 45,000 MXN, 4 weeks; high complexity (x2.25 price, x2 weeks);
    # accelerated (x1.25 price, x0.75 weeks); add-ons training + integration.
    #   base                         45,000.00
    #   complexity  45,000 x 1.25 =  56,250.00   (45,000 x 2.25 = 101,250)
    #   timeline   101,250 x 0.25 =  25,312.50   (101,250 x 1.25 = 126,562.50)
    #   training                     15,000.00
    #   integration                  40,000.00
    #   subtotal                    181,562.50
    #   IVA 16 %                     29,050.00
    #   total                       210,612.50
    #   weeks = ceil(4 x 2 x 0.75) + 1 + 2 = 6 + 3 = 9
    result = estimate(
        EstimateInputs(
            "workflow_automation", "high", "accelerated", addons=("integration", "training")
        )
    )
    assert [(line.key, line.amount) for line in result.lines] == [
        ("base", D("45000.00")),
        ("complexity", D("56250.00")),
        ("timeline", D("25312.50")),
        ("addon.training", D("15000.00")),  # catalogue order, not input order
        ("addon.integration", D("40000.00")),
        ("vat", D("29050.00")),
    ]
    assert result.subtotal == D("181562.50")
    assert result.vat == D("29050.00")
    assert result.total == D("210612.50")
    assert result.weeks == 9
    assert result.tier is ServiceTier.L2_ADVANCED
    project = PROJECT_TYPES["workflow_automation"]
    assert result.lines[0].label == project.name
    assert result.deliverables == project.deliverables + (
        ADDONS["training"].name,
        ADDONS["integration"].name,
    )


def test_defaults_medium_standard_no_addons():
    # 75,000 x 1.5 = 112,500; IVA 18,000; weeks ceil(2 x 1.5) = 3
    result = estimate(EstimateInputs("ai_workshop"))
    assert [line.amount for line in result.lines] == [
        D("75000.00"),
        D("37500.00"),
        D("0.00"),
        D("18000.00"),
    ]
    assert result.total == D("130500.00")
    assert result.weeks == 3


def test_vat_disabled():
    result = estimate(EstimateInputs("design_3d", "low", "rush"), vat_enabled=False)
    # 5,000 x 1.0 x 1.5 = 7,500; weeks max(1, ceil(1 x 1 x 0.6)) = 1
    assert [line.key for line in result.lines] == ["base", "complexity", "timeline"]
    assert result.vat == D("0.00")
    assert result.total == result.subtotal == D("7500.00")
    assert result.weeks == 1


def test_custom_vat_rate_rounds_half_up():
    # 5,000 x 2.25 x 1.25 = 14,062.50; x 0.0825 = 1,160.15625 -> 1,160.16
    result = estimate(EstimateInputs("design_3d", "high", "accelerated"), vat_rate=D("0.0825"))
    assert result.subtotal == D("14062.50")
    assert result.vat == D("1160.16")
    assert result.total == D("15222.66")


@pytest.mark.parametrize(
    "inputs",
    [
        EstimateInputs("rocket_science"),
        EstimateInputs("design_3d", complexity="extreme"),
        EstimateInputs("design_3d", timeline="yesterday"),
        EstimateInputs("design_3d", addons=("massage",)),
        EstimateInputs("design_3d", addons=("training", "training")),
        EstimateInputs("design_3d", complexity=None),
    ],
)
def test_rejects_unknown_or_duplicate(inputs):
    with pytest.raises(ValueError):
        estimate(inputs)


@pytest.mark.parametrize("rate", [D("-0.01"), D(1), 0.16])
def test_rejects_bad_vat_rate(rate):
    with pytest.raises(ValueError):
        estimate(EstimateInputs("design_3d"), vat_rate=rate)


@pytest.mark.parametrize("tier", list(ServiceTier))
def test_catalogue_per_tier(tier):
    projects = [p for p in PROJECT_TYPES.values() if p.tier is tier]
    assert len(projects) >= 2
    assert min(p.base_price for p in projects) == TIER_STARTING_PRICES[tier]


@pytest.mark.parametrize("project", PROJECT_TYPES.values(), ids=list(PROJECT_TYPES))
def test_project_entries(project):
    assert PROJECT_TYPES[project.key] is project
    assert project.name.strip()
    assert project.base_price > 0
    assert project.base_weeks >= 1
    assert project.deliverables and all(d.strip() for d in project.deliverables)


@pytest.mark.parametrize(
    ("table", "key", "price", "weeks"),
    [
        (COMPLEXITY, "low", D("1.0"), D(1)),
        (COMPLEXITY, "medium", D("1.5"), D("1.5")),
        (COMPLEXITY, "high", D("2.25"), D(2)),
        (TIMELINE, "standard", D("1.0"), D(1)),
        (TIMELINE, "accelerated", D("1.25"), D("0.75")),
        (TIMELINE, "rush", D("1.5"), D("0.6")),
    ],
)
def test_multipliers(table, key, price, weeks):
    assert table[key].price == price
    assert table[key].weeks == weeks


def test_addons_shape():
    for name, price, weeks in ADDONS.values():
        assert name.strip()
        assert isinstance(price, Decimal) and price > 0
        assert isinstance(weeks, int) and weeks >= 0
