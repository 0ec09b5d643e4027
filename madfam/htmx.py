"""htmx helpers: one place decides whether a request wants a fragment."""

from __future__ import annotations

from flask import Response, render_template, request


def is_partial() -> bool:
    """True for an htmx request that swaps a fragment (not boosted, not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, partial: str, status: int = 200, /, **context) -> tuple[str, int]:
    """Render ``partial`` for htmx requests and the full ``page`` (which includes it) otherwise.

    ``status`` is positional-only, so a template variable named ``status`` stays a
    template variable instead of becoming the HTTP status.
    """
    return render_template(partial if is_partial() else page, **context), status


def add_vary_header(response: Response) -> Response:
    """Caches must key responses on HX-Request, since one URL serves page and fragment."""
    response.vary.add("HX-Request")
    return response
