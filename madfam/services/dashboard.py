"""Figures for the admin start page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from madfam.extensions import db
from madfam.models import Assessment, Lead


@dataclass(frozen=True)
class Overview:
    lead_count: int
    assessment_count: int


def overview() -> Overview:
    """How many leads and assessments the site holds."""
    return Overview(
        lead_count=db.session.scalar(select(func.count()).select_from(Lead)) or 0,
        assessment_count=db.session.scalar(select(func.count()).select_from(Assessment)) or 0,
    )
