"""The admin area as the role tests see it: every endpoint, a world of rows, a client per role."""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from madfam import create_app
from madfam.blueprints.admin import PUBLIC_ENDPOINTS
from madfam.enums import AssessmentStatus, ServiceTier, UserRole
from madfam.extensions import db as _db
from madfam.models import User
from madfam.services import api_tokens, auth
from tests.factories import (
    make_activity,
    make_assessment,
    make_calculation,
    make_email,
    make_event,
    make_flag,
    make_integration,
    make_lead,
    make_meeting,
    make_note,
    make_privacy_request,
    make_user,
)
from tests.helpers import csrf_from

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
ROLES = (None, UserRole.VIEWER, UserRole.EDITOR, UserRole.ADMIN)  # None: anonymous


def admin_cases(flask_app) -> list[tuple[str, str]]:
    cases = set()
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and rule.endpoint not in PUBLIC_ENDPOINTS:
            for method in rule.methods - SKIPPED_METHODS:
                cases.add((rule.endpoint, method))
    return sorted(cases)


# The URL map is the same for every app instance; read it once at collection.
CASES = admin_cases(create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}))

# --- The world every case runs against -------------------------------------------------


def build_world() -> dict[str, str]:
    """One row of each kind, so URLs with ids resolve; returns ids by URL argument name."""
    users = {role: make_user(role) for role in UserRole}
    target = make_user(UserRole.VIEWER)
    lead = make_lead(first_name="Ana", tier=ServiceTier.L3_CONSULTING)
    note = make_note(lead, author_id=users[UserRole.EDITOR].id)
    activity = make_activity(lead)
    assessment = make_assessment(lead, status=AssessmentStatus.COMPLETED, answers={"q1": 3})
    calculation = make_calculation(lead, total_value=Decimal("1"))
    email = make_email(lead.email)
    event = make_event("lead.created", properties={"lead_id": lead.id})
    flag = make_flag("NEW_LEAD_SCORING", name="New lead scoring")
    integration = make_integration(name="n8n")
    privacy_request = make_privacy_request(email=lead.email)
    api_token, _secret = api_tokens.create_token("n8n", "read", users[UserRole.ADMIN])
    meeting = make_meeting(lead, users[UserRole.ADMIN])
    ids = {
        "lead_id": lead.id,
        "user_id": target.id,
        "note_id": note.id,
        "activity_id": activity.id,
        "assessment_id": assessment.id,
        "calculation_id": calculation.id,
        "email_id": email.id,
        "event_id": event.id,
        "flag_id": flag.id,
        "flag_key": flag.key,
        "key": flag.key,
        "integration_id": integration.id,
        "name": integration.name,
        "request_id": privacy_request.id,
        "token_id": api_token.id,
        "meeting_id": meeting.id,
    }
    for role, user in users.items():
        ids[f"user:{role.value}"] = user.id
    return ids


def client_for(app, role: UserRole | None, ids: dict[str, str]):
    client = app.test_client()
    if role is not None:
        user = _db.session.get(User, ids[f"user:{role.value}"])
        token = auth.start_session(user)
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
    page = client.get("/admin/account" if role else "/admin/login")
    assert page.status_code == 200
    client.csrf = csrf_from(page)
    return client


def case_url(app, endpoint: str, ids: dict[str, str]) -> tuple[str, bool]:
    """The URL with dummy ids of existing rows; False when an argument had no row."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values, resolved = {}, True
    for name in rule.arguments:
        if isinstance(rule._converters.get(name), IntegerConverter):
            values[name] = 1
        elif name in ids:
            values[name] = ids[name]
        else:
            values[name] = "no-such-row"
            resolved = False
    with app.test_request_context():
        return url_for(endpoint, **values), resolved


def snapshot() -> dict[str, list]:
    """Every row of every table, to show that a refused request changed nothing."""
    _db.session.expire_all()
    with _db.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in conn.execute(select(table))), key=str
            )
            for table in _db.metadata.sorted_tables
        }


def request_as(client, method: str, url: str):
    headers = {"X-CSRFToken": client.csrf}
    if method == "GET":
        return client.get(url, headers=headers, buffered=True)
    return client.open(
        url, method=method, data={"csrf_token": client.csrf}, headers=headers, buffered=True
    )
