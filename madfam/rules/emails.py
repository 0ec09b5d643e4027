"""Email addresses as the site compares them."""

from __future__ import annotations

from email.utils import parseaddr


def normalise_email(email: str) -> str:
    """The bare address, lower-case: ``"Ana <Ana@X.com>"`` becomes ``ana@x.com``.

    Leads, staff accounts and the suppression list all key on this form, so one person
    is one address whatever the capitalisation or a display name around it.
    """
    address = parseaddr(email)[1] or email
    return address.strip().lower()
