"""Settings from the environment: one class per ``APP_ENV``.

Every setting is listed in the README. ``load_config()`` validates what it reads and
raises :class:`ConfigError` with a one-line message naming the offending variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

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


# Whole-number settings read from the environment, with their smallest allowed value.
INTEGER_SETTINGS = (
    ("SMTP_PORT", 1),
    ("HOT_LEAD_THRESHOLD", 0),
    ("ABANDON_AFTER_HOURS", 1),
    ("SESSION_LIFETIME_HOURS", 1),
    ("SWEEP_GRACE_SECONDS", 1),
    ("SWEEP_INTERVAL_SECONDS", 1),
    ("SMTP_TIMEOUT", 1),
    ("WEBHOOK_TIMEOUT", 1),
    ("WEBHOOK_PAUSE_AFTER_HOURS", 1),
    ("CONTACT_MIN_FILL_SECONDS", 0),
    ("LOGIN_ACCOUNT_MAX_FAILURES", 1),
    ("LOGIN_LOCKOUT_MINUTES", 1),
    ("ANALYTICS_RETENTION_DAYS", 1),
    ("ABANDONED_RETENTION_DAYS", 1),
    ("TRUSTED_PROXY_HOPS", 0),
)


class BaseConfig:
    APP_ENV = "development"
    DEBUG = False
    TESTING = False
    SECRET_KEY = DEV_SECRET
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    PREFERRED_URL_SCHEME = "http"

    LANGUAGES = ("es", "en", "pt")
    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    CURRENCY = "MXN"
    HTMX_SOURCE = "cdn"
    VAT_ENABLED = True
    MAIL_BACKEND = "console"
    MAIL_FROM = "MADFAM <hola@madfam.io>"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    ALLOW_PRIVATE_WEBHOOKS = False
    HOT_LEAD_THRESHOLD = 80
    ABANDON_AFTER_HOURS = 24
    SESSION_LIFETIME_HOURS = 12
    ENCRYPTION_KEYS: tuple[str, ...] = ()
    # Background delivery (emails and webhooks): seconds to wait before each retry;
    # attempts = len(RETRY_DELAYS) + 1.
    RETRY_DELAYS: tuple[int, ...] = (60, 300, 1800, 7200, 43200)
    SWEEP_GRACE_SECONDS = 300
    SWEEP_INTERVAL_SECONDS = 60
    SMTP_TIMEOUT = 30
    WEBHOOK_TIMEOUT = 10
    WEBHOOK_PAUSE_AFTER_HOURS = 72
    SMTP_PORT = 25
    CONTACT_MIN_FILL_SECONDS = 3
    LOGIN_ACCOUNT_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    ANALYTICS_RETENTION_DAYS = 395
    ABANDONED_RETENTION_DAYS = 180
    # Proxies in front of the app that set X-Forwarded-For/-Proto/-Host (1 behind the
    # Heroku router); 0 trusts no forwarded header.
    TRUSTED_PROXY_HOPS = 0


class DevelopmentConfig(BaseConfig):
    APP_ENV = "development"
    DEBUG = True
    ALLOW_PRIVATE_WEBHOOKS = True


class TestingConfig(BaseConfig):
    APP_ENV = "testing"
    TESTING = True
    HTMX_SOURCE = "local"
    ALLOW_PRIVATE_WEBHOOKS = True
    RATELIMIT_ENABLED = True


class StagingConfig(BaseConfig):
    APP_ENV = "staging"
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
    app_env = env.get("APP_ENV", "development").strip().lower() or "development"
    if app_env not in CONFIGS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)} (got {app_env!r})")
    if app_env == "development" and environ is None:
        from dotenv import load_dotenv

        load_dotenv(PROJECT_ROOT / ".env", override=False)

    cls = CONFIGS[app_env]
    cfg = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}

    secret = env.get("SECRET_KEY", "")
    if secret:
        cfg["SECRET_KEY"] = secret
    if app_env in ("staging", "production") and (len(secret) < 32 or secret == DEV_SECRET):
        raise ConfigError(
            f"SECRET_KEY must be set to a random value of at least 32 characters when "
            f"APP_ENV={app_env}"
        )

    default_db = f"sqlite:///{INSTANCE_DIR / 'madfam.db'}"
    cfg["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(env.get("DATABASE_URL") or default_db)

    redis_url = validate_redis_url(env.get("REDIS_URL"))
    cfg["REDIS_URL"] = redis_url
    if redis_url:
        cfg["RATELIMIT_STORAGE_URI"] = redis_url

    keys = tuple(k.strip() for k in env.get("ENCRYPTION_KEYS", "").split(",") if k.strip())
    if keys:
        from cryptography.fernet import Fernet

        for key in keys:
            try:
                Fernet(key)
            except (ValueError, TypeError):
                raise ConfigError(
                    "ENCRYPTION_KEYS must be comma-separated Fernet keys "
                    "(generate one with `flask generate-key`)"
                ) from None
    elif app_env in ("staging", "production"):
        raise ConfigError(f"ENCRYPTION_KEYS must be set when APP_ENV={app_env}")
    cfg["ENCRYPTION_KEYS"] = keys

    htmx_source = env.get("HTMX_SOURCE", cfg["HTMX_SOURCE"]).strip().lower()
    if htmx_source not in {"cdn", "local"}:
        raise ConfigError("HTMX_SOURCE must be 'cdn' or 'local'")
    cfg["HTMX_SOURCE"] = htmx_source

    currency = env.get("CURRENCY", cfg["CURRENCY"]).strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ConfigError("CURRENCY must be an ISO 4217 code such as MXN")
    cfg["CURRENCY"] = currency

    mail_backend = env.get("MAIL_BACKEND", cfg["MAIL_BACKEND"]).strip().lower()
    if mail_backend not in {"console", "smtp", "resend"}:
        raise ConfigError("MAIL_BACKEND must be console, smtp or resend")
    if mail_backend == "console" and app_env in ("staging", "production"):
        raise ConfigError(
            f"MAIL_BACKEND must be smtp or resend when APP_ENV={app_env} "
            "(console only prints emails)"
        )
    cfg["MAIL_BACKEND"] = mail_backend
    cfg["MAIL_FROM"] = env.get("MAIL_FROM", cfg["MAIL_FROM"])
    cfg["SMTP_HOST"] = env.get("SMTP_HOST", "localhost")
    cfg["SMTP_USERNAME"] = env.get("SMTP_USERNAME") or None
    cfg["SMTP_PASSWORD"] = env.get("SMTP_PASSWORD") or None
    cfg["SMTP_STARTTLS"] = _bool(env.get("SMTP_STARTTLS"), False)
    cfg["RESEND_API_KEY"] = env.get("RESEND_API_KEY") or None
    cfg["RESEND_API_URL"] = env.get("RESEND_API_URL", "https://api.resend.com/emails")

    for name, minimum in INTEGER_SETTINGS:
        raw = env.get(name)
        try:
            value = int(raw) if raw not in (None, "") else cfg[name]
        except ValueError:
            raise ConfigError(f"{name} must be a whole number") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}")
        cfg[name] = value
    raw_delays = env.get("RETRY_DELAYS")
    if raw_delays:
        try:
            delays = tuple(int(part) for part in raw_delays.split(",") if part.strip())
        except ValueError:
            raise ConfigError("RETRY_DELAYS must be comma-separated seconds, e.g. 60,300") from None
        if any(d < 0 for d in delays):
            raise ConfigError("RETRY_DELAYS must not be negative")
        cfg["RETRY_DELAYS"] = delays

    cfg["VAT_ENABLED"] = _bool(env.get("VAT_ENABLED"), cfg["VAT_ENABLED"])
    cfg["ALLOW_PRIVATE_WEBHOOKS"] = _bool(
        env.get("ALLOW_PRIVATE_WEBHOOKS"), cfg["ALLOW_PRIVATE_WEBHOOKS"]
    )
    return cfg
