"""The visit funnel for the admin dashboard, in SQL: conversion per landing page and
campaign, the assessment's per-question drop-off, calculator use and saves.

A visit is one daily visitor hash (``AnalyticsEvent.session_id``); its landing page and
campaign are those of its first ``page.view``; it converted if a ``conversion.lead``
event carries the same hash. Rates are divided in Python from the SQL counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, distinct, func, select

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


def _visits(period: Range):
    """One scan of the range's page views and conversions, each row told its visit's
    first event (``n`` = 1, page views before conversions) and whether it converted."""
    event = AnalyticsEvent
    is_conversion = case((event.event == "conversion.lead", 1), else_=0)
    return (
        select(
            event.event.label("kind"),
            event.properties["path"].as_string().label("page"),
            event.properties[("utm", "utm_campaign")].as_string().label("campaign"),
            func.row_number()
            .over(
                partition_by=event.session_id,
                order_by=(is_conversion, event.created_at, event.id),
            )
            .label("n"),
            func.max(is_conversion).over(partition_by=event.session_id).label("converted"),
        )
        .where(
            event.event.in_(("page.view", "conversion.lead")),
            event.session_id.is_not(None),
            period.within(event.created_at),
        )
        .subquery()
    )


def conversion(period: Range, by: str) -> list[Conversion]:
    """Visits and converted visits per landing ``page`` or ``campaign``."""
    visits = _visits(period)
    key = visits.c[by]
    count = func.count()
    query = (
        select(key, count, func.coalesce(func.sum(visits.c.converted), 0))
        .where(visits.c.n == 1, visits.c.kind == "page.view")
        .group_by(key)
        .order_by(count.desc(), key)
    )
    return [Conversion(k, v, int(c)) for k, v, c in db.session.execute(query)]


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
