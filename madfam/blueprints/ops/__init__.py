"""Operational endpoints: health check."""

from flask import Blueprint, current_app, jsonify

from madfam.extensions import csrf
from madfam.services.health import dependency_checks

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
@csrf.exempt
def healthz():
    """200 when every configured dependency answers, 503 naming those that do not."""
    checks = dependency_checks(current_app.config.get("REDIS_URL"))
    failing = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "ok" if not failing else "unavailable", "checks": checks}
    if failing:
        body["failing"] = failing
    return jsonify(body), 503 if failing else 200


@bp.get("/favicon.ico")
def favicon():
    from flask import redirect, url_for

    return redirect(url_for("static", filename="img/logo.svg"), 301)
