"""One lead per person: create or update a lead from anything a visitor submits."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from madfam.enums import ServiceTier
from madfam.extensions import db
from madfam.flags import is_enabled
from madfam.models import Lead, LeadActivity, LeadNote
from madfam.rules.attribution import source_from
from madfam.rules.emails import normalise_email
from madfam.rules.lead_scoring import LeadFields, ScoreResult
from madfam.rules.lead_scoring import score as score_lead
from madfam.rules.lead_scoring_v2 import score as score_lead_intent
from madfam.services.analytics import record_event
from madfam.services.context import Visit
from madfam.services.qualification import qualify_if_due
from madfam.services.webhooks import emit_safely, lead_payload, notify_if_hot

UPDATABLE = (
    "first_name", "last_name", "company", "phone", "industry",
    "company_size", "budget", "timeframe",
)  # fmt: skip
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")


@dataclass(frozen=True)
class LeadInput:
    email: str
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    phone: str | None = None
    tier: ServiceTier | None = None  # the service level the visitor chose
    # A level we suggest (an assessment's recommendation): it fills the required
    # ``Lead.tier`` only while the visitor has chosen none, and never scores.
    recommended_tier: ServiceTier | None = None
    message: str | None = None
    industry: str | None = None
    company_size: str | None = None
    budget: str | None = None
    timeframe: str | None = None
    marketing_consent: bool | None = None  # None: the form did not ask


def _clean(value: Any) -> Any:
    if isinstance(value, Enum):  # ServiceTier is a StrEnum: keep the member, not a str
        return value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


@dataclass(frozen=True)
class UpsertResult:
    """What ``upsert_lead`` did: the lead, whether it is new, and the activity it recorded."""

    lead: Lead
    created: bool
    activity: LeadActivity  # ``lead_created``/``lead_updated``; flushed, not committed


def score_breakdown(lead: Lead) -> ScoreResult:
    """The lead's score under the current rules, with the points of each rule.

    Only a tier the visitor chose counts as "tier selected"; a stand-in does not. A lead
    in the ``NEW_LEAD_SCORING`` rollout (bucketed by its email, so always the same
    variant for one lead) is scored by the intent variant; ``variant`` says which.
    """
    scorer = score_lead_intent if is_enabled("NEW_LEAD_SCORING", lead.email, ()) else score_lead
    return scorer(
        LeadFields(
            email=lead.email, company=lead.company, phone=lead.phone, message=lead.message,
            tier=lead.tier if lead.tier_chosen else None, industry=lead.industry,
            company_size=lead.company_size, budget=lead.budget, timeframe=lead.timeframe,
        )
    )  # fmt: skip


def rescore(lead: Lead) -> str:
    """Store the lead's score; returns the variant that scored it."""
    result = score_breakdown(lead)
    lead.score = result.score
    return result.variant


def upsert_lead(
    data: LeadInput, visit: Visit | None = None, origin: str = "contact_form"
) -> UpsertResult:
    """Create the lead for this email or update the existing one; nothing is committed.

    New non-empty fields win; a new message on an existing lead is kept as a note; the
    first touch (UTM, source) stays on the lead and this visit's UTM values go into the
    activity. Records a ``lead_created``/``lead_updated`` activity and analytics event,
    queues the ``lead.created``/``lead.updated`` webhook, and qualifies the lead when its
    new score says so.
    Returns the lead, whether it was created, and that activity.
    """
    visit = visit or Visit()
    email = normalise_email(data.email)
    values = {f.name: _clean(getattr(data, f.name)) for f in fields(data)}
    now = datetime.now(UTC)
    touch = {k: v for k, v in (visit.utm or {}).items() if v}

    lead = db.session.scalar(select(Lead).where(Lead.email == email))
    created = False
    if lead is None:
        lead = _insert(email, values, visit, touch, now)
        created = lead is not None
        if lead is None:  # another request created it first
            lead = db.session.scalar(select(Lead).where(Lead.email == email))

    changed = [] if created else _update(lead, values, visit, now)

    variant = rescore(lead)
    kind = "lead_created" if created else "lead_updated"
    metadata = {"origin": origin, "score": lead.score, "scoring": variant}
    if touch:
        metadata["utm"] = touch
    if not created:
        metadata["changed"] = changed
    activity = LeadActivity(
        lead=lead,
        type=kind,
        description=("Lead created" if created else "Lead updated") + f" ({origin})",
        metadata_=metadata,
    )
    db.session.add(activity)
    db.session.flush()
    notify_if_hot(lead)
    emit_safely(
        "lead.created" if created else "lead.updated",
        {**lead_payload(lead), "created": created, "origin": origin},
    )
    qualify_if_due(lead)
    record_event(
        "lead.created" if created else "lead.updated",
        {
            "lead_id": lead.id,
            "origin": origin,
            "tier": lead.tier.value,
            "score": lead.score,
            "scoring": variant,
        },  # fmt: skip
        visit,
    )
    if created:
        record_conversion(lead, visit, origin)
    return UpsertResult(lead=lead, created=created, activity=activity)


