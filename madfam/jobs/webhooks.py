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
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app

from madfam.crypto import decrypt
from madfam.extensions import db
from madfam.jobs import app_context
from madfam.jobs.retry import claim, now_utc, retry_at, short_error
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
    from madfam.services.webhooks import envelope, slack_message

    data = slack_message(delivery) if integration.kind == "slack" else envelope(delivery)
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


@app_context
def deliver_webhook(delivery_id: str) -> str:
    """Attempt one delivery at most once per claim. Returns the delivery's status."""
    from madfam.services.webhooks import TEST_EVENT, UnsafeWebhookURL, resolve_safe, signed_headers

    if not claim(WebhookDelivery, delivery_id):
        row = db.session.get(WebhookDelivery, delivery_id)
        return row.status if row else "missing"
    delivery = db.session.get(WebhookDelivery, delivery_id)
    integration = db.session.get(Integration, delivery.integration_id)
    is_test = delivery.event == TEST_EVENT
    if (
        not integration.enabled
        or not integration.webhook_url
        or (integration.paused_at and not is_test)
    ):
        delivery.status = "failed"
        delivery.error = "endpoint disabled or paused"
        db.session.commit()
        return delivery.status

    body = _body(integration, delivery)
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if integration.signing_secret:
        headers.update(signed_headers(decrypt(integration.signing_secret), delivery.id, body))
    timeout = current_app.config["WEBHOOK_TIMEOUT"]
    status_code: int | None = None
    error: str | None = None
    permanent = False
    started = time.perf_counter()
    try:
        address = resolve_safe(integration.webhook_url)
        status_code = post(integration.webhook_url, address, body, headers, timeout)
    except UnsafeWebhookURL as exc:
        error, permanent = short_error(exc), True
    except Exception as exc:
        error = short_error(exc)
    duration_ms = int((time.perf_counter() - started) * 1000)
    if status_code is not None and not 200 <= status_code < 300:
        error = f"HTTP {status_code}"
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            number=delivery.attempts,
            status_code=status_code,
            duration_ms=duration_ms,
            error=error,
        )
    )
    now = now_utc()
    delivery.last_status_code = status_code
    delivery.error = error
    if error is None:
        delivery.status = "delivered"
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        integration.last_sync = now
        integration.failing_since = None
        integration.paused_at = None
    elif status_code == 410:
        delivery.status = "failed"
        delivery.next_attempt_at = None
        integration.enabled = False
        integration.disabled_reason = "The endpoint answered 410 Gone"
    else:
        due = None if permanent else retry_at(delivery.attempts, now)
        delivery.status = "pending" if due else "failed"
        delivery.next_attempt_at = due
        integration.failing_since = integration.failing_since or now
        pause_after = timedelta(hours=current_app.config["WEBHOOK_PAUSE_AFTER_HOURS"])
        if not integration.paused_at and now - integration.failing_since >= pause_after:
            integration.paused_at = now
    db.session.commit()
    if error:
        log.warning("webhook %s attempt %d: %s", delivery_id, delivery.attempts, error)
    return delivery.status
