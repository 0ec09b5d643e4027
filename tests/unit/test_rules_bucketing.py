from collections import Counter

import pytest

from madfam.rules.bucketing import bucket, in_rollout


@pytest.mark.parametrize(
    ("flag", "subject", "expected"),
    [
        # sha256("NEW_LEAD_SCORING:alice") etc., first 8 bytes big-endian mod 100
        ("NEW_LEAD_SCORING", "alice", 18),
        ("NEW_LEAD_SCORING", "bob", 10),
        ("NEW_LEAD_SCORING", "user-1", 53),
        ("NEW_LEAD_SCORING", "user-42", 20),
        ("CHAT_SUPPORT", "alice", 51),
        ("CHAT_SUPPORT", "bob", 89),
    ],
)
def test_bucket_is_stable(flag, subject, expected):
    assert bucket(flag, subject) == expected


@pytest.mark.parametrize("subject", [f"s{i}" for i in range(50)])
def test_extremes(subject):
    assert not in_rollout("FLAG", subject, 0)
    assert not in_rollout("FLAG", subject, -10)
    assert in_rollout("FLAG", subject, 100)
    assert in_rollout("FLAG", subject, 250)


@pytest.mark.parametrize("subject", ["alice", "bob", "user-1"])
def test_in_rollout_matches_bucket(subject):
    b = bucket("NEW_LEAD_SCORING", subject)
    assert not in_rollout("NEW_LEAD_SCORING", subject, b)
    assert in_rollout("NEW_LEAD_SCORING", subject, b + 1)


def test_distribution_is_roughly_uniform():
    deciles = Counter(bucket("A11Y_IMPROVEMENTS", f"subject-{i}") // 10 for i in range(10_000))
    assert set(deciles) == set(range(10))
    assert all(800 <= count <= 1200 for count in deciles.values()), deciles


def test_rollout_is_monotonic():
    subjects = [f"visitor-{i}" for i in range(2_000)]
    at_20 = {s for s in subjects if in_rollout("CHAT_SUPPORT", s, 20)}
    at_50 = {s for s in subjects if in_rollout("CHAT_SUPPORT", s, 50)}
    assert at_20 <= at_50
    assert 300 <= len(at_20) <= 500
    assert 900 <= len(at_50) <= 1100


def test_flags_bucket_independently():
    subjects = [f"u{i}" for i in range(200)]
    assert [bucket("A", s) for s in subjects] != [bucket("B", s) for s in subjects]
