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
    # Rate limits of the family pages (survey/ratelimit.py), each a `limits` string (several
    # separated by ";"). Counters are named by keyed hashes (never an address or a token)
    # and expire with their window. A family centre's Wi-Fi is one address for everyone.
    "RATELIMIT_ENABLED": True,
    # Screens of one questionnaire, counted by its signed form token (the same on every
    # screen of one family's form): one person reading and tapping sends a few a minute;
    # 60 leaves room for skipping fast, double taps and switching language.
    "RATELIMIT_FAMILY_SCREENS": "60 per minute",
    # Forms started per client address: the first question page (it issues a new token)
    # and every post whose token is missing, forged or damaged. Thirty families starting
    # at once, some twice (a reload, a second scan, a mistyped access code), all get in;
    # kept up, it is 6 a minute, more than a centre sees on its busiest afternoon, while a
    # script gets at most 360 forms an hour.
    "RATELIMIT_NEW_FORMS": "60 per 10 minutes",
    # Every family-page request per client address, whatever it carries (language page,
    # screens, recordings): far above thirty families answering at once (a few screens a
    # minute each), yet it holds a client that collected many forms to send screens with.
    # Requests the two counts above turn away do not count here, so one phone stuck in a
    # loop does not use up the centre's share.
    "RATELIMIT_FAMILY_PAGES": "1200 per minute",
    # Where the counters live. memory:// counts in each process alone (enough for `make run`);
    # with several workers or servers use a store they share, e.g. redis://127.0.0.1:6379/0
    # (then every worker counts the same family). In production memory:// is warned about.
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
    # The largest read-aloud recording staff may upload, in bytes (below MAX_CONTENT_LENGTH,
    # so that a file just too large gets a message instead of a bare 413): a minute of
    # speech as MP3 at 128 kbit/s.
    "RECORDING_MAX_BYTES": 1_000_000,
    # Reports show no count below this (twice it for tables with two breakdowns and for
    # free texts per question); an open wave's report grows in steps of this many answers.
    "REPORT_K": 5,
    # Days the record of what staff did is kept (deleted by ``flask retention``).
    "ACTIVITY_LOG_DAYS": 730,
    # Kiosk mode (a shared tablet): seconds from the thank-you page back to the start.
    "KIOSK_RETURN_SECONDS": 30,
    # Where families report accessibility problems (accessibility statement).
    "ACCESSIBILITY_CONTACT": "barrierefreiheit@bezirksamt.example",
    # The enforcement office the accessibility statement names, its address and web page.
    "ENFORCEMENT_OFFICE": "Landesbeauftragte für digitale Barrierefreiheit",
    "ENFORCEMENT_OFFICE_ADDRESS": "Senatsverwaltung für Inneres und Sport, Klosterstraße 47, 10179 Berlin",
    "ENFORCEMENT_OFFICE_URL": "https://www.berlin.de/lb/digitale-barrierefreiheit/",
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
    _warn_of_unshared_rate_limits(app)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(app.config["PRODUCTION"]),
    )


def _warn_of_unshared_rate_limits(app: Flask) -> None:
    """In production several workers serve the family pages: counters kept in each one's
    memory let a client through once per worker and start again with every restart. A
    warning, not a refusal: a single worker may count in memory."""
    config = app.config
    in_memory = str(config["RATELIMIT_STORAGE_URI"]).startswith("memory://")
    if config["PRODUCTION"] and config["RATELIMIT_ENABLED"] and in_memory:
        app.logger.warning(
            "MITSPRACHE_RATELIMIT_STORAGE_URI is memory://: each worker counts the family pages on "
            "its own. Set it to a store all workers share, e.g. redis://127.0.0.1:6379/0."
        )


def _local_secret_key(instance: Path) -> str:
    """A random key stored in the instance folder, so that every local worker signs alike."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
