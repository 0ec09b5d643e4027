"""Staff work on leads: the filtered list, CSV export, the timeline and status/notes/logs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, String, asc, cast, desc, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from madfam import jobs
from madfam.enums import LeadSource, LeadStatus, ServiceTier
from madfam.extensions import db
from madfam.models import Assessment, Calculation, EmailQueue, Lead, LeadActivity, LeadNote, User
from madfam.rules.lead_scoring import LeadFields, ScoreResult
from madfam.rules.lead_scoring import score as score_lead

PER_PAGE = 25
COUNT_CAP = 10_000
SORTS = {  # column names and directions, most significant first
    "newest": (("created_at", desc), ("id", desc)),
    "oldest": (("created_at", asc), ("id", asc)),
    "score_desc": (("score", desc), ("created_at", desc), ("id", desc)),
    "score_asc": (("score", asc), ("created_at", asc), ("id", asc)),
}
DEFAULT_SORT = "newest"
MAX_SEARCH = 100


# --- Filters -------------------------------------------------------------------------


def _enum(cls, value: str | None):
    value = (value or "").strip().upper()
    return cls(value) if value in cls.__members__ else None


def _int(value: str | None, low: int = 0, high: int = 100) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return max(low, min(high, number))


# Date filters outside this range are ignored: they would filter nothing anyway, and the
# day after date.max cannot be computed.
MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2999, 12, 31)


def _date(value: str | None) -> date | None:
    try:
        parsed = date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None
    return parsed if MIN_DATE <= parsed <= MAX_DATE else None


@dataclass(frozen=True)
class LeadFilters:
    """What the leads list shows; built leniently from query-string values."""

    status: LeadStatus | None = None
    tier: ServiceTier | None = None
    source: LeadSource | None = None
    score_min: int | None = None
    score_max: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    utm_campaign: str | None = None
    q: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> LeadFilters:
        sort = args.get("sort") or DEFAULT_SORT
        # NUL is dropped: no database text column can hold one, so it would match nothing.
        q = (args.get("q") or "").replace("\x00", "").strip()[:MAX_SEARCH] or None
        campaign = (args.get("utm_campaign") or "").replace("\x00", "").strip()[:100] or None
        return cls(
            status=_enum(LeadStatus, args.get("status")),
            tier=_enum(ServiceTier, args.get("tier")),
            source=_enum(LeadSource, args.get("source")),
            score_min=_int(args.get("score_min")),
            score_max=_int(args.get("score_max")),
            created_from=_date(args.get("created_from")),
            created_to=_date(args.get("created_to")),
            utm_campaign=campaign,
            q=q,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=_int(args.get("page"), 1, 100_000) or 1,
        )

    def as_args(self, **overrides: Any) -> dict[str, str]:
        """Non-empty values as query-string arguments (for links that keep the filter)."""
        values = {
            "status": self.status,
            "tier": self.tier,
            "source": self.source,
            "score_min": self.score_min,
            "score_max": self.score_max,
            "created_from": self.created_from,
            "created_to": self.created_to,
            "utm_campaign": self.utm_campaign,
            "q": self.q,
            "sort": None if self.sort == DEFAULT_SORT else self.sort,
            "page": None if self.page == 1 else self.page,
        }
        values.update(overrides)
        return {
            key: value.isoformat() if isinstance(value, date) else str(value)
            for key, value in values.items()
            if value is not None and value != ""
        }

    @property
    def active(self) -> bool:
        return bool(set(self.as_args()) - {"sort", "page"})


def _prefix_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def filtered(filters: LeadFilters, columns: Any = None) -> Select:
    """SELECT leads matching ``filters`` (unordered)."""
    stmt = select(*(columns or (Lead,)))
    conditions = []
    if filters.status:
        conditions.append(Lead.status == filters.status)
    if filters.tier:
        conditions.append(Lead.tier == filters.tier)
    if filters.source:
        conditions.append(Lead.source == filters.source)
    if filters.score_min is not None:
        conditions.append(Lead.score >= filters.score_min)
    if filters.score_max is not None:
        conditions.append(Lead.score <= filters.score_max)
    if filters.created_from:
        conditions.append(Lead.created_at >= datetime.combine(filters.created_from, time(), UTC))
    if filters.created_to:
        end = datetime.combine(filters.created_to + timedelta(days=1), time(), UTC)
        conditions.append(Lead.created_at < end)
    if filters.utm_campaign:
        conditions.append(Lead.utm_campaign == filters.utm_campaign)
    if filters.q:
        # Case-insensitive prefix match. Emails are stored lower-case (the PostgreSQL
        # pattern index serves them); SQLite's LIKE ignores ASCII case by itself and is
        # much cheaper than lower(), PostgreSQL uses ILIKE for names and company.
        pattern = _prefix_pattern(filters.q.lower())
        if _dialect() == "sqlite":
            names = [c.like(pattern, escape="\\") for c in _SEARCHED]
        else:
            names = [c.ilike(pattern, escape="\\") for c in _SEARCHED]
        conditions.append(or_(Lead.email.like(pattern, escape="\\"), *names))
    return stmt.where(*conditions)


def ordered(filters: LeadFilters, columns: Any = None) -> Select:
    """The filtered SELECT in the requested order.

    A search is a full scan either way; on SQLite the unary ``+`` stops the planner
    from walking the date index row by row for it and sorts the (few) matches instead.
    """
    plain = filters.q and _dialect() == "sqlite"
    keys = [
        direction(literal_column(f"+lead.{name}") if plain else getattr(Lead, name))
        for name, direction in SORTS[filters.sort]
    ]
    return filtered(filters, columns).order_by(*keys)


_SEARCHED = (Lead.company, Lead.first_name, Lead.last_name)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


@dataclass
class LeadPage:
    filters: LeadFilters
    leads: list[Lead]
    total: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP leads match
    per_page: int = PER_PAGE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.per_page))

    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or (self.capped and len(self.leads) == self.per_page)

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.leads else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.leads)


def count_capped(filters: LeadFilters, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many leads match, counting no further than ``cap`` (+1 to know it was exceeded)."""
    inner = filtered(filters, (Lead.id,)).limit(cap + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(inner)) or 0
    return min(total, cap), total > cap


