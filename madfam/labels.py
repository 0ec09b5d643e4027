"""Display labels for enum members and stored codes, in one place.

Views, forms and (through the views) templates look labels up here, keyed by the
enum member or the stored value, so a status or kind reads the same everywhere.
Every label is a lazy string: it is translated when rendered, in the request's locale.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from madfam.enums import LeadSource, LeadStatus, PrivacyRequestStatus, PrivacyRight, UserRole

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
