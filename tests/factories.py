"""Test data factories: one function per model, keyword overrides for any column.

Each ``make_*`` builds the row through its model, adds it to the session and commits, so
the row is there for the app's own requests; ``save=False`` returns the unsaved object
instead (to test what the database makes of it). Integrations are made through their
service, as the admin area makes them: encrypted configuration and a signing secret.

Defaults are unique per call where the schema wants them unique (emails, names), so a
test only spells out what it is about. All need an app context (the ``db`` fixture).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from madfam.enums import AssessmentStatus, PrivacyRight, ServiceTier, UserRole
from madfam.extensions import db
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    Calculation,
    EmailQueue,
    FeatureFlag,
    Integration,
    Lead,
    LeadActivity,
    LeadNote,
    Meeting,
    PrivacyRequest,
    Session,
    User,
)
from madfam.rules.flags import SCHEMA_FLAGS
from madfam.services import integrations
from madfam.services.auth import hash_password
from tests.helpers import PASSWORD

HOOK_URL = "http://127.0.0.1:9/hook"  # nothing listens there; private addresses pass in tests

_serial = itertools.count(1)


def _next() -> int:
    return next(_serial)


def _of(lead: Lead | None) -> dict[str, Any]:
    """The columns that tie a row to ``lead``; none without one (so ``lead_id`` can be given:
    a ``lead=None`` would clear it at flush)."""
    return {} if lead is None else {"lead": lead}


def _save(row, save: bool):
    if save:
        db.session.add(row)
        db.session.commit()
    return row


@lru_cache
def _password_hash(password: str) -> str:
    """Hashing is deliberately slow; one hash per password is enough for a test run."""
    return hash_password(password)


# --- Leads and what hangs off them ------------------------------------------------------


def make_lead(*, save: bool = True, **overrides: Any) -> Lead:
    """A lead with a unique email and the first tier; every other column keeps its default."""
    fields: dict[str, Any] = {
        "email": f"lead{_next()}@example.com",
        "tier": ServiceTier.L1_ESSENTIALS,
    }
    fields.update(overrides)
    return _save(Lead(**fields), save)


def make_note(lead: Lead | None, *, save: bool = True, **overrides: Any) -> LeadNote:
    fields: dict[str, Any] = {**_of(lead), "content": "Called back"}
    fields.update(overrides)
    return _save(LeadNote(**fields), save)


def make_activity(lead: Lead | None, *, save: bool = True, **overrides: Any) -> LeadActivity:
    fields: dict[str, Any] = {**_of(lead), "type": "call_made", "description": "Call"}
    fields.update(overrides)
    return _save(LeadActivity(**fields), save)


def make_assessment(
    lead: Lead | None = None,
    *,
    answers: dict[str, Any] | None = None,
    status: AssessmentStatus = AssessmentStatus.STARTED,
    save: bool = True,
    **overrides: Any,
) -> Assessment:
    """An assessment, linked to ``lead`` (and its email) when given."""
    fields: dict[str, Any] = {
        **_of(lead),
        "email": lead.email if lead is not None else None,
        "answers": {} if answers is None else answers,
        "status": status,
    }
    fields.update(overrides)
    return _save(Assessment(**fields), save)


def make_calculation(
    lead: Lead | None = None, *, save: bool = True, **overrides: Any
) -> Calculation:
    """An ROI calculation with empty inputs and results unless given."""
    fields: dict[str, Any] = {
        **_of(lead),
        "email": lead.email if lead is not None else None,
        "type": "roi",
        "inputs": {},
        "results": {},
    }
    fields.update(overrides)
    return _save(Calculation(**fields), save)


def make_email(
    to: str | list[str] | None = None, *, save: bool = True, **overrides: Any
) -> EmailQueue:
    """A pending welcome email in the outbox, to a unique address unless ``to`` is given."""
    recipients = [to] if isinstance(to, str) else to
    fields: dict[str, Any] = {
        "to": recipients or [f"person{_next()}@example.com"],
        "subject": "Hi",
        "template": "welcome",
        "data": {},
    }
    fields.update(overrides)
    return _save(EmailQueue(**fields), save)


def make_event(event: str = "page.view", *, save: bool = True, **overrides: Any) -> AnalyticsEvent:
    return _save(AnalyticsEvent(event=event, **overrides), save)


def make_privacy_request(*, save: bool = True, **overrides: Any) -> PrivacyRequest:
    """An open ARCO access request, due in 20 business days (four weeks)."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "name": "Ana Pérez",
        "email": f"person{_next()}@example.com",
        "right": PrivacyRight.ACCESS,
        "details": "What do you hold about me?",
        "language": "es",
        "created_at": now,
        "due_at": now + timedelta(weeks=4),
    }
    fields.update(overrides)
    return _save(PrivacyRequest(**fields), save)


