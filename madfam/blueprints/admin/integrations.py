"""Admin (ADMIN only): integrations — endpoints, encrypted keys, health, test events."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional

from madfam.blueprints.admin import bp
from madfam.blueprints.admin.forms import EmptyForm
from madfam.crypto import EncryptionNotConfigured
from madfam.delivery.addresses import UnsafeWebhookURL
from madfam.delivery.envelopes import DEFAULT_EVENTS, SELECTABLE_EVENTS
from madfam.enums import UserRole
from madfam.htmx import is_partial, render
from madfam.labels import INTEGRATION_HEALTH_LABELS, INTEGRATION_KIND_LABELS
from madfam.models import Integration
from madfam.security import role_required
from madfam.services import integrations as service
from madfam.services.integration_config import (
    CONFIG_MAX_BYTES,
    CONFIG_MAX_DEPTH,
    InvalidConfig,
    parse_config,
)
from madfam.services.webhooks import send_test_event
from madfam.text import single_line


class IntegrationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=50)], filters=[single_line]
    )
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k, label) for k, label in INTEGRATION_KIND_LABELS.items()]
    )
    webhook_url = StringField(
        _l("Webhook URL"),
        validators=[Optional(), Length(max=500), URL(require_tld=False)],
        filters=[single_line],
    )
    clear_webhook_url = BooleanField(_l("Remove the stored webhook URL"))
    enabled = BooleanField(_l("Enabled"), default=True)
    api_key = PasswordField(_l("API key"), validators=[Optional(), Length(max=500)])
    clear_api_key = BooleanField(_l("Remove the stored API key"))
    # Size, depth and shape are checked by services.integration_config.parse_config.
    config = TextAreaField(_l("Configuration (JSON object)"), validators=[Optional()])
    # Event names are not translated: receivers match on them.
    events = SelectMultipleField(
        _l("Events it is sent"),
        choices=[SelectChoice(e, e) for e in SELECTABLE_EVENTS],
        default=list(DEFAULT_EVENTS["webhook"]),
    )
    # Present when the form showed the event boxes: then none ticked means "send none".
    events_shown = HiddenField()


def _get(integration_id: str) -> Integration:
    integration = service.get_integration(integration_id)
    if integration is None:
        abort(404)
    return integration


def _posted(integration_id: str):
    """The integration a button form posts to, once its CSRF token checks out (else 400)."""
    integration = _get(integration_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return integration


@bp.get("/integrations")
@role_required(UserRole.ADMIN)
def integrations():
    rows = service.list_integrations()
    return render_template(
        "admin/integrations/index.html",
        integrations=rows,
        health_labels=INTEGRATION_HEALTH_LABELS,
        kind_labels=INTEGRATION_KIND_LABELS,
    )


def _config_error(exc: InvalidConfig) -> str:
    if exc.reason == "malformed":
        return _('Enter a JSON object, e.g. {"channel": "#sales"}.')
    return _(
        "The configuration may take at most %(size)d kB and %(depth)d levels of nesting.",
        size=CONFIG_MAX_BYTES // 1024,
        depth=CONFIG_MAX_DEPTH,
    )


def _save(form: IntegrationForm, integration: Integration | None):
    """Validate and save; returns the integration or None (errors are on the form).

    A secret URL (Slack's) is never put in the form: left blank it is kept, unless the
    "remove" box is ticked.
    """
    if not form.validate_on_submit():
        return None
    config = None
    if form.config.data and form.config.data.strip():
        try:
            config = parse_config(form.config.data)
        except InvalidConfig as exc:
            form.config.errors.append(_config_error(exc))
            return None
    data = service.IntegrationInput(
        name=form.name.data.strip(),
        kind=form.kind.data,
        webhook_url=(form.webhook_url.data or "").strip() or None,
        enabled=form.enabled.data,
        keep_webhook_url=(
            integration is not None
            and service.webhook_url_is_secret(integration)
            and not form.clear_webhook_url.data
        ),
        api_key=form.api_key.data or None,
        config=config,
        clear_api_key=form.clear_api_key.data,
        events=list(form.events.data or []) if form.events_shown.data == "1" else None,
    )
    try:
        return service.save_integration(data, integration)
    except service.DuplicateName:
        form.name.errors.append(_("Another integration already has this name."))
    except UnsafeWebhookURL:
        form.webhook_url.errors.append(
            _("This URL points to a private or local address, which webhooks may not reach.")
        )
    except InvalidConfig as exc:
        form.config.errors.append(_config_error(exc))
    except EncryptionNotConfigured:
        form.form_errors.append(_("Set ENCRYPTION_KEYS to store secrets."))
    return None


@bp.route("/integrations/new", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def integration_new():
    form = IntegrationForm()
    integration = _save(form, None)
    if integration is not None:
        flash(_("Integration saved."), "success")
        return redirect(url_for("admin.integration_edit", integration_id=integration.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/integrations/edit.html", form=form, integration=None, status_code=status
    ), status


@bp.route("/integrations/<integration_id>", methods=["GET", "POST"])
@role_required(UserRole.ADMIN)
def integration_edit(integration_id: str):
    integration = _get(integration_id)
    # The stored API key, configuration and a secret (Slack) URL are write-only: never
    # loaded into the form; the URL is shown masked instead.
    masked_url = service.masked_webhook_url(integration)
    form = IntegrationForm(
        data={
            "name": integration.name,
            "kind": integration.kind,
            "webhook_url": None if masked_url else integration.webhook_url,
            "enabled": integration.enabled,
            "events": service.chosen_events(integration),
        }
    )
    saved = _save(form, integration)
    if saved is not None:
        flash(_("Integration saved."), "success")
        return redirect(url_for("admin.integration_edit", integration_id=integration.id), 303)
    form.api_key.data = ""
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/integrations/edit.html",
        form=form,
        integration=integration,
        masked_url=service.masked_webhook_url(integration),
        config_keys=sorted(service.get_config(integration)),
        deliveries=service.recent_deliveries(integration),
        action_form=EmptyForm(),
        health_labels=INTEGRATION_HEALTH_LABELS,
    ), status


@bp.post("/integrations/<integration_id>/test")
@role_required(UserRole.ADMIN)
def integration_test(integration_id: str):
    integration = _posted(integration_id)
    if not integration.webhook_url:
        flash(_("Set a webhook URL first."), "error")
    else:
        send_test_event(integration)
        flash(_("Test event queued."), "success")
    if is_partial():
        integration = service.reload_integration(integration)
        return render(
            "admin/integrations/edit.html",
            "admin/integrations/_deliveries.html",
            integration=integration,
            deliveries=service.recent_deliveries(integration),
            health_labels=INTEGRATION_HEALTH_LABELS,
        )
    return redirect(url_for("admin.integration_edit", integration_id=integration.id), 303)


@bp.post("/integrations/<integration_id>/secret")
@role_required(UserRole.ADMIN)
def integration_secret(integration_id: str):
    """Create a new signing secret and show it once (it is stored encrypted)."""
    integration = _posted(integration_id)
    secret = service.regenerate_secret(integration)
    response = render_template(
        "admin/integrations/secret.html", integration=integration, secret=secret
    )
    return response, 200, {"Cache-Control": "no-store"}
