"""Settings: the one place that knows every setting's default.

``SETTINGS`` is the table of what is read from the environment (name, parser, check,
default); the config classes hold fixed settings and per-``APP_ENV`` overrides. Every
environment setting is listed in the README. ``load_config()`` validates what it reads
and raises :class:`ConfigError` with a one-line message naming the offending variable,
so the rest of the app reads ``current_app.config["NAME"]`` without defaults of its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

from madfam.config_fields import (
    COMPANY_PLACEHOLDERS,
    DEV_SECRET,
    ConfigError,
    Setting,
    boolean,
    company_setting,
    database_url,
    day_list,
    fernet_keys,
    host_list,
    hostnames,
    htmx_source,
    keys_required,
    lowercase,
    mail_backend,
    not_negative,
    optional_text,
    origin,
    redis_url,
    seconds_list,
    secret,
    site_url,
    strong_secret,
    text,
    whole,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
ENVIRONMENTS = ("development", "testing", "staging", "production")


SETTINGS = (
    Setting("SECRET_KEY", secret, strong_secret, DEV_SECRET),
    Setting(
        "DATABASE_URL",
        database_url,
        default=f"sqlite:///{INSTANCE_DIR / 'madfam.db'}",
        key="SQLALCHEMY_DATABASE_URI",
    ),
    Setting("REDIS_URL", redis_url),
    Setting("ENCRYPTION_KEYS", fernet_keys, keys_required, ()),
    Setting("HTMX_SOURCE", lowercase, htmx_source, "cdn"),
    Setting("MAIL_BACKEND", lowercase, mail_backend, "console"),
    Setting("MAIL_FROM", text, default="MADFAM <hola@madfam.io>"),
    Setting("SMTP_HOST", text, default="localhost"),
    Setting("SMTP_USERNAME", optional_text),
    Setting("SMTP_PASSWORD", optional_text),
    Setting("SMTP_STARTTLS", boolean, default=False),
    Setting("RESEND_API_KEY", optional_text),
    Setting("RESEND_API_URL", text, default="https://api.resend.com/emails"),
    whole("SMTP_PORT", 25, minimum=1),
    whole("HOT_LEAD_THRESHOLD", 80, minimum=0),
    # A NEW lead no staff member has touched becomes QUALIFIED when its score reaches this.
    whole("QUALIFY_SCORE", 70, minimum=0),
    whole("ABANDON_AFTER_HOURS", 24, minimum=1),
    whole("SESSION_LIFETIME_HOURS", 12, minimum=1),
    # A staff session unused for this long is ended (beside the absolute lifetime above).
    whole("ADMIN_IDLE_TIMEOUT_MINUTES", 30, minimum=1),
    whole("SWEEP_GRACE_SECONDS", 300, minimum=1),
    whole("SWEEP_INTERVAL_SECONDS", 60, minimum=1),
    # A row ``sending`` for longer belongs to a dead worker and is retried. Never shorter
    # than a job may run (madfam.jobs.JOB_TIMEOUT, 120 s), or a slow send would go twice.
    whole("SWEEP_STUCK_SECONDS", 180, minimum=120),
    whole("SMTP_TIMEOUT", 30, minimum=1),
    whole("WEBHOOK_TIMEOUT", 10, minimum=1),
    whole("WEBHOOK_PAUSE_AFTER_HOURS", 72, minimum=1),
    whole("CONTACT_MIN_FILL_SECONDS", 3, minimum=0),
    whole("LOGIN_ACCOUNT_MAX_FAILURES", 5, minimum=1),
    whole("LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
    # argon2id cost of staff password hashes: OWASP's minimum (19 MiB, 2 passes, 1 lane)
    # by default; raise them where the host has memory to spare. Existing hashes are
    # re-hashed with new costs at the user's next sign-in.
    whole("ARGON2_TIME_COST", 2, minimum=1),
    whole("ARGON2_MEMORY_KIB", 19456, minimum=8),
    whole("ARGON2_PARALLELISM", 1, minimum=1),
    whole("ANALYTICS_RETENTION_DAYS", 395, minimum=1),
    whole("ABANDONED_RETENTION_DAYS", 180, minimum=1),
    # Finished emails and webhook deliveries are then reduced to their metadata.
    whole("DELIVERY_RETENTION_DAYS", 180, minimum=1),
    # Proxies in front of the app that set X-Forwarded-For/-Proto/-Host (1 behind the
    # Heroku router); 0 trusts no forwarded header.
    whole("TRUSTED_PROXY_HOPS", 0, minimum=0),
    # Background delivery (emails and webhooks): seconds to wait before each retry;
    # attempts = len(RETRY_DELAYS) + 1.
    Setting("RETRY_DELAYS", seconds_list, not_negative, (60, 300, 1800, 7200, 43200)),
    # The follow-up sequence: days after a lead was created that each step is sent.
    Setting("NURTURE_DELAYS_DAYS", day_list, not_negative, (2, 7)),
    Setting("VAT_ENABLED", boolean, default=True),
    Setting("ALLOW_PRIVATE_WEBHOOKS", boolean, default=False),
    # The public origin (scheme + host) of every absolute link: emails, canonical,
    # hreflang, sitemap, Open Graph. Requests for other hosts are refused (400) unless
    # listed in ALLOWED_HOSTS.
    Setting("SITE_URL", origin, site_url),
    Setting("ALLOWED_HOSTS", host_list, hostnames, ()),
    *(company_setting(name) for name in COMPANY_PLACEHOLDERS),
    # Business days (Mon–Fri, Mexican statutory holidays excluded) to answer an ARCO request.
    whole("PRIVACY_REQUEST_DUE_BUSINESS_DAYS", 20, minimum=1),
)


class BaseConfig:
    """Fixed settings (not read from the environment) shared by every environment."""

    APP_ENV = "development"
    DEBUG = False
    TESTING = False
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # pings only after idle: madfam.db_pool
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
    # Seconds a process keeps the feature flags it read (madfam.flags): an admin change
    # reaches every web and worker process within this time.
    FLAG_CACHE_SECONDS = 2.0
    INTEGRATION_CACHE_SECONDS = 2.0  # see services.webhooks.active_integrations
    # Public pages that depend only on their URL are rendered once per process and kept
    # this long (madfam.pagecache); 0 renders every request.
    PAGE_CACHE_SECONDS = 60.0
    # Page views are written in one insert per process this often (madfam.pageviews);
    # 0 writes each after its response.
    PAGE_VIEW_BATCH_SECONDS = 0.5


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
    # Every lookup reads the rows: each test writes its own flags.
    FLAG_CACHE_SECONDS = 0.0
    INTEGRATION_CACHE_SECONDS = 0.0
    PAGE_CACHE_SECONDS = 0.0
    PAGE_VIEW_BATCH_SECONDS = 0.0


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