def list_leads(filters: LeadFilters, per_page: int = PER_PAGE) -> LeadPage:
    if filters.q:
        page = _search_page(filters, per_page)
        if page is not None:
            return page
    total, capped = count_capped(filters)
    pages = max(1, -(-total // per_page))
    if not capped and filters.page > pages:
        filters = replace(filters, page=pages)
    stmt = ordered(filters).limit(per_page).offset((filters.page - 1) * per_page)
    leads = list(db.session.scalars(stmt))
    return LeadPage(filters=filters, leads=leads, total=total, capped=capped, per_page=per_page)


def _search_page(filters: LeadFilters, per_page: int) -> LeadPage | None:
    """A search scans the table anyway: count the matches in the same pass (a window)."""
    # The window runs over the unordered matches (one sequential scan); only the outer
    # query sorts, so the planner does not walk the date index across every row.
    matches = filtered(filters, (Lead, func.count().over().label("total"))).subquery()
    found = aliased(Lead, matches)
    keys = [direction(matches.c[name]) for name, direction in SORTS[filters.sort]]
    stmt = (
        select(found, matches.c.total)
        .order_by(*keys)
        .limit(per_page)
        .offset((filters.page - 1) * per_page)
    )
    rows = db.session.execute(stmt).all()
    if not rows:
        return None if filters.page > 1 else LeadPage(filters, [], 0, False, per_page)
    total = rows[0].total
    return LeadPage(
        filters=filters,
        leads=[row[0] for row in rows],
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
        per_page=per_page,
    )


def campaigns(recent: int = 5000, limit: int = 200) -> list[str]:
    """UTM campaigns of the newest leads, for the filter's suggestions (bounded cost)."""
    newest = (
        select(Lead.utm_campaign.label("campaign"))
        .order_by(desc(Lead.created_at))
        .limit(recent)
        .subquery()
    )
    stmt = (
        select(newest.c.campaign)
        .where(newest.c.campaign.is_not(None))
        .distinct()
        .order_by(newest.c.campaign)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


# --- CSV export ----------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "created_at", "email", "first_name", "last_name", "company", "phone", "tier",
    "status", "source", "score", "industry", "company_size", "budget", "timeframe",
    "utm_source", "utm_medium", "utm_campaign", "marketing_consent", "message",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A value as a CSV cell a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        value = value.value
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_csv(filters: LeadFilters, batch: int = 1000) -> Iterator[str]:
    """Yield the CSV of every lead matching ``filters``, a batch of rows at a time.

    Rows stream from a server-side cursor (``yield_per``), so memory stays flat
    however many leads match.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    columns = tuple(getattr(Lead, name) for name in CSV_COLUMNS)
    stmt = ordered(filters, columns).execution_options(yield_per=batch)
    result = db.session.execute(stmt)
    try:
        for count, row in enumerate(result, start=1):
            writer.writerow([csv_cell(value) for value in row])
            if count % batch == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    finally:
        result.close()
    yield buffer.getvalue()


# --- One lead ------------------------------------------------------------------------


def get_lead(lead_id: str) -> Lead | None:
    return db.session.get(Lead, lead_id)


def score_breakdown(lead: Lead) -> ScoreResult:
    """The lead's score under the current rules, with the points of each rule."""
    return score_lead(
        LeadFields(
            email=lead.email, company=lead.company, phone=lead.phone, message=lead.message,
            tier=lead.tier, industry=lead.industry, company_size=lead.company_size,
        )
    )  # fmt: skip


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


# --- Changes -------------------------------------------------------------------------


def change_status(lead: Lead, status: LeadStatus, user: User) -> bool:
    """Set the lead's status and record who changed it from what to what; commits.

    Returns False (and records nothing) when the status is already ``status``.
    """
    old = lead.status
    if old == status:
        return False
    lead.status = status
    lead.updated_at = datetime.now(UTC)
    db.session.add(
        LeadActivity(
            lead_id=lead.id,
            type="status_updated",
            description=f"Status changed from {old.value} to {status.value}",
            user_id=user.id,
            metadata_={"from": old.value, "to": status.value, "by": user.email},
        )
    )
    jobs.commit()
    return True


def add_note(lead: Lead, content: str, user: User) -> LeadNote:
    note = LeadNote(lead_id=lead.id, content=content.strip(), author_id=user.id)
    db.session.add(note)
    db.session.flush()
    db.session.add(
        LeadActivity(
            lead_id=lead.id,
            type="note_added",
            description="Note added",
            user_id=user.id,
            metadata_={"note_id": note.id, "by": user.email},
        )
    )
    jobs.commit()
    return note


LOG_KINDS = ("call_made", "meeting_scheduled")


def log_activity(
    lead: Lead,
    kind: str,
    description: str,
    user: User,
    meeting_at: datetime | None = None,
    send_reminder: bool = False,
) -> LeadActivity:
    """Record a call or a meeting; a meeting can queue a reminder email to the lead.

    The reminder is written in the language the lead last used on the site.
    """
    if kind not in LOG_KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    metadata: dict[str, Any] = {"by": user.email}
    if kind == "meeting_scheduled" and meeting_at is not None:
        metadata["meeting_at"] = meeting_at.astimezone(UTC).isoformat()
    if kind == "meeting_scheduled" and send_reminder:
        from madfam.services.outbox import queue_email

        email = queue_email(
            "meeting_reminder",
            lead.email,
            {
                "lead_id": lead.id,
                "first_name": lead.first_name,
                "meeting_at": metadata.get("meeting_at"),
                "description": description.strip(),
            },
            locale=lead.locale or "es",
        )
        metadata["email_id"] = email.id
    activity = LeadActivity(
        lead_id=lead.id,
        type=kind,
        description=description.strip(),
        user_id=user.id,
        metadata_=metadata,
    )
    db.session.add(activity)
    jobs.commit()
    return activity
