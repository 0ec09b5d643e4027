"""The flags helper: ``is_enabled(key, subject_id, groups)`` for views, services and templates.

Flags are read once per request (or app context) and decided by the pure rule in
``madfam.rules.flags``; an unknown key is off.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, g
from sqlalchemy import select

from madfam.extensions import db
from madfam.models import FeatureFlag
from madfam.rules.flags import FlagSettings, decide


def _load() -> dict[str, FlagSettings]:
    cached = g.get("_feature_flags")
    if cached is None:
        cached = {
            row.key: FlagSettings(
                key=row.key,
                enabled=row.enabled,
                enabled_dev=row.enabled_dev,
                enabled_staging=row.enabled_staging,
                enabled_prod=row.enabled_prod,
                rollout_percentage=row.rollout_percentage,
                user_groups=tuple(str(x) for x in (row.user_groups or ())),
            )
            for row in db.session.scalars(select(FeatureFlag))
        }
        g._feature_flags = cached
    return cached


def is_enabled(key: str, subject_id: str | None = None, groups: Iterable[str] = ()) -> bool:
    flag = _load().get(key)
    if flag is None:
        return False
    return decide(flag, current_app.config["APP_ENV"], subject_id, groups)
