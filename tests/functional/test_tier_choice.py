"""The service level a visitor chose survives the assessment, which only recommends one.

The lead keeps the visitor's own choice (``Lead.tier``, flagged ``tier_chosen``); the
assessment keeps its recommendation (``Assessment.tier``). Only an own choice earns the
"tier selected" points. The schema makes ``Lead.tier`` required, so a lead the
assessment alone created carries the recommendation there, not flagged as chosen.
"""

from __future__ import annotations

from sqlalchemy import select

from madfam.enums import ServiceTier
from madfam.models import Assessment, Lead, LeadActivity
from madfam.rules import assessment as rules
from madfam.rules.lead_scoring import TIER_POINTS
from madfam.services.leads import score_breakdown
from tests.assessment_flow import answer_all, finish, start
from tests.factories import make_lead
from tests.helpers import VALID, only_lead, submit

# Every answer 3 scores 50: the assessment recommends L2 (Advanced).
ADVANCED = {q.key: 3 for q in rules.QUESTIONS}


def _assess(client, email: str = VALID["email"]) -> None:
    token, _ = start(client)
    answer_all(client, token, ADVANCED)
    response = finish(client, token, email=email)
    assert response.status_code == 303, response.get_data(as_text=True)


def _tier_points(lead: Lead) -> int:
    return dict(score_breakdown(lead).breakdown)["tier"]


def test_assessment_keeps_the_service_level_the_visitor_chose(client, db, instant_form):
    assert rules.tier(rules.score(ADVANCED)) is ServiceTier.L2_ADVANCED
    submit(client)  # the contact form: the visitor picks L3
    _assess(client)

    lead = only_lead(db)
    assert lead.tier is ServiceTier.L3_CONSULTING
    assert lead.tier_chosen is True
    assessment = db.session.scalars(select(Assessment)).one()
    assert assessment.tier is ServiceTier.L2_ADVANCED
    assert assessment.lead_id == lead.id
    # The visitor's own choice scores the tier points; the stored score follows the rules.
    assert _tier_points(lead) == TIER_POINTS
    assert lead.score == score_breakdown(lead).score

    completed = db.session.scalars(
        select(LeadActivity).where(LeadActivity.type == "assessment_completed")
    ).one()
    assert completed.metadata_["tier"] == "L2_ADVANCED"
    assert completed.metadata_["chosen_tier"] == "L3_CONSULTING"


def test_a_lead_the_assessment_alone_created_has_no_choice_of_its_own(client, db, instant_form):
    _assess(client, email="solo@example.com")
    lead = only_lead(db)
    # The schema requires a tier on every lead: the recommendation stands in for one ...
    assert lead.tier is ServiceTier.L2_ADVANCED
    # ... but it is not the visitor's choice and earns no tier points.
    assert lead.tier_chosen is False
    assert _tier_points(lead) == 0
    assert lead.score == score_breakdown(lead).score
    completed = db.session.scalars(
        select(LeadActivity).where(LeadActivity.type == "assessment_completed")
    ).one()
    assert completed.metadata_["chosen_tier"] is None

    # A later choice on the contact form replaces it and scores.
    submit(client, email="solo@example.com", tier="L1_ESSENTIALS")
    lead = only_lead(db)
    assert (lead.tier, lead.tier_chosen) == (ServiceTier.L1_ESSENTIALS, True)
    assert _tier_points(lead) == TIER_POINTS
    assert lead.score == score_breakdown(lead).score


def test_a_second_assessment_moves_only_a_tier_nobody_chose(client, db, instant_form):
    chosen = make_lead(email="ana@example.com", tier=ServiceTier.L5_STRATEGIC, tier_chosen=True)
    unchosen = make_lead(email="bea@example.com", tier=ServiceTier.L1_ESSENTIALS)
    _assess(client, email="ana@example.com")
    _assess(client, email="bea@example.com")
    db.session.expire_all()
    assert (chosen.tier, chosen.tier_chosen) == (ServiceTier.L5_STRATEGIC, True)
    assert (unchosen.tier, unchosen.tier_chosen) == (ServiceTier.L2_ADVANCED, False)


EN_ROWS = ("Tier chosen by the visitor", "Tier recommended by the assessment")
ES_ROWS = ("Nivel elegido por el visitante", "Nivel recomendado por el diagnóstico")


def test_staff_see_the_recommendation_and_the_choice(client, db, instant_form, viewer_client):
    submit(client)
    _assess(client)
    lead = only_lead(db)

    for locale, recommended, levels, rows in (
        ("en", "Recommended Advanced · chose Consulting", ("L3 · Consulting", "L2 · Advanced"),
         EN_ROWS),
        ("es", "Recomendado Avanzado · eligió Consultoría", ("L3 · Consultoría", "L2 · Avanzado"),
         ES_ROWS),
    ):  # fmt: skip
        viewer_client.user.locale = locale
        db.session.commit()
        html = viewer_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
        timeline = html[html.index('id="timeline"') :]
        assert recommended in timeline
        details = html[html.index('id="h-fields"') : html.index('id="h-score"')]
        for row in rows:
            assert row in details
        chosen, suggested = levels
        assert details.index(chosen) < details.index(suggested)  # the visitor's choice first
        assert "L3_CONSULTING" not in details and "L2_ADVANCED" not in details


def test_lead_detail_of_a_lead_without_a_choice(client, db, viewer_client):
    viewer_client.user.locale = "en"
    db.session.commit()
    lead = make_lead(email="calc@example.com")
    html = viewer_client.get(f"/admin/leads/{lead.id}").get_data(as_text=True)
    assert html.count("—") >= 2
    assert "L1 ·" not in html[html.index('id="h-fields"') : html.index('id="h-score"')]
