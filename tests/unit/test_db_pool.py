"""A pooled connection that died while idle is replaced before a request uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from madfam import db_pool


@pytest.fixture
def engine(tmp_path):
    db_pool.ping_idle_connections()
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}", pool_size=1)
    yield engine
    engine.dispose()


def _kill_pooled_connection(engine):
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
    raw.close()  # as a database restart would leave it


def test_a_connection_dead_after_idle_is_replaced(engine, monkeypatch):
    _kill_pooled_connection(engine)
    monkeypatch.setattr(db_pool, "IDLE_SECONDS", 0.0)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 2")).scalar() == 2


def test_a_connection_just_given_back_is_used_without_a_ping(engine, monkeypatch):
    _kill_pooled_connection(engine)
    monkeypatch.setattr(db_pool, "IDLE_SECONDS", 3600.0)
    with pytest.raises(Exception, match="closed"), engine.connect() as conn:
        conn.execute(text("SELECT 2"))
