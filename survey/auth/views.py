"""Log in, log out, change the password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from survey.auth import blueprint
from survey.auth.forms import LoginForm, PasswordForm
from survey.auth.throttle import count_failed_login, login_blocked
from survey.extensions import db
from survey.services.accounts import AccountError, authenticate, change_password, end_sessions, normal_email

PASSWORD_PROBLEMS = {
    "wrong_password": lambda: _("The current password is not right."),
    "too_short": lambda: _("The new password is too short."),
    "is_email": lambda: _("The new password must not be your e-mail address."),
}


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone elsewhere after logging in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("staff.home")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        email = normal_email(form.email.data or "")
        if login_blocked(email):
            form.form_errors.append(_("Too many failed attempts. Please wait 15 minutes and try again."))
            return render_template("auth/login.html", form=form), 429
        user = authenticate(db.session, email, form.password.data or "")
        if user is None:
            count_failed_login(email)
            form.form_errors.append(_("E-mail address or password is not right."))
            return render_template("auth/login.html", form=form), 401
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@blueprint.post("/logout")
def logout() -> Response:
    """Ends the login on the server too: the account gets a new session token, so a copy
    of the old cookie is refused (and so are the account's logins on other devices)."""
    if current_user.is_authenticated:
        end_sessions(db.session, current_user._get_current_object())
    logout_user()
    flash(_("You are logged out."))
    return redirect(url_for("auth.login"))


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response | tuple[str, int]:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_password(db.session, current_user, form.current.data or "", form.new.data or "")
        except AccountError as error:
            form.form_errors.append(PASSWORD_PROBLEMS[error.reason]())
            return render_template("auth/password.html", form=form), 422
        login_user(current_user)  # the cookie carries the account's new session token
        flash(_("Your password is changed. Other devices where you were logged in are logged out."))
        return redirect(url_for("staff.home"))
    return render_template("auth/password.html", form=form), (422 if form.errors else 200)
