"""Flask extensions, created unbound; ``create_app`` binds them."""

import hashlib
import hmac

from flask import current_app, request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Deterministic constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Brotli or gzip for text responses; settings in madfam/assets.py (COMPRESSION).
compress = Compress()


def rate_limit_key() -> str:
    """The rate-limit key of the client: an HMAC of its address, never the address.

    The counters live in Redis; like the stored IP hashes, they must not reveal who
    visited. The HMAC key is derived from SECRET_KEY and does not rotate (a daily
    rotation, as for the stored hashes, would hand every client a fresh allowance in the
    middle of a window), so a client keeps one key for as long as its limits count.
    """
    secret = hmac.new(
        current_app.config["SECRET_KEY"].encode(), b"rate-limit-key", hashlib.sha256
    ).digest()
    address = request.remote_addr or "127.0.0.1"  # as Flask-Limiter's get_remote_address
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


# If the rate-limit storage (Redis) is down, count in memory instead of failing requests:
# a visitor's form must still go through.
limiter = Limiter(
    key_func=rate_limit_key,
    default_limits=[],
    swallow_errors=True,
    in_memory_fallback_enabled=True,
)
