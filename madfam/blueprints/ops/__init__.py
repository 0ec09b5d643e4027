"""Operational endpoints: health check."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from madfam.extensions import csrf, db

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@csrf.exempt
def healthz():
    """200 when every configured dependency answers, 503 naming those that do not."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        db.session.rollback()
        checks["database"] = f"error: {type(exc).__name__}"
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        try:
            from redis import Redis

            Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    failing = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "ok" if not failing else "unavailable", "checks": checks}
    if failing:
        body["failing"] = failing
    return jsonify(body), 503 if failing else 200


@bp.get("/favicon.ico")
def favicon():
    from flask import redirect, url_for

    return redirect(url_for("static", filename="favicon.svg"), 301)
