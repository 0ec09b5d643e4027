"""Display labels for enum members and stored codes, in one place.

Views, forms and (through the views) templates look labels up here, keyed by the
enum member or the stored value, so a status or kind reads the same everywhere.
Every label is a lazy string: it is translated when rendered, in the request's locale.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from madfam.enums import (
    AssessmentStatus,
    LeadSource,
    LeadStatus,
    PrivacyRequestStatus,
    PrivacyRight,
    ServiceTier,
    UserRole,
)
from madfam.rules.lead_scoring import BUDGETS, COMPANY_SIZES, INDUSTRIES, TIMEFRAMES
from madfam.rules.tiers import TIER_INFO

LEAD_STATUS_LABELS = {
    LeadStatus.NEW: _l("New"),
    LeadStatus.CONTACTED: _l("Contacted"),
    LeadStatus.QUALIFIED: _l("Qualified"),
    LeadStatus.UNQUALIFIED: _l("Unqualified"),
    LeadStatus.CONVERTED: _l("Converted"),
    LeadStatus.LOST: _l("Lost"),
}
LEAD_SOURCE_LABELS = {
    LeadSource.WEBSITE: _l("Website"),
    LeadSource.REFERRAL: _l("Referral"),
    LeadSource.SOCIAL: _l("Social"),
    LeadSource.EVENT: _l("Event"),
    LeadSource.DIRECT: _l("Direct"),
    LeadSource.OTHER: _l("Other"),
}
# Keyed by the sort names of services.lead_admin.SORTS.
LEAD_SORT_LABELS = {
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
    "score_desc": _l("Highest score first"),
    "score_asc": _l("Lowest score first"),
}
# LeadActivity.type as it appears on a lead's timeline.
ACTIVITY_LABELS = {
    "lead_created": _l("Lead created"),
    "lead_updated": _l("Lead updated"),
    "status_updated": _l("Status changed"),
    "note_added": _l("Note added"),
    "call_made": _l("Call"),
    "meeting_scheduled": _l("Meeting scheduled"),
    "email_sent": _l("Email sent"),
    "assessment_completed": _l("Assessment completed"),
    "calculation_performed": _l("Calculation saved"),
}
# The activities staff log by hand (the choices of the "log an activity" form).
LOGGED_ACTIVITY_LABELS = {
    "call_made": _l("Call made"),
    "meeting_scheduled": _l("Meeting scheduled"),
}

# EmailQueue.status
EMAIL_STATUS_LABELS = {
    "pending": _l("Pending"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "suppressed": _l("Suppressed"),
}

# Integration.kind and Integration.health
INTEGRATION_KIND_LABELS = {
    "webhook": _l("Webhook (JSON, e.g. n8n)"),
    "slack": _l("Slack incoming webhook"),
}
INTEGRATION_HEALTH_LABELS = {
    "healthy": _l("Healthy"),
    "failing": _l("Failing"),
    "paused": _l("Paused (unhealthy)"),
    "disabled": _l("Disabled"),
}

# Least to most privileged, the order the role choice lists them in.
ROLE_LABELS = {
    UserRole.VIEWER: _l("Viewer"),
    UserRole.EDITOR: _l("Editor"),
    # TRANSLATORS: a staff role, a person ("Administrador"), not the admin area.
    UserRole.ADMIN: lazy_pgettext("user role", "Admin"),
}

# Privacy (ARCO) requests: the right exercised and where the answer stands.
PRIVACY_RIGHT_LABELS = {
    PrivacyRight.ACCESS: _l("Access: know what data you hold about me"),
    PrivacyRight.RECTIFICATION: _l("Rectification: correct my data"),
    PrivacyRight.CANCELLATION: _l("Cancellation: delete my data"),
    PrivacyRight.OPPOSITION: _l("Opposition: stop using my data for a purpose"),
    PrivacyRight.REVOKE_CONSENT: _l("Revoke my consent (for example, to marketing emails)"),
}
PRIVACY_STATUS_LABELS = {
    PrivacyRequestStatus.OPEN: _l("Open"),
    PrivacyRequestStatus.IN_PROGRESS: _l("In progress"),
    PrivacyRequestStatus.DONE: _l("Done"),
    PrivacyRequestStatus.REJECTED: _l("Rejected"),
}

# The contact form's answers as staff read them (stored as codes, e.g. "retail").
ANSWER_LABELS = {
    field: {key: _l(label) for key, label in options}
    for field, options in (
        ("industry", INDUSTRIES),
        ("company_size", COMPANY_SIZES),
        ("budget", BUDGETS),
        ("timeframe", TIMEFRAMES),
    )
}

# WebhookDelivery.status: "pending", "sending" and "failed" as an email's, or "delivered".
DELIVERY_STATUS_LABELS = {**EMAIL_STATUS_LABELS, "delivered": _l("Delivered")}

# EmailQueue.template: which email it is.
EMAIL_TEMPLATE_LABELS = {
    "welcome": _l("Welcome"),
    "follow_up": _l("Follow-up"),
    "meeting_reminder": _l("Meeting reminder"),
    "assessment_results": _l("Assessment report"),
    "roi_report": _l("ROI report"),
    "privacy_request_received": _l("Privacy request received"),
}

ASSESSMENT_STATUS_LABELS = {
    AssessmentStatus.STARTED: _l("In progress"),
    AssessmentStatus.COMPLETED: _l("Completed"),
    AssessmentStatus.ABANDONED: _l("Abandoned"),
}


def tier_label(tier: ServiceTier):
    """A service level with its number and name, e.g. "L3 · Consulting"."""
    number = tier.name.split("_", 1)[0]
    return _l("%(number)s · %(name)s", number=number, name=_l(TIER_INFO[tier].name))


TIER_LABELS = {tier: tier_label(tier) for tier in ServiceTier}


def answer_label(field: str, code: str | None):
    """The label of a stored contact-form answer; an unknown code is shown as it is."""
    if not code:
        return None
    return ANSWER_LABELS.get(field, {}).get(code, code)


def label_of(labels: dict, code):
    """``labels[code]`` for an enum member or its stored value; the code when unknown."""
    for key, label in labels.items():
        if key == code or getattr(key, "value", None) == code:
            return label
    return code
