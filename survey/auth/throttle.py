"""Slowing password guessing: failed logins are counted per account and per client
(the client under its keyed hash, never its address); past the limit, logins are refused
until the window ends, even with the right password."""

from __future__ import annotations

from flask import current_app
from limits import parse

from survey.security import client_key


def _limiter():
    return current_app.extensions["rate_limit"].limiter


def _keys(email: str) -> list[tuple[str, str]]:
    config = current_app.config
    return [(config["LOGIN_ATTEMPTS_PER_ACCOUNT"], f"account:{email}"),
            (config["LOGIN_ATTEMPTS_PER_CLIENT"], f"client:{client_key()}")]


def login_blocked(email: str) -> bool:
    limiter = _limiter()
    return any(not limiter.test(parse(limit), "login", key) for limit, key in _keys(email))


def count_failed_login(email: str) -> None:
    limiter = _limiter()
    for limit, key in _keys(email):
        limiter.hit(parse(limit), "login", key)
