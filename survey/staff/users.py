"""Accounts of the district, managed by its district administrators (and administrators)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from survey.auth.access import acting_district, managers_only, user_or_404
from survey.dates import today
from survey.extensions import db
from survey.models import Location, Role, User
from survey.services.accounts import AccountError, create_user, set_password, update_user
from survey.services.activity import record
from survey.staff import blueprint
from survey.staff.forms import ROLE_LABELS, UserForm, choices

ACCOUNT_PROBLEMS = {
    "too_short": lambda: _("The password is too short."),
    "is_email": lambda: _("The password must not be the e-mail address."),
    "bad_email": lambda: _("This is not an e-mail address."),
    "email_taken": lambda: _("There is an account with this e-mail address already."),
    "needs_district": lambda: _("This role needs a district."),
    "foreign_location": lambda: _("A location of another district cannot be chosen."),
    "needs_password": lambda: _("A new account needs a password."),
    "last_admin": lambda: _("You cannot take away your own administrator rights."),
}


@blueprint.get("/accounts")
@managers_only
def users() -> str:
    district = acting_district()
    query = select(User).where(User.district_id == district.id)
    if current_user.role == Role.ADMIN:
        query = select(User).where(or_(User.district_id == district.id, User.role == Role.ADMIN))
    accounts = db.session.scalars(query.order_by(User.name)).all()
    return render_template("staff/users.html", accounts=accounts, roles=ROLE_LABELS, district=district)


@blueprint.route("/accounts/new", methods=["GET", "POST"])
@managers_only
def new_user() -> str | Response | tuple[str, int]:
    return _edit(None)


@blueprint.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@managers_only
def edit_user(user_id: int) -> str | Response | tuple[str, int]:
    return _edit(user_or_404(user_id))


def _edit(account: User | None) -> str | Response | tuple[str, int]:
    district = acting_district()
    form = UserForm(obj=account)
    roles = [Role.STAFF, Role.DISTRICT_ADMIN] + ([Role.ADMIN] if current_user.role == Role.ADMIN else [])
    form.role.choices = choices((role.value, ROLE_LABELS[role.value]) for role in roles)
    places = {
        loc.id: loc
        for loc in db.session.scalars(
            select(Location).filter_by(district_id=district.id).order_by(Location.name)
        )
    }
    form.locations.choices = choices((loc.id, loc.name) for loc in places.values())
    if account is not None and not form.is_submitted():
        form.locations.data = [loc.id for loc in account.locations]
    if form.validate_on_submit():
        chosen = [places[i] for i in form.locations.data or [] if i in places]
        created = None
        try:
            if account is None:
                if not form.password.data:
                    raise AccountError("needs_password")
                account = created = create_user(
                    db.session,
                    email=form.email.data or "",
                    name=form.name.data or "",
                    password=form.password.data,
                    role=form.role.data or Role.STAFF,
                    district=district,
                    today=today(),
                    locations=chosen,
                )
            else:
                if account.id == current_user.id and form.role.data != current_user.role:
                    raise AccountError("last_admin")
                update_user(
                    db.session,
                    account,
                    email=form.email.data or "",
                    name=form.name.data or "",
                    role=form.role.data or Role.STAFF,
                    district=district,
                    locations=chosen,
                    active=bool(form.active.data) or account.id == current_user.id,
                )
                if form.password.data:
                    set_password(db.session, account, form.password.data)
        except AccountError as error:
            db.session.rollback()
            form.form_errors.append(ACCOUNT_PROBLEMS[error.reason]())
            return render_template("staff/user_form.html", form=form, account=account, district=district), 422
        action = "account_changed" if created is None else "account_created"
        record(db.session, action, user=current_user, district_id=account.district_id, detail=account.email)
        flash(_("The account of %(name)s is saved.", name=account.name))
        return redirect(url_for(".users"))
    return render_template("staff/user_form.html", form=form, account=account, district=district), (
        422 if form.errors else 200
    )
