"""Languages: which locale a page is shown in, and how each language names itself."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale
from flask import current_app, request

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
RIGHT_TO_LEFT = {"ar", "fa", "he", "ps", "ckb", "ur"}
STAFF_LANGUAGES = ["de", "en"]  # the staff pages are in German, or English
STAFF_BLUEPRINTS = {"auth", "staff", "reports"}


#: The address segment of pages in German Leichte Sprache (their app texts are German).
EASY_GERMAN_SEGMENT = "leichte-sprache"


def select_locale() -> str:
    """Explicit choice (the language in the URL) → Accept-Language → default."""
    if request and request.blueprint in STAFF_BLUEPRINTS:
        return request.accept_languages.best_match(STAFF_LANGUAGES) or STAFF_LANGUAGES[0]
    languages = current_app.config["LANGUAGES"]
    chosen = (request.view_args or {}).get("lang") if request else None
    if chosen == EASY_GERMAN_SEGMENT or (
        request and request.path.rstrip("/").endswith("/" + EASY_GERMAN_SEGMENT)
    ):
        return "de"
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


@cache
def endonym(language: str) -> str:
    """The language's name in itself: Deutsch, Türkçe, العربية, Українська …"""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


@cache
def direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RIGHT_TO_LEFT else "ltr"
