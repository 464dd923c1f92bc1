"""The start page after logging in, and an administrator's choice of district."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from survey.auth.access import visible_locations, visible_waves
from survey.dates import today
from survey.extensions import db
from survey.models import District, Role
from survey.staff import blueprint


@blueprint.get("/")
def home() -> str:
    waves = db.session.scalars(visible_waves().limit(10)).all()
    locations = db.session.scalars(visible_locations()).all()
    return render_template("staff/home.html", waves=waves, locations=locations, today=today())


@blueprint.route("/district", methods=["GET", "POST"])
def choose_district() -> str | Response:
    """Administrators work in one district at a time; everyone else in their own."""
    if current_user.role != Role.ADMIN:
        abort(403)
    districts = db.session.scalars(select(District).order_by(District.code)).all()
    if request.method == "POST":
        chosen = request.form.get("district", type=int)
        if chosen not in {district.id for district in districts}:
            abort(400)
        session["district_id"] = chosen
        return redirect(url_for(".home"))
    return render_template("staff/district.html", districts=districts, chosen=session.get("district_id"))
