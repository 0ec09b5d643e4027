"""Service-level pages and the about page: what MADFAM does, how, and what it costs.

Prices, project types and add-ons come from the catalogue (madfam/rules/tiers.py and
madfam/rules/estimate.py), the one source of prices; nothing here repeats a figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template
from flask_babel import gettext as _

from madfam.blueprints.public import bp
from madfam.enums import ServiceTier
from madfam.rules.estimate import ADDONS, PROJECT_TYPES, ProjectType
from madfam.rules.tiers import TIER_INFO
from madfam.seo import LEVELS, level_slug
from madfam.services.assessments import STEP_COUNT
from madfam.templating import whole_money


@dataclass(frozen=True)
class Level:
    """A service level as the pages show it: its place among the five, slug and copy."""

    tier: ServiceTier
    number: int
    slug: str
    name: str  # untranslated
    description: str  # untranslated
    starting_price: object


def levels() -> list[Level]:
    return [
        Level(tier, number, level_slug(tier), info.name, info.description, info.starting_price)
        for number, (tier, info) in enumerate(TIER_INFO.items(), start=1)
    ]


def service_faq(level: Level, projects: list[ProjectType]) -> list[tuple[str, str]]:
    """The questions a buyer asks about a level, answered from the catalogue."""
    name = _(level.name)
    weeks = [project.base_weeks for project in projects]
    return [
        (
            _("How much does the %(name)s level cost?", name=name),
            _(
                "Projects at this level start at %(price)s plus VAT (IVA). The estimate "
                "calculator builds a line-by-line figure for your project; the final price "
                "is set in a written proposal before any work starts.",
                price=whole_money(level.starting_price, "MXN"),
            ),
        ),
        (
            _("How long does a %(name)s project take?", name=name),
            _(
                "The projects in the catalogue for this level take from %(low)d to %(high)d "
                "weeks at low complexity on a standard timeline. More complexity and add-ons "
                "add time; an accelerated timeline shortens it at a higher price.",
                low=min(weeks),
                high=max(weeks),
            ),
        ),
        (
            _("How do I get started?"),
            _(
                "Take the free AI readiness assessment: %(count)d questions give you a score "
                "and the service level that fits your company. Or write to us and a "
                "consultant will get back to you within one business day.",
                count=STEP_COUNT,
            ),
        ),
    ]


@bp.get("/services/<level>")
def service(level: str):
    tier = LEVELS.get(level)
    if tier is None:
        abort(404)
    all_levels = levels()
    current = next(item for item in all_levels if item.tier is tier)
    projects = [project for project in PROJECT_TYPES.values() if project.tier is tier]
    return render_template(
        "public/service.html",
        level=current,
        levels=all_levels,
        projects=projects,
        addons=list(ADDONS.values()),
        faq=service_faq(current, projects),
    )


@bp.get("/about")
def about():
    return render_template("public/about.html", levels=levels(), question_count=STEP_COUNT)
