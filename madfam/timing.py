"""``Server-Timing`` headers while ``PERFORMANCE_MONITORING`` is on.

Each response then says how long its database queries (``db``), its template
rendering (``tpl``) and the whole request (``total``) took, in milliseconds, so the
browser's developer tools and real-user monitoring can show where time went. The
measurements are cheap and always taken; only the header depends on the flag.
"""

from __future__ import annotations

import time

from flask import Flask, before_render_template, g, has_app_context, template_rendered
from sqlalchemy import event
from sqlalchemy.engine import Engine

from madfam.flags import is_enabled

FLAG = "PERFORMANCE_MONITORING"
_listening = False


def _start() -> None:
    g._timing = {"start": time.perf_counter(), "db": 0.0, "tpl": 0.0}


def _add(kind: str, seconds: float) -> None:
    if has_app_context() and (timing := g.get("_timing")) is not None:
        timing[kind] += seconds


def _before_query(conn, cursor, statement, parameters, context, executemany) -> None:
    conn.info.setdefault("_query_started", []).append(time.perf_counter())


def _after_query(conn, cursor, statement, parameters, context, executemany) -> None:
    started = conn.info.get("_query_started")
    if started:
        _add("db", time.perf_counter() - started.pop())


def _before_render(sender, template, context, **extra) -> None:
    if has_app_context() and g.get("_timing") is not None:
        g.setdefault("_template_started", []).append(time.perf_counter())


def _rendered(sender, template, context, **extra) -> None:
    started = g.get("_template_started") if has_app_context() else None
    if started:
        _add("tpl", time.perf_counter() - started.pop())


def server_timing(timing: dict[str, float]) -> str:
    total = time.perf_counter() - timing["start"]
    return ", ".join(
        (
            f'db;dur={timing["db"] * 1000:.2f};desc="Database"',
            f'tpl;dur={timing["tpl"] * 1000:.2f};desc="Templates"',
            f'total;dur={total * 1000:.2f};desc="Total"',
        )
    )


def _add_header(response):
    timing = g.get("_timing")
    if timing is not None and is_enabled(FLAG):
        response.headers["Server-Timing"] = server_timing(timing)
    return response


def init_app(app: Flask) -> None:
    global _listening
    if not _listening:
        event.listen(Engine, "before_cursor_execute", _before_query)
        event.listen(Engine, "after_cursor_execute", _after_query)
        before_render_template.connect(_before_render)
        template_rendered.connect(_rendered)
        _listening = True
    app.before_request(_start)
    app.after_request(_add_header)
