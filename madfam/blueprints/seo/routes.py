"""What search engines fetch first: the crawl rules and the list of public pages."""

from __future__ import annotations

from flask import Response

from madfam import seo
from madfam.blueprints.seo import bp

MAX_AGE = 3600  # seconds crawlers and caches may keep either file


def _cacheable(body: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


@bp.get("/robots.txt")
def robots():
    return _cacheable(seo.robots_txt(), "text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    return _cacheable(seo.sitemap_xml(), "application/xml")
