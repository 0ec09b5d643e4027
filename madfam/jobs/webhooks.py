"""Webhook delivery jobs: one signed POST per attempt, every attempt recorded.

2xx delivers (and sets the integration's ``last_sync``); 410 Gone switches the
endpoint off; anything else retries with the shared backoff and, after the last
attempt, fails. An endpoint failing for ``WEBHOOK_PAUSE_AFTER_HOURS`` is paused.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app

from madfam.crypto import decrypt, decrypt_url
from madfam.delivery.addresses import UnsafeWebhookURL, resolve_safe
from madfam.delivery.envelopes import TEST_EVENT, envelope
from madfam.delivery.outcome import DELIVERED, FAILED, Outcome, decide, endpoint_health
from madfam.delivery.signing import signed_headers
from madfam.delivery.slack import slack_message
from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.retry import claim, delays, now_utc, short_error
from madfam.models import Integration, WebhookAttempt, WebhookDelivery

log = logging.getLogger(__name__)
USER_AGENT = "madfam-webhooks/1"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address resolved (and checked) beforehand, keeping the Host header."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, address: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body`` to ``url`` via ``address``; returns the status code (no redirects)."""
    parts = urlsplit(url)
    cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    port = parts.port or (443 if parts.scheme == "https" else 80)
    conn = cls(parts.hostname, port, address, timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(65536)
        return response.status
    finally:
        conn.close()


def _body(integration: Integration, delivery: WebhookDelivery) -> bytes:
    if integration.kind == "slack":
        data = slack_message(delivery.event, delivery.payload)
    else:
        data = envelope(delivery.id, delivery.event, delivery.created_at, delivery.payload)
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def _headers(integration: Integration, delivery: WebhookDelivery, body: bytes) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if integration.signing_secret:
        headers.update(signed_headers(decrypt(integration.signing_secret), delivery.id, body))
    return headers


@dataclass(frozen=True)
class _Attempt:
    status_code: int | None
    error: str | None
    permanent: bool
    duration_ms: int


def _attempt(integration: Integration, delivery: WebhookDelivery) -> _Attempt:
    """One signed POST to the endpoint's checked address; never raises."""
    body = _body(integration, delivery)
    headers = _headers(integration, delivery, body)
    timeout = current_app.config["WEBHOOK_TIMEOUT"]
    status_code, error, permanent = None, None, False
    started = time.perf_counter()
    try:
        url = decrypt_url(integration.webhook_url)  # a Slack URL is stored encrypted
        address = resolve_safe(url)  # checked again at every attempt: DNS may change
        status_code = post(url, address, body, headers, timeout)
    except UnsafeWebhookURL as exc:
        error, permanent = short_error(exc), True
    except Exception as exc:
        error = short_error(exc)
    duration_ms = int((time.perf_counter() - started) * 1000)
    return _Attempt(status_code, error, permanent, duration_ms)


def _closed(integration: Integration, delivery: WebhookDelivery) -> bool:
    """The endpoint takes nothing now: switched off, no URL, or paused (bar test events)."""
    paused = integration.paused_at is not None and delivery.event != TEST_EVENT
    return not integration.enabled or not integration.webhook_url or paused


def _record(
    delivery: WebhookDelivery, integration: Integration, attempt: _Attempt, now: datetime
) -> Outcome:
    """Log the attempt and apply its outcome to the delivery and the endpoint."""
    outcome = decide(
        attempt.status_code,
        attempt.error,
        permanent=attempt.permanent,
        attempts=delivery.attempts,
        now=now,
        delays=delays(),
    )
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            number=delivery.attempts,
            status_code=attempt.status_code,
            duration_ms=attempt.duration_ms,
            error=outcome.error,
        )
    )
    delivery.status = outcome.state
    delivery.last_status_code = attempt.status_code
    delivery.error = outcome.error
    delivery.next_attempt_at = outcome.next_attempt_at
    if outcome.state == DELIVERED:
        delivery.delivered_at = now
        integration.last_sync = now
    if outcome.gone:
        integration.enabled = False
        integration.disabled_reason = "The endpoint answered 410 Gone"
    pause_after = timedelta(hours=current_app.config["WEBHOOK_PAUSE_AFTER_HOURS"])
    health = endpoint_health(
        outcome, integration.failing_since, integration.paused_at, now, pause_after
    )
    integration.failing_since = health.failing_since
    integration.paused_at = health.paused_at
    return outcome


@app_context
def deliver_webhook(delivery_id: str) -> str:
    """Attempt one delivery at most once per claim. Returns the delivery's status."""
    if claim(db.session, WebhookDelivery, delivery_id) is None:
        row = db.session.get(WebhookDelivery, delivery_id)
        return row.status if row else "missing"
    delivery = db.session.get(WebhookDelivery, delivery_id)
    integration = db.session.get(Integration, delivery.integration_id)
    if _closed(integration, delivery):
        delivery.status = FAILED
        delivery.error = "endpoint disabled or paused"
        db.session.commit()
        return delivery.status
    outcome = _record(delivery, integration, _attempt(integration, delivery), now_utc())
    db.session.commit()
    if outcome.error:
        log.warning("webhook %s attempt %d: %s", delivery_id, delivery.attempts, outcome.error)
    return delivery.status
