"""The suppression list, read side: may automated email reach this address?

The list keeps only an HMAC of the normalised email (under a key derived from
SECRET_KEY), so it can answer without holding the address. Adding and lifting
suppressions is the privacy service's business; the email job only asks.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from madfam.extensions import db
from madfam.models import Suppression
from madfam.rules.emails import normalise_email


def email_hash(email: str) -> str:
    """The keyed hash under which an address is kept on the suppression list."""
    key = hmac.new(
        current_app.config["SECRET_KEY"].encode(), b"suppression-key", hashlib.sha256
    ).digest()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def is_suppressed(email: str | None) -> bool:
    """True when no automated email may be sent to this address."""
    if not email:
        return False
    return (
        db.session.scalar(select(Suppression.id).where(Suppression.email_hash == email_hash(email)))
        is not None
    )
