"""Server-side page views without cookies (``page.view`` events).

After a full public page is answered (see ``madfam.rules.page_views`` for what counts),
the event is written once the response has been sent, in its own app context and
transaction: recording never slows the visitor's page, and a failure is logged, never
shown. The visit is identified only by the day's visitor hash (``visit.visitor_id``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

from madfam.htmx import is_partial
from madfam.rules.page_views import is_bot, referrer_host, utm_of
from madfam.visit import current_visit, tracking_refused

log = logging.getLogger(__name__)
UNTRACKED_BLUEPRINTS = {"admin", "ops", "seo"}


def _counts(response: Response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.mimetype == "text/html"
        and request.blueprint not in UNTRACKED_BLUEPRINTS
        and request.endpoint not in (None, "static")
        and not is_partial()
        and not is_bot(request.headers.get("User-Agent"))
        and not tracking_refused()
    )


def _record(app: Flask, properties: dict, visit) -> None:
    from madfam.extensions import db
    from madfam.services import analytics

    try:
        with app.app_context():
            analytics.record_page_view(properties, visit)
            db.session.commit()
    except Exception:  # noqa: BLE001 - a lost page view must never reach the visitor
        log.exception("page view not recorded")


def record_page_view(response: Response) -> Response:
    if not _counts(response):
        return response
    site_host = urlsplit(current_app.config["SITE_URL"]).hostname or ""
    properties = {
        "path": request.path[:500],
        "referrer_host": referrer_host(request.referrer, site_host),
        "language": g.get("lang") or "es",
        **({"utm": utm} if (utm := utm_of(request.args)) else {}),
    }
    # The stored URL is the path and the referrer only its host: no query string (it
    # may carry personal data) and no referring page.
    visit = replace(current_visit(), url=properties["path"], referrer=properties["referrer_host"])
    app = current_app._get_current_object()
    response.call_on_close(lambda: _record(app, properties, visit))
    return response


def init_app(app: Flask) -> None:
    app.after_request(record_page_view)
