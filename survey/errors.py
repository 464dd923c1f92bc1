"""Error pages: never a server's default page, and never a family's answers lost.

On the family pages (``/s/…``) every error is a page in the family's language. When the
database cannot be reached (or anything else fails) while a family sends a screen, the
page keeps what the form carried — the signed answers so far and what was just typed —
in a form that sends it again with one tap ("Try again"): nothing is stored on the
server meanwhile, and a response that did get stored is never stored twice (its nonce).
Everywhere else a plain page in German or English. A database outage answers 503 with
``Retry-After``; the request's session is rolled back and closed by its teardown.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import force_locale, get_locale
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from survey.i18n import STAFF_LANGUAGES

RETRY_AFTER_SECONDS = 30
#: Fields of a family form that "Try again" sends back; nothing else is echoed.
_FAMILY_FIELDS = ("progress", "screen", "answer", "nav", "edit")
_FAMILY_PROBLEMS = {400: "invalid", 404: "unknown", 405: "invalid", 413: "invalid", 429: "too_many"}


def register_error_pages(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _unavailable)
    app.register_error_handler(DBAPIError, _unavailable)
    app.register_error_handler(Exception, _internal_error)


def _on_family_page() -> bool:
    return request.path.startswith("/s/")


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error  # a routing redirect, not an error
    original = getattr(error, "original_exception", None)
    if isinstance(original, DBAPIError):
        return _unavailable(original)  # e.g. the request's commit failed
    return _page(error.code)


def _unavailable(error: Exception):
    current_app.logger.warning("database unavailable: %s", type(error).__name__)
    response = _page(503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _internal_error(error: Exception):
    current_app.logger.exception("unexpected error", exc_info=error)
    return _page(500)


def error_page(status: int):
    """The error page of this status, as the app shows it for this request."""
    return _page(status)


def _page(status: int):
    if _on_family_page():
        return _family_page(status)
    language = request.accept_languages.best_match(STAFF_LANGUAGES) or STAFF_LANGUAGES[0]
    with force_locale(language):
        body = render_template("staff/error.html", status=status, page_lang=language)
    return current_app.response_class(body, status)


def _family_page(status: int):
    from survey.respond.rendering import page

    # /s/CODE/LANG/…: the language of the address, also where no page matched
    parts = request.path.split("/")
    code = (request.view_args or {}).get("code") or (parts[2] if len(parts) > 2 and parts[2] else None)
    in_path = parts[3] if len(parts) > 3 else ""
    language = in_path if in_path in current_app.config["LANGUAGES"] else str(get_locale())
    kind = _FAMILY_PROBLEMS.get(status, "unavailable")
    resend = None
    if kind == "unavailable" and request.method == "POST":
        form = request.form
        resend = [(name, value) for name in _FAMILY_FIELDS for value in form.getlist(name)]
    restart = None
    if code and kind in ("invalid", "too_many"):
        restart = url_for("respond.choose_language", code=code)
    with force_locale(language):
        body = render_template(
            "respond/problem.html",
            kind=kind,
            restart=restart,
            resend=resend,
            retry=request.url if kind == "unavailable" else None,
            **page(language),
        )
    return current_app.response_class(body, status)
