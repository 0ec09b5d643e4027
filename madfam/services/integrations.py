"""Integrations (n8n, Slack …): secrets encrypted at rest, health, key rotation.

``config`` is stored as ``{"ciphertext": <Fernet token>}`` and ``api_key`` and
``signing_secret`` as Fernet tokens; plain values exist only in memory. A Slack
incoming-webhook URL is itself the credential (whoever has it can post to the
channel), so for ``SECRET_URL_KINDS`` ``webhook_url`` holds a Fernet token of the URL
too; a generic endpoint's URL, authenticated by the signature, is stored as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from madfam import crypto, jobs
from madfam.delivery.addresses import resolve_safe
from madfam.delivery.envelopes import DEFAULT_EVENTS, SELECTABLE_EVENTS
from madfam.delivery.signing import new_secret
from madfam.extensions import db
from madfam.models import Integration, WebhookDelivery
from madfam.services.integration_config import check_config
from madfam.services.webhooks import forget_integrations

KINDS = ("webhook", "slack")
SECRET_URL_KINDS = ("slack",)


class DuplicateName(ValueError):
    """Another integration already has this name."""


@dataclass
class IntegrationInput:
    name: str
    kind: str = "webhook"
    webhook_url: str | None = None
    enabled: bool = True
    keep_webhook_url: bool = False  # and no webhook_url: keep the stored URL
    api_key: str | None = None  # None or "": keep the stored key
    config: dict[str, Any] | None = None  # None: keep the stored config
    clear_api_key: bool = False
    # The events it is sent (names from SELECTABLE_EVENTS); None: keep the stored choice.
    events: list[str] | None = None


def list_integrations() -> list[Integration]:
    return list(db.session.scalars(select(Integration).order_by(Integration.name)))


def get_integration(integration_id: str) -> Integration | None:
    return db.session.get(Integration, integration_id)


def reload_integration(integration: Integration) -> Integration:
    """The integration as stored now (after a delivery changed its health)."""
    db.session.refresh(integration)
    return integration


def recent_deliveries(integration: Integration, limit: int = 25) -> list[WebhookDelivery]:
    """The integration's latest webhook deliveries, newest first."""
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.integration_id == integration.id)
            .order_by(WebhookDelivery.created_at.desc())
            .limit(limit)
        )
    )


def chosen_events(integration: Integration) -> list[str]:
    """The events the integration is sent: its choice, else the defaults of its kind."""
    if integration.events is not None:
        return list(integration.events)
    return list(DEFAULT_EVENTS.get(integration.kind, ()))


def get_config(integration: Integration) -> dict[str, Any]:
    return crypto.decrypt_json(integration.config)


def get_api_key(integration: Integration) -> str | None:
    return crypto.decrypt(integration.api_key) if integration.api_key else None


def get_signing_secret(integration: Integration) -> str | None:
    return crypto.decrypt(integration.signing_secret) if integration.signing_secret else None


def get_webhook_url(integration: Integration) -> str | None:
    return crypto.decrypt_url(integration.webhook_url)


def webhook_url_is_secret(integration: Integration) -> bool:
    """Whether the edit form shows the stored URL masked instead of in the field."""
    stored = integration.webhook_url
    return bool(stored) and (
        integration.kind in SECRET_URL_KINDS or not crypto.is_plain_url(stored)
    )


def _mask_segment(segment: str, position: int, count: int) -> str:
    if position == count - 1:  # the last segment: the secret part of a Slack URL
        return "••••" + (segment[-4:] if len(segment) >= 12 else "")
    if position == 0:  # a route name such as "services"
        return segment
    return segment[:1] + "…"


