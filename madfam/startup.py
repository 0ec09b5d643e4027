"""Start-up guard: configuration and connection problems end in one line, not a traceback."""

from __future__ import annotations

import sys

from flask import Flask
from sqlalchemy.engine import make_url

from madfam import create_app
from madfam.config import ConfigError


def _database_label(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable)"


def _excepthook(previous):
    def hook(exc_type, exc, tb):
        from sqlalchemy.exc import OperationalError

        if issubclass(exc_type, OperationalError):
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
            url = _database_label(getattr(exc, "_madfam_url", "") or _current_db_url())
            sys.stderr.write(f"madfam: cannot use DATABASE_URL {url}: {reason}\n")
            return
        try:
            from redis.exceptions import ConnectionError as RedisConnectionError
        except ImportError:  # pragma: no cover
            RedisConnectionError = ()  # noqa: N806
        if RedisConnectionError and issubclass(exc_type, RedisConnectionError):
            sys.stderr.write(f"madfam: cannot reach REDIS_URL: {exc}\n")
            return
        previous(exc_type, exc, tb)

    return hook


_app: Flask | None = None


def _current_db_url() -> str:
    return _app.config["SQLALCHEMY_DATABASE_URI"] if _app is not None else ""


def build_app_or_exit() -> Flask:
    global _app
    try:
        _app = create_app()
    except ConfigError as exc:
        sys.stderr.write(f"madfam: configuration error: {exc}\n")
        raise SystemExit(2) from None
    sys.excepthook = _excepthook(sys.excepthook)
    return _app
