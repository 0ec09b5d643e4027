"""The role matrix: every admin endpoint and method, for anonymous, VIEWER, EDITOR, ADMIN.

The endpoints are read from the app's URL map, so a new admin route is covered the
moment it exists; a route without ``@role_required`` fails
``test_every_admin_view_declares_its_role``.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select
from werkzeug.routing import IntegerConverter
from werkzeug.security import generate_password_hash

from madfam import create_app
from madfam.blueprints.admin import PUBLIC_ENDPOINTS
from madfam.enums import AssessmentStatus, ServiceTier, UserRole
from madfam.extensions import db as _db
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
    User,
)
from madfam.services import auth
from tests.conftest import csrf_from

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
ROLES = (None, UserRole.VIEWER, UserRole.EDITOR, UserRole.ADMIN)  # None: anonymous
_HASH = generate_password_hash("role-matrix-password", method="scrypt")


def _admin_cases(flask_app) -> list[tuple[str, str]]:
    cases = set()
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and rule.endpoint not in PUBLIC_ENDPOINTS:
            for method in rule.methods - SKIPPED_METHODS:
                cases.add((rule.endpoint, method))
    return sorted(cases)


# The URL map is the same for every app instance; read it once at collection.
CASES = _admin_cases(create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}))


def test_the_matrix_covers_every_admin_endpoint(app):
    assert _admin_cases(app) == CASES
    assert len({endpoint for endpoint, _ in CASES}) >= 5


def test_every_admin_view_declares_its_role(app):
    missing = [
        endpoint
        for endpoint, _ in CASES
        if not isinstance(getattr(app.view_functions[endpoint], "required_role", None), UserRole)
    ]
    assert not missing, f"admin views without @role_required: {missing}"


def test_only_the_login_page_is_public(app, client):
    assert {"admin.login"} == PUBLIC_ENDPOINTS
    assert client.get("/admin/login").status_code == 200


# --- The world every case runs against -------------------------------------------------


def _build_world() -> dict[str, str]:
    """One row of each kind, so URLs with ids resolve; returns ids by URL argument name."""
    users = {
        role: User(email=f"{role.value.lower()}@staff.madfam.io", role=role, password_hash=_HASH)
        for role in UserRole
    }
    target = User(email="target@staff.madfam.io", role=UserRole.VIEWER, password_hash=_HASH)
    lead = Lead(email="ana@example.com", first_name="Ana", tier=ServiceTier.L3_CONSULTING)
    _db.session.add_all([*users.values(), target, lead])
    _db.session.flush()
    note = LeadNote(lead=lead, content="Called back", author_id=users[UserRole.EDITOR].id)
    activity = LeadActivity(lead=lead, type="call_made", description="Call")
    assessment = Assessment(
        lead=lead, email=lead.email, status=AssessmentStatus.COMPLETED, answers={"q1": 3}
    )
    calculation = Calculation(
        lead=lead, email=lead.email, type="roi", inputs={}, results={}, total_value=Decimal("1")
    )
    email = EmailQueue(to=[lead.email], subject="Hi", template="welcome", data={})
    event = AnalyticsEvent(event="lead.created", properties={"lead_id": lead.id})
    flag = FeatureFlag(key="NEW_LEAD_SCORING", name="New lead scoring")
    integration = Integration(name="n8n", config={})
    _db.session.add_all([note, activity, assessment, calculation, email, event, flag, integration])
    _db.session.commit()
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
    }
    for role, user in users.items():
        ids[f"user:{role.value}"] = user.id
    return ids


def _client_for(app, role: UserRole | None, ids: dict[str, str]):
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


def _url(app, endpoint: str, ids: dict[str, str]) -> tuple[str, bool]:
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


def _snapshot() -> dict[str, list]:
    """Every row of every table, to show that a refused request changed nothing."""
    _db.session.expire_all()
    with _db.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in conn.execute(select(table))), key=str
            )
            for table in _db.metadata.sorted_tables
        }


def _request(client, method: str, url: str):
    headers = {"X-CSRFToken": client.csrf}
    if method == "GET":
        return client.get(url, headers=headers, buffered=True)
    return client.open(
        url, method=method, data={"csrf_token": client.csrf}, headers=headers, buffered=True
    )


@pytest.mark.parametrize(("endpoint", "method"), CASES, ids=[f"{e}-{m}" for e, m in CASES])
def test_role_matrix(app, db, endpoint, method):
    required = app.view_functions[endpoint].required_role
    ids = _build_world()
    url, resolved = _url(app, endpoint, ids)
    clients = {role: _client_for(app, role, ids) for role in ROLES}

    for role in ROLES:
        before = _snapshot()
        response = _request(clients[role], method, url)
        who = role.value if role else "anonymous"
        label = f"{method} {url} as {who}"
        if role is None:
            assert response.status_code == 302, label
            assert urlsplit(response.headers["Location"]).path == "/admin/login", label
            assert _snapshot() == before, f"{label} changed data"
        elif not role.allows(required):
            assert response.status_code == 403, label
            assert _snapshot() == before, f"{label} changed data"
        else:
            assert response.status_code != 403, label
            assert response.status_code < 500, label
            location = response.headers.get("Location", "")
            if method == "GET":
                assert not location or urlsplit(location).path != "/admin/login", label
                if resolved:
                    assert response.status_code == 200, label
