"""Outgoing webhooks: delivery rows in the caller's transaction, signed POSTs by a job.

Signing follows the Standard Webhooks convention. For each delivery the receiver gets:

- ``webhook-id``: the delivery id (the same on every retry, so receivers can dedupe);
- ``webhook-timestamp``: Unix seconds when the attempt was signed;
- ``webhook-signature``: ``v1,`` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}"))
  where ``key`` is the base64-decoded part of the integration's ``whsec_…`` secret and
  ``body`` is the exact request body. :func:`verify` is the receiver side.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import secrets
import socket
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select, update

from madfam import jobs
from madfam.extensions import db
from madfam.models import Integration, Lead, WebhookDelivery

log = logging.getLogger(__name__)
EVENTS = ("lead.created", "lead.updated", "assessment.completed", "calculation.completed")
HOT_LEAD_EVENT = "lead.hot"
TEST_EVENT = "test.ping"
SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks secret prefix
TOLERANCE_SECONDS = 300


class WebhookVerificationError(ValueError):
    """The signature, id or timestamp of a received webhook does not check out."""


class UnsafeWebhookURL(ValueError):
    """The URL is not http(s) or resolves to an address webhooks may not reach."""


# --- Emitting ------------------------------------------------------------------------


def emit(
    event: str, payload: dict[str, Any], *, integrations: list[Integration] | None = None
) -> None:
    """Queue ``event`` for every enabled integration with a webhook URL; nothing commits.

    One ``WebhookDelivery`` row per endpoint joins the caller's transaction and its job
    is dispatched after the caller's ``jobs.commit()``. Paused endpoints get nothing.
    """
    from madfam.jobs.webhooks import deliver_webhook

    targets = integrations if integrations is not None else active_integrations()
    for integration in targets:
        if not integration.webhook_url:
            continue
        delivery = WebhookDelivery(
            integration_id=integration.id,
            event=event,
            payload=_jsonable(payload),
            status="pending",
            next_attempt_at=_sweep_after(),
        )
        db.session.add(delivery)
        db.session.flush()
        jobs.defer(deliver_webhook, delivery.id)


def emit_safely(
    event: str,
    payload: dict[str, Any],
    *,
    kind: str | None = None,
    integrations: list[Integration] | None = None,
) -> bool:
    """:func:`emit` in a savepoint; a failure is logged and undone, never raised.

    Whatever the caller was saving (a lead, an assessment) must not be lost because a
    webhook could not be queued. ``kind`` limits the event to integrations of that kind.
    Returns True when the event was queued.
    """
    deferred = db.session.info.get(jobs._SESSION_KEY)
    already = len(deferred) if deferred else 0
    try:
        with db.session.begin_nested():
            targets = integrations
            if targets is None and kind is not None:
                targets = active_integrations(kind=kind)
            emit(event, payload, integrations=targets)
    except Exception:
        log.exception("webhook emit for %s failed; the rest is saved without it", event)
        pending = db.session.info.get(jobs._SESSION_KEY)
        if pending:
            del pending[already:]  # their rows were rolled back with the savepoint
        return False
    return True


def active_integrations(kind: str | None = None) -> list[Integration]:
    query = select(Integration).where(
        Integration.enabled.is_(True),
        Integration.paused_at.is_(None),
        Integration.webhook_url.is_not(None),
    )
    if kind:
        query = query.where(Integration.kind == kind)
    return list(db.session.scalars(query.order_by(Integration.name)))


def notify_if_hot(lead: Lead) -> bool:
    """Queue the one Slack notification for a lead whose score reached the threshold.

    The conditional UPDATE on ``hot_notified_at`` makes it once per lead, even when two
    requests rescore the same lead at the same time. Returns True when it queued one.
    """
    threshold = current_app.config["HOT_LEAD_THRESHOLD"]
    if lead.score is None or lead.score < threshold or lead.hot_notified_at is not None:
        return False
    now = datetime.now(UTC)
    db.session.flush()
    marked = db.session.execute(
        update(Lead)
        .where(Lead.id == lead.id, Lead.hot_notified_at.is_(None))
        .values(hot_notified_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not marked:
        return False
    lead.hot_notified_at = now
    payload = {
        "lead_id": lead.id,
        "name": lead.full_name or None,
        "company": lead.company,
        "score": lead.score,
        "tier": lead.tier.value if lead.tier else None,
        "threshold": threshold,
    }
    if not emit_safely(HOT_LEAD_EVENT, payload, kind="slack"):
        lead.hot_notified_at = None  # not sent: a later rescore tries again
        return False
    return True


def send_test_event(integration: Integration) -> WebhookDelivery | None:
    """Queue a ``test.ping`` to one endpoint and commit (the admin "send test event")."""
    emit(
        TEST_EVENT,
        {"integration": integration.name, "sent_at": datetime.now(UTC).isoformat()},
        integrations=[integration],
    )
    delivery = db.session.scalar(
        select(WebhookDelivery)
        .where(WebhookDelivery.integration_id == integration.id)
        .order_by(WebhookDelivery.created_at.desc())
    )
    jobs.commit()
    return delivery


def _sweep_after() -> datetime:
    from datetime import timedelta

    grace = current_app.config["SWEEP_GRACE_SECONDS"]
    return datetime.now(UTC) + timedelta(seconds=grace)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


# --- Bodies ----------------------------------------------------------------------------


def envelope(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "type": delivery.event,
        "timestamp": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }


def slack_escape(value: Any) -> str:
    """Text safe inside Slack mrkdwn: ``&``, ``<`` and ``>`` become entities, so a name
    cannot form a link, a mention such as ``<!channel>`` or formatting control."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(delivery: WebhookDelivery) -> dict[str, Any]:
    """A Slack incoming-webhook message: a one-line summary plus the fields."""
    data = delivery.payload or {}
    if delivery.event == HOT_LEAD_EVENT:
        who = slack_escape(data.get("name") or "A lead")
        company = f" ({slack_escape(data['company'])})" if data.get("company") else ""
        title = f":fire: Hot lead: {who}{company}, score {slack_escape(data.get('score'))}"
    else:
        title = f"MADFAM: {slack_escape(delivery.event)}"
    fields = [
        {"type": "mrkdwn", "text": f"*{slack_escape(key)}*\n{slack_escape(value)}"}
        for key, value in data.items()
        if value is not None and not isinstance(value, dict | list)
    ][:10]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": title}}]
    if fields:
        blocks.append({"type": "section", "fields": fields})
    return {"text": title, "blocks": blocks}


