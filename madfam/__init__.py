"""MADFAM lead-generation site."""

from __future__ import annotations

from flask import Flask

from madfam.config import ConfigError, load_config

__all__ = ["ConfigError", "create_app"]


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config → extensions → blueprints → errors → CLI → templates."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config())
    if config:
        app.config.update(config)

    trust_proxy_hops(app)
    trust_hosts(app)
    register_converters(app)
    register_extensions(app)
    register_assets(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_globals(app)
    register_page_cache(app)
    return app


def trust_proxy_hops(app: Flask) -> None:
    """Behind ``TRUSTED_PROXY_HOPS`` proxies, take the client address, scheme and host
    from their X-Forwarded-* headers (rate limits and IP hashes then see the visitor)."""
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def trust_hosts(app: Flask) -> None:
    """Answer only for SITE_URL's host (and ALLOWED_HOSTS); absolute links use SITE_URL."""
    from madfam import urls

    urls.init_app(app)


def register_converters(app: Flask) -> None:
    """URL arguments never contain NUL: no database text column can hold one, so such a
    URL matches no route (404) instead of failing in the query."""
    from werkzeug.routing import BaseConverter

    class TextConverter(BaseConverter):
        regex = r"[^/\x00]+"

    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter


def register_extensions(app: Flask) -> None:
    from madfam import flags, i18n, models, pageviews, timing, visit  # noqa: F401
    from madfam.db_pool import ping_idle_connections
    from madfam.extensions import csrf, db, limiter, migrate
    from madfam.login import init_login

    db.init_app(app)
    ping_idle_connections()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from madfam.db_sqlite import enable_sqlite_foreign_keys, ensure_sqlite_directory

        enable_sqlite_foreign_keys()
        ensure_sqlite_directory(app.config["SQLALCHEMY_DATABASE_URI"])
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIR"])
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app)
    i18n.init_app(app)
    visit.init_app(app)
    flags.init_app(app)
    timing.init_app(app)
    pageviews.init_app(app)


def register_blueprints(app: Flask) -> None:
    from madfam.blueprints.admin import bp as admin_bp
    from madfam.blueprints.api import bp as api_bp
    from madfam.blueprints.assessment import bp as assessment_bp
    from madfam.blueprints.booking import bp as booking_bp
    from madfam.blueprints.calculator import bp as calculator_bp
    from madfam.blueprints.ops import bp as ops_bp
    from madfam.blueprints.public import bp as public_bp
    from madfam.blueprints.seo import bp as seo_bp

    app.register_blueprint(public_bp, url_prefix="/<any(es,en,pt):lang>")
    app.register_blueprint(assessment_bp, url_prefix="/<any(es,en,pt):lang>/assessment")
    app.register_blueprint(calculator_bp, url_prefix="/<any(es,en,pt):lang>/calculator")
    app.register_blueprint(booking_bp, url_prefix="/<any(es,en,pt):lang>")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(ops_bp)
    app.register_blueprint(seo_bp)


def register_errorhandlers(app: Flask) -> None:
    from madfam.errors import init_errors

    init_errors(app)


def register_commands(app: Flask) -> None:
    from madfam.cli import init_cli

    init_cli(app)


def register_template_globals(app: Flask) -> None:
    from madfam import seo
    from madfam.htmx import add_vary_header, is_partial
    from madfam.security import add_security_headers
    from madfam.templating import init_templating

    app.after_request(add_vary_header)
    app.after_request(add_security_headers)
    app.jinja_env.globals["is_partial"] = is_partial
    init_templating(app)
    seo.init_app(app)


def register_page_cache(app: Flask) -> None:
    """Last: its hooks must see the language, visit and flags, and the final page."""
    from madfam import pagecache

    pagecache.init_app(app)


def register_assets(app: Flask) -> None:
    """Flask-Compress, and content-hashed URLs for the static files."""
    from madfam.assets import init_assets

    init_assets(app)
