"""Visitors' privacy (ARCO) requests: receive one, list them for staff, record the answer.

A request is stored with its deadline (``PRIVACY_REQUEST_DUE_BUSINESS_DAYS`` business
days, :mod:`madfam.rules.business_days`) and acknowledged by email in the visitor's
language through the outbox, in one transaction. Staff find the lead with the same
address to export or erase it with the tools of :mod:`madfam.services.privacy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import select

from madfam import jobs
from madfam.enums import PrivacyRequestStatus, PrivacyRight
from madfam.extensions import db
from madfam.i18n import regional_locale
from madfam.models import Lead, PrivacyRequest
from madfam.rules.business_days import due_at
from madfam.rules.emails import normalise_email
from madfam.services.outbox import queue_email
from madfam.services.queries import counts_by

ACKNOWLEDGEMENT = "privacy_request_received"
PAGE_SIZE = 100


@dataclass(frozen=True)
class PrivacyRequestInput:
    name: str
    email: str
    right: PrivacyRight
    details: str | None
    language: str = "es"


def submit_request(data: PrivacyRequestInput, now: datetime | None = None) -> PrivacyRequest:
    """Store the request with its deadline, queue the acknowledgement, commit once."""
    received = now or datetime.now(UTC)
    days = current_app.config["PRIVACY_REQUEST_DUE_BUSINESS_DAYS"]
    row = PrivacyRequest(
        created_at=received,
        name=data.name,
        email=normalise_email(data.email),
        right=data.right,
        details=data.details,
        language=data.language,
        status=PrivacyRequestStatus.OPEN,
        due_at=due_at(received, days),
    )
    db.session.add(row)
    db.session.flush()
    queue_email(
        ACKNOWLEDGEMENT,
        row.email,
        {
            "name": row.name,
            "right": row.right.value,
            "reference": row.id,
            "due_date": _long_date(row.due_at, data.language),
            "business_days": days,
            "officer_email": current_app.config["PRIVACY_OFFICER_EMAIL"],
        },
        locale=data.language,
    )
    jobs.commit()
    return row


def _long_date(moment: datetime, language: str) -> str:
    with force_locale(regional_locale(language)):
        return format_date(moment, format="long")


def is_overdue(row: PrivacyRequest, now: datetime | None = None) -> bool:
    return row.status.is_pending and row.due_at < (now or datetime.now(UTC))


def list_requests(status: PrivacyRequestStatus | None = None) -> list[PrivacyRequest]:
    """Requests with the soonest deadline first (only ``status`` when one is given)."""
    query = select(PrivacyRequest).order_by(PrivacyRequest.due_at, PrivacyRequest.id)
    if status is not None:
        query = query.where(PrivacyRequest.status == status)
    return list(db.session.scalars(query.limit(PAGE_SIZE)))


def status_counts() -> dict[PrivacyRequestStatus, int]:
    return counts_by(PrivacyRequest.status)


def get_request(request_id: str) -> PrivacyRequest | None:
    return db.session.get(PrivacyRequest, request_id)


def matching_lead(row: PrivacyRequest) -> Lead | None:
    """The lead with the request's address, whose data the request is about."""
    return db.session.scalar(select(Lead).where(Lead.email == row.email))


def record_answer(
    row: PrivacyRequest,
    status: PrivacyRequestStatus,
    resolution: str | None,
    actor_id: str | None,
    now: datetime | None = None,
) -> PrivacyRequest:
    """Set the status and the resolution note; who did it and when are recorded."""
    row.status = status
    row.resolution = resolution
    row.handled_by = actor_id
    row.handled_at = now or datetime.now(UTC)
    db.session.commit()
    return row
