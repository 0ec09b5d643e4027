"""The email templates the outbox knows, and each one's subject line (translated)."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from madfam.rules._text import N_

TEMPLATES = {
    "welcome": N_("Thank you for contacting MADFAM"),
    "assessment_results": N_("Your AI readiness report"),
    "roi_report": N_("Your MADFAM calculation"),
    "follow_up": N_("Following up on your conversation with MADFAM"),
    "meeting_reminder": N_("Your meeting with MADFAM"),
    "privacy_request_received": N_("We received your privacy request"),
}


def subject_for(template: str, locale: str) -> str:
    """The subject of ``template`` in ``locale``; ``ValueError`` for an unknown template."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown email template {template!r}")
    with force_locale(locale):
        return gettext(TEMPLATES[template])
