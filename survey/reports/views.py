"""A wave's report: read it in the page, or download it as PDF, XLSX or CSV. For district
administrators and administrators, within the district they act in."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.wrappers import Response

from survey.auth.access import acting_district, managers_only, visible_waves, wave_or_404
from survey.dates import today
from survey.extensions import db
from survey.reports import blueprint
from survey.services.reports import BREAKDOWNS, EXPORTS, LANGUAGES, export, report_html, wave_report

BREAKDOWN_LABELS = {
    "location": _l("Survey location"),
    "region": _l("District region of the location"),
    "home_region": _l("Where families live"),
    "language": _l("Language of the answers"),
    "assisted": _l("Answered alone or with help"),
    "family_type": _l("Family type"),
    "age_group": _l("Age of the children"),
}
LANGUAGE_LABELS = {"de": "Deutsch", "en": "English"}


@blueprint.get("/")
@managers_only
def index() -> str:
    return render_template("reports/index.html", district=acting_district(),
                           waves=db.session.scalars(visible_waves()).all(), today=today())


@blueprint.get("/waves/<int:wave_id>")
@managers_only
def report(wave_id: int) -> str:
    wave = wave_or_404(wave_id)
    lang, breakdown = _choices()
    built = wave_report(db.session, wave, lang, breakdown, today(), current_app.config["REPORT_K"])
    body = Markup(report_html(built)) if built.report is not None else None  # analysis escapes every text
    breakdowns = [(code, BREAKDOWN_LABELS.get(code, code)) for code in BREAKDOWNS]
    languages = [(code, LANGUAGE_LABELS[code]) for code in LANGUAGES]
    return render_template("reports/report.html", wave=wave, built=built, body=body, lang=lang,
                           breakdown=breakdown or "", breakdowns=breakdowns, languages=languages,
                           exports=list(EXPORTS))


@blueprint.get("/waves/<int:wave_id>/report.<any(pdf, xlsx, csv):file_type>")
@managers_only
def download(wave_id: int, file_type: str) -> Response:
    wave = wave_or_404(wave_id)
    lang, breakdown = _choices()
    built = wave_report(db.session, wave, lang, breakdown, today(), current_app.config["REPORT_K"])
    if built.report is None:
        flash(_("There are no results to download yet."))
        return redirect(url_for(".report", wave_id=wave.id, lang=lang, by=breakdown or ""))
    return send_file(io.BytesIO(export(built, file_type)), mimetype=EXPORTS[file_type], as_attachment=True,
                     download_name=built.file_name(file_type), max_age=0)


def _choices() -> tuple[str, str | None]:
    """The report's language and breakdown from the query (``?lang=de&by=location``)."""
    default = str(get_locale())
    lang = request.args.get("lang") or (default if default in LANGUAGES else LANGUAGES[0])
    breakdown = request.args.get("by") or None
    if lang not in LANGUAGES or (breakdown is not None and breakdown not in BREAKDOWNS):
        abort(400)
    return lang, breakdown
