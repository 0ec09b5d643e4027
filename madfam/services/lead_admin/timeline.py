"""One lead's page: the lead itself and its timeline of everything that happened to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from madfam.extensions import db
from madfam.models import Lead, User
from madfam.services.lead_records import LeadRecords, collect


def get_lead(lead_id: str) -> Lead | None:
    return db.session.get(Lead, lead_id)


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # activity, note, assessment, calculation, email
    at: datetime
    item: Any
    title: str = ""
    author: str | None = None


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
            TimelineEntry("activity", a.created_at, a, a.type, people.get(a.user_id))
            for a in records.activities
        ),
        *(
            TimelineEntry("note", n.created_at, n, "note", people.get(n.author_id))
            for n in records.notes
        ),
        *(
            TimelineEntry("assessment", a.completed_at or a.created_at, a, "assessment")
            for a in records.assessments
        ),
        *(TimelineEntry("calculation", c.created_at, c, "calc") for c in records.calculations),
        *(TimelineEntry("email", e.sent_at or e.created_at, e, "email") for e in records.emails),
    ]


def _names(ids: set[str | None]) -> dict[str, str]:
    """How each staff user is shown: their name, else their email."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(ids)))
    return {user.id: user.name or user.email for user in users}
