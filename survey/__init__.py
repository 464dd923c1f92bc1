"""Mitsprache: the web app. ``create_app`` reads like a table of contents."""

from __future__ import annotations

from flask import Flask, Response, redirect, url_for

from survey.assets import register_assets
from survey.config import load_config
from survey.errors import register_error_pages
from survey.extensions import babel, csrf, db, login_manager
from survey.ratelimit import init_rate_limit


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_assets(app)
    register_error_pages(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from survey.i18n import TRANSLATIONS, select_locale

    db.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["LANGUAGES"][0])
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: app.config["TIMEZONE"])
    init_rate_limit(app)
    csrf.init_app(app)
    register_login(app)


def register_login(app: Flask) -> None:
    from survey.auth import LOGIN_MESSAGE
    from survey.services.accounts import user_by_session_id

    # current_user reaches the staff templates only (see register_blueprints): family
    # pages never look up an account.
    login_manager.init_app(app, add_context_processor=False)
    login_manager.login_view = "auth.login"
    login_manager.login_message = LOGIN_MESSAGE
    login_manager.session_protection = "basic"
    login_manager.user_loader(lambda session_id: user_by_session_id(db.session, session_id))


def register_blueprints(app: Flask) -> None:
    from survey.auth import blueprint as auth
    from survey.reports import blueprint as reports
    from survey.respond import blueprint as respond
    from survey.staff import blueprint as staff

    csrf.exempt(respond)  # family forms carry a signed token and need no cookie
    app.register_blueprint(respond)
    for blueprint in (auth, staff, reports):
        app.register_blueprint(blueprint)
    # Families arrive by their location's link (/s/CODE); the bare address is for staff.
    app.add_url_rule("/", "root", lambda: redirect(url_for("staff.home")))
    app.add_url_rule("/robots.txt", "robots", robots)


ROBOTS = """# Survey links are for the families of one place, not for search engines; nothing
# else here is public either.
User-agent: *
Disallow: /
"""


def robots() -> Response:
    """Keeps every survey link (and the staff pages) out of search engines."""
    response = Response(ROBOTS, mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def register_security(app: Flask) -> None:
    from survey.security import (
        NoSessionOnFamilyPages,
        forget_client_addresses,
        keep_staff_pages_private,
        set_security_headers,
    )

    app.session_interface = NoSessionOnFamilyPages()
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.after_request(set_security_headers)
    app.after_request(keep_staff_pages_private)
    forget_client_addresses()


def register_commands(app: Flask) -> None:
    from survey.cli import commands

    for command in commands:
        app.cli.add_command(command)
