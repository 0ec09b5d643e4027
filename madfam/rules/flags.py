"""The feature-flag decision as a pure function over a flag's settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from madfam.rules.bucketing import in_rollout

ENVIRONMENT_SWITCH = {
    "development": "enabled_dev",
    "testing": "enabled_dev",
    "staging": "enabled_staging",
    "production": "enabled_prod",
}


# The groups a flag may name: every signed-in staff member is in ``staff`` and in the
# group of their role.
KNOWN_GROUPS = ("staff", "admin", "editor", "viewer")

# The flags of the schema, each with what it decides, and whether it starts on (at
# 100 % in every environment) so that a new database serves the site as it was.
SCHEMA_FLAGS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "NEW_LEAD_SCORING",
        "Enhanced lead scoring",
        "Second scoring variant: budget and timeframe weigh in (rollout by lead).",
        False,
    ),
    (
        "INTERACTIVE_CALCULATOR",
        "Interactive calculator",
        "Calculators recompute as the visitor types; off: the Calculate button only.",
        True,
    ),
    (
        "CHAT_SUPPORT",
        "Chat support",
        'A "talk to us" panel with WhatsApp and email on public pages.',
        False,
    ),
    (
        "A11Y_IMPROVEMENTS",
        "Accessibility improvements",
        "Reader-comfort mode: larger text and spacing, underlined links.",
        False,
    ),
    (
        "PERFORMANCE_MONITORING",
        "Performance monitoring",
        "Server-Timing headers: database, template and total time of each response.",
        False,
    ),
)


@dataclass(frozen=True)
class FlagSettings:
    key: str
    enabled: bool = False
    enabled_dev: bool = True
    enabled_staging: bool = False
    enabled_prod: bool = False
    rollout_percentage: int | None = 0
    user_groups: tuple[str, ...] = ()


def decide(
    flag: FlagSettings,
    environment: str,
    subject_id: str | None = None,
    groups: Iterable[str] = (),
) -> bool:
    """Is ``flag`` on for this subject in this environment?

    Off unless the flag is enabled and switched on for the environment. Then on for
    members of one of its user groups, for everyone when the rollout is unset or 100,
    and otherwise for the stable share of subjects whose bucket falls in the rollout.
    """
    switch = ENVIRONMENT_SWITCH.get(environment)
    if not flag.enabled or switch is None or not getattr(flag, switch):
        return False
    if set(groups) & set(flag.user_groups):
        return True
    percentage = flag.rollout_percentage
    if percentage is None or percentage >= 100:
        return True
    if not subject_id or percentage <= 0:
        return False
    return in_rollout(flag.key, subject_id, percentage)


KEY_PATTERN = r"^[A-Z][A-Z0-9_]{1,99}$"
STALE_AFTER_DAYS = 40


def potentially_stale(
    rollout_percentage: int | None, last_changed: datetime, now: datetime
) -> bool:
    """A flag fully rolled out (100 % or unset) or fully held back (0 %) and unchanged
    for ``STALE_AFTER_DAYS`` days has probably done its job: its code path can be made
    permanent or removed."""
    settled = rollout_percentage is None or rollout_percentage in (0, 100)
    return settled and now - last_changed >= timedelta(days=STALE_AFTER_DAYS)