# --- Signing ---------------------------------------------------------------------------


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _key(secret: str) -> bytes:
    raw = secret[len(SECRET_PREFIX) :] if secret.startswith(SECRET_PREFIX) else secret
    return base64.b64decode(raw)


def sign(secret: str, msg_id: str, timestamp: int, body: str | bytes) -> str:
    if isinstance(body, bytes):
        body = body.decode()
    signed = f"{msg_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, msg_id: str, body: str | bytes, timestamp: int | None = None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }


def verify(
    secret: str,
    headers: dict[str, str],
    body: str | bytes,
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> None:
    """Check a received webhook; raises :class:`WebhookVerificationError` if it fails.

    The timestamp must be within ``tolerance`` seconds of ``now`` (replay protection)
    and one of the space-separated ``v1,`` signatures must match the body exactly.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not (msg_id and stamp and signatures):
        raise WebhookVerificationError("missing webhook headers")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError("malformed timestamp") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookVerificationError("timestamp outside the tolerance")
    expected = sign(secret, msg_id, timestamp, body)
    for candidate in signatures.split(" "):
        if hmac.compare_digest(candidate.strip(), expected):
            return
    raise WebhookVerificationError("no matching signature")


# --- Server-side request forgery guard -------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 addresses an IPv6 address wraps (IPv4-mapped, 6to4, Teredo), else itself."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)  # (server, client)
    return [ip]


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True unless the address (or every IPv4 address it wraps) is global unicast.

    ``is_global`` already excludes private, loopback, link-local, reserved, unspecified,
    documentation and carrier-grade NAT (100.64.0.0/10) ranges.
    """
    return any(not addr.is_global or addr.is_multicast for addr in _embedded_ipv4(ip))


def resolve_safe(url: str, allow_private: bool | None = None) -> str:
    """Resolve the URL's host and return the address to connect to.

    Refuses non-http(s) URLs and, unless ``ALLOW_PRIVATE_WEBHOOKS``, any host with an
    address that is not global unicast (private, loopback, link-local, carrier-grade NAT,
    reserved, multicast…), also when wrapped in IPv4-mapped, 6to4 or Teredo IPv6. The caller
    connects to the returned address, so a second DNS answer cannot redirect it.
    """
    if allow_private is None:
        allow_private = bool(current_app.config.get("ALLOW_PRIVATE_WEBHOOKS"))
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeWebhookURL("webhook URLs must be http(s)://host/…")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeWebhookURL("malformed port") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeWebhookURL(f"host does not resolve ({exc.strerror})") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        for address in addresses:
            if _forbidden(ipaddress.ip_address(address.split("%")[0])):
                raise UnsafeWebhookURL(f"{parts.hostname} resolves to a non-public address")
    return addresses[0]
