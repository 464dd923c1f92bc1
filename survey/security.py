"""What keeps family pages private and safe: headers, origin check, rate-limit key, logs.

No client address is stored or logged. The rate limiter needs to tell clients (and one
family's form) apart, so it counts under keyed hashes: the key is derived from
``SECRET_KEY``, so that every worker and server names a client alike and their counts
meet in the shared store, while the store itself, which never sees the key, cannot turn a
name back into an address. A name lives only as long as its counter's window.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import re
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


def client_key() -> str:
    """The rate limiter's name for the client: a keyed hash, never the address itself."""
    return _rate_limit_name("client", request.remote_addr or "")


def form_key(nonce: str) -> str:
    """The rate limiter's name for one family's form: a keyed hash of the random nonce of
    its signed progress token, the same on every screen of one questionnaire. It cannot be
    linked to the hash of the nonce kept once the form is sent (another key, another text)."""
    return _rate_limit_name("form", nonce)


def _rate_limit_name(kind: str, value: str) -> str:
    key = _rate_limit_key(current_app.config["SECRET_KEY"])
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:24]


@functools.lru_cache(maxsize=4)
def _rate_limit_key(secret_key: str | bytes) -> bytes:
    """A key of its own for the rate limiter's names, derived from the app's secret key."""
    secret = secret_key if isinstance(secret_key, bytes) else secret_key.encode()
    return hmac.new(secret, b"mitsprache.rate-limit-names", hashlib.sha256).digest()


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Robots-Tag"] = "noindex, nofollow"  # for a crawler that never read robots.txt
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # No page may use camera, microphone or location, unless it says so itself (the
    # recordings page of the questionnaire editor: its own microphone).
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


STAFF_PATHS = ("/staff/", "/reports/")


def keep_staff_pages_private(response: Response) -> Response:
    """Staff pages show names, e-mail addresses and survey figures: never cached."""
    if request.path.startswith(STAFF_PATHS):
        response.headers["Cache-Control"] = "no-store"
    return response


def is_cross_site(req: Request) -> bool:
    """True when a form post comes from another site.

    Browsers send ``Sec-Fetch-Site``; older ones at least ``Origin``. Under
    ``Referrer-Policy: no-referrer`` a same-origin form post carries ``Origin: null``,
    so "null" is not taken as foreign. A client that sends neither header is not a
    browser: the signed form token alone protects the form then.
    """
    site = req.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    origin = req.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc != req.host
    return False


_ADDRESS_AT_START = re.compile(r"^\S+ - - ")


class _DropClientAddress(logging.Filter):
    """Removes the client address from the development server's request log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _ADDRESS_AT_START.sub("- - - ", record.msg)
        return True


def forget_client_addresses() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, _DropClientAddress) for f in logger.filters):
        logger.addFilter(_DropClientAddress())


class NoSessionOnFamilyPages(SecureCookieSessionInterface):
    """Family pages (``/s/…``) get no session at all, so they can never set a cookie;
    staff pages keep Flask's signed-cookie session."""

    def open_session(self, app: Flask, req: Request):
        if req.path.startswith("/s/"):
            return self.make_null_session(app)
        return super().open_session(app, req)
