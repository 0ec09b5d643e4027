"""The app factory and configuration from the environment."""

import pytest

from madfam import create_app
from madfam.config import ConfigError, load_config
from madfam.config_fields import normalise_database_url
from tests.helpers import COMPANY

GOOD_KEY = "kN2c6xHh3cQqvQy7kPp0c2Jd0m9bK1n4nV6Z3yXw8aE="
STRONG_SECRET = "s" * 40


def test_factory_builds_testing_app(app):
    assert app.config["APP_ENV"] == "testing"
    assert app.testing
    assert {"public", "assessment", "calculator", "admin", "ops"} <= set(app.blueprints)


def test_development_defaults_to_sqlite_under_instance():
    cfg = load_config({"APP_ENV": "development"})
    assert cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert cfg["SQLALCHEMY_DATABASE_URI"].endswith("instance/madfam.db")
    assert cfg["REDIS_URL"] is None
    assert cfg["MAIL_BACKEND"] == "console"


def test_heroku_postgres_url_uses_psycopg():
    url = normalise_database_url("postgres://u:p@db.example.com:5432/app")
    assert url == "postgresql+psycopg://u:p@db.example.com:5432/app"


@pytest.mark.parametrize("env", ["production", "staging"])
def test_production_refuses_to_start_without_secret_key(env):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({"APP_ENV": env, "ENCRYPTION_KEYS": GOOD_KEY})


def test_production_refuses_the_development_secret():
    from madfam.config import DEV_SECRET

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({"APP_ENV": "production", "SECRET_KEY": DEV_SECRET})


def test_production_starts_with_real_settings():
    cfg = load_config(
        {
            "APP_ENV": "production",
            "SECRET_KEY": STRONG_SECRET,
            "ENCRYPTION_KEYS": GOOD_KEY,
            "MAIL_BACKEND": "smtp",
            "SITE_URL": "https://madfam.example",
            **COMPANY,
        }
    )
    assert cfg["SESSION_COOKIE_SECURE"] is True
    assert cfg["ENCRYPTION_KEYS"] == (GOOD_KEY,)


@pytest.mark.parametrize("env", ["production", "staging"])
def test_production_refuses_the_console_mail_backend(env):
    base = {"APP_ENV": env, "SECRET_KEY": STRONG_SECRET, "ENCRYPTION_KEYS": GOOD_KEY, **COMPANY}
    for settings in (base, {**base, "MAIL_BACKEND": "console"}):
        with pytest.raises(ConfigError) as info:
            load_config(settings)
        assert "MAIL_BACKEND" in str(info.value)
        assert "\n" not in str(info.value)
    resend = {**base, "MAIL_BACKEND": "resend", "SITE_URL": "https://madfam.example"}
    assert load_config(resend)["MAIL_BACKEND"] == "resend"


def test_forwarded_headers_are_trusted_only_for_configured_proxy_hops(app, database_url):
    from werkzeug.middleware.proxy_fix import ProxyFix

    assert load_config({"APP_ENV": "development"})["TRUSTED_PROXY_HOPS"] == 0
    assert load_config({"TRUSTED_PROXY_HOPS": "2"})["TRUSTED_PROXY_HOPS"] == 2
    assert not isinstance(app.wsgi_app, ProxyFix)  # the default: 0 hops

    behind_router = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": app.config["RATELIMIT_STORAGE_URI"],
            "TRUSTED_PROXY_HOPS": 1,
        }
    )
    assert isinstance(behind_router.wsgi_app, ProxyFix)
    assert (behind_router.wsgi_app.x_for, behind_router.wsgi_app.x_proto) == (1, 1)
    assert behind_router.wsgi_app.x_host == 1


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"APP_ENV": "moon"}, "APP_ENV"),
        ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://localhost:notaport/0"}, "REDIS_URL"),
        ({"DATABASE_URL": "mysql://localhost/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"ENCRYPTION_KEYS": "short"}, "ENCRYPTION_KEYS"),
        ({"HTMX_SOURCE": "somewhere"}, "HTMX_SOURCE"),
        ({"HOT_LEAD_THRESHOLD": "lots"}, "HOT_LEAD_THRESHOLD"),
        ({"TRUSTED_PROXY_HOPS": "-1"}, "TRUSTED_PROXY_HOPS"),
        ({"TRUSTED_PROXY_HOPS": "one"}, "TRUSTED_PROXY_HOPS"),
    ],
)
def test_bad_settings_name_the_variable(env, setting):
    with pytest.raises(ConfigError) as info:
        load_config(env)
    message = str(info.value)
    assert setting in message
    assert "\n" not in message


def test_overrides_win_over_environment(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "VAT_ENABLED": False})
    assert app.config["VAT_ENABLED"] is False
