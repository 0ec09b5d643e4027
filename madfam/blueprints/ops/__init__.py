"""Operational endpoints: health check, webhooks from integrations."""

from flask import Blueprint, current_app, jsonify, request

from madfam.extensions import csrf, limiter
from madfam.services import inbound
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


@bp.post("/hooks/<name>")
@csrf.exempt  # signed: Standard Webhooks headers with the integration's secret
@limiter.limit("120/minute")
def inbound_webhook(name: str):
    """An integration's event: 200 applied, 202 unknown (stored), 4xx refused (nothing
    changed); see madfam.services.inbound."""
    body = request.get_data(cache=False)
    try:
        accepted = inbound.receive(name, dict(request.headers), body)
    except inbound.Refused as exc:
        return jsonify({"error": exc.reason}), exc.status
    return jsonify({"accepted": accepted.event, "lead_id": accepted.lead_id}), accepted.status
