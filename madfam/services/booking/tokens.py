"""Signed, login-free references to a meeting (confirmation page, emailed links)."""

from __future__ import annotations

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
