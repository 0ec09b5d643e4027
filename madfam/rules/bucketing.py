"""Deterministic percentage rollouts for feature flags, compatible with Unleash.

A subject's bucket is Unleash's gradual-rollout value: MurmurHash3 (x86, 32-bit,
unsigned, seed 0) of ``"<flag key>:<subject id>"``, ``% 100 + 1``, so 1..100; the
subject is in a rollout of ``p`` percent when its bucket is ``<= p``. It depends only
on the key and the subject (not on Python's salted ``hash()``), so every process
agrees, other tools that follow Unleash agree, and raising a flag's percentage only
ever adds subjects.
"""

import mmh3

BUCKETS = 100
SEED = 0


def bucket(flag_key: str, subject_id: str) -> int:
    """Bucket 1..100 of ``subject_id`` for ``flag_key`` (Unleash's normalised value)."""
    return mmh3.hash(f"{flag_key}:{subject_id}", SEED, signed=False) % BUCKETS + 1


def in_rollout(flag_key: str, subject_id: str, percentage: int) -> bool:
    """True if the subject falls within ``percentage`` (clamped to 0..100)."""
    percentage = max(0, min(BUCKETS, percentage))
    return bucket(flag_key, subject_id) <= percentage
