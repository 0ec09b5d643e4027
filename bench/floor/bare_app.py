"""The floor the site is measured against: a bare Flask app on the same gunicorn
settings, with a fixed-string route and a one-row insert + commit on the same
PostgreSQL. Started by ``bench/http.py`` (``gunicorn bare_app:app``, cwd ``bench/floor/``)."""

from __future__ import annotations

import os
import secrets

from flask import Flask
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=False)
rows = Table(
    "bench_floor_rows",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False),
)


@app.get("/fixed")
def fixed():
    return "ok"


@app.post("/insert")
def insert_row():
    with engine.begin() as conn:
        conn.execute(insert(rows).values(email=f"{secrets.token_hex(6)}@example.com"))
    return "stored", 201
