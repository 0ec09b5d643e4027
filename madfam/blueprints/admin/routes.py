from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import AccountForm, EmptyForm, LoginForm, PasswordChangeForm
from madfam.enums import UserRole
from madfam.extensions import limiter
from madfam.login import pop_idle_sign_out
from madfam.security import role_required
from madfam.services import auth
from madfam.services import users as user_service
from madfam.visit import client_ip


def _safe_next(target: str | None) -> str | None:
    """Only local paths: no scheme, no host, no protocol-relative //."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    return target


def _failed_login(response) -> bool:
    """Only failed sign-ins count against the client's address."""
    return response.status_code != 303


def _client_key() -> str:
    """The per-address sign-in limit counts by the address's keyed hash, never the address."""
    return auth.address_key(client_ip())


def _flash_idle_sign_out() -> None:
    if pop_idle_sign_out():
        minutes = current_app.config["ADMIN_IDLE_TIMEOUT_MINUTES"]
        flash(
            _(
                "You were signed out after %(minutes)d minutes without activity. "
                "Please sign in again.",
                minutes=minutes,
            ),
            "info",
        )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    auth.login_ip_limit, key_func=_client_key, methods=["POST"], deduct_when=_failed_login
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    _flash_idle_sign_out()
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data, client_ip()
        if auth.login_refused(email, address):
            flash(
                _("Too many failed sign-in attempts. Please wait a few minutes and try again."),
                "error",
            )
            return render_template("admin/login.html", form=form), 429
        user = auth.authenticate(email, form.password.data)
        if user is None:
            auth.record_login_failure(email, address)
            flash(_("Invalid email or password."), "error")
            return render_template("admin/login.html", form=form), 200
        auth.clear_login_failures(email, address)
        session.clear()  # a new session at login: no fixation
        auth.sign_in(user)
        login_user(user)
        return redirect(_safe_next(request.args.get("next")) or url_for("admin.index"), 303)
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
@role_required(UserRole.VIEWER)
def logout():
    if EmptyForm().validate_on_submit():
        auth.sign_out(current_user.get_id())
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("admin.login"), 303)


def _render_account(form: AccountForm, status: int = 200, password_form=None):
    return render_template(
        "admin/account.html",
        form=form,
        password_form=password_form or PasswordChangeForm(),
        session_count=user_service.session_count(current_user.id),
        end_form=EmptyForm(),
    ), status


@bp.route("/account", methods=["GET", "POST"])
@role_required(UserRole.VIEWER)
def account():
    """The signed-in user's own settings: admin language and their sessions."""
    form = AccountForm(locale=current_user.locale)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render_account(form, 422)
        user_service.set_locale(current_user, form.locale.data)
        flash(_("Your settings were saved."), "success")
        return redirect(url_for("admin.account"), 303)
    return _render_account(form)


@bp.post("/account/password")
@role_required(UserRole.VIEWER)
def change_my_password():
    """A new password for the signed-in user; their other sessions end."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user_service.change_own_password(
                current_user, form.current.data, form.password.data, current_user.get_id()
            )
        except user_service.WrongPasswordError:
            form.current.errors = [*form.current.errors, _("The current password is wrong.")]
        else:
            flash(_("Your password was changed. Your other sessions were signed out."), "success")
            return redirect(url_for("admin.account"), 303)
    return _render_account(AccountForm(locale=current_user.locale), 422, password_form=form)


@bp.post("/account/sessions/end")
@role_required(UserRole.VIEWER)
def end_my_sessions():
    """Sign out of every session of this user, this one included."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("admin.account"), 303)
    auth.sign_out_everywhere(current_user.id)
    logout_user()
    session.clear()
    flash(_("You have signed out of all your sessions."), "info")
    return redirect(url_for("admin.login"), 303)
