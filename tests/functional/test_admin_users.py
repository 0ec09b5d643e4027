"""Staff accounts managed by an ADMIN, and the last-admin protection."""

from __future__ import annotations

from sqlalchemy import func, select

from madfam.enums import UserRole
from madfam.models import Session, User
from tests.helpers import PASSWORD, csrf_from, login

NEW_PASSWORD = "a brand new long password"


def _user(db, user_id: str) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def _post(client, url: str, **data):
    page = client.get("/admin/users")
    return client.post(url, data={"csrf_token": csrf_from(page), **data})


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_admin_creates_a_user_who_can_sign_in(app, admin_client, db):
    page = admin_client.get("/admin/users/new")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/users/new",
        data={
            "email": " New.Editor@Staff.madfam.io ",
            "name": "New Editor",
            "role": "EDITOR",
            "locale": "en",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "new.editor@staff.madfam.io"))
    assert (user.role, user.locale, user.active) == (UserRole.EDITOR, "en", True)
    assert NEW_PASSWORD not in user.password_hash
    assert "new.editor@staff.madfam.io" in admin_client.get("/admin/users").get_data(as_text=True)
    assert login(app.test_client(), user.email, NEW_PASSWORD).status_code == 303


def test_create_user_rejects_a_duplicate_and_a_short_password(admin_client, db):
    page = admin_client.get("/admin/users/new")
    base = {"name": "", "role": "VIEWER", "locale": "es", "csrf_token": csrf_from(page)}
    duplicate = admin_client.post(
        "/admin/users/new",
        data={**base, "email": admin_client.user.email, "password": NEW_PASSWORD,
              "confirm": NEW_PASSWORD},
    )  # fmt: skip
    assert duplicate.status_code == 422
    short = admin_client.post(
        "/admin/users/new",
        data={**base, "email": "x@staff.madfam.io", "password": "short", "confirm": "short"},
    )
    assert short.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_admin_changes_a_role(admin_client, make_user, db):
    viewer = make_user(UserRole.VIEWER)
    response = _post(
        admin_client, f"/admin/users/{viewer.id}/role", **{f"{viewer.id}-role": "EDITOR"}
    )
    assert response.status_code == 303
    assert _user(db, viewer.id).role == UserRole.EDITOR


def test_deactivate_signs_the_user_out_and_reactivate_lets_them_back(
    app, admin_client, viewer_client, db
):
    viewer = viewer_client.user
    assert _signed_in(viewer_client)
    assert _post(admin_client, f"/admin/users/{viewer.id}/deactivate").status_code == 303
    assert _user(db, viewer.id).active is False
    assert not _signed_in(viewer_client)
    assert (
        db.session.scalar(
            select(func.count()).select_from(Session).where(Session.user_id == viewer.id)
        )
        == 0
    )
    assert login(app.test_client(), viewer.email).status_code == 200  # refused

    assert _post(admin_client, f"/admin/users/{viewer.id}/reactivate").status_code == 303
    assert _user(db, viewer.id).active is True
    assert login(app.test_client(), viewer.email).status_code == 303


