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

from madfam.enums import LeadSource, LeadStatus, PrivacyRequestStatus, PrivacyRight, UserRole
from madfam.rules.data_files import load

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

# Least to most privileged, the order the role choice lists them in.
ROLE_LABELS = {
    UserRole.VIEWER: _l("Viewer"),
    UserRole.EDITOR: _l("Editor"),
    # TRANSLATORS: a staff role, a person ("Administrador"), not the admin area.
    UserRole.ADMIN: lazy_pgettext("user role", "Admin"),
}
