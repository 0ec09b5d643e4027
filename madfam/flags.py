"""The flags helper: ``is_enabled(key, subject=None)`` for views, services, jobs and templates.

Decisions come from the pure rule in ``madfam.rules.flags`` over the FeatureFlag rows:

- ``FLAG_<KEY>=on|off`` in the environment overrides everything (an operator's switch
  that needs no database);
- the rows are read at most once per request, and a process keeps them for
  ``FLAG_CACHE_SECONDS`` (2 s), so a change in the admin area reaches every gunicorn
  and RQ process within that time (and the process that made it at once);
- the subject of a percentage rollout is the signed-in staff member, else the visitor's
  daily anonymous id (``madfam.visit.visitor_id``: no cookie), unless the caller names
  one (a lead's email for lead scoring); signed-in staff are in the groups ``staff`` and
  their role (``admin``, ``editor``, ``viewer``);
- an unknown key is off, and logged once per process.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from madfam.extensions import db
from madfam.models import FeatureFlag
from madfam.rules.flags import FlagSettings, decide

log = logging.getLogger(__name__)
OVERRIDES = {"on": True, "off": False}
_unknown_logged: set[str] = set()


def settings_of(row: FeatureFlag) -> FlagSettings:
    return FlagSettings(
        key=row.key,
        enabled=row.enabled,
        enabled_dev=row.enabled_dev,
        enabled_staging=row.enabled_staging,
        enabled_prod=row.enabled_prod,
        rollout_percentage=row.rollout_percentage,
        user_groups=tuple(str(x) for x in (row.user_groups or ())),
    )


def _read() -> dict[str, FlagSettings]:
    return {row.key: settings_of(row) for row in db.session.scalars(select(FeatureFlag))}


def _load() -> dict[str, FlagSettings] | None:
    """The flags, or ``None`` while the database cannot be read (every flag is then off
    for this request: a flag never turns an outage into an error page)."""
    if "_feature_flags" in g:
        return g._feature_flags
    held = current_app.extensions.get("feature_flags")
    now = time.monotonic()
    if held is None or not 0 <= now - held[0] < current_app.config["FLAG_CACHE_SECONDS"]:
        try:
            held = (now, _read())
        except SQLAlchemyError:
            log.warning("feature flags could not be read: all off for this request")
            db.session.rollback()
            g._feature_flags = None
            return None
        current_app.extensions["feature_flags"] = held
    g._feature_flags = held[1]
    return held[1]


def forget() -> None:
    """Drop this process's copy: the next lookup reads the rows (after an admin change)."""
    current_app.extensions.pop("feature_flags", None)
    g.pop("_feature_flags", None)


def override(key: str) -> bool | None:
    """``FLAG_<KEY>=on|off`` from the environment, or ``None`` when unset."""
    return OVERRIDES.get(os.environ.get(f"FLAG_{key}", "").strip().lower())


def _staff() -> tuple[str | None, tuple[str, ...]]:
    if not has_request_context():
        return None, ()
    from flask_login import current_user

    if not current_user.is_authenticated:
        return None, ()
    return str(current_user.id), ("staff", str(current_user.role.value).lower())


def _subject_and_groups() -> tuple[str | None, tuple[str, ...]]:
    user_id, groups = _staff()
    if user_id is not None or not has_request_context():
        return user_id, groups
    from madfam.visit import visitor_id

    return visitor_id(), ()


def is_enabled(key: str, subject: str | None = None, groups: Iterable[str] | None = None) -> bool:
    forced = override(key)
    if forced is not None:
        return forced
    loaded = _load()
    if loaded is None:
        return False
    flag = loaded.get(key)
    if flag is None:
        if key not in _unknown_logged:
            _unknown_logged.add(key)
            log.warning("feature flag %r is unknown: treated as off", key)
        return False
    if subject is None or groups is None:
        default_subject, default_groups = _subject_and_groups()
        subject = default_subject if subject is None else subject
        groups = default_groups if groups is None else groups
    return decide(flag, current_app.config["APP_ENV"], subject, groups)


LIVE_TRIGGER = "input changed delay:400ms, change, submit, calc-touched"


def calculator_trigger() -> str:
    """The calculators' ``hx-trigger``: recompute as the visitor types while
    ``INTERACTIVE_CALCULATOR`` is on, else only when they press Calculate."""
    return LIVE_TRIGGER if is_enabled("INTERACTIVE_CALCULATOR") else "submit"


def _new_request() -> None:
    g.pop("_feature_flags", None)


def init_app(app: Flask) -> None:
    app.before_request(_new_request)
    app.jinja_env.globals["is_enabled"] = is_enabled
    app.jinja_env.globals["calculator_trigger"] = calculator_trigger
