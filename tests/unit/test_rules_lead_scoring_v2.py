"""The intent scoring variant behind NEW_LEAD_SCORING."""

from madfam.rules import lead_scoring, lead_scoring_v2
from madfam.rules.lead_scoring import LeadFields


def test_budget_and_timeframe_count_only_in_the_intent_variant():
    vague = LeadFields(email="ana@gmail.com")
    keen = LeadFields(email="ana@gmail.com", budget="over_1m", timeframe="immediately")
    assert lead_scoring.score(vague).score == lead_scoring.score(keen).score == 40
    assert lead_scoring_v2.score(vague).score == 30
    assert lead_scoring_v2.score(keen).score == 30 + 15 + 10


def test_the_result_names_its_variant_and_every_rule():
    result = lead_scoring_v2.score(LeadFields(email="ana@acme.mx", budget="50k_250k"))
    assert result.variant == "intent"
    assert lead_scoring.score(LeadFields(email="ana@acme.mx")).variant == "standard"
    assert dict(result.breakdown)["budget"] == 8
    assert dict(result.breakdown)["business_email"] == 15
    assert set(dict(result.breakdown)) <= set(lead_scoring.RULE_LABELS)
    assert result.score == sum(points for _, points in result.breakdown)


def test_a_full_intent_lead_is_clamped_to_100():
    full = LeadFields(
        email="ana@acme.mx", company="Acme", phone="1", message="x" * 60, tier="L3_CONSULTING",
        industry="technology", company_size="1000+", budget="over_1m", timeframe="immediately",
    )  # fmt: skip
    result = lead_scoring_v2.score(full)
    assert result.score == 100
    assert dict(result.breakdown)["clamp"] == 100 - (30 + 10 + 5 + 15 + 5 + 5 + 15 + 10 + 15 + 10)


def test_unknown_budget_or_timeframe_scores_nothing():
    odd = LeadFields(email="a@b.mx", budget="lots", timeframe="yesterday")
    assert dict(lead_scoring_v2.score(odd).breakdown)["budget"] == 0
    assert dict(lead_scoring_v2.score(odd).breakdown)["timeframe"] == 0
