"""Reports for district decision-makers (a wave's results, with disclosure control) and
the staff review of free texts. Every route needs a logged-in account; what it shows is
limited to the account's district (see ``survey.auth.access``)."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from survey.auth.access import NoDistrictChosen

blueprint = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")


@blueprint.before_request
def require_login():
    if not current_user.is_authenticated:
        from survey.extensions import login_manager

        return login_manager.unauthorized()
    return None


@blueprint.errorhandler(NoDistrictChosen)
def choose_a_district_first(_error: NoDistrictChosen):
    return redirect(url_for("staff.choose_district"))


from survey.reports import texts, views  # noqa: E402,F401
