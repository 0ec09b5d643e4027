from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from madfam.enums import ServiceTier
from madfam.rules.roi import RoiInputs, roi

pct = st.decimals(min_value=0, max_value=100, places=2)
inputs = st.builds(
    RoiInputs,
    employees=st.integers(1, 1_000_000),
    salary=st.decimals(min_value="0.01", max_value=10**9, places=2),
    lost_pct=pct,
    recovery_pct=pct,
    investment=st.none() | st.decimals(min_value="0.01", max_value=10**12, places=2),
    tier=st.none() | st.sampled_from(ServiceTier),
)


@given(inputs)
def test_valid_inputs_never_raise_and_are_consistent(data):
    result = roi(data)
    cent = Decimal("0.01")
    for amount in (result.cost_of_inefficiency, result.annual_savings, result.investment):
        assert amount == amount.quantize(cent)
        assert amount >= 0
    assert result.annual_savings <= result.cost_of_inefficiency
    assert result.investment > 0
    assert result.roi_pct == result.roi_pct.quantize(Decimal("0.1"))
    assert result.roi_pct >= Decimal(-100)

    if result.annual_savings == 0:
        assert result.payback_months is None
    else:
        months = result.payback_months
        assert months >= 1
        # After `months` months the savings cover the investment, one month earlier they
        # do not (compared on integer cents x 12 to stay exact).
        savings, investment = int(result.annual_savings * 100), int(result.investment * 100)
        assert months * savings >= 12 * investment
        assert (months - 1) * savings < 12 * investment

    assert [m for m, _, _ in result.monthly] == list(range(1, 37))
    cumulative = [c for _, c, _ in result.monthly]
    assert cumulative == sorted(cumulative)
    assert cumulative[11] == result.annual_savings
    assert all(i == result.investment for _, _, i in result.monthly)
