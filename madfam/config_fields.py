"""The parts settings are made of: parsers, checks and the :class:`Setting` row.

``madfam/config.py`` holds the table of settings built from these and the config
classes; this module knows how one raw environment value becomes a checked value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEV_SECRET = "dev-only-insecure-secret-key"  # noqa: S105 - refused outside development/testing


class ConfigError(RuntimeError):
    """A setting is missing or malformed."""


def boolean(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Accept Heroku-style ``postgres://`` URLs and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"DATABASE_URL is not a valid database URL ({exc})") from None
    if not url.startswith(("sqlite:", "postgresql+psycopg:")):
        raise ConfigError("DATABASE_URL must be a sqlite:// or postgres(ql):// URL")
    return url


def validate_redis_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError("REDIS_URL must start with redis://, rediss:// or unix://")
    try:
        if parts.scheme != "unix" and not parts.hostname:
            raise ValueError("no host")
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ConfigError("REDIS_URL is malformed (expected redis://host:port/db)") from None
    return url


STRICT_ENVIRONMENTS = ("staging", "production")
# A host name (a leading dot admits every subdomain, as Flask's TRUSTED_HOSTS does).
HOSTNAME = re.compile(r"\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")

Parser = Callable[[str, Any], Any]
Check = Callable[[Any, str], None]


@dataclass(frozen=True)
class Setting:
    """One setting read from the environment.

    ``parse(raw, default)`` turns the variable's text into a value; ``check(value,
    app_env)`` vets the result, default included. Either raises ``ValueError`` with the
    rest of a sentence that starts with the variable's name. ``key`` is the
    ``app.config`` name when it differs from the variable's.
    """

    name: str
    parse: Parser
    check: Check | None = None
    default: Any = None
    key: str = ""

    @property
    def config_key(self) -> str:
        return self.key or self.name


def text(raw: str, default: Any) -> str:
    return raw


def optional_text(raw: str, default: Any) -> str | None:
    return raw or None


def secret(raw: str, default: Any) -> str:
    return raw or default


def database_url(raw: str, default: Any) -> str:
    return normalise_database_url(raw or default)


def redis_url(raw: str, default: Any) -> str | None:
    return validate_redis_url(raw)


def lowercase(raw: str, default: Any) -> str:
    return raw.strip().lower()


def uppercase(raw: str, default: Any) -> str:
    return raw.strip().upper()


def _integer(raw: str, default: Any) -> int:
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError("must be a whole number") from None


def seconds_list(raw: str, default: Any) -> tuple[int, ...]:
    if not raw:
        return default
    try:
        return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ValueError("must be comma-separated seconds, e.g. 60,300") from None


def day_list(raw: str, default: Any) -> tuple[int, ...]:
    """Comma-separated whole days, e.g. ``2,7``; empty: none (the sequence sends nothing)."""
    try:
        return tuple(sorted(int(part) for part in raw.split(",") if part.strip()))
    except ValueError:
        raise ValueError("must be comma-separated whole days, e.g. 2,7") from None


def fernet_keys(raw: str, default: Any) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ValueError(
                "must be comma-separated Fernet keys (generate one with `flask generate-key`)"
            ) from None
    return keys


def strong_secret(value: str, app_env: str) -> None:
    if app_env in STRICT_ENVIRONMENTS and (len(value) < 32 or value == DEV_SECRET):
        raise ValueError(
            f"must be set to a random value of at least 32 characters when APP_ENV={app_env}"
        )


def keys_required(value: tuple[str, ...], app_env: str) -> None:
    if not value and app_env in STRICT_ENVIRONMENTS:
        raise ValueError(f"must be set when APP_ENV={app_env}")


def htmx_source(value: str, app_env: str) -> None:
    if value not in {"cdn", "local"}:
        raise ValueError("must be 'cdn' or 'local'")


def mail_backend(value: str, app_env: str) -> None:
    if value not in {"console", "smtp", "resend"}:
        raise ValueError("must be console, smtp or resend")
    if value == "console" and app_env in STRICT_ENVIRONMENTS:
        raise ValueError(
            f"must be smtp or resend when APP_ENV={app_env} (console only prints emails)"
        )


def origin(raw: str, default: Any) -> str | None:
    return raw.strip().rstrip("/") or None


def site_url(value: str | None, app_env: str) -> None:
    """The public origin every absolute link is built on (never the request's Host)."""
    if not value:
        if app_env in STRICT_ENVIRONMENTS:
            raise ValueError(f"must be set when APP_ENV={app_env} (e.g. https://madfam.io)")
        raise ValueError("must be set (e.g. http://127.0.0.1:5000)")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("must be an absolute URL such as https://madfam.io")
    if parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError("must be the site's origin only: scheme and host, no path")
    if app_env in STRICT_ENVIRONMENTS and parts.scheme != "https":
        raise ValueError(f"must be an https:// URL when APP_ENV={app_env}")


def host_list(raw: str, default: Any) -> tuple[str, ...]:
    return tuple(h.strip().lower() for h in raw.split(",") if h.strip())


def hostnames(value: tuple[str, ...], app_env: str) -> None:
    for host in value:
        if not HOSTNAME.fullmatch(host):
            raise ValueError(
                "must be comma-separated host names without scheme or port, e.g. "
                "www.madfam.io,.madfam.io"
            )


def _at_least(minimum: int) -> Check:
    def check(value: int, app_env: str) -> None:
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")

    return check


def not_negative(value: tuple[int, ...], app_env: str) -> None:
    if any(d < 0 for d in value):
        raise ValueError("must not be negative")


def whole(name: str, default: int, minimum: int) -> Setting:
    return Setting(name, _integer, _at_least(minimum), default)


def _stripped(raw: str, default: Any) -> str:
    return " ".join(raw.split())


def _company(placeholder: str, shape: Check | None = None) -> Check:
    """A company detail the public pages show: the development placeholder is refused,
    like an unset value, when APP_ENV is staging or production."""

    def check(value: str, app_env: str) -> None:
        if app_env in STRICT_ENVIRONMENTS and (not value or value == placeholder):
            raise ValueError(f"must be set to the company's real value when APP_ENV={app_env}")
        if value and shape is not None:
            shape(value, app_env)

    return check


def _email_shape(value: str, app_env: str) -> None:
    local, _, domain = value.partition("@")
    if not local or "." not in domain or " " in value:
        raise ValueError("must be an email address such as hola@example.com")


def _whatsapp_shape(value: str, app_env: str) -> None:
    if not value.isdigit() or not 8 <= len(value) <= 15:
        raise ValueError("must be the international number in digits only, e.g. 5215512345678")


RFC_PATTERN = re.compile(r"[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}")


def _rfc_shape(value: str, app_env: str) -> None:
    if not RFC_PATTERN.fullmatch(value):
        raise ValueError("must be a Mexican RFC (12 or 13 letters and digits, e.g. XAXX010101000)")


# The company's public details (footer, privacy notice, terms). Development and testing
# show these obvious placeholders; staging and production refuse to start with them.
COMPANY_PLACEHOLDERS = {
    "CONTACT_EMAIL": "contacto@example.com",
    "CONTACT_PHONE": "+52 55 0000 0000",
    "WHATSAPP_NUMBER": "5215500000000",
    "COMPANY_ADDRESS": "Calle Ejemplo 123, Col. Centro, 06000 Ciudad de México, México",
    "COMPANY_LEGAL_NAME": "MADFAM (razón social de ejemplo)",
    "COMPANY_TAX_ID": "XAXX010101000",
    "PRIVACY_OFFICER_EMAIL": "privacidad@example.com",
}
_COMPANY_SHAPES: dict[str, Check] = {
    "CONTACT_EMAIL": _email_shape,
    "PRIVACY_OFFICER_EMAIL": _email_shape,
    "WHATSAPP_NUMBER": _whatsapp_shape,
    "COMPANY_TAX_ID": _rfc_shape,
}


def company_setting(name: str) -> Setting:
    parse = uppercase if name == "COMPANY_TAX_ID" else _stripped
    placeholder = COMPANY_PLACEHOLDERS[name]
    return Setting(name, parse, _company(placeholder, _COMPANY_SHAPES.get(name)), placeholder)


# Every setting read from the environment, in the order it is checked, with its default
# (an environment's config class below may override a default). The README lists them.
