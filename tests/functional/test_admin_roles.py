"""The role matrix: every admin endpoint and method, for anonymous, VIEWER, EDITOR, ADMIN.

The endpoints are read from the app's URL map, so a new admin route is covered the
moment it exists; a route without ``@role_required`` fails
``test_every_admin_view_declares_its_role``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from madfam.blueprints.admin import PUBLIC_ENDPOINTS
from madfam.enums import UserRole
from tests.admin_world import (
    CASES,
    ROLES,
    admin_cases,
    build_world,
    case_url,
    client_for,
    request_as,
    snapshot,
)


def test_the_matrix_covers_every_admin_endpoint(app):
    assert admin_cases(app) == CASES
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


@pytest.mark.parametrize(("endpoint", "method"), CASES, ids=[f"{e}-{m}" for e, m in CASES])
def test_role_matrix(app, db, endpoint, method):
    required = app.view_functions[endpoint].required_role
    ids = build_world()
    url, resolved = case_url(app, endpoint, ids)
    clients = {role: client_for(app, role, ids) for role in ROLES}

    for role in ROLES:
        before = snapshot()
        response = request_as(clients[role], method, url)
        who = role.value if role else "anonymous"
        label = f"{method} {url} as {who}"
        if role is None:
            assert response.status_code == 302, label
            assert urlsplit(response.headers["Location"]).path == "/admin/login", label
            assert snapshot() == before, f"{label} changed data"
        elif not role.allows(required):
            assert response.status_code == 403, label
            assert snapshot() == before, f"{label} changed data"
        else:
            assert response.status_code != 403, label
            assert response.status_code < 500, label
            location = response.headers.get("Location", "")
            if method == "GET":
                assert not location or urlsplit(location).path != "/admin/login", label
                if resolved:
                    assert response.status_code == 200, label
