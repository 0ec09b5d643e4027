"""The AI-readiness assessment: start, answer step by step, complete, sign result links.

Every function owns its unit of work and ends it with ``jobs.commit()``. Refusals raise
:class:`AssessmentError` before anything is written, so a refused request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import update

from madfam import jobs
from madfam.crypto import sign_id, unsign_id
from madfam.enums import AssessmentStatus
from madfam.extensions import db
from madfam.models import Assessment, LeadActivity
from madfam.rules import assessment as rules
from madfam.rules.tiers import TIER_INFO
from madfam.services.analytics import record_event
from madfam.services.context import Visit
from madfam.services.leads import LeadInput, upsert_lead
from madfam.services.outbox import queue_email
from madfam.services.webhooks import emit_safely

RESULTS_SALT = "madfam.assessment.results"
STEP_COUNT = len(rules.QUESTIONS)


class Refusal(StrEnum):
    """Why the assessment refuses a request, so views can pick the page to show."""

    NOT_FOUND = "not_found"
    COMPLETED = "completed"
    SKIPPED = "skipped"
    INVALID = "invalid"
    INCOMPLETE = "incomplete"


class AssessmentError(Exception):
    """A request the assessment refuses; ``reason`` names why."""

    def __init__(self, reason: Refusal):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Contact:
    email: str
    first_name: str | None = None
    company: str | None = None
    marketing_consent: bool = False


def get(assessment_id: str | None) -> Assessment | None:
    return db.session.get(Assessment, assessment_id) if assessment_id else None


def next_step(assessment: Assessment) -> int | None:
    """1-based number of the first unanswered question, or ``None`` when all are answered."""
    index = rules.first_unanswered(assessment.answers or {})
    return None if index is None else index + 1


def start(visit: Visit) -> Assessment:
    """Create a STARTED assessment and record ``assessment.started``."""
    assessment = Assessment(status=AssessmentStatus.STARTED, answers={})
    db.session.add(assessment)
    db.session.flush()
    record_event("assessment.started", {"assessment_id": assessment.id}, visit)
    jobs.commit()
    return assessment


def record_answer(
    assessment: Assessment, step: int, question_key: str, value: object, visit: Visit
) -> int:
    """Save the answer to question ``step`` (1-based) at once; returns the stored value.

    Refused (nothing written): a completed assessment, a step beyond the first unanswered
    one, a question key that is not the step's, an answer that is not 1..5.
    """
    if assessment.status is AssessmentStatus.COMPLETED:
        raise AssessmentError(Refusal.COMPLETED)
    if not 1 <= step <= STEP_COUNT:
        raise AssessmentError(Refusal.NOT_FOUND)
    question = rules.QUESTIONS[step - 1]
    if question_key != question.key:
        raise AssessmentError(Refusal.INVALID)
    try:
        answer = rules.validate_answer(question.key, value)
    except ValueError:
        raise AssessmentError(Refusal.INVALID) from None
    first_open = next_step(assessment)
    if first_open is not None and step > first_open:
        raise AssessmentError(Refusal.SKIPPED)

    # A new dict, so the JSON column is seen as changed.
    assessment.answers = {**(assessment.answers or {}), question.key: answer}
    assessment.status = AssessmentStatus.STARTED  # an abandoned assessment resumes
    assessment.updated_at = datetime.now(UTC)
    record_event(
        "assessment.step",
        {"assessment_id": assessment.id, "step": step, "question": question.key},
        visit,
    )
    # The next step is drawn from what was just written: no SELECT to read it back.
    session = db.session()
    session.expire_on_commit = False
    try:
        jobs.commit()
    finally:
        session.expire_on_commit = True
    return answer


def complete(assessment: Assessment, contact: Contact, visit: Visit, results_url) -> Assessment:
    """Score the assessment, link it to the visitor's lead and queue the results email.

    ``results_url(token)`` builds the absolute link to the results page.
    """
    if assessment.status is AssessmentStatus.COMPLETED:
        raise AssessmentError(Refusal.COMPLETED)
    answers = dict(assessment.answers or {})
    if rules.first_unanswered(answers) is not None:
        raise AssessmentError(Refusal.INCOMPLETE)

    value = rules.score(answers)
    recommended = rules.tier(value)
    found = rules.findings(answers)
    now = datetime.now(UTC)

    # Claim the assessment: of two concurrent submissions only one completes it.
    claimed = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.status != AssessmentStatus.COMPLETED)
        .values(status=AssessmentStatus.COMPLETED, completed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        db.session.rollback()
        raise AssessmentError(Refusal.COMPLETED)

    lead = upsert_lead(
        LeadInput(
            email=contact.email,
            first_name=contact.first_name,
            company=contact.company,
            # A recommendation, not the visitor's choice: a chosen tier stays on the lead.
            recommended_tier=recommended,
            # An unticked box on this form does not withdraw consent given elsewhere.
            marketing_consent=True if contact.marketing_consent else None,
        ),
        visit,
        origin="assessment",
    ).lead
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_at = now
    assessment.updated_at = now
    assessment.score = value
    assessment.tier = recommended
    assessment.strengths = list(found.strengths)
    assessment.weaknesses = list(found.weaknesses)
    assessment.recommendations = list(found.recommendations)
    assessment.email = lead.email
    assessment.lead = lead
    db.session.add(
        LeadActivity(
            lead=lead,
            type="assessment_completed",
            description=f"AI readiness assessment completed: {value}/100, {recommended.value}",
            metadata_={
                "assessment_id": assessment.id,
                "score": value,
                "tier": recommended.value,  # recommended
                # What the visitor had chosen when they finished (None: nothing).
                "chosen_tier": lead.tier.value if lead.tier_chosen else None,
            },
        )
    )
    db.session.flush()
    record_event(
        "assessment.completed",
        {
            "assessment_id": assessment.id,
            "lead_id": lead.id,
            "score": value,
            "tier": recommended.value,
        },
        visit,
    )
    emit_safely(
        "assessment.completed",
        {
            "assessment_id": assessment.id,
            "lead_id": lead.id,
            "email": lead.email,
            "score": value,
            "recommended_tier": recommended.value,
            "strengths": list(found.strengths),
            "weaknesses": list(found.weaknesses),
            "recommendations": list(found.recommendations),
            "completed_at": now,
        },
    )
    tier_info = TIER_INFO[recommended]
    queue_email(
        "assessment_results",
        lead.email,
        {
            "assessment_id": assessment.id,
            "first_name": contact.first_name or lead.first_name,
            "score": value,
            "tier": recommended.value,
            "tier_name": tier_info.name,
            "tier_description": tier_info.description,
            "strengths": [rules.FINDING_TEXT[k] for k in found.strengths],
            "weaknesses": [rules.FINDING_TEXT[k] for k in found.weaknesses],
            "recommendations": [rules.FINDING_TEXT[k] for k in found.recommendations],
            "results_url": results_url(results_token(assessment.id)),
        },
        locale=visit.locale or "es",
    )
    jobs.commit()
    return assessment


# --- Signed results links ---------------------------------------------------------------


def results_token(assessment_id: str) -> str:
    """An unguessable token naming the assessment, for the results link."""
    return sign_id(RESULTS_SALT, assessment_id)


def from_results_token(token: str) -> Assessment | None:
    """The completed assessment a valid token names; ``None`` for anything else."""
    assessment = get(unsign_id(RESULTS_SALT, token))
    if assessment is None or assessment.status is not AssessmentStatus.COMPLETED:
        return None
    return assessment
