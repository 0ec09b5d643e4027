"""Dependency checks for the health endpoint: each answers "ok" or names the error."""

from __future__ import annotations

from redis import Redis
from sqlalchemy import text

from madfam.extensions import db


def check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:
        db.session.rollback()
        return f"error: {type(exc).__name__}"
    return "ok"


def check_redis(url: str) -> str:
    try:
        Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def dependency_checks(redis_url: str | None) -> dict[str, str]:
    """The database always; Redis only where one is configured."""
    checks = {"database": check_database()}
    if redis_url:
        checks["redis"] = check_redis(redis_url)
    return checks
