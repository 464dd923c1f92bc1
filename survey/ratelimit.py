"""Slowing a flood from one client on the family pages.

Counts requests per client in a fixed window with the ``limits`` library. The client is
named by :func:`survey.security.client_key`, a keyed hash: no address is kept. Counters
live in this process's memory (``RATELIMIT_STORAGE_URI`` = ``memory://``) unless a
shared store is configured for several processes.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, current_app
from limits import RateLimitItem, parse, storage, strategies

from survey.security import client_key


@dataclass(frozen=True)
class _Limit:
    limiter: strategies.FixedWindowRateLimiter
    item: RateLimitItem


def init_rate_limit(app: Flask) -> None:
    store = storage.storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions["rate_limit"] = _Limit(
        strategies.FixedWindowRateLimiter(store), parse(app.config["RATELIMIT_FAMILY_PAGES"])
    )


def check_rate_limit() -> None:
    """Answer 429 when this client has used up its requests for the window."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    limit: _Limit = current_app.extensions["rate_limit"]
    if not limit.limiter.hit(limit.item, "family", client_key()):
        abort(429)


def reset_rate_limit(app: Flask) -> None:
    app.extensions["rate_limit"].limiter.storage.reset()
