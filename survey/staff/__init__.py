"""Staff pages: survey waves, questionnaires, locations, accounts. Every route here needs
a logged-in account; what it shows is limited to the account's district (see
``survey.auth.access``)."""

from flask import Blueprint

from survey.auth.access import for_logged_in_staff_only

blueprint = Blueprint("staff", __name__, template_folder="templates", url_prefix="/staff")
for_logged_in_staff_only(blueprint)

from survey.staff import data_protection, home, locations, questionnaires, users, waves  # noqa: E402,F401
