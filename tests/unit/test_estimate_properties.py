from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from madfam.rules.estimate import (
    ADDONS,
    COMPLEXITY,
    PROJECT_TYPES,
    TIMELINE,
    EstimateInputs,
    estimate,
)

CENT = Decimal("0.01")

inputs = st.builds(
    EstimateInputs,
    project_type=st.sampled_from(list(PROJECT_TYPES)),
    complexity=st.sampled_from(list(COMPLEXITY)),
    timeline=st.sampled_from(list(TIMELINE)),
    addons=st.lists(st.sampled_from(list(ADDONS)), unique=True).map(tuple),
)


@given(inputs)
def test_lines_sum_to_total_with_vat(data):
    result = estimate(data)
    assert sum(line.amount for line in result.lines) == result.total
    assert all(line.amount == line.amount.quantize(CENT) for line in result.lines)
    assert result.lines[-1].key == "vat"
    expected_vat = (result.subtotal * Decimal("0.16")).quantize(CENT, rounding=ROUND_HALF_UP)
    assert result.vat == result.lines[-1].amount == expected_vat
    assert result.subtotal == sum(line.amount for line in result.lines[:-1])
    assert result.total == result.subtotal + result.vat
    assert result.weeks >= 1
    assert len(result.lines) == 3 + len(data.addons) + 1


@given(inputs)
def test_without_vat_there_is_no_vat_line(data):
    result = estimate(data, vat_enabled=False)
    assert all(line.key != "vat" for line in result.lines)
    assert result.vat == 0
    assert result.total == result.subtotal == sum(line.amount for line in result.lines)


@given(inputs)
def test_price_grows_with_complexity_and_urgency(data):
    cheapest = estimate(EstimateInputs(data.project_type, "low", "standard", data.addons))
    assert estimate(data).total >= cheapest.total
    assert cheapest.total >= PROJECT_TYPES[data.project_type].base_price
