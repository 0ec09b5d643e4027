"""The feature-flag decision as a pure function over a flag's settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from madfam.rules.bucketing import in_rollout

ENVIRONMENT_SWITCH = {
    "development": "enabled_dev",
    "testing": "enabled_dev",
    "staging": "enabled_staging",
    "production": "enabled_prod",
}


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
