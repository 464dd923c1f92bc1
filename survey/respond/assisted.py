"""Assisted answering: staff or district mothers help a family fill in the form.

A logged-in staff member opens a location's link with a signed ``assist`` parameter
(made here, valid for ASSISTED_LINK_HOURS). The family pages stay cookie-free: the flag
travels in the link and then in the signed progress token, and the stored response
carries only ``assisted = true`` — nothing about who helped.
"""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="mitsprache.assisted")


def assisted_link(location_code: str) -> str:
    """The family link of a location, in assisted mode."""
    token = _serializer().dumps(location_code.upper())
    return url_for("respond.choose_language", code=location_code, assist=token, _external=True)


def is_assisted(location_code: str, token: str | None) -> bool:
    """Whether ``token`` is a valid, recent assisted-mode token for this location."""
    if not token:
        return False
    try:
        code = _serializer().loads(token, max_age=current_app.config["ASSISTED_LINK_HOURS"] * 3600)
    except BadSignature:
        return False
    return code == location_code.upper()
