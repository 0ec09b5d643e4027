"""The Leads API as an automation sees it: tokens, scopes, filters, pages, idempotency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from madfam.enums import LeadStatus, UserRole
from madfam.models import LeadActivity, LeadNote
from madfam.services import api_tokens
from tests.factories import make_lead, make_note, make_user


@pytest.fixture
def admin(db):
    return make_user(UserRole.ADMIN)


def _token(admin, scope: str) -> str:
    return api_tokens.create_token(f"{scope} robot", scope, admin)[1]


def _auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_requests_without_a_valid_token_are_refused_in_json(client, admin):
    assert client.get("/api/v1/leads").json["error"]["code"] == "missing_token"
    bad = client.get("/api/v1/leads", headers=_auth("mfk_nope"))
    assert bad.status_code == 401 and bad.json["error"]["code"] == "invalid_token"
    assert bad.headers["WWW-Authenticate"].startswith("Bearer")
    missing = client.get("/api/v1/nowhere", headers=_auth(_token(admin, "read")))
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"


def test_the_token_is_stored_only_as_its_hash(db, admin):
    row, secret = api_tokens.create_token("n8n", "read", admin)
    assert secret not in {row.token_hash, row.prefix, row.name}
    assert row.token_hash == api_tokens.token_hash(secret)


def test_a_read_token_reads_but_cannot_write(client, db, admin):
    lead = make_lead()
    token = _token(admin, "read")
    assert client.get(f"/api/v1/leads/{lead.id}", headers=_auth(token)).status_code == 200
    response = client.post(
        f"/api/v1/leads/{lead.id}/status", json={"status": "CONTACTED"}, headers=_auth(token)
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "insufficient_scope"
    db.session.expire_all()
    assert lead.status is LeadStatus.NEW and _count(db, LeadActivity) == 0


def test_a_revoked_token_is_refused_at_once(client, db, admin):
    row, secret = api_tokens.create_token("crm", "write", admin)
    assert client.get("/api/v1/leads", headers=_auth(secret)).status_code == 200
    api_tokens.revoke_token(row)
    response = client.get("/api/v1/leads", headers=_auth(secret))
    assert response.status_code == 401 and response.json["error"]["code"] == "invalid_token"


def test_a_token_is_refused_once_its_admin_is_deactivated(client, db, admin):
    token = _token(admin, "read")
    admin.active = False
    db.session.commit()
    assert client.get("/api/v1/leads", headers=_auth(token)).status_code == 401


def test_use_is_recorded_as_last_used(client, db, admin):
    row, secret = api_tokens.create_token("crm", "read", admin)
    assert row.last_used_at is None
    client.get("/api/v1/leads", headers=_auth(secret))
    db.session.expire_all()
    assert row.last_used_at is not None


def test_filters_and_cursor_pages_walk_every_match_once(client, db, admin):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    hot = [
        make_lead(score=80, status=LeadStatus.QUALIFIED, created_at=start + timedelta(hours=i))
        for i in range(5)
    ]
    make_lead(score=10, created_at=start)
    token = _token(admin, "read")
    seen, cursor = [], None
    for _ in range(5):
        args = {"status": "QUALIFIED", "score_min": 50, "limit": 2}
        if cursor:
            args["cursor"] = cursor
        page = client.get("/api/v1/leads", query_string=args, headers=_auth(token)).json
        seen += [lead["id"] for lead in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [lead.id for lead in reversed(hot)]  # newest first, no repeats


def test_a_cursor_only_serves_the_filters_it_was_made_for(client, db, admin):
    for _ in range(3):
        make_lead(score=60)
    token = _token(admin, "read")
    page = client.get("/api/v1/leads?limit=1&score_min=50", headers=_auth(token)).json
    other = client.get(
        f"/api/v1/leads?limit=1&score_min=10&cursor={page['next_cursor']}", headers=_auth(token)
    )
    assert other.status_code == 400 and other.json["error"]["code"] == "invalid_cursor"
    junk = client.get("/api/v1/leads?cursor=%%%", headers=_auth(token))
    assert junk.status_code == 400 and junk.json["error"]["code"] == "invalid_cursor"
    bad = client.get("/api/v1/leads?status=HOT", headers=_auth(token))
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_parameter"


def test_one_lead_comes_with_its_timeline(client, db, admin):
    lead = make_lead()
    make_note(lead, content="Wants a demo")
    body = client.get(f"/api/v1/leads/{lead.id}", headers=_auth(_token(admin, "read"))).json
    assert body["data"]["email"] == lead.email
    assert [e["data"]["content"] for e in body["data"]["timeline"]] == ["Wants a demo"]
    missing = client.get("/api/v1/leads/nope", headers=_auth(_token(admin, "read")))
    assert missing.status_code == 404 and missing.json["error"]["code"] == "lead_not_found"


def test_a_status_change_is_recorded_like_staffs(client, db, admin):
    lead = make_lead()
    response = client.post(
        f"/api/v1/leads/{lead.id}/status",
        json={"status": "CONTACTED"},
        headers=_auth(_token(admin, "write")),
    )
    assert response.status_code == 200 and response.json["changed"] is True
    activity = db.session.scalar(select(LeadActivity))
    assert activity.type == "status_updated" and activity.user_id == admin.id


def test_idempotency_key_replays_the_first_answer(client, db, admin):
    lead = make_lead()
    headers = _auth(_token(admin, "write"), **{"Idempotency-Key": "note-1"})
    first = client.post(f"/api/v1/leads/{lead.id}/notes", json={"content": "Hi"}, headers=headers)
    again = client.post(f"/api/v1/leads/{lead.id}/notes", json={"content": "Hi"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _count(db, LeadNote) == 1
    other = client.post(f"/api/v1/leads/{lead.id}/notes", json={"content": "Yo"}, headers=headers)
    assert other.status_code == 422
    assert other.json["error"]["code"] == "idempotency_key_reused"
    assert _count(db, LeadNote) == 1


def test_bad_bodies_get_their_own_codes_and_change_nothing(client, db, admin):
    lead = make_lead()
    url, headers = f"/api/v1/leads/{lead.id}/notes", _auth(_token(admin, "write"))
    form = client.post(url, data={"content": "x"}, headers=headers)
    assert form.status_code == 415 and form.json["error"]["code"] == "unsupported_media_type"
    broken = client.post(url, data="{", content_type="application/json", headers=headers)
    assert broken.status_code == 400 and broken.json["error"]["code"] == "invalid_json"
    empty = client.post(url, json={"content": "  "}, headers=headers)
    assert empty.status_code == 422 and empty.json["error"]["code"] == "validation_failed"
    assert _count(db, LeadNote) == 0


def test_each_token_has_its_own_rate_limit(app, client, db, admin, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2/minute")
    first, second = _token(admin, "read"), _token(admin, "read")
    codes = [client.get("/api/v1/leads", headers=_auth(first)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = client.get("/api/v1/leads", headers=_auth(first))
    assert limited.json["error"]["code"] == "rate_limited"
    assert client.get("/api/v1/leads", headers=_auth(second)).status_code == 200


def test_the_openapi_document_lists_every_endpoint(client, app):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    documented = {path for path in doc["paths"]}
    routes = {
        rule.rule.replace("<lead_id>", "{lead_id}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == documented


def test_an_oversized_body_is_refused_before_anything_else(client, db, admin):
    lead = make_lead()
    response = client.post(
        f"/api/v1/leads/{lead.id}/notes",
        data=b'{"content": "' + b"x" * (3 * 1024 * 1024) + b'"}',
        content_type="application/json",
        headers=_auth(_token(admin, "write")),
    )
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert _count(db, LeadNote) == 0


def test_the_api_sets_no_cookie(client, db, admin):
    token = _token(admin, "read")
    response = client.get("/api/v1/leads?utm_campaign=spring", headers=_auth(token))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
