"""Operator commands."""

import pytest
from sqlalchemy import func, select

from madfam.enums import UserRole
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    Calculation,
    FeatureFlag,
    Lead,
    LeadActivity,
    LeadNote,
    User,
)
from madfam.services import users
from tests.helpers import csrf_from

COUNTED = (User, Lead, LeadNote, LeadActivity, Assessment, Calculation, AnalyticsEvent, FeatureFlag)


def counts(db):
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def test_create_user_reads_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["create-user", "Boss@Madfam.io", "--role", "ADMIN", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@madfam.io"))
    assert user.role is UserRole.ADMIN
    assert user.password_hash and "a long enough password" not in user.password_hash
    assert "a long enough password" not in result.output


def test_create_user_refuses_short_password_and_bad_email(runner, db):
    short = runner.invoke(args=["create-user", "a@madfam.io", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "12 characters" in short.output
    bad = runner.invoke(args=["create-user", "not-an-email", "--password-stdin"], input="x" * 20)
    assert bad.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_seed_demo_is_idempotent(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts(db)
    assert after_first["Lead"] >= 10
    assert after_first["FeatureFlag"] == 5
    assert all(after_first[name] > 0 for name in after_first)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert counts(db) == after_first
    keys = set(db.session.scalars(select(FeatureFlag.key)))
    assert keys == {
        "NEW_LEAD_SCORING",
        "INTERACTIVE_CALCULATOR",
        "CHAT_SUPPORT",
        "A11Y_IMPROVEMENTS",
        "PERFORMANCE_MONITORING",
    }


def test_seeded_demo_admin_can_sign_in(app, runner, db):
    result = runner.invoke(args=["seed-demo"])
    line = next(line for line in result.output.splitlines() if line.startswith("Demo admin:"))
    email, password = line.split()[2], line.split()[4]
    client = app.test_client()
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login", data={"email": email, "password": password, "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert email in dashboard.get_data(as_text=True)


def test_create_user_refuses_common_and_overlong_passwords(runner, db):
    common = runner.invoke(
        args=["create-user", "a@madfam.io", "--password-stdin"], input="Password1234\n"
    )
    assert common.exit_code != 0 and "commonly used password" in common.output
    long = runner.invoke(
        args=["create-user", "a@madfam.io", "--password-stdin"], input="x" * 129 + "\n"
    )
    assert long.exit_code != 0 and "at most 128 characters" in long.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_the_service_refuses_a_weak_password_too(app, db):
    with pytest.raises(users.WeakPasswordError):
        users.create_user("b@madfam.io", "qwerty123456")
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
