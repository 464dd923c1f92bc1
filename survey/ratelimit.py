"""Slowing a flood on the family pages without stopping a family centre full of families.

A family centre's Wi-Fi is one client address for every phone in it, so the address
alone cannot tell one family from thirty. Each family-page request is counted, in a fixed
window (``limits``), by what it carries:

- a post with a genuine progress token counts for **its form**: the key is a keyed hash
  of the token's random nonce, which stays the same on every screen of one questionnaire
  and is new for the next family (``RATELIMIT_FAMILY_SCREENS``);
- the first question page, which issues a new token, and a post whose token is missing,
  forged or damaged count as **starting a form**, for the client address
  (``RATELIMIT_NEW_FORMS``) — so sending garbage tokens does not get past that ceiling;
- every request that gets this far also counts for the client address under a ceiling
  far above a busy centre (``RATELIMIT_FAMILY_PAGES``), which holds a client that
  collected many forms.

Names are keyed hashes (:func:`survey.security.client_key`, :func:`~survey.security.form_key`):
no address and no token is kept, and a counter disappears when its window ends. Counters
live in ``RATELIMIT_STORAGE_URI``: this process's memory (``memory://``) or a store that
every worker and server shares (``redis://…``). When that store cannot be reached, family
pages are served uncounted and the failure is logged: families never see a 500 for it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask, abort, current_app, request
from limits import RateLimitItem, parse_many, storage, strategies
from limits.errors import StorageError

from survey.security import client_key, form_key

log = logging.getLogger(__name__)

# Redis answers in well under a millisecond; one that hangs must not hang the family pages.
_REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://")
_REDIS_TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


@dataclass(frozen=True)
class RateLimits:
    limiter: strategies.FixedWindowRateLimiter
    family_screens: list[RateLimitItem]
    new_forms: list[RateLimitItem]
    family_pages: list[RateLimitItem]


def init_rate_limit(app: Flask) -> None:
    config = app.config
    uri = config["RATELIMIT_STORAGE_URI"]
    options = dict(_REDIS_TIMEOUTS) if uri.startswith(_REDIS_SCHEMES) else {}
    store = storage.storage_from_string(uri, wrap_exceptions=True, **options)
    app.extensions["rate_limit"] = RateLimits(
        strategies.FixedWindowRateLimiter(store),
        family_screens=parse_many(config["RATELIMIT_FAMILY_SCREENS"]),
        new_forms=parse_many(config["RATELIMIT_NEW_FORMS"]),
        family_pages=parse_many(config["RATELIMIT_FAMILY_PAGES"]),
    )


def check_rate_limit() -> None:
    """Answer 429 when this form, or this client, has used up its requests for the window."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    limits: RateLimits = current_app.extensions["rate_limit"]
    nonce = _form_nonce()
    if nonce is not None:
        first = (limits.family_screens, "form", form_key(nonce))
    elif request.method == "POST" or request.endpoint == "respond.start":
        first = (limits.new_forms, "new-form", client_key())
    else:
        first = None
    try:
        # A request turned away by its form's count does not use up the address's share.
        if first is not None and not _hit(limits.limiter, *first):
            abort(429)
        if not _hit(limits.limiter, limits.family_pages, "family", client_key()):
            abort(429)
    except StorageError as error:
        _report_unreachable_store(error)


def _hit(limiter: strategies.RateLimiter, items: list[RateLimitItem], scope: str, key: str) -> bool:
    return all([limiter.hit(item, scope, key) for item in items])


def _form_nonce() -> str | None:
    """The nonce of a genuine progress token sent with this request (also of one whose page
    was open too long: it is still this family's form), else None."""
    if request.method != "POST":
        return None
    token = request.form.get("progress", "")
    if not token:
        return None
    from survey.dates import today
    from survey.respond.progress import ProgressExpired, ProgressInvalid
    from survey.respond.rendering import signer

    try:
        return signer().load(token, today()).nonce
    except ProgressExpired as expired:
        return expired.progress.nonce
    except ProgressInvalid:
        return None


_last_report = 0.0


def _report_unreachable_store(error: StorageError) -> None:
    """Logged at most once a minute per process, with the store's error only."""
    global _last_report
    now = time.monotonic()
    if now - _last_report >= 60:
        _last_report = now
        log.error("rate-limit store unreachable, family pages are served uncounted: %r", error.storage_error)


def reset_rate_limit(app: Flask) -> None:
    app.extensions["rate_limit"].limiter.storage.reset()
