"""Public pages rendered once per language and kept in the process.

The landing, service, about, legal, contact and calculator pages depend only on their URL (the
language is its prefix; a calculator's results are its query string), the release and
the visitor's side of the feature flags that change public pages. Such a page is
rendered once and served from this process's memory for ``PAGE_CACHE_SECONDS``:

- the key is the path with its query string, page or htmx fragment (and the
  calculator's touched fields), the language and the state of every flag that changes
  a public page *for this visitor* (a percentage rollout keeps each visitor's side);
- the CSRF token and the contact form's stamp are not part of what is kept: they are
  cut out when the page is stored and the visitor's own (``generate_csrf`` and the
  stamp's issuer, which also put their keys in the session) are put in their place
  when the page is served, so every form on it still posts (:func:`per_visitor`);
- only ``GET`` of the endpoints below, answered 200 as HTML, is kept; a visitor with a
  flashed message waiting or a signed-in staff member is never served from it, and no
  admin page, nor an answered form, is ever in it (they depend on the session);
- a view whose page shows a few of the visitor's own values (an assessment step and the
  answer chosen) keeps it under those values with :func:`rendered`, after its own
  checks and reads;
- everything that runs after a view still runs: the ``page.view`` event, security and
  Vary headers, compression, the session cookie.

A deploy starts new processes, so a release never serves the last one's pages; prices
and company settings come from the release's data files and environment.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from madfam.flags import is_enabled
from madfam.htmx import is_partial

# Endpoints whose GET page is kept → session keys whose presence makes the page that
# visitor's own (rendered afresh then). Blueprints add theirs with keep_endpoint().
CACHED_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "public.index": (),
    "public.service": (),
    "public.about": (),
    "public.privacy_notice": (),
    "public.terms": (),
    "public.contact": (),
    "calculator.index": (),
    "calculator.roi_page": (),
    "calculator.estimate_page": (),
}
# Flags whose state changes what a public page shows (base.html and the calculators).
PAGE_FLAGS = ("A11Y_IMPROVEMENTS", "CHAT_SUPPORT", "INTERACTIVE_CALCULATOR")
TOUCHED_HEADER = "X-Calc-Touched"  # the calculators' fields the visitor has touched
MAX_PAGES = 512
MAX_QUERY = 512
SLOT = "\x00fresh-{}\x00"
KEPT_HEADERS = ("Content-Type", "Vary")


class PageCache:
    """A small LRU of rendered pages with an age limit; safe across threads."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        self.size = size
        self._pages: OrderedDict[tuple, tuple[float, str, list, list]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, seconds: float) -> tuple[str, list, list] | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            stored_at, *page = found
            if time.monotonic() - stored_at > seconds:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return tuple(page)

    def put(self, key: tuple, body: str, headers: list, renewals: list) -> None:
        with self._lock:
            self._pages[key] = (time.monotonic(), body, headers, renewals)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def keep_endpoint(endpoint: str, unless_session_has: tuple[str, ...] = ()) -> None:
    """Keep ``endpoint``'s page, except for a visitor whose session holds one of the keys."""
    CACHED_ENDPOINTS[endpoint] = unless_session_has


def per_visitor(value: str, renew: Callable[[], str]) -> str:
    """Mark ``value``, put on this page, as the visitor's own (a form stamp): a kept copy
    of the page gets a new one from ``renew`` for each visitor it is served to."""
    g.setdefault("page_cache_renewals", []).append((value, renew))
    return value


def _seconds() -> float:
    return float(current_app.config.get("PAGE_CACHE_SECONDS") or 0)


def _cache() -> PageCache:
    return current_app.extensions["page_cache"]


def _visitor_state() -> tuple | None:
    """What of the visitor changes a kept page (language, flags), or ``None`` when the
    visitor must get a page rendered afresh (a flashed message, a signed-in member)."""
    if "_flashes" in session or "_user_id" in session:
        return None
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return None
    return (g.get("lang"), tuple(is_enabled(name) for name in PAGE_FLAGS))


def _key() -> tuple | None:
    """The page's key, or ``None`` when this request must be rendered afresh."""
    if request.method != "GET" or request.endpoint not in CACHED_ENDPOINTS:
        return None
    if any(name in session for name in CACHED_ENDPOINTS[request.endpoint]):
        return None
    if len(request.query_string) > MAX_QUERY:
        return None
    state = _visitor_state()
    if state is None:
        return None
    touched = request.headers.get(TOUCHED_HEADER) if is_partial() else None
    return (request.path, request.query_string, is_partial(), touched, *state)


def rendered(values: tuple, render: Callable[[], str]) -> str:
    """A view's page that shows the visitor's own ``values`` (an assessment step and the
    answer chosen): rendered once per request path, endpoint, ``values``, page or
    fragment, language and flags, and kept like the public pages, with the CSRF token
    and stamps put in per visitor. ``render`` is called when it is not kept."""
    seconds = _seconds()
    state = _visitor_state() if seconds > 0 else None
    if state is None:
        return render()
    key = ("view", request.method, request.path, request.endpoint, values, is_partial(), *state)
    found = _cache().get(key, seconds)
    if found is not None:
        body, _headers, renewals = found
        return _fill(body, renewals)
    body = render()
    kept, slots = _cut(body)
    _cache().put(key, kept, [], slots)
    return body


def _fill(body: str, renewals: list) -> str:
    for slot, renew in renewals:
        body = body.replace(slot, renew())
    return body


def _cut(body: str) -> tuple[str, list]:
    """The page with the visitor's own values (CSRF token, stamps) cut out → slots."""
    renewals = list(g.get("page_cache_renewals", ()))
    if token := g.get("csrf_token"):  # Flask-WTF keeps the token it put on the page here
        renewals.append((token, generate_csrf))
    slots = []
    for n, (value, renew) in enumerate(renewals):
        slot = SLOT.format(n)
        body = body.replace(value, slot)
        slots.append((slot, renew))
    return body, slots


def serve_cached() -> Response | None:
    """``before_request``: answer from the cache when the page is there."""
    seconds = _seconds()
    key = _key() if seconds > 0 else None
    if key is None:
        return None
    g.page_cache_key = key
    found = _cache().get(key, seconds)
    if found is None:
        return None
    body, headers, renewals = found
    g.page_cache_hit = True
    return Response(_fill(body, renewals), 200, headers)


def keep_page(response: Response) -> Response:
    """``after_request`` (first to run): keep a freshly rendered page."""
    key = g.get("page_cache_key")
    if key is None or g.get("page_cache_hit") or response.status_code != 200:
        return response
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    body, slots = _cut(response.get_data(as_text=True))
    headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    _cache().put(key, body, headers, slots)
    return response


def init_app(app: Flask) -> None:
    """Registered last: its before_request runs after the host, language, visit and
    flag hooks; its after_request runs before every other one. ``PAGE_CACHE_SECONDS``
    is read per request (0: every page is rendered)."""
    app.extensions["page_cache"] = PageCache()
    app.before_request(serve_cached)
    app.after_request(keep_page)
