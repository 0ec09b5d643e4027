"""The follow-up (nurture) sequence: who gets it, which step is due, what it talks about.

A lead is nurtured while it has marketing consent, its address is not suppressed, and
no staff member has changed its status (staff have not taken it over); a CONTACTED,
CONVERTED, LOST or UNQUALIFIED lead is past nurturing. Step ``n`` (1-based) is due
``delays[n-1]`` days after the lead was created, for ``STALE_AFTER`` more: a step
missed for longer (the worker was down) is skipped rather than sent late, and a later
step never brings an earlier one along.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from madfam.enums import LeadStatus

STALE_AFTER = timedelta(days=3)
NURTURED_STATUSES = frozenset({LeadStatus.NEW, LeadStatus.QUALIFIED})

# What the step talks about: the lead's assessment, its calculation, or neither.
ASSESSMENT = "assessment"
CALCULATION = "calculation"
GENERAL = "general"


@dataclass(frozen=True)
class NurtureFacts:
    status: LeadStatus
    marketing_consent: bool
    status_set_by_staff: bool
    suppressed: bool


def nurtured(facts: NurtureFacts) -> bool:
    """Whether the lead is in the sequence now."""
    return (
        facts.marketing_consent
        and not facts.suppressed
        and not facts.status_set_by_staff
        and facts.status in NURTURED_STATUSES
    )


def due_step(
    created_at: datetime, now: datetime, delays_days: Sequence[int], sent: Collection[int]
) -> int | None:
    """The step (1-based) to send now, or ``None``: the latest step whose time has come
    and is not stale, unless it was already sent."""
    due = None
    for number, days in enumerate(delays_days, start=1):
        at = created_at + timedelta(days=days)
        if at <= now < at + STALE_AFTER:
            due = number
    return None if due is None or due in sent else due


def earliest_due(now: datetime, delays_days: Sequence[int]) -> tuple[datetime, datetime]:
    """The window of creation times (oldest, newest) whose leads may have a step due."""
    return (
        now - timedelta(days=max(delays_days)) - STALE_AFTER,
        now - timedelta(days=min(delays_days)),
    )


def content_for(has_assessment: bool, has_calculation: bool) -> str:
    """What the email builds on: the assessment first, else the calculation, else neither."""
    if has_assessment:
        return ASSESSMENT
    if has_calculation:
        return CALCULATION
    return GENERAL
