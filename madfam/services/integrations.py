"""Integrations (n8n, Slack …): secrets encrypted at rest, health, key rotation.

``config`` is stored as ``{"ciphertext": <Fernet token>}`` and ``api_key`` and
``signing_secret`` as Fernet tokens; plain values exist only in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from madfam import crypto, jobs
from madfam.delivery.addresses import resolve_safe
from madfam.delivery.signing import new_secret
from madfam.extensions import db
from madfam.models import Integration, WebhookDelivery
from madfam.services.integration_config import check_config

KINDS = ("webhook", "slack")


class DuplicateName(ValueError):
    """Another integration already has this name."""


@dataclass
class IntegrationInput:
    name: str
    kind: str = "webhook"
    webhook_url: str | None = None
    enabled: bool = True
    api_key: str | None = None  # None or "": keep the stored key
    config: dict[str, Any] | None = None  # None: keep the stored config
    clear_api_key: bool = False


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


def get_config(integration: Integration) -> dict[str, Any]:
    return crypto.decrypt_json(integration.config)


def get_api_key(integration: Integration) -> str | None:
    return crypto.decrypt(integration.api_key) if integration.api_key else None


def get_signing_secret(integration: Integration) -> str | None:
    return crypto.decrypt(integration.signing_secret) if integration.signing_secret else None


def check_url(url: str | None) -> None:
    """Raise UnsafeWebhookURL unless the URL is empty or reaches an allowed address."""
    if url:
        resolve_safe(url)


def _name_taken(name: str, integration: Integration | None) -> bool:
    clash = db.session.scalar(select(Integration.id).where(Integration.name == name))
    return clash is not None and (integration is None or clash != integration.id)


def save_integration(data: IntegrationInput, integration: Integration | None = None):
    """Create or update an integration and commit. Secrets are encrypted before storing.

    Raises ``DuplicateName``, ``UnsafeWebhookURL``, ``InvalidConfig`` or
    ``crypto.EncryptionNotConfigured`` (when a secret must be stored but ENCRYPTION_KEYS
    is empty); nothing is saved then.
    """
    if data.kind not in KINDS:
        raise ValueError(f"unknown integration kind {data.kind!r}")
    if data.config is not None:
        check_config(data.config)
    check_url(data.webhook_url)
    if _name_taken(data.name, integration):
        raise DuplicateName(data.name)
    # Encrypt first: without keys this raises before anything is changed.
    api_key = crypto.encrypt(data.api_key) if data.api_key and not data.clear_api_key else None
    config = crypto.encrypt_json(data.config) if data.config is not None else None
    if integration is None:
        integration = Integration(name=data.name, config=config or crypto.encrypt_json({}))
        integration.signing_secret = crypto.encrypt(new_secret())
        db.session.add(integration)
    integration.name = data.name
    integration.kind = data.kind
    integration.webhook_url = data.webhook_url or None
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
    try:
        jobs.commit()
    except IntegrityError as exc:  # another request took the name meanwhile
        raise DuplicateName(data.name) from exc
    return integration


def regenerate_secret(integration: Integration) -> str:
    secret = new_secret()
    integration.signing_secret = crypto.encrypt(secret)
    jobs.commit()
    return secret


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
        changed += 1
    db.session.commit()
    return changed
