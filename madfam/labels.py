"""Display labels for enum members and stored codes, in one place.

Views, forms and (through the views) templates look labels up here, keyed by the
enum member or the stored value, so a status or kind reads the same everywhere.
The labels live in ``madfam/data/labels.toml``. Every label is a lazy string: it is
translated when rendered, in the request's locale.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from flask_babel import LazyString, lazy_pgettext
from flask_babel import lazy_gettext as _l

from madfam.enums import (
    AssessmentStatus,
    LeadSource,
    LeadStatus,
    PrivacyRequestStatus,
    PrivacyRight,
    ServiceTier,
    UserRole,
)
from madfam.rules.data_files import load
from madfam.rules.lead_scoring import BUDGETS, COMPANY_SIZES, INDUSTRIES, TIMEFRAMES
from madfam.rules.tiers import TIER_INFO

K = TypeVar("K")
_TABLES: dict[str, dict[str, str]] = load("labels")["label"]


def _labels(table: str, key: Callable[[str], K] = str) -> dict[K, LazyString]:
    """The labels of ``[label.<table>]``, in its order, keyed by ``key(stored value)``; an
    enum's table must label every member."""
    labels = {key(name): _l(text) for name, text in _TABLES[table].items()}
    if isinstance(key, type) and issubclass(key, Enum) and set(labels) != set(key):
        raise ValueError(f"labels.toml: [label.{table}] must label every {key.__name__}")
    return labels


LEAD_STATUS_LABELS = _labels("lead_status", LeadStatus)
LEAD_SOURCE_LABELS = _labels("lead_source", LeadSource)
LEAD_SORT_LABELS = _labels("lead_sort")  # keyed by the sort names of services.lead_admin.SORTS
ACTIVITY_LABELS = _labels("activity")  # LeadActivity.type as it appears on a lead's timeline
LOGGED_ACTIVITY_LABELS = _labels("logged_activity")  # what staff log by hand
EMAIL_STATUS_LABELS = _labels("email_status")  # EmailQueue.status
INTEGRATION_KIND_LABELS = _labels("integration_kind")
INTEGRATION_HEALTH_LABELS = _labels("integration_health")
PRIVACY_RIGHT_LABELS = _labels("privacy_right", PrivacyRight)
PRIVACY_STATUS_LABELS = _labels("privacy_status", PrivacyRequestStatus)
EMAIL_TEMPLATE_LABELS = _labels("email_template")  # EmailQueue.template: which email it is
ASSESSMENT_STATUS_LABELS = _labels("assessment_status", AssessmentStatus)
# WebhookDelivery.status: "pending", "sending" and "failed" as an email's, or "delivered".
DELIVERY_STATUS_LABELS = {**EMAIL_STATUS_LABELS, "delivered": _l("Delivered")}

# Least to most privileged, the order the role choice lists them in.
ROLE_LABELS = {
    UserRole.VIEWER: _l("Viewer"),
    UserRole.EDITOR: _l("Editor"),
    # TRANSLATORS: a staff role, a person ("Administrador"), not the admin area.
    UserRole.ADMIN: lazy_pgettext("user role", "Admin"),
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
