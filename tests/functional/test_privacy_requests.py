"""ARCO requests: the public form, the stored row with its deadline, the acknowledgement
email in the visitor's language, and the admin list and answer."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from madfam.enums import PrivacyRequestStatus, PrivacyRight
from madfam.mail import render_email
from madfam.models import EmailQueue, PrivacyRequest
from madfam.rules.business_days import add_business_days
from tests.factories import make_lead, make_privacy_request
from tests.helpers import count, csrf_from

VALID = {
    "name": "Ana López",
    "email": "Ana.Lopez@Acme.MX",
    "right": "CANCELLATION",
    "details": "Please delete everything you hold about me.",
    "consent": "y",
}
HX = {"HX-Request": "true"}


def send(client, lang="es", headers=None, **fields):
    token = csrf_from(client.get(f"/{lang}/privacy/request"))
    data = {**VALID, "csrf_token": token, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/{lang}/privacy/request", data=data, headers=headers or {})


# --- The form ---------------------------------------------------------------------


def test_the_form_has_labelled_fields_and_links_the_notice(client):
    html = client.get("/es/privacy/request").get_data(as_text=True)
    for control in ("name", "email", "right", "details", "consent"):
        assert f'for="{control}"' in html, control
    assert re.search(r'<input[^>]*id="consent"[^>]*type="checkbox"', html)
    assert 'href="/es/privacy"' in html and "Aviso de privacidad" in html
    rights = re.search(r'<select[^>]*id="right".*?</select>', html, re.S).group(0)
    assert re.findall(r'value="([^"]*)"', rights) == [""] + [r.name for r in PrivacyRight]


@pytest.mark.parametrize("lang", ["es", "en", "pt"])
def test_a_request_is_stored_with_its_deadline_and_acknowledged(app, client, db, lang):
    before = datetime.now(UTC)
    response = send(client, lang)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/privacy/request/thanks"
    assert client.get(response.headers["Location"]).status_code == 200

    row = db.session.scalars(select(PrivacyRequest)).one()
    assert (row.name, row.email, row.right) == (
        "Ana López",
        "ana.lopez@acme.mx",
        PrivacyRight.CANCELLATION,
    )
    assert row.details == VALID["details"] and row.language == lang
    assert row.status is PrivacyRequestStatus.OPEN
    days = app.config["PRIVACY_REQUEST_DUE_BUSINESS_DAYS"]
    assert row.due_at.date() == add_business_days(row.created_at.date(), days)
    assert row.created_at >= before - timedelta(seconds=1)

    email = db.session.scalars(select(EmailQueue)).one()
    assert email.to == ["ana.lopez@acme.mx"]
    assert email.template == "privacy_request_received"
    assert email.data["locale"] == lang and email.data["reference"] == row.id
    message = render_email(email)
    expected = {
        "es": ("Recibimos tu solicitud", "Cancelación"),
        "en": ("We received your privacy request", "Cancellation"),
        "pt": ("Recebemos sua solicitação", "Cancelamento"),
    }[lang]
    assert expected[0] in message.subject
    assert expected[1] in message.text and row.id in message.text
    assert app.config["PRIVACY_OFFICER_EMAIL"] in message.text


def test_htmx_gets_the_thanks_fragment(client, db):
    response = send(client, "en", HX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="arco-region"' in html
    assert "We received your privacy request." in html
    assert count(db, PrivacyRequest) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"right": ""}, "right"),
        ({"right": "DELETE_EVERYTHING"}, "right"),
        ({"details": "   "}, "details"),
        ({"consent": None}, "consent"),
        ({"name": "x" * 201}, "name"),
        ({"details": "x" * 5001}, "details"),
        ({"email": ("a" * 250) + "@x.mx"}, "email"),
        ({"email": "ana@example.com\r\nBcc: victim@example.com"}, "email"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_stored(client, db, fields, field):
    for headers in ({}, HX):
        response = send(client, "es", headers, **fields)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert re.search(rf'<div id="{field}-error" role="alert">', html), (field, html[:200])
        control = re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="{field}"[^>]*>', html)
        assert 'aria-invalid="true"' in control.group(0), field
    assert count(db, PrivacyRequest) == 0
    assert count(db, EmailQueue) == 0


def test_hostile_text_is_stored_inert_and_escaped(client, db, admin_client):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    assert send(client, "es", name=hostile[:60], details=hostile).status_code == 303
    row = db.session.scalars(select(PrivacyRequest)).one()
    assert row.details == hostile
    page = admin_client.get(f"/admin/privacy-requests/{row.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client, db):
    response = send(client, "es", website="https://spam.example")
    assert response.status_code == 303
    assert count(db, PrivacyRequest) == 0 and count(db, EmailQueue) == 0


def test_requests_are_rate_limited(client, db):
    statuses = [send(client, "es", email=f"p{i}@example.com").status_code for i in range(6)]
    assert statuses[:5] == [303] * 5
    assert statuses[5] == 429
    assert count(db, PrivacyRequest) == 5


# --- Admin ------------------------------------------------------------------------


def test_a_request_appears_in_the_admin_list(client, db, admin_client):
    send(client, "es")
    row = db.session.scalars(select(PrivacyRequest)).one()
    page = admin_client.get("/admin/privacy-requests").get_data(as_text=True)
    assert "Ana López" in page and "ana.lopez@acme.mx" in page
    assert f'href="/admin/privacy-requests/{row.id}"' in page
    assert row.due_at.strftime("%Y-%m-%d") in page


def test_overdue_requests_are_highlighted(admin_client, db):
    now = datetime.now(UTC)
    late = make_privacy_request(name="Late Person", due_at=now - timedelta(days=1))
    make_privacy_request(name="On Time", due_at=now + timedelta(days=5))
    make_privacy_request(
        name="Done Late",
        due_at=now - timedelta(days=3),
        status=PrivacyRequestStatus.DONE,
    )
    page = admin_client.get("/admin/privacy-requests").get_data(as_text=True)
    rows = re.findall(r'<tr class="([^"]*)">(.*?)</tr>', page, re.S)
    overdue = [body for classes, body in rows if "overdue" in classes.split()]
    assert len(overdue) == 1 and "Late Person" in overdue[0]
    # soonest deadline first
    assert page.index("Done Late") < page.index("Late Person") < page.index("On Time")
    detail = admin_client.get(f"/admin/privacy-requests/{late.id}").get_data(as_text=True)
    assert "flash-error" in detail


@pytest.mark.parametrize("status", list(PrivacyRequestStatus))
def test_the_status_filter(admin_client, db, status):
    for each in PrivacyRequestStatus:
        make_privacy_request(name=f"Person {each.value}", status=each)
    for headers in ({}, HX):
        response = admin_client.get(
            f"/admin/privacy-requests?status={status.value}", headers=headers
        )
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f"Person {status.value}<" in html
        others = [s for s in PrivacyRequestStatus if s != status]
        assert not [s for s in others if f"Person {s.value}<" in html]
    everything = admin_client.get("/admin/privacy-requests?status=bogus").get_data(as_text=True)
    assert all(f"Person {s.value}<" in everything for s in PrivacyRequestStatus)


def test_staff_resolve_a_request(admin_client, db):
    lead = make_lead(email="ana@example.com")
    row = make_privacy_request(email="ana@example.com")
    page = admin_client.get(f"/admin/privacy-requests/{row.id}").get_data(as_text=True)
    assert f'href="/admin/leads/{lead.id}/export.json"' in page
    assert f'href="/admin/leads/{lead.id}/delete"' in page

    response = admin_client.post(
        f"/admin/privacy-requests/{row.id}",
        data={
            "csrf_token": csrf_from(admin_client.get(f"/admin/privacy-requests/{row.id}")),
            "status": "DONE",
            "resolution": "Exported and sent the data on request.",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    row = db.session.get(PrivacyRequest, row.id)
    assert row.status is PrivacyRequestStatus.DONE
    assert row.resolution == "Exported and sent the data on request."
    assert row.handled_by == admin_client.user.id
    assert row.handled_at is not None


def test_a_request_without_a_lead_says_so(admin_client, db):
    row = make_privacy_request(email="nobody@example.com")
    page = admin_client.get(f"/admin/privacy-requests/{row.id}").get_data(as_text=True)
    assert "export.json" not in page


def test_an_invalid_answer_changes_nothing(admin_client, db):
    row = make_privacy_request()
    token = csrf_from(admin_client.get(f"/admin/privacy-requests/{row.id}"))
    response = admin_client.post(
        f"/admin/privacy-requests/{row.id}", data={"csrf_token": token, "status": "MAYBE"}
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(PrivacyRequest, row.id).status is PrivacyRequestStatus.OPEN


def test_editors_and_viewers_cannot_see_requests(editor_client, viewer_client, db):
    row = make_privacy_request()
    for client in (editor_client, viewer_client):
        assert client.get("/admin/privacy-requests").status_code == 403
        assert client.get(f"/admin/privacy-requests/{row.id}").status_code == 403
