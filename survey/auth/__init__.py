"""Staff and administrator accounts: log in, log out, change the password."""

from flask import Blueprint
from flask_babel import lazy_gettext

from survey.auth.templating import staff_template_helpers

LOGIN_MESSAGE = lazy_gettext("Please log in to see this page.")

blueprint = Blueprint("auth", __name__, template_folder="templates", url_prefix="/staff")
blueprint.context_processor(staff_template_helpers)

from survey.auth import views  # noqa: E402,F401  (registers the routes)
