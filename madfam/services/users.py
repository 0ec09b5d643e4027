"""Staff accounts: create, change role, deactivate, reset password, end sessions.

Every change that could leave the site without an administrator is refused:
the last active ADMIN cannot be demoted or deactivated.
"""

from __future__ import annotations

from sqlalchemy import func, select

from madfam.enums import UserRole
from madfam.extensions import db
from madfam.models import Session, User
from madfam.rules.emails import normalise_email
from madfam.rules.passwords import PasswordProblem, password_problem
from madfam.services.auth import end_all_sessions, end_other_sessions
from madfam.services.passwords import hash_password, verify

ADMIN_LANGUAGES = ("es", "en")


class UserError(ValueError):
    """A requested change to a staff account is not allowed."""


class LastAdminError(UserError):
    """The change would leave no active ADMIN."""


class DuplicateEmailError(UserError):
    """A staff account with this email already exists."""


class WeakPasswordError(UserError):
    """The password breaks the policy (too short, too long or too common)."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class WrongPasswordError(UserError):
    """The current password given to change it is not the user's."""


def _new_password_hash(password: str) -> str:
    """The hash of a new password, which must meet the policy (the forms and the CLI
    check first and explain; this is the last guard)."""
    problem = password_problem(password)
    if problem is not None:
        raise WeakPasswordError(problem)
    return hash_password(password)


def _other_active_admins(user: User) -> int:
    """Active ADMINs other than ``user``; the rows are locked on PostgreSQL."""
    ids = db.session.scalars(
        select(User.id)
        .where(User.role == UserRole.ADMIN, User.active.is_(True), User.id != user.id)
        .with_for_update()
    ).all()
    return len(ids)


def _guard_last_admin(user: User) -> None:
    if user.role == UserRole.ADMIN and user.active and _other_active_admins(user) == 0:
        raise LastAdminError("last active admin")


def create_user(
    email: str,
    password: str,
    role: UserRole = UserRole.VIEWER,
    name: str | None = None,
    locale: str = "es",
) -> User:
    email = normalise_email(email)
    password_hash = _new_password_hash(password)
    exists = db.session.scalar(select(func.count()).select_from(User).where(User.email == email))
    if exists:
        raise DuplicateEmailError(email)
    user = User(
        email=email,
        name=(name or "").strip() or None,
        role=role,
        password_hash=password_hash,
        locale=locale if locale in ADMIN_LANGUAGES else "es",
        active=True,
    )
    db.session.add(user)
    db.session.commit()
    return user


def create_or_update_user(
    email: str, password: str, role: UserRole, name: str | None = None
) -> tuple[User, bool]:
    """The operator's ``flask create-user``: create a staff account, or give an existing
    one this role and password (and the name, if given) and reactivate it.

    Returns the user and whether it was created.
    """
    email = normalise_email(email)
    password_hash = _new_password_hash(password)
    user = db.session.scalar(select(User).where(User.email == email))
    created = user is None
    if created:
        user = User(email=email)
        db.session.add(user)
    user.role = role
    user.name = name or user.name
    user.password_hash = password_hash
    user.active = True
    db.session.commit()
    return user, created


def change_role(user: User, role: UserRole) -> None:
    if role != UserRole.ADMIN:
        _guard_last_admin(user)
    user.role = role
    db.session.commit()


def set_active(user: User, active: bool) -> None:
    """Deactivate (its sessions end at once) or reactivate a staff account."""
    if not active:
        _guard_last_admin(user)
        end_all_sessions(user.id)
    user.active = active
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    """Set a new password; the user's existing sessions end."""
    user.password_hash = _new_password_hash(password)
    end_all_sessions(user.id)
    db.session.commit()


def change_own_password(user: User, current: str, password: str, keep_token: str | None) -> int:
    """The signed-in user's new password, given the current one. Their other sessions
    end (this one, ``keep_token``, goes on); returns how many ended."""
    if not verify(user.password_hash, current):
        raise WrongPasswordError("current password")
    user.password_hash = _new_password_hash(password)
    ended = end_other_sessions(user.id, keep_token)
    db.session.commit()
    return ended


def revoke_sessions(user: User) -> int:
    count = end_all_sessions(user.id)
    db.session.commit()
    return count


def set_locale(user: User, locale: str) -> None:
    if locale not in ADMIN_LANGUAGES:
        raise UserError("unsupported language")
    user.locale = locale
    db.session.commit()


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def get_user(user_id: str) -> User | None:
    return db.session.get(User, user_id)


def session_count(user_id: str) -> int:
    """How many signed-in sessions the user has."""
    stmt = select(func.count()).select_from(Session).where(Session.user_id == user_id)
    return db.session.scalar(stmt) or 0
