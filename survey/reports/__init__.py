"""Reports for district decision-makers (a wave's results, with disclosure control) and
the staff review of free texts. Every route needs a logged-in account; what it shows is
limited to the account's district (see ``survey.auth.access``)."""

from flask import Blueprint

from survey.auth.access import for_logged_in_staff_only

blueprint = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")
for_logged_in_staff_only(blueprint)

from survey.reports import results, texts, views  # noqa: E402,F401
