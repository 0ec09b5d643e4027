"""Leads API tokens (ADMIN): list, create (shown once), revoke after a confirmation."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import EmptyForm
from madfam.enums import UserRole
from madfam.security import role_required
from madfam.services import api_tokens
from madfam.text import single_line


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=100)], filters=[single_line]
    )
    scope = SelectField(
        _l("Scope"),
        choices=[
            SelectChoice("read", _l("Read: list and read leads")),
            SelectChoice("write", _l("Write: also change status and add notes")),
        ],
        default="read",
        validators=[DataRequired()],
    )


def _token_or_404(token_id: str):
    row = api_tokens.get_token(token_id)
    if row is None:
        abort(404)
    return row


@bp.get("/api-tokens")
@role_required(UserRole.ADMIN)
def api_tokens_list():
    return render_template("admin/api_tokens/index.html", tokens=api_tokens.list_tokens())


@bp.route("/api-tokens/new", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def api_token_new():
    form = TokenForm()
    if form.validate_on_submit():
        row, secret = api_tokens.create_token(form.name.data, form.scope.data, current_user)
        return render_template("admin/api_tokens/created.html", token=row, secret=secret), 201
    status = 422 if form.errors else 200
    return render_template("admin/api_tokens/new.html", form=form), status


@bp.route("/api-tokens/<token_id>/revoke", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def api_token_revoke(token_id: str):
    row = _token_or_404(token_id)
    form = EmptyForm()
    if form.validate_on_submit():
        if api_tokens.revoke_token(row):
            flash(_l("The token was revoked; requests with it are refused."), "success")
        return redirect(url_for("admin.api_tokens_list"), 303)
    return render_template("admin/api_tokens/revoke.html", token=row, form=form)
