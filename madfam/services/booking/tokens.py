"""Signed, login-free references to a meeting (confirmation page, emailed links)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from madfam.extensions import db
from madfam.models import Meeting

SALT = "meeting"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def meeting_token(meeting: Meeting) -> str:
    return _serializer().dumps(meeting.id)


def meeting_from_token(token: str) -> Meeting | None:
    """The meeting a token names, or None for a tampered or unknown token."""
    try:
        meeting_id = _serializer().loads(token)
    except BadData:
        return None
    return db.session.get(Meeting, meeting_id) if isinstance(meeting_id, str) else None


MANAGE_SALT = "meeting-manage"


def manage_token(meeting: Meeting) -> str:
    """The emailed reschedule/cancel link's token; it names the meeting's SEQUENCE, so a
    link from an email the meeting has since outdated (moved, cancelled) is refused."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=MANAGE_SALT).dumps(
        [meeting.id, meeting.sequence]
    )


def meeting_to_manage(token: str) -> tuple[Meeting | None, str]:
    """(meeting, state): state is ``ok``, ``invalid`` (tampered or unknown),
    ``cancelled``, ``replaced`` (a later email carries the link) or ``past``."""
    try:
        meeting_id, sequence = URLSafeSerializer(
            current_app.config["SECRET_KEY"], salt=MANAGE_SALT
        ).loads(token)
    except (BadData, TypeError, ValueError):
        return None, "invalid"
    meeting = db.session.get(Meeting, meeting_id) if isinstance(meeting_id, str) else None
    if meeting is None:
        return None, "invalid"
    if meeting.status != "scheduled":
        return meeting, "cancelled"
    if sequence != meeting.sequence:
        return meeting, "replaced"
    if meeting.starts_at <= datetime.now(UTC):
        return meeting, "past"
    return meeting, "ok"