def mask_url(url: str) -> str:
    """The URL with its path hidden but for route names, initials and the last four
    characters, e.g. ``https://hooks.slack.com/services/T…/B…/••••1234``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port:
        host += f":{parts.port}"
    segments = [segment for segment in parts.path.split("/") if segment]
    masked = [_mask_segment(seg, i, len(segments)) for i, seg in enumerate(segments)]
    return f"{parts.scheme}://{host}/" + "/".join(masked) + ("?…" if parts.query else "")


def masked_webhook_url(integration: Integration) -> str | None:
    """The stored URL masked when it is a secret, else None (the form shows it)."""
    if not webhook_url_is_secret(integration):
        return None
    return mask_url(get_webhook_url(integration) or "")


def check_url(url: str | None) -> None:
    """Raise UnsafeWebhookURL unless the URL is empty or reaches an allowed address."""
    if url:
        resolve_safe(url)


def _name_taken(name: str, integration: Integration | None) -> bool:
    clash = db.session.scalar(select(Integration.id).where(Integration.name == name))
    return clash is not None and (integration is None or clash != integration.id)


def _checked_url(data: IntegrationInput, integration: Integration | None) -> str | None:
    """The plain URL to store (the stored one kept when the form left a secret URL
    blank), checked by the address guard; raises ``UnsafeWebhookURL``."""
    url = data.webhook_url or None
    if url is None and data.keep_webhook_url and integration is not None:
        url = get_webhook_url(integration)
    check_url(url)
    return url


def _stored_url(url: str | None, kind: str) -> str | None:
    """What ``webhook_url`` holds: a Fernet token for the kinds whose URL is a secret."""
    return crypto.encrypt(url) if url and kind in SECRET_URL_KINDS else url


def _encrypted_config(config: dict[str, Any] | None) -> dict[str, str] | None:
    """The stored shape of a new configuration (None: keep); raises ``InvalidConfig``."""
    if config is None:
        return None
    check_config(config)
    return crypto.encrypt_json(config)


def _check_choices(data: IntegrationInput) -> None:
    """Raise ValueError for a kind or an event name the site does not know."""
    if data.kind not in KINDS:
        raise ValueError(f"unknown integration kind {data.kind!r}")
    if data.events is not None and not set(data.events) <= set(SELECTABLE_EVENTS):
        raise ValueError("unknown webhook event")


def save_integration(data: IntegrationInput, integration: Integration | None = None):
    """Create or update an integration and commit. Secrets are encrypted before storing.

    Raises ``DuplicateName``, ``UnsafeWebhookURL``, ``InvalidConfig`` or
    ``crypto.EncryptionNotConfigured`` (when a secret must be stored but ENCRYPTION_KEYS
    is empty); nothing is saved then.
    """
    _check_choices(data)
    url = _checked_url(data, integration)
    if _name_taken(data.name, integration):
        raise DuplicateName(data.name)
    # Encrypt first: without keys this raises before anything is changed.
    stored_url = _stored_url(url, data.kind)
    api_key = crypto.encrypt(data.api_key) if data.api_key and not data.clear_api_key else None
    config = _encrypted_config(data.config)
    if integration is None:
        integration = Integration(name=data.name, config=config or crypto.encrypt_json({}))
        integration.signing_secret = crypto.encrypt(new_secret())
        db.session.add(integration)
    integration.name = data.name
    integration.kind = data.kind
    integration.webhook_url = stored_url
    if data.enabled and not integration.enabled:
        integration.disabled_reason = None
    integration.enabled = data.enabled
    if data.enabled:
        integration.paused_at = None
    if data.clear_api_key:
        integration.api_key = None
    elif api_key:
        integration.api_key = api_key
    if config is not None:
        integration.config = config
    if data.events is not None:  # stored in the documented order
        integration.events = [e for e in SELECTABLE_EVENTS if e in data.events]
    try:
        jobs.commit()
    except IntegrityError as exc:  # another request took the name meanwhile
        raise DuplicateName(data.name) from exc
    forget_integrations()  # this process sees it at once, the others within 2 s
    return integration


def regenerate_secret(integration: Integration) -> str:
    secret = new_secret()
    integration.signing_secret = crypto.encrypt(secret)
    jobs.commit()
    return secret


def _rotated_url(integration: Integration) -> str | None:
    """The stored URL under the newest key; a secret one left in the clear is encrypted."""
    stored = integration.webhook_url
    if not stored:
        return stored
    if not crypto.is_plain_url(stored):
        return crypto.rotate(stored)
    if integration.kind in SECRET_URL_KINDS:  # stored before Slack URLs were encrypted
        return crypto.encrypt(stored)
    return stored


def rotate_keys() -> int:
    """Re-encrypt every stored secret with the newest key; returns how many rows changed."""
    changed = 0
    for integration in db.session.scalars(select(Integration)):
        if integration.config and "ciphertext" in integration.config:
            integration.config = {"ciphertext": crypto.rotate(integration.config["ciphertext"])}
        elif integration.config:  # a plain value left from before encryption
            integration.config = crypto.encrypt_json(integration.config)
        if integration.api_key:
            integration.api_key = crypto.rotate(integration.api_key)
        if integration.signing_secret:
            integration.signing_secret = crypto.rotate(integration.signing_secret)
        integration.webhook_url = _rotated_url(integration)
        changed += 1
    db.session.commit()
    return changed
