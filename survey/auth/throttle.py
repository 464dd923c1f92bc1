"""Slowing password guessing at the staff login.

What is counted: every *failed* login (wrong password, unknown or disabled account), in
the app's rate-limit storage (the limiter of :mod:`survey.ratelimit`: this process's
memory, or a store such as Redis named by ``RATELIMIT_STORAGE_URI``, which all workers
share and which outlives a restart). A correct password is never counted, nor is an
attempt refused because of a pause. Each failure counts under two names:

- **the account** (``LOGIN_ATTEMPTS_PER_ACCOUNT``): failures against one e-mail address
  from anywhere. This bounds guessing one password from many addresses. Past the limit
  the account pauses for every client until the window ends, even with the right
  password (otherwise the pause would tell a guesser which password is right).
- **the client and the account together** (``LOGIN_ATTEMPTS_PER_CLIENT``): failures from
  one client (the address under its keyed hash, :func:`survey.security.client_key`)
  against that one account. Past it, that client pauses for that account only. Set lower
  than the per-account limit, it lets one address use up its guesses without pausing the
  account for the colleague logging in elsewhere.

Why no limit per client alone: many staff share one address (a family centre's Wi-Fi, a
district office's proxy), and one person's typos or one guesser there would lock every
colleague out, right password included. So a pause never refuses the right password of
another account. The price is that a client trying a password or two on many accounts is
held back only by each account's own limit (and by the cost of Argon2id).

A configured "10 per 15 minutes" means 10: ten failed attempts are answered "not right",
the eleventh is refused before its password is checked (``test`` says no once the count
has reached the limit). The check and the count are two steps, so attempts running at the
very same moment may each pass the check before any of them is counted.

Names are keyed hashes (the app's secret key) of the client and the e-mail address as
typed: neither an address nor anything typed into the login form lies in the store.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from limits import parse

from survey.security import client_key

NAMESPACE = "login"


def _limiter():
    return current_app.extensions["rate_limit"].limiter


def _account_key(email: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    return hmac.new(secret, b"login account:" + email.encode(), hashlib.sha256).hexdigest()[:32]


def _keys(email: str) -> list[tuple[str, str]]:
    """(limit, name) of every counter a failed login for ``email`` adds to."""
    config, account = current_app.config, _account_key(email)
    return [
        (config["LOGIN_ATTEMPTS_PER_ACCOUNT"], f"account:{account}"),
        (config["LOGIN_ATTEMPTS_PER_CLIENT"], f"client:{client_key()}:account:{account}"),
    ]


def login_blocked(email: str) -> bool:
    """True when ``email`` (normalised) may not try a password now, from this client."""
    limiter = _limiter()
    return any(not limiter.test(parse(limit), NAMESPACE, key) for limit, key in _keys(email))


def count_failed_login(email: str) -> None:
    limiter = _limiter()
    for limit, key in _keys(email):
        limiter.hit(parse(limit), NAMESPACE, key)
