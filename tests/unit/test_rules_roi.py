from decimal import Decimal

import pytest

from madfam.enums import ServiceTier
from madfam.rules.roi import RoiInputs, roi
from madfam.rules.tiers import TIER_STARTING_PRICES

D = Decimal


def test_worked_example():
    # cost    = 50 x 40,000 x 20 / 100 = 400,000
    # savings = 400,000 x 60 / 100    = 240,000
    # ROI     = (240,000 - 60,000) / 60,000 x 100 = 300.0 %
    # payback = ceil(60,000 / (240,000 / 12)) = ceil(3) = 3 months
    result = roi(RoiInputs(50, D(40000), D(20), D(60), investment=D(60000)))
    assert result.cost_of_inefficiency == D("400000.00")
    assert result.annual_savings == D("240000.00")
    assert result.investment == D("60000.00")
    assert result.roi_pct == D("300.0")
    assert result.payback_months == 3
    assert len(result.monthly) == 36
    assert result.monthly[0] == (1, D("20000.00"), D("60000.00"))
    assert result.monthly[2] == (3, D("60000.00"), D("60000.00"))
    assert result.monthly[-1] == (36, D("720000.00"), D("60000.00"))


def test_default_recovery_is_60_percent():
    result = roi(RoiInputs(50, D(40000), D(20), investment=D(60000)))
    assert result.annual_savings == D("240000.00")


@pytest.mark.parametrize(
    ("tier", "investment"),
    [
        (None, D(75000)),  # defaults to L3_CONSULTING
        (ServiceTier.L1_ESSENTIALS, D(5000)),
        (ServiceTier.L4_PLATFORMS, D(250000)),
        (ServiceTier.L5_STRATEGIC, D(500000)),
        ("L2_ADVANCED", D(25000)),
    ],
)
def test_default_investment_from_tier(tier, investment):
    result = roi(RoiInputs(50, D(40000), D(20), tier=tier))
    assert result.investment == investment
    if tier is not None:
        assert result.investment == TIER_STARTING_PRICES[ServiceTier(tier)]


def test_default_investment_l3_numbers():
    # savings 240,000; investment 75,000 -> ROI 220.0 %, payback ceil(75,000/20,000) = 4
    result = roi(RoiInputs(50, D(40000), D(20)))
    assert result.roi_pct == D("220.0")
    assert result.payback_months == 4


@pytest.mark.parametrize(
    ("inputs", "cost", "savings", "roi_pct", "payback"),
    [
        # savings 0 -> never pays back, ROI -100 %
        (RoiInputs(10, D(30000), D(0), investment=D(5000)), "0.00", "0.00", "-100.0", None),
        (RoiInputs(10, D(30000), D(15), D(0), D(5000)), "45000.00", "0.00", "-100.0", None),
        # 1 x 100,000 x 10 % = 10,000; x 50 % = 5,000; 5,000 invested -> 0 %, 12 months
        (RoiInputs(1, D(100000), D(10), D(50), D(5000)), "10000.00", "5000.00", "0.0", 12),
        # savings 5,000 -> 416.67/month; 5,000.01 needs a 13th month
        (RoiInputs(1, D(100000), D(10), D(50), D("5000.01")), "10000.00", "5000.00", "0.0", 13),
        # 3 x 12,345.67 x 33.3 % = 12,333.32; x 100 % -> ROI (12,333.32-1,000)/1,000 = 1133.3 %
        (
            RoiInputs(3, D("12345.67"), D("33.3"), D(100), D(1000)),
            "12333.32",
            "12333.32",
            "1133.3",
            1,  # 12 x 1,000 / 12,333.32 = 0.97 -> 1 month
        ),
        # rounding half up: 1 x 0.05 x 50 % = 0.025 -> 0.03
        (RoiInputs(1, D("0.05"), D(50), D(100), D(1)), "0.03", "0.03", "-97.0", 400),
    ],
)
def test_examples(inputs, cost, savings, roi_pct, payback):
    result = roi(inputs)
    assert result.cost_of_inefficiency == D(cost)
    assert result.annual_savings == D(savings)
    assert str(result.roi_pct) == roi_pct  # also checks there is no "-0.0"
    assert result.payback_months == payback


@pytest.mark.parametrize(
    "inputs",
    [
        RoiInputs(0, D(40000), D(20)),
        RoiInputs(1_000_001, D(40000), D(20)),
        RoiInputs(True, D(40000), D(20)),
        RoiInputs(10, D(0), D(20)),
        RoiInputs(10, D(-1), D(20)),
        RoiInputs(10, D(10) ** 9 + 1, D(20)),
        RoiInputs(10, 40000.0, D(20)),  # floats are not money
        RoiInputs(10, D("NaN"), D(20)),
        RoiInputs(10, D("Infinity"), D(20)),
        RoiInputs(10, D(40000), D(-1)),
        RoiInputs(10, D(40000), D("100.01")),
        RoiInputs(10, D(40000), D(20), D(-5)),
        RoiInputs(10, D(40000), D(20), D(101)),
        RoiInputs(10, D(40000), D(20), investment=D(0)),
        RoiInputs(10, D(40000), D(20), investment=D(-100)),
        RoiInputs(10, D(40000), D(20), investment=D(10) ** 12 + 1),
        RoiInputs(10, D(40000), D(20), tier="L9_UNKNOWN"),
    ],
)
def test_rejects_out_of_range(inputs):
    with pytest.raises(ValueError):
        roi(inputs)


@pytest.mark.parametrize(
    "inputs",
    [
        RoiInputs(1, D("0.01"), D(0), D(0), D("0.01")),
        RoiInputs(1_000_000, D(10) ** 9, D(100), D(100), D(10) ** 12),
        RoiInputs(10, 40000, 20, 60, 60000),  # ints are accepted
    ],
)
def test_accepts_extremes(inputs):
    result = roi(inputs)
    assert result.annual_savings <= result.cost_of_inefficiency


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        ("720000", ["0", "200000", "400000", "600000", "800000"]),
        ("240000", ["0", "60000", "120000", "180000", "240000"]),
        ("75000", ["0", "20000", "40000", "60000", "80000"]),
        ("3900", ["0", "1000", "2000", "3000", "4000"]),
        ("0", ["0", "0.25", "0.5", "0.75", "1"]),  # no savings, no investment: still an axis
    ],
)
def test_chart_axis_uses_round_steps_reaching_the_top(top, ticks):
    from madfam.rules.roi import chart_ticks

    assert [str(t) for t in chart_ticks(Decimal(top))] == ticks
