"""The second lead-scoring variant, "intent", tried behind the ``NEW_LEAD_SCORING`` flag.

The standard rules (``lead_scoring.score``) reward a complete form; this variant moves
weight to what says a lead is ready to buy: the budget and timeframe the visitor gave,
which the standard rules ignore. Rules, in order: base 30; +10 company; +5 phone; +15
business email domain; +5 message longer than 50 characters; +5 tier selected; +
industry points (0-15, as the standard rules); + company size points (0-10, as the
standard rules); + budget points (0-15, ``BUDGET_POINTS``); + timeframe points (0-10,
``TIMEFRAME_POINTS``); the total is clamped to 0-100. The breakdown uses the standard
rule keys plus ``budget`` and ``timeframe``, and ``variant`` is ``"intent"``.
"""

from madfam.rules.lead_scoring import LeadFields, ScoreResult, _key, form_rules, result_of

VARIANT = "intent"

# The budget a visitor names (0-15): larger budgets fit the higher service levels.
BUDGET_POINTS: dict[str, int] = {
    "under_50k": 3,
    "50k_250k": 8,
    "250k_1m": 12,
    "over_1m": 15,
    "undecided": 2,
}

# How soon they want to start (0-10).
TIMEFRAME_POINTS: dict[str, int] = {
    "immediately": 10,
    "1_3_months": 8,
    "3_6_months": 5,
    "6_12_months": 3,
    "exploring": 1,
}


WEIGHTS: dict[str, int] = {
    "base": 30,
    "company": 10,
    "phone": 5,
    "business_email": 15,
    "message": 5,
    "tier": 5,
}


def score(fields: LeadFields) -> ScoreResult:
    """Score a lead by the intent variant; the breakdown lists each rule's points."""
    breakdown = form_rules(fields, WEIGHTS)
    breakdown.append(("budget", BUDGET_POINTS.get(_key(fields.budget), 0)))
    breakdown.append(("timeframe", TIMEFRAME_POINTS.get(_key(fields.timeframe), 0)))
    return result_of(breakdown, VARIANT)
