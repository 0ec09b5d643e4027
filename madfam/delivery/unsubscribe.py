"""One-click unsubscribe links (RFC 8058): a signed token naming the lead.

Each marketing email carries the link visibly and in the ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers (madfam.mail.list_headers); a mail client POSTs to it
without cookies or a form token, so the signature is what proves the request came from
the email.
"""

from __future__ import annotations

from flask import current_app

from madfam.crypto import sign_id, unsign_id

SALT = "madfam.unsubscribe"


def unsubscribe_token(lead_id: str) -> str:
    return sign_id(SALT, lead_id)


def lead_id_from(token: str) -> str | None:
    """The lead a valid token names; ``None`` for anything else."""
    return unsign_id(SALT, token)


def unsubscribe_url(lead_id: str, locale: str) -> str:
    """The absolute link, on SITE_URL, in the lead's language."""
    site = current_app.config["SITE_URL"].rstrip("/")
    return f"{site}/{locale}/unsubscribe/{unsubscribe_token(lead_id)}"
