"""No staff response may be kept by a browser or proxy: Cache-Control: no-store.

Every admin endpoint and method from the URL map, signed in as ADMIN and signed out,
plus the login page, a refused login, an htmx fragment and an error page.
"""

from __future__ import annotations

from madfam.enums import UserRole
from tests.admin_world import CASES, build_world, case_url, client_for, request_as
from tests.helpers import csrf_from


def assert_no_store(response, label: str) -> None:
    assert response.headers.get("Cache-Control") == "no-store", label


def test_every_admin_endpoint_answers_no_store(app, db):
    ids = build_world()
    admin = client_for(app, UserRole.ADMIN, ids)
    anonymous = client_for(app, None, ids)
    # GETs first: the POSTs below deactivate, delete and sign out.
    for endpoint, method in sorted(CASES, key=lambda case: case[1] != "GET"):
        url, _ = case_url(app, endpoint, ids)
        assert_no_store(request_as(anonymous, method, url), f"{method} {url} signed out")
        assert_no_store(request_as(admin, method, url), f"{method} {url} as ADMIN")


def test_login_page_fragments_and_errors_answer_no_store(client, make_user):
    user = make_user(UserRole.ADMIN)
    page = client.get("/admin/login")
    assert page.status_code == 200
    assert_no_store(page, "login page")
    refused = client.post(
        "/admin/login",
        data={"email": user.email, "password": "wrong", "csrf_token": csrf_from(page)},
    )
    assert_no_store(refused, "refused login")
    assert_no_store(client.post("/admin/login", data={}), "login without CSRF token")
    signed_in = client.post(
        "/admin/login",
        data={
            "email": user.email,
            "password": "correct horse battery staple",
            "csrf_token": csrf_from(page),
        },
    )
    assert signed_in.status_code == 303
    assert_no_store(signed_in, "sign-in redirect")
    fragment = client.get("/admin/leads", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert_no_store(fragment, "htmx fragment")
    missing = client.get("/admin/leads/no-such-lead")
    assert missing.status_code == 404
    assert_no_store(missing, "404 in the staff area")


def test_public_pages_may_still_be_cached(client):
    assert "no-store" not in client.get("/es/").headers.get("Cache-Control", "")
