"""The visit funnel for the admin dashboard, in SQL: conversion per landing page and
campaign, the assessment's per-question drop-off, calculator use and saves.

A visit is one daily visitor hash (``AnalyticsEvent.session_id``), recorded once as
``visit.started`` with its landing page and campaign (its first page view of the day);
it converted if a ``conversion.lead`` event carries the same hash. Rates are divided
in Python from the SQL counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import aliased

from madfam.extensions import db
from madfam.models import AnalyticsEvent, Assessment, Calculation
from madfam.rules.assessment import QUESTIONS
from madfam.services.dashboard import Range

CALCULATOR_PATHS = (("roi", "%/calculator/roi"), ("project_estimate", "%/calculator/estimate"))


@dataclass(frozen=True)
class Conversion:
    key: str | None  # the landing page or campaign; None: no campaign
    visits: int
    converted: int

    @property
    def rate(self) -> float:
        return self.converted / self.visits if self.visits else 0.0


@dataclass(frozen=True)
class QuestionStep:
    key: str
    reached: int
    answered: int

    @property
    def dropped(self) -> int:
        return self.reached - self.answered

    @property
    def drop_rate(self) -> float:
        return self.dropped / self.reached if self.reached else 0.0


def conversion(period: Range, by: str) -> list[Conversion]:
    """Visits (``visit.started``) and those that converted, per landing ``page`` or
    ``campaign``."""
    started = aliased(AnalyticsEvent)
    converted = (
        select(AnalyticsEvent.session_id)
        .where(AnalyticsEvent.event == "conversion.lead", period.within(AnalyticsEvent.created_at))
        .distinct()
        .subquery()
    )
    key = started.properties[by].as_string()
    visits = func.count(distinct(started.session_id))
    query = (
        select(key, visits, func.count(distinct(converted.c.session_id)))
        .select_from(started)
        .outerjoin(converted, converted.c.session_id == started.session_id)
        .where(started.event == "visit.started", period.within(started.created_at))
        .group_by(key)
        .order_by(visits.desc(), key)
    )
    return [Conversion(k, v, c) for k, v, c in db.session.execute(query)]


def question_funnel(period: Range) -> list[QuestionStep]:
    """Assessments started in the range: how many reached, answered and left each question."""
    answered = [func.count(Assessment.answers[q.key].as_string()) for q in QUESTIONS]
    query = select(func.count(), *answered).where(period.within(Assessment.created_at))
    started, *counts = db.session.execute(query).one()
    reached = [started, *counts[:-1]]
    return [QuestionStep(q.key, r, a) for q, r, a in zip(QUESTIONS, reached, counts, strict=True)]


def calculator_use(period: Range) -> dict[str, dict[str, int]]:
    """Per calculator: page views, visits that viewed it, and saved calculations."""
    path = AnalyticsEvent.properties["path"].as_string()
    kind = case(*((path.like(pattern), name) for name, pattern in CALCULATOR_PATHS))
    views = (
        select(kind, func.count(), func.count(distinct(AnalyticsEvent.session_id)))
        .where(AnalyticsEvent.event == "page.view", period.within(AnalyticsEvent.created_at))
        .where(kind.is_not(None))
        .group_by(kind)
    )
    saves = (
        select(Calculation.type, func.count())
        .where(period.within(Calculation.created_at))
        .group_by(Calculation.type)
    )
    use = {name: {"views": 0, "visits": 0, "saves": 0} for name, _ in CALCULATOR_PATHS}
    for name, count, visits in db.session.execute(views):
        use[name].update(views=count, visits=visits)
    for name, count in db.session.execute(saves):
        if name in use:
            use[name]["saves"] = count
    return use
