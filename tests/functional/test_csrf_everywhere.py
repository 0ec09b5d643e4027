"""Every POST route refuses a request without a valid CSRF token, for a signed-in ADMIN.

The routes come from the app's URL map, so a new POST route is covered the moment it
exists. The request is made by a signed-in ADMIN (whose session would let every view
act) with no token, a forged token and a token of another session, as a plain form
and as htmx (token in ``X-CSRFToken``): each answers 400 and changes nothing.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from madfam import create_app
from madfam.extensions import csrf
from madfam.models import EmailQueue, Lead, LeadNote, Session, User
from tests.helpers import csrf_from

HX = {"HX-Request": "true"}


def _post_rules() -> list[tuple[str, str]]:
    """(rule, endpoint) of every route that accepts POST; a throwaway app holds the map."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "csrf-route-discovery-0123456789"}
    )
    return sorted(
        (rule.rule, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or set())
    )


POST_RULES = _post_rules()


def _url(rule: str) -> str:
    """The rule with its arguments filled in: any value matches, the check runs first."""
    rule = re.sub(r"<any\([^)]*\):lang>", "es", rule)
    rule = re.sub(r"<int:[^>]+>", "1", rule)
    return re.sub(r"<[^>]+>", "x", rule)


def _counts(db) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Lead, LeadNote, User, Session, EmailQueue)
    )


def test_the_sweep_covers_the_sign_in_forms_and_the_staff_actions():
    endpoints = {endpoint for _rule, endpoint in POST_RULES}
    assert {"public.contact_submit", "assessment.answer", "admin.login"} <= endpoints
    assert {"admin.user_role", "admin.lead_delete", "admin.logout"} <= endpoints
    assert len(POST_RULES) >= 25


# RFC 8058 one-click unsubscribe: a mail client POSTs without cookies or a form token;
# the signed token in the URL proves the request came from the email. Webhooks from an
# integration are signed with its secret (Standard Webhooks headers).
SIGNED_URL_POSTS = {"public.unsubscribe_confirm", "ops.inbound_webhook"}


def _bearer_only(endpoint: str) -> bool:
    """The Leads API is authorised by a bearer token, never a cookie: a forged cross-site
    request cannot carry the token, so it needs no CSRF token (and a session grants nothing)."""
    return endpoint.startswith("api.")


def test_no_view_that_accepts_post_is_exempt(app):
    """Flask-WTF skips views and blueprints marked ``@csrf.exempt``: none of them may
    accept POST (the health check, exempt for probes, answers GET only), but for the
    one-click unsubscribe, authorised by its signed URL."""
    for _rule, endpoint in POST_RULES:
        if endpoint in SIGNED_URL_POSTS or _bearer_only(endpoint):
            continue
        view = app.view_functions[endpoint]
        assert f"{view.__module__}.{view.__name__}" not in csrf._exempt_views, endpoint
        blueprint = app.blueprints.get(endpoint.rpartition(".")[0])
        assert blueprint not in csrf._exempt_blueprints, endpoint


@pytest.mark.parametrize(("rule", "endpoint"), POST_RULES, ids=[r for r, _ in POST_RULES])
def test_a_post_without_a_valid_token_is_refused(app, db, admin_client, rule, endpoint):
    other = app.test_client()
    foreign_token = csrf_from(other.get("/es/contact"))
    before = _counts(db)
    url = _url(rule)
    attempts = [
        ({}, {}),
        ({}, {"csrf_token": "forged"}),
        ({}, {"csrf_token": foreign_token}),
        ({**HX, "X-CSRFToken": "forged"}, {}),
        ({**HX, "X-CSRFToken": foreign_token}, {}),
    ]
    refused = 401 if _bearer_only(endpoint) else 400
    for headers, data in attempts:
        response = admin_client.post(url, data=data, headers=headers)
        assert response.status_code == refused, (url, headers, data, response.status_code)
    assert _counts(db) == before
    # The session itself still works: the refusals did not sign the admin out.
    assert admin_client.get("/admin/account").status_code == 200
