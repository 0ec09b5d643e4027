"""Rate-limit counters are keyed by a keyed hash of the client address, never the address:
the rate-limit storage (Redis in production) holds no visitor IP."""

from __future__ import annotations

import pytest

from madfam import create_app
from madfam.extensions import db as _db
from madfam.extensions import limiter
from tests.helpers import TEST_REDIS_URL, submit

VISITOR = "203.0.113.77"


def key_for(app, address: str, secret: str | None = None) -> str:
    config = {"SECRET_KEY": secret} if secret else {}
    saved = {name: app.config[name] for name in config}
    app.config.update(config)
    try:
        with app.test_request_context("/es/contact", environ_base={"REMOTE_ADDR": address}):
            return limiter._key_func()
    finally:
        app.config.update(saved)


def test_the_key_function_never_returns_the_client_address(app):
    key = key_for(app, VISITOR)
    assert VISITOR not in key
    assert "203.0.113" not in key
    assert key == key_for(app, VISITOR)  # stable: a window counts the same visitor
    assert key != key_for(app, "203.0.113.78")  # each visitor has their own allowance
    # Keyed: without SECRET_KEY nobody can map addresses to keys.
    assert key != key_for(app, VISITOR, secret="another-secret-key-that-is-long-enough-01")


def _client(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = VISITOR
    return client


@pytest.mark.skipif(bool(TEST_REDIS_URL), reason="the Redis storage has its own test")
def test_rate_limited_requests_store_no_address_in_memory(app, db, instant_form):
    client = _client(app)
    for i in range(6):
        response = submit(client, email=f"person{i}@acme.mx")
    assert response.status_code == 429
    storage = limiter.storage
    keys = [str(k) for k in getattr(storage, "storage", {})] + [
        str(k) for k in getattr(storage, "events", {})
    ]
    assert keys, "the in-memory storage counted nothing"
    assert not [k for k in keys if VISITOR in k]


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs a real Redis: set TEST_REDIS_URL")
def test_rate_limited_requests_store_no_address_in_redis(app, db, instant_form):
    from redis import Redis

    # An app of its own, bound to Redis whatever storage other tests' apps left the
    # shared limiter on; the limiter is put back afterwards.
    saved = dict(limiter.__dict__)
    redis_app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "ENCRYPTION_KEYS": app.config["ENCRYPTION_KEYS"],
            "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
            "CONTACT_MIN_FILL_SECONDS": 0,
            "SERVER_NAME": None,
        }
    )
    try:
        client = _client(redis_app)
        for i in range(6):
            response = submit(client, email=f"person{i}@acme.mx")
        assert response.status_code == 429
    finally:
        with redis_app.app_context():
            _db.session.remove()
            _db.engine.dispose()
        limiter.__dict__.update(saved)
    redis = Redis.from_url(TEST_REDIS_URL)
    keys = [key.decode() for key in redis.scan_iter(count=1000)]
    limit_keys = [key for key in keys if key.startswith("LIMITS")]
    assert limit_keys, f"no rate-limit counter in Redis: {keys}"
    assert not [key for key in keys if VISITOR in key]
    # Nor any stored value that is a plain string.
    for key in keys:
        if redis.type(key) == b"string":
            assert VISITOR.encode() not in (redis.get(key) or b"")
