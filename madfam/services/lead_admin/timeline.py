"""One lead's page: the lead itself and its timeline of everything that happened to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from madfam.enums import AssessmentStatus, ServiceTier
from madfam.extensions import db
from madfam.models import Assessment, Lead, LeadActivity, User
from madfam.rules.tiers import TIER_INFO
from madfam.services.lead_records import LeadRecords, collect


def get_lead(lead_id: str) -> Lead | None:
    return db.session.get(Lead, lead_id)


@dataclass(frozen=True)
class Tier:
    """A service level as staff see it: its code and its (untranslated) name."""

    code: str
    name: str

    @classmethod
    def of(cls, tier: ServiceTier | str | None) -> Tier | None:
        if not isinstance(tier, str) or tier not in ServiceTier.__members__:
            return None
        return cls(ServiceTier[tier].value, TIER_INFO[ServiceTier[tier]].name)


@dataclass(frozen=True)
class TierChoice:
    """The level the visitor chose and the one an assessment recommended (``None``: none)."""

    chosen: Tier | None = None
    recommended: Tier | None = None


def tier_choice(lead: Lead) -> TierChoice:
    """The lead's own choice and its latest completed assessment's recommendation."""
    latest = db.session.scalar(
        select(Assessment.tier)
        .where(
            Assessment.lead_id == lead.id,
            Assessment.status == AssessmentStatus.COMPLETED,
            Assessment.tier.is_not(None),
        )
        .order_by(Assessment.completed_at.desc())
        .limit(1)
    )
    return TierChoice(Tier.of(lead.tier.name) if lead.tier_chosen else None, Tier.of(latest))


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # activity, note, assessment, calculation, email
    at: datetime
    item: Any
    title: str = ""
    author: str | None = None
    tiers: TierChoice | None = None  # assessments: what it recommended, what was chosen


def timeline(lead: Lead) -> list[TimelineEntry]:
    """Activities, notes, assessments, calculations and emails, newest first.

    The rows are the lead's records (services/lead_records.py), the same a privacy
    export holds, without the analytics events and webhook payloads that copied it.
    """
    return sorted(_entries(collect(lead, copies=False)), key=lambda e: e.at, reverse=True)


def _entries(records: LeadRecords) -> list[TimelineEntry]:
    people = _names({a.user_id for a in records.activities} | {n.author_id for n in records.notes})
    return [
        *(
            TimelineEntry("activity", a.created_at, a, a.type, people.get(a.user_id), _tiers(a))
            for a in records.activities
        ),
        *(
            TimelineEntry("note", n.created_at, n, "note", people.get(n.author_id))
            for n in records.notes
        ),
        *(
            TimelineEntry(
                "assessment",
                a.completed_at or a.created_at,
                a,
                "assessment",
                tiers=TierChoice(recommended=Tier.of(a.tier.name if a.tier else None)),
            )
            for a in records.assessments
        ),
        *(TimelineEntry("calculation", c.created_at, c, "calc") for c in records.calculations),
        *(TimelineEntry("email", e.sent_at or e.created_at, e, "email") for e in records.emails),
    ]


def _tiers(activity: LeadActivity) -> TierChoice | None:
    """A completed assessment's activity: the recommendation and the visitor's choice then."""
    if activity.type != "assessment_completed":
        return None
    meta = activity.metadata_ or {}
    return TierChoice(Tier.of(meta.get("chosen_tier")), Tier.of(meta.get("tier")))


def _names(ids: set[str | None]) -> dict[str, str]:
    """How each staff user is shown: their name, else their email."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(ids)))
    return {user.id: user.name or user.email for user in users}