# --- Staff ----------------------------------------------------------------------------


def make_user(
    role: UserRole = UserRole.VIEWER,
    *,
    password: str | None = PASSWORD,
    save: bool = True,
    **overrides: Any,
) -> User:
    """A staff account with a unique email who can sign in with ``password``."""
    fields: dict[str, Any] = {
        "email": f"{role.value.lower()}{_next()}@staff.madfam.io",
        "name": f"{role.value.title()} User",
        "role": role,
        "password_hash": _password_hash(password) if password else None,
    }
    fields.update(overrides)
    return _save(User(**fields), save)


def make_session(user: User, *, save: bool = True, **overrides: Any) -> Session:
    """A server-side login of ``user`` that lasts another hour unless ``expires`` is given."""
    fields: dict[str, Any] = {
        "user": user,
        "session_token": f"{_next():064d}",
        "expires": datetime.now(UTC) + timedelta(hours=1),
    }
    fields.update(overrides)
    return _save(Session(**fields), save)


# --- Integrations and flags -----------------------------------------------------------


def make_integration(
    *,
    name: str | None = None,
    kind: str = "webhook",
    url: str | None = HOOK_URL,
    api_key: str | None = None,
    config: dict[str, Any] | None = None,
    enabled: bool = True,
    **overrides: Any,
) -> Integration:
    """An integration saved as the admin area saves one (secrets encrypted, signing secret
    issued); ``url=None`` for none. Other columns (health, …) are set afterwards."""
    integration = integrations.save_integration(
        integrations.IntegrationInput(
            name=name or f"{kind}-{_next()}",
            kind=kind,
            webhook_url=url,
            enabled=enabled,
            api_key=api_key,
            config=config,
        )
    )
    if overrides:
        for column, value in overrides.items():
            setattr(integration, column, value)
        db.session.commit()
    return integration


FLAG_DEFAULTS: dict[str, Any] = {
    "enabled": False, "enabled_dev": True, "enabled_staging": False, "enabled_prod": False,
    "rollout_percentage": 0, "user_groups": None, "description": None,
}  # fmt: skip


def make_flag(key: str | None = None, *, save: bool = True, **overrides: Any) -> FeatureFlag:
    """A flag with the model's defaults and ``overrides``. The schema's five flags exist in
    every test database (``schema_flags``), as after the migrations: one of those keys
    is reset to the defaults and given ``overrides``."""
    key = key or f"FLAG_{_next()}"
    row = db.session.scalar(select(FeatureFlag).where(FeatureFlag.key == key)) if save else None
    fields: dict[str, Any] = {"name": key.replace("_", " ").capitalize(), **FLAG_DEFAULTS}
    fields.update(overrides)
    if row is None:
        return _save(FeatureFlag(key=key, **fields), save)
    for column, value in fields.items():
        setattr(row, column, value)
    return _save(row, save)


def schema_flags() -> None:
    """The schema's five flags in the states migration 0007 creates them in."""
    for key, name, description, on in SCHEMA_FLAGS:
        db.session.add(
            FeatureFlag(
                key=key, name=name, description=description, enabled=on, enabled_dev=True,
                enabled_staging=on, enabled_prod=on, rollout_percentage=100 if on else 0,
            )
        )  # fmt: skip
    db.session.commit()


def make_meeting(lead: Lead, staff: User, *, save: bool = True, **overrides: Any) -> Meeting:
    """A scheduled 30-minute call two days ahead (on the hour)."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    fields: dict[str, Any] = {
        "staff_id": staff.id,
        "lead_id": lead.id,
        "starts_at": start,
        "ends_at": start + timedelta(minutes=30),
        "visitor_zone": "America/New_York",
        **overrides,
    }
    return _save(Meeting(**fields), save)
