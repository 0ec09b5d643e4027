"""The ADMIN email queue: by status, the error, a preview, retrying a failed email."""

from __future__ import annotations

from madfam.extensions import db as _db
from madfam.models import EmailQueue
from tests.factories import make_email
from tests.helpers import csrf_from


def add(status: str, to: str, error: str | None = None) -> EmailQueue:
    """A welcome email that was tried once, addressed to Ana by a name with markup."""
    return make_email(
        to, subject="Thank you", data={"first_name": "<b>Ana</b>", "locale": "en"},
        status=status, attempts=1, error=error,
    )  # fmt: skip


def test_the_queue_lists_by_status_with_the_error(admin_client, db):
    add("failed", "bad@example.com", error="SMTP 550 5.1.1 no such user")
    add("sent", "ok@example.com")
    html = admin_client.get("/admin/emails?status=failed").get_data(as_text=True)
    assert "bad@example.com" in html and "SMTP 550 5.1.1 no such user" in html
    assert "ok@example.com" not in html
    everything = admin_client.get("/admin/emails").get_data(as_text=True)
    assert "ok@example.com" in everything

    fragment = admin_client.get("/admin/emails?status=sent", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert 'id="emails-table"' in body and "<html" not in body and "ok@example.com" in body


def test_the_preview_renders_the_email_escaped(admin_client, db):
    row = add("pending", "ana@example.com")
    html = admin_client.get(f"/admin/emails/{row.id}").get_data(as_text=True)
    assert "<iframe" in html and "sandbox" in html
    assert "<b>Ana</b>" not in html  # user data never reaches the page as markup
    assert "Thank you for contacting MADFAM" in html


def test_a_failed_email_can_be_retried(admin_client, db, run_jobs):
    row = add("failed", "ana@example.com", error="SMTP 421 try later")
    page = admin_client.get(f"/admin/emails/{row.id}")
    response = admin_client.post(
        f"/admin/emails/{row.id}/retry", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303
    run_jobs()
    _db.session.expire_all()
    row = _db.session.get(EmailQueue, row.id)
    assert row.status == "sent" and row.attempts == 1  # console backend in tests

    page = admin_client.get(f"/admin/emails/{row.id}")
    assert (
        admin_client.post(
            f"/admin/emails/{row.id}/retry", data={"csrf_token": csrf_from(page)}
        ).status_code
        == 303
    )
    _db.session.expire_all()
    assert _db.session.get(EmailQueue, row.id).status == "sent"  # only failed ones retry


def test_the_email_queue_is_for_admins_only(editor_client, db):
    row = add("failed", "x@example.com")
    assert editor_client.get("/admin/emails").status_code == 403
    assert editor_client.get(f"/admin/emails/{row.id}").status_code == 403
    assert editor_client.post(f"/admin/emails/{row.id}/retry").status_code in (400, 403)


def test_a_nul_in_the_email_url_is_not_found(admin_client, db):
    assert admin_client.get("/admin/emails/a%00b").status_code == 404
    page = admin_client.get("/admin/emails")
    response = admin_client.post("/admin/emails/a%00b/retry", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 404
