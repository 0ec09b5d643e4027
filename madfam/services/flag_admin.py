"""Feature flags in the admin area: list, create, edit, toggle, and each flag's history.

Every change is stored as a ``FeatureFlagChange`` (who, when, each field from → to) in
the same transaction as the change itself; this process forgets its cached flags at
once and the others within ``FLAG_CACHE_SECONDS``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime

from sqlalchemy import func, select

from madfam import flags
from madfam.extensions import db
from madfam.models import FeatureFlag, FeatureFlagChange, User
from madfam.rules.flags import potentially_stale

EDITABLE = (
    "name", "description", "enabled", "enabled_dev", "enabled_staging", "enabled_prod",
    "rollout_percentage", "user_groups",
)  # fmt: skip
SWITCHES = ("enabled", "enabled_dev", "enabled_staging", "enabled_prod")


class DuplicateKeyError(Exception):
    pass


@dataclass(frozen=True)
class FlagInput:
    name: str
    description: str | None
    enabled: bool
    enabled_dev: bool
    enabled_staging: bool
    enabled_prod: bool
    rollout_percentage: int
    user_groups: list[str] | None


@dataclass(frozen=True)
class FlagRow:
    flag: FeatureFlag
    last_changed: datetime
    stale: bool


def _last_changes() -> dict[str, datetime]:
    query = select(FeatureFlagChange.flag_id, func.max(FeatureFlagChange.created_at)).group_by(
        FeatureFlagChange.flag_id
    )
    return dict(db.session.execute(query).all())


def list_flags(now: datetime | None = None) -> list[FlagRow]:
    now = now or datetime.now(UTC)
    last = _last_changes()
    rows = []
    for flag in db.session.scalars(select(FeatureFlag).order_by(FeatureFlag.key)):
        changed = max(filter(None, (last.get(flag.id), flag.updated_at, flag.created_at)))
        rows.append(
            FlagRow(flag, changed, potentially_stale(flag.rollout_percentage, changed, now))
        )
    return rows


def get_flag(flag_id: str) -> FeatureFlag | None:
    return db.session.get(FeatureFlag, flag_id)


def history(flag: FeatureFlag) -> list[FeatureFlagChange]:
    query = (
        select(FeatureFlagChange)
        .where(FeatureFlagChange.flag_id == flag.id)
        .order_by(FeatureFlagChange.created_at.desc(), FeatureFlagChange.id.desc())
    )
    return list(db.session.scalars(query))


def _record(flag: FeatureFlag, before: dict, user: User) -> None:
    changes = {
        name: [before.get(name), getattr(flag, name)]
        for name in ("key", *EDITABLE)
        if before.get(name) != getattr(flag, name)
    }
    if changes:
        flag.updated_at = datetime.now(UTC)
        db.session.add(
            FeatureFlagChange(
                flag_id=flag.id, user_id=user.id, user_email=user.email, changes=changes
            )
        )
    db.session.commit()
    flags.forget()


def create_flag(key: str, data: FlagInput, user: User) -> FeatureFlag:
    if db.session.scalar(select(FeatureFlag.id).where(FeatureFlag.key == key)) is not None:
        raise DuplicateKeyError(key)
    flag = FeatureFlag(key=key, **{f.name: getattr(data, f.name) for f in fields(data)})
    db.session.add(flag)
    db.session.flush()
    _record(flag, {}, user)
    return flag


def update_flag(flag: FeatureFlag, data: FlagInput, user: User) -> None:
    before = {name: getattr(flag, name) for name in ("key", *EDITABLE)}
    for f in fields(data):
        setattr(flag, f.name, getattr(data, f.name))
    _record(flag, before, user)


def toggle(flag: FeatureFlag, switch: str, user: User) -> None:
    """Flip one of the on/off switches (``SWITCHES``)."""
    if switch not in SWITCHES:
        raise ValueError(switch)
    before = {name: getattr(flag, name) for name in ("key", *EDITABLE)}
    setattr(flag, switch, not getattr(flag, switch))
    _record(flag, before, user)
