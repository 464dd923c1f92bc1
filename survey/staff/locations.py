"""Locations of the district: list, add, change."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from survey.auth.access import acting_district, location_or_404, managers_only, visible_locations
from survey.extensions import db
from survey.models import Location
from survey.services.locations import save_location
from survey.staff import blueprint
from survey.staff.forms import LOCATION_KIND_LABELS, LocationForm, choices


@blueprint.get("/locations")
def locations() -> str:
    return render_template(
        "staff/locations.html",
        locations=db.session.scalars(visible_locations()).all(),
        kinds=LOCATION_KIND_LABELS,
    )


@blueprint.route("/locations/new", methods=["GET", "POST"])
@managers_only
def new_location() -> str | Response | tuple[str, int]:
    return _edit(None)


@blueprint.route("/locations/<int:location_id>", methods=["GET", "POST"])
@managers_only
def edit_location(location_id: int) -> str | Response | tuple[str, int]:
    return _edit(location_or_404(location_id))


def _edit(location: Location | None) -> str | Response | tuple[str, int]:
    district = acting_district()
    form = LocationForm(obj=location)
    regions = {region.id: region for region in district.regions}
    form.region.choices = choices(sorted(((r.id, r.name) for r in regions.values()), key=lambda c: c[1]))
    if location is not None and not form.is_submitted():
        form.region.data = location.region_id
    if form.validate_on_submit():
        saved = save_location(
            db.session,
            district,
            name=form.name.data or "",
            kind=form.kind.data or "other",
            region=regions.get(form.region.data),
            location=location,
        )
        flash(
            _(
                "Location “%(name)s” is saved. Its family link: %(link)s",
                name=saved.name,
                link=url_for("respond.choose_language", code=saved.code, _external=True),
            )
        )
        return redirect(url_for(".locations"))
    return render_template("staff/location_form.html", form=form, location=location, district=district), (
        422 if form.errors else 200
    )
