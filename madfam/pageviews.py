"""Server-side page views without cookies (``page.view`` events).

After a full public page is answered (see ``madfam.rules.page_views`` for what counts),
the event is written after the response, in its own app context and transaction:
recording never slows the visitor's page, and a failure is logged, never shown. In
production the views of each process are gathered and written every half second in one
insert (:class:`Batch`); a view then appears in the dashboard that much later, and a
process killed outright loses at most that half second of views. The visit is identified
only by the day's visitor hash (``visit.visitor_id``).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
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


def _record(app: Flask, views: list) -> None:
    from madfam.extensions import db
    from madfam.services import analytics

    try:
        with app.app_context():
            analytics.record_page_views(views)
            db.session.commit()
    except Exception:  # noqa: BLE001 - a lost page view must never reach the visitor
        log.exception("page view not recorded (%d in the batch)", len(views))


class Batch:
    """Page views of this process, written together every ``seconds`` by a thread of
    its own (one query and one multi-row insert for all of them), and at exit."""

    def __init__(self, app: Flask, seconds: float) -> None:
        self.app = app
        self.seconds = seconds
        self.views: list = []
        self.lock = threading.Lock()
        self.pid: int | None = None  # the process whose thread writes (gunicorn forks)

    def add(self, view: tuple) -> None:
        with self.lock:
            self.views.append(view)
            if self.pid != os.getpid():
                self.pid = os.getpid()
                threading.Thread(target=self._run, name="page-views", daemon=True).start()
                atexit.register(self.flush)

    def flush(self) -> None:
        with self.lock:
            views, self.views = self.views, []
        if views:
            _record(self.app, views)

    def _run(self) -> None:
        while True:
            time.sleep(self.seconds)
            self.flush()


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
    view = (properties, visit, datetime.now(UTC))
    batch = current_app.extensions.get("page_view_batch")
    if batch is not None:
        batch.add(view)
    else:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _record(app, [view]))
    return response


def init_app(app: Flask) -> None:
    """``PAGE_VIEW_BATCH_SECONDS`` > 0 writes the views in batches (see :class:`Batch`);
    0 writes each once its response has been sent."""
    seconds = float(app.config.get("PAGE_VIEW_BATCH_SECONDS") or 0)
    if seconds > 0:
        app.extensions["page_view_batch"] = Batch(app, seconds)
    app.after_request(record_page_view)
