"""Staff pages: survey waves, questionnaires, locations, accounts. Every route here needs
a logged-in account; what it shows is limited to the account's district (see
``survey.auth.access``)."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from survey.auth.access import NoDistrictChosen

blueprint = Blueprint("staff", __name__, template_folder="templates", url_prefix="/staff")


@blueprint.before_request
def require_login():
    if not current_user.is_authenticated:
        from survey.extensions import login_manager

        return login_manager.unauthorized()
    return None


@blueprint.errorhandler(NoDistrictChosen)
def choose_a_district_first(_error: NoDistrictChosen):
    return redirect(url_for("staff.choose_district"))


from survey.staff import home, locations, questionnaires, users, waves  # noqa: E402,F401
