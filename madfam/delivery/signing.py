"""Standard Webhooks signatures: the sender's headers and the receiver's check.

For each delivery the receiver gets:

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
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks secret prefix
TOLERANCE_SECONDS = 300


class WebhookVerificationError(ValueError):
    """The signature, id or timestamp of a received webhook does not check out."""


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
