import json
import subprocess
import sys
from collections import Counter

import pytest

from madfam.rules.bucketing import bucket, in_rollout


@pytest.mark.parametrize(
    ("flag", "subject", "expected"),
    [
        # The values Unleash's own clients (Node, Java, Go) assert for normalizedValue:
        # the same figures mean a rollout here splits visitors as Unleash would.
        ("gr1", "123", 73),
        ("groupX", "999", 25),
        # murmur3_32("NEW_LEAD_SCORING:alice", seed 0) % 100 + 1, etc.
        ("NEW_LEAD_SCORING", "alice", 40),
        ("NEW_LEAD_SCORING", "bob", 99),
        ("NEW_LEAD_SCORING", "user-1", 70),
        ("CHAT_SUPPORT", "alice", 2),
        ("CHAT_SUPPORT", "bob", 55),
    ],
)
def test_bucket_matches_unleash(flag, subject, expected):
    assert bucket(flag, subject) == expected


@pytest.mark.parametrize("subject", [f"s{i}" for i in range(50)])
def test_extremes(subject):
    assert not in_rollout("FLAG", subject, 0)
    assert not in_rollout("FLAG", subject, -10)
    assert in_rollout("FLAG", subject, 100)
    assert in_rollout("FLAG", subject, 250)


@pytest.mark.parametrize("subject", ["alice", "bob", "user-1"])
def test_on_when_the_bucket_is_at_most_the_percentage(subject):
    b = bucket("NEW_LEAD_SCORING", subject)
    assert in_rollout("NEW_LEAD_SCORING", subject, b)
    assert not in_rollout("NEW_LEAD_SCORING", subject, b - 1)


def test_thirty_percent_of_ten_thousand_subjects_are_in():
    subjects = [f"visitor-{i}" for i in range(10_000)]
    share = sum(in_rollout("CHAT_SUPPORT", s, 30) for s in subjects) / len(subjects)
    assert 0.28 <= share <= 0.32, share


def test_distribution_is_roughly_uniform():
    deciles = Counter(
        (bucket("A11Y_IMPROVEMENTS", f"subject-{i}") - 1) // 10 for i in range(10_000)
    )
    assert set(deciles) == set(range(10))
    assert all(800 <= count <= 1200 for count in deciles.values()), deciles


def test_raising_the_percentage_only_adds_subjects():
    subjects = [f"visitor-{i}" for i in range(10_000)]
    previous: set[str] = set()
    for percentage in (0, 5, 20, 30, 50, 75, 100):
        now = {s for s in subjects if in_rollout("CHAT_SUPPORT", s, percentage)}
        assert previous <= now
        previous = now
    assert previous == set(subjects)


def test_another_process_puts_every_subject_in_the_same_bucket():
    subjects = [f"visitor-{i}" for i in range(500)]
    here = [bucket("NEW_LEAD_SCORING", s) for s in subjects]
    code = (
        "from madfam.rules.bucketing import bucket;"
        f"print([bucket('NEW_LEAD_SCORING', f'visitor-{{i}}') for i in range({len(subjects)})])"
    )
    # A fresh interpreter with a different hash seed: Python's hash() would differ.
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345"},
    ).stdout
    assert json.loads(out) == here


def test_flags_bucket_independently():
    subjects = [f"u{i}" for i in range(200)]
    assert [bucket("A", s) for s in subjects] != [bucket("B", s) for s in subjects]
