"""What search engines fetch first: the crawl rules and the list of public pages."""

from __future__ import annotations

from flask import Response

from madfam import seo
from madfam.blueprints.seo import bp

MAX_AGE = 3600  # seconds crawlers and caches may keep either file


@bp.get("/robots.txt")
def robots():
    response = Response(seo.robots_txt(), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


@bp.get("/sitemap.xml")
def sitemap():
    response = Response(seo.sitemap_xml(), mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response
