"""API tokens in the admin area: an ADMIN creates one (shown once) and revokes it."""

from __future__ import annotations

import re

from sqlalchemy import select

from madfam.models import ApiToken
from tests.helpers import csrf_from


def test_an_admin_creates_a_token_that_is_shown_once_and_works(admin_client, client, db):
    page = admin_client.get("/admin/api-tokens/new")
    assert page.status_code == 200
    created = admin_client.post(
        "/admin/api-tokens/new",
        data={"name": "n8n", "scope": "write", "csrf_token": csrf_from(page)},
    )
    assert created.status_code == 201
    secret = re.search(r'value="(mfk_[^"]+)"', created.get_data(as_text=True)).group(1)
    listing = admin_client.get("/admin/api-tokens").get_data(as_text=True)
    assert "n8n" in listing and secret not in listing
    answer = client.get("/api/v1/leads", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200


def test_revoking_asks_first_and_then_refuses_the_token(admin_client, client, db):
    page = admin_client.get("/admin/api-tokens/new")
    created = admin_client.post(
        "/admin/api-tokens/new",
        data={"name": "crm", "scope": "read", "csrf_token": csrf_from(page)},
    )
    secret = re.search(r'value="(mfk_[^"]+)"', created.get_data(as_text=True)).group(1)
    row = db.session.scalar(select(ApiToken))
    confirm = admin_client.get(f"/admin/api-tokens/{row.id}/revoke")
    assert confirm.status_code == 200 and "crm" in confirm.get_data(as_text=True)
    db.session.expire_all()
    assert row.revoked_at is None  # the confirmation page changes nothing
    done = admin_client.post(
        f"/admin/api-tokens/{row.id}/revoke", data={"csrf_token": csrf_from(confirm)}
    )
    assert done.status_code == 303
    refused = client.get("/api/v1/leads", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401


def test_viewers_and_editors_cannot_create_tokens(viewer_client, editor_client, db):
    for staff in (viewer_client, editor_client):
        page = staff.get("/admin/account")
        response = staff.post(
            "/admin/api-tokens/new",
            data={"name": "mine", "scope": "write", "csrf_token": csrf_from(page)},
        )
        assert response.status_code == 403
        assert staff.get("/admin/api-tokens").status_code == 403
    assert db.session.scalar(select(ApiToken)) is None
