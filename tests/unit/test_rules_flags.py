"""The feature-flag decision: environment switches, user groups, stable rollouts."""

import pytest

from madfam.rules.bucketing import bucket
from madfam.rules.flags import FlagSettings, decide

ON_EVERYWHERE = dict(enabled=True, enabled_dev=True, enabled_staging=True, enabled_prod=True)


@pytest.mark.parametrize(
    ("settings", "environment", "expected"),
    [
        (dict(enabled=False, rollout_percentage=100), "development", False),
        (dict(enabled=True, enabled_dev=True, rollout_percentage=100), "development", True),
        (dict(enabled=True, enabled_dev=True, rollout_percentage=100), "testing", True),
        (dict(enabled=True, enabled_staging=False, rollout_percentage=100), "staging", False),
        (dict(enabled=True, enabled_staging=True, rollout_percentage=100), "staging", True),
        (dict(enabled=True, enabled_prod=False, rollout_percentage=100), "production", False),
        (dict(enabled=True, enabled_prod=True, rollout_percentage=None), "production", True),
        (dict(ON_EVERYWHERE, rollout_percentage=100), "moon", False),
    ],
)
def test_environment_switches(settings, environment, expected):
    assert decide(FlagSettings(key="F", **settings), environment, "subject-1") is expected


def test_zero_rollout_is_off_except_for_groups():
    flag = FlagSettings(key="F", rollout_percentage=0, user_groups=("beta_users",), **ON_EVERYWHERE)
    assert decide(flag, "production", "s1") is False
    assert decide(flag, "production", "s1", groups=["beta_users"]) is True
    assert decide(flag, "production", "s1", groups=["premium_customers"]) is False


def test_rollout_follows_the_stable_bucket():
    subjects = [f"visitor-{i}" for i in range(2000)]
    flag = FlagSettings(key="NEW_LEAD_SCORING", rollout_percentage=30, **ON_EVERYWHERE)
    on = [s for s in subjects if decide(flag, "production", s)]
    assert on == [s for s in subjects if bucket("NEW_LEAD_SCORING", s) <= 30]
    assert 0.25 < len(on) / len(subjects) < 0.35


def test_raising_the_rollout_only_adds_subjects():
    subjects = [f"u{i}" for i in range(500)]
    low = FlagSettings(key="K", rollout_percentage=10, **ON_EVERYWHERE)
    high = FlagSettings(key="K", rollout_percentage=60, **ON_EVERYWHERE)
    on_low = {s for s in subjects if decide(low, "production", s)}
    on_high = {s for s in subjects if decide(high, "production", s)}
    assert on_low < on_high


def test_partial_rollout_without_a_subject_is_off():
    flag = FlagSettings(key="K", rollout_percentage=50, **ON_EVERYWHERE)
    assert decide(flag, "production", None) is False
