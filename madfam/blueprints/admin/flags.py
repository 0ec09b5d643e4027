"""Feature flags: every role reads them and their history; ADMIN creates, edits and
toggles (htmx swaps the row; without JavaScript the form posts and comes back)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.flag_forms import GROUP_LABELS, FlagForm
from madfam.blueprints.admin.forms import EmptyForm
from madfam.enums import UserRole
from madfam.htmx import is_partial
from madfam.rules.flags import STALE_AFTER_DAYS
from madfam.security import role_required
from madfam.services import flag_admin


def _flag_or_404(flag_id: str):
    flag = flag_admin.get_flag(flag_id)
    if flag is None:
        abort(404)
    return flag


def _input(form: FlagForm) -> flag_admin.FlagInput:
    return flag_admin.FlagInput(
        name=form.name.data,
        description=form.description.data or None,
        enabled=form.enabled.data,
        enabled_dev=form.enabled_dev.data,
        enabled_staging=form.enabled_staging.data,
        enabled_prod=form.enabled_prod.data,
        rollout_percentage=form.rollout_percentage.data,
        user_groups=list(form.user_groups.data or []) or None,
    )


@bp.get("/flags")
@role_required(UserRole.VIEWER)
def flags():
    return render_template(
        "admin/flags/index.html",
        rows=flag_admin.list_flags(),
        stale_days=STALE_AFTER_DAYS,
        group_labels=GROUP_LABELS,
        can_edit=current_user.can(UserRole.ADMIN),
    )


@bp.route("/flags/new", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def flag_new():
    form = FlagForm(rollout_percentage=0, enabled_dev=True)
    if form.validate_on_submit():
        try:
            flag = flag_admin.create_flag(form.key.data, _input(form), current_user)
        except flag_admin.DuplicateKeyError:
            form.key.errors = [*form.key.errors, _("A flag with this key already exists.")]
        else:
            flash(_("The flag %(key)s was created.", key=flag.key), "success")
            return redirect(url_for("admin.flags"), 303)
    status = 422 if form.errors else 200
    return render_template("admin/flags/edit.html", form=form, flag=None), status


def _render_flag(flag, form: FlagForm, status: int = 200):
    return render_template(
        "admin/flags/edit.html",
        form=form,
        flag=flag,
        can_edit=current_user.can(UserRole.ADMIN),
        history=flag_admin.history(flag),
        group_labels=GROUP_LABELS,
    ), status


@bp.get("/flags/<flag_id>")
@role_required(UserRole.VIEWER)
def flag_detail(flag_id: str):
    flag = _flag_or_404(flag_id)
    return _render_flag(flag, FlagForm(obj=flag))


@bp.post("/flags/<flag_id>")
@role_required(UserRole.ADMIN)
def flag_save(flag_id: str):
    flag = _flag_or_404(flag_id)
    form = FlagForm()
    form.key.data = flag.key  # the key never changes: code refers to it
    if not form.validate_on_submit():
        return _render_flag(flag, form, 422)
    flag_admin.update_flag(flag, _input(form), current_user)
    flash(_("The flag %(key)s was saved.", key=flag.key), "success")
    return redirect(url_for("admin.flag_detail", flag_id=flag.id), 303)


@bp.post("/flags/<flag_id>/toggle/<switch>")
@role_required(UserRole.ADMIN)
def flag_toggle(flag_id: str, switch: str):
    flag = _flag_or_404(flag_id)
    if switch not in flag_admin.SWITCHES:
        abort(404)
    if EmptyForm().validate_on_submit():
        flag_admin.toggle(flag, switch, current_user)
    if is_partial():
        row = next(r for r in flag_admin.list_flags() if r.flag.id == flag.id)
        return render_template(
            "admin/flags/_row.html", row=row, group_labels=GROUP_LABELS, can_edit=True
        )
    return redirect(url_for("admin.flags"), 303)
