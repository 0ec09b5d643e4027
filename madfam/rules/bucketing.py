"""Deterministic percentage rollouts for feature flags.

A subject's bucket depends only on the flag key and subject id (SHA-256, not Python's
salted ``hash()``), so it is stable across processes, and raising a flag's percentage
only ever adds subjects.
"""

from hashlib import sha256

BUCKETS = 100


def bucket(flag_key: str, subject_id: str) -> int:
    """Bucket 0..99 of ``subject_id`` for ``flag_key``."""
    digest = sha256(f"{flag_key}:{subject_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def in_rollout(flag_key: str, subject_id: str, percentage: int) -> bool:
    """True if the subject falls within ``percentage`` (clamped to 0..100)."""
    percentage = max(0, min(BUCKETS, percentage))
    return bucket(flag_key, subject_id) < percentage
