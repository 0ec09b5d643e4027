"""One lead's page: the lead itself and its timeline of everything that happened to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, desc, select

from madfam.extensions import db
from madfam.models import Assessment, Calculation, EmailQueue, Lead, LeadActivity, LeadNote, User


def get_lead(lead_id: str) -> Lead | None:
    return db.session.get(Lead, lead_id)


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # activity, note, assessment, calculation, email
    at: datetime
    item: Any
    title: str = ""
    author: str | None = None


def _emails_for(lead: Lead, limit: int = 200) -> list[EmailQueue]:
    """Outbox rows addressed to the lead (by lead id in their data, or their address)."""
    needle = f"%{lead.email}%"
    stmt = (
        select(EmailQueue)
        .where(cast(EmailQueue.to, String).like(needle))
        .order_by(desc(EmailQueue.created_at))
        .limit(limit)
    )
    rows = db.session.scalars(stmt)
    return [row for row in rows if lead.email in [str(to).lower() for to in (row.to or [])]]


def timeline(lead: Lead) -> list[TimelineEntry]:
    """Activities, notes, assessments, calculations and emails, newest first."""
    entries: list[TimelineEntry] = []
    activities = db.session.scalars(
        select(LeadActivity).where(LeadActivity.lead_id == lead.id)
    ).all()
    users = {u.id: u for u in _users({a.user_id for a in activities})}
    for activity in activities:
        user = users.get(activity.user_id)
        entries.append(
            TimelineEntry(
                "activity",
                activity.created_at,
                activity,
                activity.type,
                (user.name or user.email) if user else None,
            )
        )
    notes = db.session.scalars(select(LeadNote).where(LeadNote.lead_id == lead.id)).all()
    authors = {u.id: u for u in _users({n.author_id for n in notes})}
    for note in notes:
        author = authors.get(note.author_id)
        entries.append(
            TimelineEntry(
                "note",
                note.created_at,
                note,
                "note",
                (author.name or author.email) if author else None,
            )
        )
    for assessment in db.session.scalars(select(Assessment).where(Assessment.lead_id == lead.id)):
        when = assessment.completed_at or assessment.created_at
        entries.append(TimelineEntry("assessment", when, assessment, "assessment"))
    for calculation in db.session.scalars(
        select(Calculation).where(Calculation.lead_id == lead.id)
    ):
        entries.append(TimelineEntry("calculation", calculation.created_at, calculation, "calc"))
    for email in _emails_for(lead):
        entries.append(TimelineEntry("email", email.sent_at or email.created_at, email, "email"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _users(ids: set[str | None]) -> list[User]:
    ids = {i for i in ids if i}
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids))))
