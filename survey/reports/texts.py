"""Free texts of a wave: staff read each one and release it (redacted where needed) or
reject it. Staff see the texts of their own locations, district administrators all of
their district's."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from survey.auth.access import visible_waves, wave_or_404
from survey.dates import today
from survey.extensions import db
from survey.models import Role
from survey.reports import blueprint
from survey.services.activity import record
from survey.services.reports import (
    ReviewError,
    review_text,
    text_answer,
    texts_for_review,
    texts_to_review,
)

REVIEW_PROBLEMS = {
    "empty": lambda: _("An empty text cannot be released."),
    "too_long": lambda: _("The text is too long (at most 300 characters)."),
}


def own_locations() -> list[int] | None:
    """The locations whose texts the account reviews: staff their own, managers all (None)."""
    if current_user.role == Role.STAFF:
        return [location.id for location in current_user.locations]
    return None


@blueprint.get("/texts")
def text_waves() -> str:
    waves = db.session.scalars(visible_waves()).all()
    counts = texts_to_review(db.session, [wave.id for wave in waves], own_locations())
    return render_template("reports/text_waves.html", waves=waves, counts=counts, today=today())


@blueprint.get("/waves/<int:wave_id>/texts")
def texts(wave_id: int) -> str:
    wave = wave_or_404(wave_id)
    groups = texts_for_review(db.session, wave, own_locations(), str(get_locale()))
    return render_template(
        "reports/texts.html", wave=wave, groups=groups, k_strict=2 * current_app.config["REPORT_K"]
    )


@blueprint.post("/waves/<int:wave_id>/texts/<int:answer_id>")
def review(wave_id: int, answer_id: int) -> Response:
    wave = wave_or_404(wave_id)
    answer = text_answer(db.session, wave.id, answer_id, own_locations())
    action = request.form.get("action")
    if answer is None:
        abort(404)
    if action not in ("release", "reject"):
        abort(400)
    before = answer.text
    try:
        review_text(
            db.session, answer, release=action == "release", text=request.form.get("text", ""), today=today()
        )
        detail = "redacted" if answer.text != before else ""
        action_done = "text_released" if action == "release" else "text_rejected"
        record(db.session, action_done, user=current_user, wave=wave, detail=detail)
    except ReviewError as problem:
        db.session.rollback()
        flash(REVIEW_PROBLEMS[problem.reason]())
    else:
        flash(_("The text is released.") if action == "release" else _("The text is rejected."))
    return redirect(url_for(".texts", wave_id=wave.id, _anchor=f"text-{answer_id}"), 303)
