"""Staff and administrator accounts: log in, log out, change the password."""

from flask import Blueprint

blueprint = Blueprint("auth", __name__, template_folder="templates", url_prefix="/staff")

from survey.auth import views  # noqa: E402,F401  (registers the routes)
