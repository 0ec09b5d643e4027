"""The flags admin: every role reads, ADMIN creates, edits and toggles; every change is
recorded; settled flags untouched for 40 days are marked potentially stale."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from madfam.models import FeatureFlag, FeatureFlagChange
from tests.factories import make_flag
from tests.helpers import csrf_from


def _flag(db, key):
    db.session.expire_all()
    return db.session.scalar(select(FeatureFlag).where(FeatureFlag.key == key))


def test_every_role_reads_the_list_with_states_per_environment(viewer_client, db):
    make_flag(
        "CHAT_SUPPORT",
        enabled=True,
        enabled_prod=True,
        rollout_percentage=30,
        user_groups=["editor"],
    )
    page = viewer_client.get("/admin/flags")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "CHAT_SUPPORT" in html and "INTERACTIVE_CALCULATOR" in html
    assert "30 %" in html and "Editores" in html or "Editors" in html
    assert "flag-toggle" not in html and "aria-pressed" not in html  # no buttons to press
    assert viewer_client.get("/admin/flags/new").status_code == 403


def test_viewer_and_editor_cannot_change_a_flag(viewer_client, editor_client, db):
    flag = _flag(db, "CHAT_SUPPORT")
    for client in (viewer_client, editor_client):
        token = csrf_from(client.get(f"/admin/flags/{flag.id}"))
        assert (
            client.post(
                f"/admin/flags/{flag.id}/toggle/enabled", data={"csrf_token": token}
            ).status_code
            == 403
        )
        assert (
            client.post(
                f"/admin/flags/{flag.id}",
                data={"csrf_token": token, "name": "x", "rollout_percentage": "5"},
            ).status_code
            == 403
        )
    assert _flag(db, "CHAT_SUPPORT").enabled is False


def test_admin_toggles_without_javascript_and_the_change_is_recorded(admin_client, db):
    flag = _flag(db, "CHAT_SUPPORT")
    token = csrf_from(admin_client.get("/admin/flags"))
    response = admin_client.post(
        f"/admin/flags/{flag.id}/toggle/enabled", data={"csrf_token": token}
    )
    assert response.status_code == 303
    assert _flag(db, "CHAT_SUPPORT").enabled is True
    change = db.session.scalar(select(FeatureFlagChange))
    assert change.changes["enabled"] == [False, True]
    assert change.user_email == admin_client.user.email
    history = admin_client.get(f"/admin/flags/{flag.id}").get_data(as_text=True)
    assert admin_client.user.email in history and "False → True" in history


def test_htmx_toggle_answers_with_the_row(admin_client, db):
    flag = _flag(db, "A11Y_IMPROVEMENTS")
    token = csrf_from(admin_client.get("/admin/flags"))
    response = admin_client.post(
        f"/admin/flags/{flag.id}/toggle/enabled_prod",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith(f'<tr id="flag-{flag.id}"')
    assert 'aria-pressed="true"' in html
    assert (
        admin_client.post(
            f"/admin/flags/{flag.id}/toggle/key", data={"csrf_token": token}
        ).status_code
        == 404
    )


def test_create_validates_key_percentage_and_groups(admin_client, db):
    token = csrf_from(admin_client.get("/admin/flags/new"))
    bad = admin_client.post(
        "/admin/flags/new",
        data={
            "csrf_token": token,
            "key": "bad key",
            "name": "X",
            "rollout_percentage": "101",
            "user_groups": ["martians"],
        },
    )
    assert bad.status_code == 422
    assert db.session.scalar(select(FeatureFlag).where(FeatureFlag.name == "X")) is None
    duplicate = admin_client.post(
        "/admin/flags/new",
        data={
            "csrf_token": token,
            "key": "chat_support",
            "name": "X",
            "rollout_percentage": "5",
        },
    )
    assert duplicate.status_code == 422
    good = admin_client.post(
        "/admin/flags/new",
        data={
            "csrf_token": token,
            "key": "new_checkout",
            "name": "New checkout",
            "rollout_percentage": "0",
            "enabled": "y",
            "user_groups": ["staff"],
        },
    )
    assert good.status_code == 303
    flag = _flag(db, "NEW_CHECKOUT")
    assert flag.enabled and flag.rollout_percentage == 0 and flag.user_groups == ["staff"]
    assert db.session.scalar(select(FeatureFlagChange.flag_id)) == flag.id


def test_edit_records_from_and_to_and_never_changes_the_key(admin_client, db):
    flag = _flag(db, "NEW_LEAD_SCORING")
    token = csrf_from(admin_client.get(f"/admin/flags/{flag.id}"))
    response = admin_client.post(
        f"/admin/flags/{flag.id}",
        data={
            "csrf_token": token,
            "key": "OTHER",
            "name": flag.name,
            "description": flag.description,
            "rollout_percentage": "25",
            "enabled": "y",
            "enabled_dev": "y",
        },
    )
    assert response.status_code == 303
    flag = _flag(db, "NEW_LEAD_SCORING")
    assert flag.rollout_percentage == 25
    change = db.session.scalar(select(FeatureFlagChange))
    assert change.changes == {"enabled": [False, True], "rollout_percentage": [0, 25]}


def test_settled_flags_unchanged_for_40_days_are_potentially_stale(viewer_client, db):
    old = datetime.now(UTC) - timedelta(days=41)
    make_flag("OLD_FULL", enabled=True, rollout_percentage=100, created_at=old, updated_at=old)
    make_flag("OLD_HALF", enabled=True, rollout_percentage=50, created_at=old, updated_at=old)
    recent = datetime.now(UTC) - timedelta(days=39)
    make_flag(
        "NEW_FULL", enabled=True, rollout_percentage=100, created_at=recent, updated_at=recent
    )
    html = viewer_client.get("/admin/flags").get_data(as_text=True)
    rows = {
        key: html.split(f">{key}<", 1)[1].split("</tr>", 1)[0]
        for key in ("OLD_FULL", "OLD_HALF", "NEW_FULL")
    }
    assert "flag-stale" in rows["OLD_FULL"]
    assert "flag-stale" not in rows["OLD_HALF"]
    assert "flag-stale" not in rows["NEW_FULL"]
