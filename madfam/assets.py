"""Static files under content-hashed URLs, and compressed responses.

``url_for("static", filename="css/site.css")`` builds ``/static/css/site.<hash>.css``,
where ``<hash>`` is taken from the file's bytes (hashed once per version of the file and
process). The static view serves such a URL with ``Cache-Control: public,
max-age=31536000, immutable``: a browser or CDN keeps it for a year, and a deploy that
changes the file changes its URL, so no page ever gets a stale copy. The plain URL
still works, with a short cache.

Files are served from memory (they are small and already read for the hash) rather than
streamed, so Flask-Compress compresses them like any other response; streamed responses
(the CSV export) are left alone and keep streaming.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

from madfam.extensions import compress

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
HASH_LENGTH = 12
_HASHED_NAME = re.compile(
    rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{HASH_LENGTH}}})(?P<ext>\.[^./]+)?$"
)

# Flask-Compress: Brotli where the client accepts it, gzip otherwise. Only text formats
# (already-compressed images, fonts and archives gain nothing), only responses of 500
# bytes or more, and never a streamed response (it would be held back to compress it).
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
    ],
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_STREAMS": False,
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_LEVEL": 6,
}


@dataclass(frozen=True)
class Asset:
    data: bytes
    digest: str
    mimetype: str
    version: tuple[int, int]  # (mtime_ns, size): a changed file is read again


_assets: dict[str, Asset] = {}


def load_asset(path: str) -> Asset | None:
    """The file at ``path`` with its content hash; read once per version of the file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    version = (stat.st_mtime_ns, stat.st_size)
    asset = _assets.get(path)
    if asset is None or asset.version != version:
        with open(path, "rb") as handle:
            data = handle.read()
        if path.endswith(".css"):
            data = _hash_css_urls(path, data)
        digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        asset = _assets[path] = Asset(data, digest, mimetype, version)
    return asset


_CSS_URL = re.compile(rb"""url\((["']?)(?P<url>[^)"':]+?)\1\)""")


def _hashed_name(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or "/" in ext:
        return f"{name}.{digest}"
    return f"{stem}.{digest}.{ext}"


def _hash_css_urls(path: str, data: bytes) -> bytes:
    """Relative ``url(…)``s in a stylesheet point at the hashed names of their files, so
    the font a page preloads is the very URL its stylesheet asks for (and is immutable)."""

    def rewrite(match: re.Match) -> bytes:
        url = match["url"].decode()
        target = load_asset(os.path.normpath(os.path.join(os.path.dirname(path), url)))
        if target is None:
            return match[0]
        return b'url("' + _hashed_name(url, target.digest).encode() + b'")'

    return _CSS_URL.sub(rewrite, data)


def _static_path(filename: str) -> str | None:
    path = safe_join(current_app.static_folder, filename)
    return path if path and os.path.isfile(path) else None


def hashed_filename(filename: str) -> str:
    """``css/site.css`` → ``css/site.<hash>.css`` (unchanged if there is no such file)."""
    path = _static_path(filename)
    asset = load_asset(path) if path else None
    if asset is None:
        return filename
    return _hashed_name(filename, asset.digest)


def hash_static_urls(endpoint: str, values: dict) -> None:
    """URL defaults hook: every ``url_for("static", filename=…)`` gets the hashed name."""
    if endpoint == "static" and "filename" in values:
        values["filename"] = hashed_filename(values["filename"])


def _resolve(filename: str) -> tuple[Asset, bool]:
    """The file a static URL names, and whether the URL carries its current hash."""
    path = _static_path(filename)
    if path:
        return load_asset(path) or abort(404), False
    match = _HASHED_NAME.match(filename)
    path = _static_path(match["stem"] + (match["ext"] or "")) if match else None
    asset = load_asset(path) if path else None
    if asset is None:
        abort(404)
    # A hash from an earlier deploy still gets the file, but only for a short while.
    return asset, asset.digest == match["digest"]


def serve_static(filename: str) -> Response:
    asset, current = _resolve(filename)
    response = Response(asset.data, mimetype=asset.mimetype)
    response.set_etag(asset.digest)
    response.headers["Cache-Control"] = IMMUTABLE if current else SHORT_CACHE
    return response.make_conditional(request)


def init_assets(app: Flask) -> None:
    """Compression for every response, and hashed URLs for the app's static files."""
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    app.view_functions["static"] = serve_static
    app.url_defaults(hash_static_urls)