def record_conversion(lead: Lead, visit: Visit, origin: str) -> None:
    """``conversion.lead``: a visitor became a lead, on which page and from which
    campaign (the first touch). The dashboard joins it to the visit's first page view
    (same day's visitor hash) for the landing page."""
    utm = visit.utm or {}
    record_event(
        "conversion.lead",
        {
            "lead_id": lead.id,
            "origin": origin,
            "page": urlsplit(visit.url).path if visit.url else None,
            "campaign": utm.get("utm_campaign"),
            "source": lead.source.value if lead.source else None,
        },
        visit,
    )


def _update(lead: Lead, values: dict, visit: Visit, now: datetime) -> list[str]:
    """Apply a later submission to an existing lead; returns the fields that changed."""
    changed = [k for k in UPDATABLE if values[k] is not None and getattr(lead, k) != values[k]]
    for key in changed:
        setattr(lead, key, values[key])
    if _update_tier(lead, values["tier"], values["recommended_tier"]):
        changed.append("tier")
    if values["message"]:
        if not lead.message:
            lead.message = values["message"]
        elif not _already_said(lead, values["message"]):  # a replayed form adds nothing
            db.session.add(LeadNote(lead=lead, content=values["message"]))
    if values["marketing_consent"] is not None:
        lead.marketing_consent = bool(values["marketing_consent"])
        lead.consent_at = now
    lead.locale = visit.locale
    lead.updated_at = now
    return changed


def _update_tier(lead: Lead, chosen: ServiceTier | None, recommended: ServiceTier | None) -> bool:
    """Apply a new choice, or move a stand-in to a new recommendation; True if it changed.

    A recommendation never replaces the visitor's own choice.
    """
    before = (lead.tier, lead.tier_chosen)
    if chosen is not None:
        lead.tier, lead.tier_chosen = chosen, True
    elif recommended is not None and not lead.tier_chosen:
        lead.tier = recommended
    return (lead.tier, lead.tier_chosen) != before


def _already_said(lead: Lead, message: str) -> bool:
    """True if the lead's message or one of its notes is exactly this text."""
    if lead.message == message:
        return True
    same_note = select(LeadNote.id).where(LeadNote.lead_id == lead.id, LeadNote.content == message)
    return db.session.scalar(same_note.limit(1)) is not None


def _insert(email: str, values: dict, visit: Visit, touch: dict, now: datetime) -> Lead | None:
    """Insert in a savepoint; ``None`` if a concurrent request inserted the same email."""
    lead = Lead(
        email=email,
        **{k: values[k] for k in UPDATABLE},
        # The schema requires a tier: without a choice, the recommendation or L1 stands in.
        tier=values["tier"] or values["recommended_tier"] or ServiceTier.L1_ESSENTIALS,
        tier_chosen=values["tier"] is not None,
        message=values["message"],
        source=source_from(
            touch.get("utm_source"),
            touch.get("utm_medium"),
            touch.get("utm_campaign"),
            touch.get("ref"),
        ),  # fmt: skip
        utm_source=touch.get("utm_source"),
        utm_medium=touch.get("utm_medium"),
        utm_campaign=touch.get("utm_campaign"),
        referral_code=touch.get("ref"),
        ip_address=visit.ip_hash,
        user_agent=visit.user_agent,
        marketing_consent=bool(values["marketing_consent"]),
        consent_at=now if values["marketing_consent"] is not None else None,
        locale=visit.locale,
        created_at=now,
        updated_at=now,
    )
    rescore(lead)  # scored in the INSERT itself, not by an UPDATE after it
    try:
        with db.session.begin_nested():
            db.session.add(lead)
    except IntegrityError:
        return None
    return lead
