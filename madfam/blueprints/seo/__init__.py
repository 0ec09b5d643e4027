"""robots.txt and sitemap.xml, at the root of the site (no language prefix)."""

from flask import Blueprint

bp = Blueprint("seo", __name__)

from madfam.blueprints.seo import routes  # noqa: E402, F401
