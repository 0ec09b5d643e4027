from flask import render_template

from madfam.blueprints.public import bp
from madfam.enums import ServiceTier
from madfam.rules.tiers import TIER_INFO, TIER_STARTING_PRICES


@bp.get("/")
def index():
    tiers = [
        (tier, TIER_INFO[tier][0], TIER_INFO[tier][1], TIER_STARTING_PRICES[tier])
        for tier in ServiceTier
    ]
    return render_template("public/index.html", tiers=tiers)
