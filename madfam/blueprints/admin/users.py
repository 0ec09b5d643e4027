"""Staff accounts (ADMIN): create, change role, deactivate, reset password, revoke."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import (
    ROLE_HINT,
    EmptyForm,
    PasswordResetForm,
    UserCreateForm,
    UserRoleForm,
)
from madfam.enums import UserRole
from madfam.security import role_required
from madfam.services import users as user_service


def _flash_last_admin() -> None:
    flash(_("At least one active admin must remain."), "error")


def _user_or_404(user_id: str):
    user = user_service.get_user(user_id)
    if user is None:
        abort(404)
    return user


def _render_list(status: int = 200, **context):
    rows = [
        (user, UserRoleForm(prefix=user.id, role=user.role.value))
        for user in user_service.list_users()
    ]
    return render_template(
        "admin/users/index.html", rows=rows, button_form=EmptyForm(), **context
    ), status


@bp.get("/users")
@role_required(UserRole.ADMIN)
def users():
    return _render_list()


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user_service.create_user(
                form.email.data,
                form.password.data,
                role=UserRole(form.role.data),
                name=form.name.data,
                locale=form.locale.data,
            )
        except user_service.DuplicateEmailError:
            form.email.errors = [*form.email.errors, _("A user with this email already exists.")]
        else:
            flash(_("The user was created."), "success")
            return redirect(url_for("admin.users"), 303)
    status = 422 if form.errors else 200
    return render_template("admin/users/new.html", form=form, role_hint=ROLE_HINT), status


@bp.post("/users/<user_id>/role")
@role_required(UserRole.ADMIN)
def user_role(user_id: str):
    user = _user_or_404(user_id)
    form = UserRoleForm(prefix=user.id)
    if not form.validate_on_submit():
        flash(_("Choose a valid role."), "error")
        return _render_list(422)
    try:
        user_service.change_role(user, UserRole(form.role.data))
    except user_service.LastAdminError:
        _flash_last_admin()
        return _render_list(409)
    flash(_("The role was changed."), "success")
    return redirect(url_for("admin.users"), 303)


def _set_active(user_id: str, active: bool):
    user = _user_or_404(user_id)
    EmptyForm().validate_on_submit()  # the CSRF token was already checked app-wide
    try:
        user_service.set_active(user, active)
    except user_service.LastAdminError:
        _flash_last_admin()
        return _render_list(409)
    if active:
        flash(_("The user can sign in again."), "success")
    else:
        flash(_("The user was deactivated and signed out everywhere."), "success")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<user_id>/deactivate")
@role_required(UserRole.ADMIN)
def user_deactivate(user_id: str):
    return _set_active(user_id, False)


@bp.post("/users/<user_id>/reactivate")
@role_required(UserRole.ADMIN)
def user_reactivate(user_id: str):
    return _set_active(user_id, True)


@bp.post("/users/<user_id>/sessions/revoke")
@role_required(UserRole.ADMIN)
def user_revoke_sessions(user_id: str):
    user = _user_or_404(user_id)
    user_service.revoke_sessions(user)
    if user.id == current_user.id:
        return redirect(url_for("admin.login"), 303)
    flash(_("All sessions of %(email)s were ended.", email=user.email), "success")
    return redirect(url_for("admin.users"), 303)


@bp.route("/users/<user_id>/password", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def user_password(user_id: str):
    user = _user_or_404(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        user_service.reset_password(user, form.password.data)
        if user.id == current_user.id:
            return redirect(url_for("admin.login"), 303)
        flash(_("The password was reset and the user's sessions were ended."), "success")
        return redirect(url_for("admin.users"), 303)
    status = 422 if form.errors else 200
    return render_template("admin/users/password.html", form=form, user=user), status
