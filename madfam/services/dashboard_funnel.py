"""The visit funnel for the admin dashboard, in SQL: conversion per landing page and
campaign, the assessment's per-question drop-off, calculator use and saves.

A visit is one daily visitor hash (``AnalyticsEvent.session_id``), recorded once as
``visit.started`` with its landing page and campaign (its first page view of the day);
it converted if a ``conversion.lead`` event carries the same hash. Rates are divided
in Python from the SQL counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, distinct, func, literal, select, union_all
from sqlalchemy.orm import aliased

from madfam.extensions import db
from madfam.models import AnalyticsEvent, Assessment, Calculation
from madfam.models.analytics import CALCULATOR_PAGES, calculator_view
from madfam.rules.assessment import QUESTIONS
from madfam.services.dashboard import Range

CALCULATOR_PATHS = CALCULATOR_PAGES


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
    return conversions(period)[by]


def _inline(value: str):
    """A constant written into the SQL rather than bound, so that a plan PostgreSQL
    caches for the statement still sees which partial index applies."""
    return bindparam(None, value, literal_execute=True)


def conversions(period: Range) -> dict[str, list[Conversion]]:
    """``conversion`` by landing page and by campaign, from one pass over the range's
    ``visit.started`` rows (the costly part: a quarter of all events)."""
    started = aliased(AnalyticsEvent)
    converted = (
        select(AnalyticsEvent.session_id)
        .where(AnalyticsEvent.event == "conversion.lead", period.within(AnalyticsEvent.created_at))
        .distinct()
        .subquery()
    )
    visits = (
        select(
            started.properties["page"].as_string().label("page"),
            started.properties["campaign"].as_string().label("campaign"),
            started.session_id.label("session"),
            converted.c.session_id.label("converted"),
        )
        .select_from(started)
        .outerjoin(converted, converted.c.session_id == started.session_id)
        .where(started.event == _inline("visit.started"), period.within(started.created_at))
        .cte("visits")
    )
    grouped = union_all(
        *(
            select(
                literal(by).label("by"),
                visits.c[by].label("key"),
                func.count(distinct(visits.c.session)).label("visits"),
                func.count(distinct(visits.c.converted)).label("converted"),
            ).group_by(visits.c[by])
            for by in ("page", "campaign")
        )
    ).subquery()
    query = select(grouped).order_by(grouped.c.by, grouped.c.visits.desc(), grouped.c.key)
    found: dict[str, list[Conversion]] = {"page": [], "campaign": []}
    for by, key, count, done in db.session.execute(query):
        found[by].append(Conversion(key, count, done))
    return found


def question_funnel(period: Range) -> list[QuestionStep]:
    """Assessments started in the range: how many reached, answered and left each question."""
    answered = [func.count(Assessment.answers[q.key].as_string()) for q in QUESTIONS]
    query = select(func.count(), *answered).where(period.within(Assessment.created_at))
    started, *counts = db.session.execute(query).one()
    reached = [started, *counts[:-1]]
    return [QuestionStep(q.key, r, a) for q, r, a in zip(QUESTIONS, reached, counts, strict=True)]


def calculator_use(period: Range) -> dict[str, dict[str, int]]:
    """Per calculator: page views, visits that viewed it, and saved calculations.

    One count per calculator, its path pattern written into the SQL so that PostgreSQL
    answers it from that calculator's partial index (``models.analytics``) without
    reading the page views."""
    dialect = db.engine.dialect.name
    views = union_all(
        *(
            select(
                literal(name), func.count(), func.count(distinct(AnalyticsEvent.session_id))
            ).where(calculator_view(dialect, pattern), period.within(AnalyticsEvent.created_at))
            for name, pattern in CALCULATOR_PATHS
        )
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