def test_reset_password_ends_sessions_and_replaces_the_password(
    app, admin_client, editor_client, db
):
    editor = editor_client.user
    page = admin_client.get(f"/admin/users/{editor.id}/password")
    assert page.status_code == 200
    mismatch = admin_client.post(
        f"/admin/users/{editor.id}/password",
        data={"password": NEW_PASSWORD, "confirm": "something else", "csrf_token": csrf_from(page)},
    )
    assert mismatch.status_code == 422
    assert _signed_in(editor_client)

    response = admin_client.post(
        f"/admin/users/{editor.id}/password",
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 303
    assert not _signed_in(editor_client)
    assert login(app.test_client(), editor.email, PASSWORD).status_code == 200
    assert login(app.test_client(), editor.email, NEW_PASSWORD).status_code == 303


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(admin_client, make_user, db):
    admin = admin_client.user
    # A deactivated second admin does not count.
    dormant = make_user(UserRole.ADMIN, email="dormant@staff.madfam.io", active=False)

    admin.locale = "en"
    db.session.commit()

    demote = _post(admin_client, f"/admin/users/{admin.id}/role", **{f"{admin.id}-role": "VIEWER"})
    assert demote.status_code == 409
    assert "At least one active admin must remain" in demote.get_data(as_text=True)
    assert _user(db, admin.id).role == UserRole.ADMIN

    deactivate = _post(admin_client, f"/admin/users/{admin.id}/deactivate")
    assert deactivate.status_code == 409
    assert _user(db, admin.id).active is True
    assert _signed_in(admin_client)

    # With a second active admin, one of them may step down.
    assert _post(admin_client, f"/admin/users/{dormant.id}/reactivate").status_code == 303
    response = _post(
        admin_client, f"/admin/users/{dormant.id}/role", **{f"{dormant.id}-role": "EDITOR"}
    )
    assert response.status_code == 303
    assert _user(db, dormant.id).role == UserRole.EDITOR
    # ...and now the remaining one is the last again.
    assert _post(admin_client, f"/admin/users/{admin.id}/deactivate").status_code == 409


def test_non_admins_cannot_manage_users(editor_client, viewer_client, make_user, db):
    target = make_user(UserRole.VIEWER, email="target@staff.madfam.io")
    for client in (editor_client, viewer_client):
        assert client.get("/admin/users").status_code == 403
        page = client.get("/admin/account")
        response = client.post(
            f"/admin/users/{target.id}/role",
            data={f"{target.id}-role": "ADMIN", "csrf_token": csrf_from(page)},
        )
        assert response.status_code == 403
    assert _user(db, target.id).role == UserRole.VIEWER


def test_a_nul_in_the_user_url_is_not_found(admin_client, db):
    assert admin_client.get("/admin/users/a%00b/password").status_code == 404
    page = admin_client.get("/admin/users")
    response = admin_client.post(
        "/admin/users/a%00b/deactivate", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 404


# --- The password policy ------------------------------------------------------------------

COMMON = "password1234"  # long enough, but on the list of common passwords
COMMON_EN = "This password is too common. Choose one that is harder to guess."
COMMON_ES = "Esta contraseña es demasiado común. Elige una más difícil de adivinar."
TOO_LONG = "x" * 129


def _in_english(db, client) -> None:
    _user(db, client.user.id).locale = "en"
    db.session.commit()


def test_create_user_refuses_common_and_overlong_passwords_with_field_errors(admin_client, db):
    page = admin_client.get("/admin/users/new")
    base = {"name": "", "role": "VIEWER", "locale": "es", "csrf_token": csrf_from(page)}
    common = admin_client.post(
        "/admin/users/new",
        data={**base, "email": "x@staff.madfam.io", "password": COMMON, "confirm": COMMON},
    )
    assert common.status_code == 422
    assert COMMON_ES in common.get_data(as_text=True)  # the admin's language: Spanish

    _in_english(db, admin_client)
    long = admin_client.post(
        "/admin/users/new",
        data={**base, "email": "x@staff.madfam.io", "password": TOO_LONG, "confirm": TOO_LONG},
    )
    assert long.status_code == 422
    assert "Use at most 128 characters." in long.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_reset_password_refuses_a_common_password(admin_client, make_user, db):
    _in_english(db, admin_client)
    editor = make_user(UserRole.EDITOR)
    before = editor.password_hash
    page = admin_client.get(f"/admin/users/{editor.id}/password")
    response = admin_client.post(
        f"/admin/users/{editor.id}/password",
        data={"password": COMMON, "confirm": COMMON, "csrf_token": csrf_from(page)},
    )
    assert response.status_code == 422
    assert COMMON_EN in response.get_data(as_text=True)
    assert _user(db, editor.id).password_hash == before


def _change_own(client, current: str, new: str, confirm: str | None = None):
    page = client.get("/admin/account")
    return client.post(
        "/admin/account/password",
        data={
            "current": current,
            "password": new,
            "confirm": new if confirm is None else confirm,
            "csrf_token": csrf_from(page),
        },
    )


def test_staff_change_their_own_password(app, viewer_client, db):
    user = viewer_client.user
    phone = app.test_client()
    assert login(phone, user.email).status_code == 303

    response = _change_own(viewer_client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 303
    assert _signed_in(viewer_client)  # this session goes on
    assert not _signed_in(phone)  # the others end
    assert login(app.test_client(), user.email, PASSWORD).status_code == 200
    assert login(app.test_client(), user.email, NEW_PASSWORD).status_code == 303
    assert _user(db, user.id).password_hash.startswith("$argon2id$")


def test_changing_ones_password_explains_what_is_wrong(viewer_client, db):
    before = _user(db, viewer_client.user.id).password_hash
    wrong = _change_own(viewer_client, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert "La contraseña actual no es correcta." in wrong.get_data(as_text=True)

    _in_english(db, viewer_client)
    common = _change_own(viewer_client, PASSWORD, COMMON)
    assert common.status_code == 422
    assert COMMON_EN in common.get_data(as_text=True)
    short = _change_own(viewer_client, PASSWORD, "short")
    assert "Use at least 12 characters." in short.get_data(as_text=True)
    differ = _change_own(viewer_client, PASSWORD, NEW_PASSWORD, confirm="something else")
    assert "The passwords differ." in differ.get_data(as_text=True)
    assert _user(db, viewer_client.user.id).password_hash == before
