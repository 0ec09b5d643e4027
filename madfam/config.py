"""Settings: the one place that knows every setting's default.

``SETTINGS`` is the table of what is read from the environment (name, parser, check,
default); the config classes hold fixed settings and per-``APP_ENV`` overrides. Every
environment setting is listed in the README. ``load_config()`` validates what it reads
and raises :class:`ConfigError` with a one-line message naming the offending variable,
so the rest of the app reads ``current_app.config["NAME"]`` without defaults of its own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from dotenv import load_dotenv
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
ENVIRONMENTS = ("development", "testing", "staging", "production")
DEV_SECRET = "dev-only-insecure-secret-key"  # noqa: S105 - refused outside development/testing


class ConfigError(RuntimeError):
    """A setting is missing or malformed."""


def _bool(value: str | None, default: bool) -> bool:
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


def _text(raw: str, default: Any) -> str:
    return raw


def _optional_text(raw: str, default: Any) -> str | None:
    return raw or None


def _secret(raw: str, default: Any) -> str:
    return raw or default


def _database_url(raw: str, default: Any) -> str:
    return normalise_database_url(raw or default)


def _redis_url(raw: str, default: Any) -> str | None:
    return validate_redis_url(raw)


def _lower(raw: str, default: Any) -> str:
    return raw.strip().lower()


def _upper(raw: str, default: Any) -> str:
    return raw.strip().upper()


def _integer(raw: str, default: Any) -> int:
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError("must be a whole number") from None


def _seconds_list(raw: str, default: Any) -> tuple[int, ...]:
    if not raw:
        return default
    try:
        return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ValueError("must be comma-separated seconds, e.g. 60,300") from None


def _fernet_keys(raw: str, default: Any) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ValueError(
                "must be comma-separated Fernet keys (generate one with `flask generate-key`)"
            ) from None
    return keys


def _strong_secret(value: str, app_env: str) -> None:
    if app_env in STRICT_ENVIRONMENTS and (len(value) < 32 or value == DEV_SECRET):
        raise ValueError(
            f"must be set to a random value of at least 32 characters when APP_ENV={app_env}"
        )


def _keys_required(value: tuple[str, ...], app_env: str) -> None:
    if not value and app_env in STRICT_ENVIRONMENTS:
        raise ValueError(f"must be set when APP_ENV={app_env}")


def _htmx_source(value: str, app_env: str) -> None:
    if value not in {"cdn", "local"}:
        raise ValueError("must be 'cdn' or 'local'")


def _currency_code(value: str, app_env: str) -> None:
    if len(value) != 3 or not value.isalpha():
        raise ValueError("must be an ISO 4217 code such as MXN")


def _mail_backend(value: str, app_env: str) -> None:
    if value not in {"console", "smtp", "resend"}:
        raise ValueError("must be console, smtp or resend")
    if value == "console" and app_env in STRICT_ENVIRONMENTS:
        raise ValueError(
            f"must be smtp or resend when APP_ENV={app_env} (console only prints emails)"
        )


def _origin(raw: str, default: Any) -> str | None:
    return raw.strip().rstrip("/") or None


def _site_url(value: str | None, app_env: str) -> None:
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


def _host_list(raw: str, default: Any) -> tuple[str, ...]:
    return tuple(h.strip().lower() for h in raw.split(",") if h.strip())


def _hostnames(value: tuple[str, ...], app_env: str) -> None:
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


def _not_negative(value: tuple[int, ...], app_env: str) -> None:
    if any(d < 0 for d in value):
        raise ValueError("must not be negative")


def _whole(name: str, default: int, minimum: int) -> Setting:
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


def _company_setting(name: str) -> Setting:
    parse = _upper if name == "COMPANY_TAX_ID" else _stripped
    placeholder = COMPANY_PLACEHOLDERS[name]
    return Setting(name, parse, _company(placeholder, _COMPANY_SHAPES.get(name)), placeholder)


# Every setting read from the environment, in the order it is checked, with its default
# (an environment's config class below may override a default). The README lists them.
SETTINGS = (
    Setting("SECRET_KEY", _secret, _strong_secret, DEV_SECRET),
    Setting(
        "DATABASE_URL",
        _database_url,
        default=f"sqlite:///{INSTANCE_DIR / 'madfam.db'}",
        key="SQLALCHEMY_DATABASE_URI",
    ),
    Setting("REDIS_URL", _redis_url),
    Setting("ENCRYPTION_KEYS", _fernet_keys, _keys_required, ()),
    Setting("HTMX_SOURCE", _lower, _htmx_source, "cdn"),
    Setting("CURRENCY", _upper, _currency_code, "MXN"),
    Setting("MAIL_BACKEND", _lower, _mail_backend, "console"),
    Setting("MAIL_FROM", _text, default="MADFAM <hola@madfam.io>"),
    Setting("SMTP_HOST", _text, default="localhost"),
    Setting("SMTP_USERNAME", _optional_text),
    Setting("SMTP_PASSWORD", _optional_text),
    Setting("SMTP_STARTTLS", _bool, default=False),
    Setting("RESEND_API_KEY", _optional_text),
    Setting("RESEND_API_URL", _text, default="https://api.resend.com/emails"),
    _whole("SMTP_PORT", 25, minimum=1),
    _whole("HOT_LEAD_THRESHOLD", 80, minimum=0),
    _whole("ABANDON_AFTER_HOURS", 24, minimum=1),
    _whole("SESSION_LIFETIME_HOURS", 12, minimum=1),
    # A staff session unused for this long is ended (beside the absolute lifetime above).
    _whole("ADMIN_IDLE_TIMEOUT_MINUTES", 30, minimum=1),
    _whole("SWEEP_GRACE_SECONDS", 300, minimum=1),
    _whole("SWEEP_INTERVAL_SECONDS", 60, minimum=1),
    # A row ``sending`` for longer belongs to a dead worker and is retried. Never shorter
    # than a job may run (madfam.jobs.JOB_TIMEOUT, 120 s), or a slow send would go twice.
    _whole("SWEEP_STUCK_SECONDS", 180, minimum=120),
    _whole("SMTP_TIMEOUT", 30, minimum=1),
    _whole("WEBHOOK_TIMEOUT", 10, minimum=1),
    _whole("WEBHOOK_PAUSE_AFTER_HOURS", 72, minimum=1),
    _whole("CONTACT_MIN_FILL_SECONDS", 3, minimum=0),
    _whole("LOGIN_ACCOUNT_MAX_FAILURES", 5, minimum=1),
    _whole("LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
    # argon2id cost of staff password hashes: OWASP's minimum (19 MiB, 2 passes, 1 lane)
    # by default; raise them where the host has memory to spare. Existing hashes are
    # re-hashed with new costs at the user's next sign-in.
    _whole("ARGON2_TIME_COST", 2, minimum=1),
    _whole("ARGON2_MEMORY_KIB", 19456, minimum=8),
    _whole("ARGON2_PARALLELISM", 1, minimum=1),
    _whole("ANALYTICS_RETENTION_DAYS", 395, minimum=1),
    _whole("ABANDONED_RETENTION_DAYS", 180, minimum=1),
    # Proxies in front of the app that set X-Forwarded-For/-Proto/-Host (1 behind the
    # Heroku router); 0 trusts no forwarded header.
    _whole("TRUSTED_PROXY_HOPS", 0, minimum=0),
    # Background delivery (emails and webhooks): seconds to wait before each retry;
    # attempts = len(RETRY_DELAYS) + 1.
    Setting("RETRY_DELAYS", _seconds_list, _not_negative, (60, 300, 1800, 7200, 43200)),
    Setting("VAT_ENABLED", _bool, default=True),
    Setting("ALLOW_PRIVATE_WEBHOOKS", _bool, default=False),
    # The public origin (scheme + host) of every absolute link: emails, canonical,
    # hreflang, sitemap, Open Graph. Requests for other hosts are refused (400) unless
    # listed in ALLOWED_HOSTS.
    Setting("SITE_URL", _origin, _site_url),
    Setting("ALLOWED_HOSTS", _host_list, _hostnames, ()),
    *(_company_setting(name) for name in COMPANY_PLACEHOLDERS),
    # Business days (Mon–Fri, Mexican statutory holidays excluded) to answer an ARCO request.
    _whole("PRIVACY_REQUEST_DUE_BUSINESS_DAYS", 20, minimum=1),
)


class BaseConfig:
    """Fixed settings (not read from the environment) shared by every environment."""

    APP_ENV = "development"
    DEBUG = False
    TESTING = False
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    PREFERRED_URL_SCHEME = "http"
    MIGRATIONS_DIR = str(PROJECT_ROOT / "migrations")

    LANGUAGES = ("es", "en", "pt")
    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RESEND_TIMEOUT = 15
    # Staff sign-in throttling (the limits are settings above). Per account and client
    # address: the first free failures are answered at once, later ones ever slower up to
    # the cap, and after LOGIN_ACCOUNT_MAX_FAILURES that address is refused for that
    # account. Per account from any address: past LOGIN_ACCOUNT_MAX_FAILURES each failure
    # waits, at most LOGIN_ACCOUNT_MAX_DELAY_SECONDS, and is never refused, so nobody can
    # lock the owner out. Per client address, failed sign-in POSTs are limited by
    # Flask-Limiter. Addresses are keyed by their keyed hash, never stored.
    LOGIN_FREE_FAILURES = 2
    LOGIN_FAILURE_DELAY_SECONDS = 0.25
    LOGIN_MAX_DELAY_SECONDS = 2.0
    LOGIN_ACCOUNT_MAX_DELAY_SECONDS = 3.0
    LOGIN_IP_LIMIT = "20 per 15 minutes"


class DevelopmentConfig(BaseConfig):
    APP_ENV = "development"
    DEBUG = True
    SITE_URL = "http://127.0.0.1:5000"  # where `flask run` listens by default
    ALLOW_PRIVATE_WEBHOOKS = True


class TestingConfig(BaseConfig):
    APP_ENV = "testing"
    TESTING = True
    SITE_URL = "http://localhost"  # the test client's host
    HTMX_SOURCE = "local"
    ALLOW_PRIVATE_WEBHOOKS = True
    RATELIMIT_ENABLED = True
    # The cheapest argon2id: the suite hashes many passwords.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 8
    ARGON2_PARALLELISM = 1


class StagingConfig(BaseConfig):
    APP_ENV = "staging"
    # The __Host- prefix makes browsers accept the cookie only if it is Secure, has
    # Path=/ and no Domain: no subdomain or plain-HTTP page can set or shadow it.
    SESSION_COOKIE_NAME = "__Host-madfam"
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


class ProductionConfig(StagingConfig):
    APP_ENV = "production"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "staging": StagingConfig,
    "production": ProductionConfig,
}


def load_config(environ: dict[str, str] | None = None) -> dict:
    """Read settings from the environment into a plain dict for ``app.config``."""
    env = os.environ if environ is None else environ
    app_env = _app_env(env)
    if app_env == "development" and environ is None:
        load_dotenv(PROJECT_ROOT / ".env", override=False)

    cls = CONFIGS[app_env]
    cfg = {setting.config_key: setting.default for setting in SETTINGS}
    cfg.update({k: getattr(cls, k) for k in dir(cls) if k.isupper()})
    for setting in SETTINGS:
        key = setting.config_key
        cfg[key] = _read(setting, env.get(setting.name), cfg[key], app_env)
    if cfg["REDIS_URL"]:
        cfg["RATELIMIT_STORAGE_URI"] = cfg["REDIS_URL"]
    return cfg


def _app_env(env) -> str:
    app_env = env.get("APP_ENV", "development").strip().lower() or "development"
    if app_env not in CONFIGS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)} (got {app_env!r})")
    return app_env


def _read(setting: Setting, raw: str | None, default: Any, app_env: str) -> Any:
    """The setting's value: parsed from ``raw`` (``default`` when unset) and checked."""
    try:
        value = default if raw is None else setting.parse(raw, default)
        if setting.check is not None:
            setting.check(value, app_env)
    except ValueError as exc:
        raise ConfigError(f"{setting.name} {exc}") from None
    return value
