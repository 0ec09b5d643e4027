from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from madfam import auth
from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import EmptyForm, LoginForm
from madfam.enums import UserRole
from madfam.extensions import db
from madfam.models import Assessment, Lead
from madfam.security import role_required


def _safe_next(target: str | None) -> str | None:
    """Only local paths: no scheme, no host, no protocol-relative //."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = auth.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Invalid email or password."), "error")
            return render_template("admin/login.html", form=form), 200
        session.clear()  # a new session at login: no fixation
        auth.start_session(user)
        db.session.commit()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")) or url_for("admin.index"), 303)
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
@role_required(UserRole.VIEWER)
def logout():
    if EmptyForm().validate_on_submit():
        auth.end_session(current_user.get_id())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("admin.login"), 303)


@bp.get("/")
@role_required(UserRole.VIEWER)
def index():
    lead_count = db.session.scalar(select(func.count()).select_from(Lead))
    assessment_count = db.session.scalar(select(func.count()).select_from(Assessment))
    return render_template(
        "admin/index.html",
        lead_count=lead_count,
        assessment_count=assessment_count,
        logout_form=EmptyForm(),
    )
