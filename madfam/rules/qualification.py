"""Qualification: when a lead's score makes it QUALIFIED without anyone touching it.

A lead qualifies automatically only while it is NEW and nobody on the staff has ever set
its status, its score has reached the threshold (``QUALIFY_SCORE``), and its address is
neither on the suppression list nor at a disposable-mail domain. :func:`qualification`
returns the reason recorded on the lead's timeline, or ``None`` when the lead stays as
it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from madfam.enums import LeadStatus
from madfam.rules.lead_scoring import email_domain

# Throwaway inboxes: whoever typed one does not mean to be contacted.
DISPOSABLE_EMAIL_DOMAINS = frozenset(
    {
        "mailinator.com", "guerrillamail.com", "guerrillamail.net", "sharklasers.com",
        "10minutemail.com", "tempmail.com", "temp-mail.org", "yopmail.com", "trashmail.com",
        "getnada.com", "dispostable.com", "maildrop.cc", "throwawaymail.com", "fakeinbox.com",
        "mailnesia.com", "mintemail.com", "emailondeck.com", "moakt.com", "tempail.com",
    }
)  # fmt: skip


def is_disposable_email(email: str | None) -> bool:
    """True for an address at a disposable-mail domain (or one of its subdomains)."""
    domain = email_domain(email)
    if domain is None:
        return False
    labels = domain.split(".")
    return any(".".join(labels[i:]) in DISPOSABLE_EMAIL_DOMAINS for i in range(len(labels) - 1))


@dataclass(frozen=True)
class QualificationFacts:
    """What decides qualification, read from the lead and its history."""

    status: LeadStatus
    score: int
    email: str
    threshold: int
    status_set_by_staff: bool  # any staff member ever changed the status
    suppressed: bool  # the address is on the suppression list


def qualification(facts: QualificationFacts) -> str | None:
    """The reason the lead becomes QUALIFIED now, or ``None`` when it does not."""
    if facts.status is not LeadStatus.NEW or facts.status_set_by_staff:
        return None
    if facts.score is None or facts.score < facts.threshold:
        return None
    if facts.suppressed or is_disposable_email(facts.email):
        return None
    return f"Score {facts.score} reached the qualification threshold of {facts.threshold}"
