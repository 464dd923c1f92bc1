"""Survey waves: start one, open, close, extend; links, posters, codes, and the count."""

from __future__ import annotations

from flask import render_template

from survey.auth.access import visible_waves, wave_or_404
from survey.dates import today
from survey.extensions import db
from survey.staff import blueprint


@blueprint.get("/waves")
def waves() -> str:
    return render_template("staff/waves.html", waves=db.session.scalars(visible_waves()).all(), today=today())


@blueprint.get("/waves/new")
def new_wave() -> str:
    return render_template("staff/waves.html", waves=[], today=today())


@blueprint.get("/waves/<int:wave_id>")
def wave(wave_id: int) -> str:
    return render_template("staff/waves.html", waves=[wave_or_404(wave_id)], today=today())
