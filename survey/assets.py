"""The family pages' static files under content-hashed names, cached for a year.

``/assets/style.3f2a1b9c0d4e.css``: the name changes whenever the file does, so a phone
may keep each file for a year without asking again (``immutable``) and still never use
an old one. The files are read once when the app starts (they change only with a
deployment), served without their comments (block comments, and whole lines of ``//``
comments in scripts: what a phone would download only for people reading the source),
and kept gzip-compressed too: they hold nothing secret.

HTML is compressed as well, but only on the family pages (:func:`compress_family_pages`).
BREACH can read a secret out of compressed HTTPS responses when an attacker can make the
victim's browser send many requests whose responses reflect text of the attacker's
choosing beside the secret, and can watch their sizes. On the family pages there is no
such pair: the secret is the signed answers of one family, and a form sent from another
site is refused before anything is rendered (Sec-Fetch-Site / Origin), so no other site
can put text of its choosing beside them; a link can reflect only what the family's own
link already carries (a code, the kiosk flag) into a page whose token is fresh and holds
no answers. Staff pages carry CSRF tokens, a session and staff data, and reflect what
staff type: they stay uncompressed.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, current_app, request, url_for

FAMILY_ASSETS = ("style.css", "results.css", "family.js")
YEAR = 365 * 24 * 60 * 60
COMPRESSIBLE = ("text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml")
SMALLEST_TO_COMPRESS = 600  # below this, gzip's own header and footer eat the gain
FAMILY_PATHS = ("/s/", "/assets/", "/robots.txt")


@dataclass(frozen=True)
class Asset:
    name: str  # the hashed name, e.g. style.3f2a1b9c0d4e.css
    mimetype: str
    body: bytes
    gzipped: bytes


def register_assets(app: Flask) -> None:
    assert app.static_folder is not None
    folder = Path(app.static_folder)
    by_file: dict[str, Asset] = {}
    for filename in FAMILY_ASSETS:
        body = without_comments((folder / filename).read_text(encoding="utf-8")).encode()
        digest = hashlib.sha256(body).hexdigest()[:12]
        stem, dot, extension = filename.rpartition(".")
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        by_file[filename] = Asset(f"{stem}.{digest}{dot}{extension}", mimetype, body, gzip.compress(body, 9))
    app.extensions["assets"] = {"by_file": by_file, "by_name": {a.name: a for a in by_file.values()}}
    app.add_url_rule("/assets/<name>", "asset", serve_asset)
    app.jinja_env.globals["asset_url"] = asset_url
    app.after_request(compress_family_pages)


def without_comments(source: str) -> str:
    """The style sheet or script without ``/* … */`` comments and lines that hold only a
    ``//`` comment (neither appears inside a string or pattern of the family files; the
    browser tests run the files as served)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"^[ \t]*//[^\n]*\n", "", source, flags=re.M)
    return re.sub(r"[ \t]+$", "", source, flags=re.M)


def asset_url(filename: str) -> str:
    """The URL of a family page's static file under its content-hashed name."""
    return url_for("asset", name=current_app.extensions["assets"]["by_file"][filename].name)


def serve_asset(name: str) -> Response:
    asset = current_app.extensions["assets"]["by_name"].get(name)
    if asset is None:
        abort(404)
    gzipped = _accepts_gzip()
    response = Response(asset.gzipped if gzipped else asset.body, mimetype=asset.mimetype)
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def compress_family_pages(response: Response) -> Response:
    """gzip the family pages' HTML when the phone accepts it (see the module's note)."""
    if (
        not request.path.startswith(FAMILY_PATHS)
        or response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
    ):
        return response
    response.vary.add("Accept-Encoding")
    if not _accepts_gzip():
        return response
    body = response.get_data()
    if len(body) < SMALLEST_TO_COMPRESS:
        return response
    response.set_data(gzip.compress(body, 6))
    response.headers["Content-Encoding"] = "gzip"
    return response


def _accepts_gzip() -> bool:
    return request.accept_encodings.quality("gzip") > 0
