"""Configuration: safe defaults for the embedded SQLite set-up.

Every key can be set from the environment with the ``MITSPRACHE_`` prefix, e.g.
``MITSPRACHE_DATABASE_URL`` or ``MITSPRACHE_SECRET_KEY`` (values are read as JSON
where they parse, so ``MITSPRACHE_PRODUCTION=true`` is a boolean).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

DEFAULTS = {
    # Refuse to start without a real SECRET_KEY, and mark cookies Secure.
    "PRODUCTION": False,
    # None: a random key kept in the instance folder (shared by all local workers).
    "SECRET_KEY": None,
    # None: SQLite in the instance folder.
    "DATABASE_URL": None,
    # Languages the app's own texts are translated into; the first is the default.
    "LANGUAGES": ["de", "tr", "ar", "uk", "ru", "fa", "en", "bg", "ro", "vi"],
    # Dates (submission, wave opening) are those of this time zone.
    "TIMEZONE": "Europe/Berlin",
    # A page of the questionnaire must be sent back within this many seconds...
    "ANSWER_TOKEN_MAX_AGE": 6 * 3600,
    # ...and a whole questionnaire finished within this many days of starting.
    "ANSWER_MAX_DAYS": 7,
    # How long a process keeps what a family link leads to (location, waves, questionnaire).
    # A change by staff reaches the family pages after at most this many seconds.
    "FAMILY_LINK_CACHE_SECONDS": 10,
    # Requests per client to the family pages, counted in this process's memory only.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_FAMILY_PAGES": "120 per minute",
    "RATELIMIT_STORAGE_URI": "memory://",
    # How long a staff member's assisted-mode link works.
    "ASSISTED_LINK_HOURS": 12,
    # Failed staff logins allowed per account and per client before logins pause.
    "LOGIN_ATTEMPTS_PER_ACCOUNT": "10 per 15 minutes",
    "LOGIN_ATTEMPTS_PER_CLIENT": "30 per 15 minutes",
    # Reverse proxies in front of the app (e.g. 1 for nginx): their forwarded client
    # address is then what the rate limit counts by; with 0, every family behind a proxy
    # would share the proxy's address and its limit.
    "TRUSTED_PROXIES": 0,
    # The largest request body accepted (a questionnaire file is at most 200 KB); larger
    # requests get 413 before anything reads them.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Reports show no count below this (twice it for tables with two breakdowns and for
    # free texts per question); an open wave's report grows in steps of this many answers.
    "REPORT_K": 5,
    # Kiosk mode (a shared tablet): seconds from the thank-you page back to the start.
    "KIOSK_RETURN_SECONDS": 30,
    # Where families report accessibility problems (accessibility statement).
    "ACCESSIBILITY_CONTACT": "barrierefreiheit@bezirksamt.example",
}


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("MITSPRACHE")
    if test_config:
        app.config.from_mapping(test_config)

    instance = Path(app.instance_path)
    if not app.config["DATABASE_URL"]:
        instance.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'mitsprache.sqlite'}"
    if not app.config["SECRET_KEY"]:
        if app.config["PRODUCTION"]:
            raise RuntimeError(
                "MITSPRACHE_SECRET_KEY must be set in production "
                "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        app.config["SECRET_KEY"] = _local_secret_key(instance)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(app.config["PRODUCTION"]),
    )


def _local_secret_key(instance: Path) -> str:
    """A random key stored in the instance folder, so that every local worker signs alike."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
