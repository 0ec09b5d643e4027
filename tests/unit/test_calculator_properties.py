"""Any input at all: the calculators return a result or reject it with ValueError only."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from madfam.enums import ServiceTier
from madfam.rules.estimate import (
    ADDONS,
    COMPLEXITY,
    PROJECT_TYPES,
    TIMELINE,
    EstimateInputs,
    estimate,
)
from madfam.rules.roi import RoiInputs, roi

anything_numeric = (
    st.decimals(allow_nan=True, allow_infinity=True)
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal("1e999")])
    | st.floats()
    | st.none()
    | st.text(max_size=5)
)


@given(
    employees=anything_numeric,
    salary=anything_numeric,
    lost=anything_numeric,
    recovery=anything_numeric,
    investment=anything_numeric,
    tier=st.none() | st.sampled_from(ServiceTier) | st.text(max_size=12),
)
def test_roi_returns_or_raises_value_error(employees, salary, lost, recovery, investment, tier):
    try:
        result = roi(RoiInputs(employees, salary, lost, recovery, investment, tier))
    except ValueError:
        return
    assert result.annual_savings <= result.cost_of_inefficiency
    assert result.investment > 0


key = st.text(max_size=20)


@given(
    project=st.sampled_from(list(PROJECT_TYPES)) | key,
    complexity=st.sampled_from(list(COMPLEXITY)) | key,
    timeline=st.sampled_from(list(TIMELINE)) | key,
    addons=st.lists(st.sampled_from(list(ADDONS)) | key, max_size=6).map(tuple),
    vat=st.booleans(),
)
def test_estimate_returns_or_raises_value_error(project, complexity, timeline, addons, vat):
    try:
        result = estimate(EstimateInputs(project, complexity, timeline, addons), vat_enabled=vat)
    except ValueError:
        return
    assert sum(line.amount for line in result.lines) == result.total
    assert result.weeks >= 1
