"""A wave's report: read it in the page, or download it as PDF, XLSX or CSV. For district
administrators and administrators, within the district they act in."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from survey.auth.access import acting_district, managers_only, visible_waves, wave_or_404
from survey.dates import today
from survey.extensions import db
from survey.reports import blueprint
from survey.services.activity import record
from survey.services.reports import (
    EXPORTS,
    LANGUAGES,
    WaveReport,
    comparable_waves,
    export,
    report_html,
    wave_report,
)

DIMENSION_LABELS = {
    "location": _l("Survey location"),
    "region": _l("District region of the location"),
    "language": _l("Language of the answers"),
    "assisted": _l("Answered alone or with help"),
}
LANGUAGE_LABELS = {"de": "Deutsch", "en": "English"}


@blueprint.get("/")
@managers_only
def index() -> str:
    return render_template(
        "reports/index.html",
        district=acting_district(),
        waves=db.session.scalars(visible_waves()).all(),
        today=today(),
    )


@blueprint.get("/waves/<int:wave_id>")
@managers_only
def report(wave_id: int) -> str:
    wave = wave_or_404(wave_id)
    lang, breakdown, compare_ids = _choices()
    candidates = comparable_waves(db.session, wave, db.session.scalars(visible_waves()).all())
    compare = [w for w in candidates if w.id in compare_ids]
    built = wave_report(db.session, wave, lang, breakdown, today(), current_app.config["REPORT_K"], compare)
    body = Markup(report_html(db.session, built)) if built.exists else None  # analysis escapes every text
    from analysis.report import breakdowns as offered

    questionnaire = built.publication.questionnaire
    options = [
        (
            code,
            DIMENSION_LABELS.get(code)
            or questionnaire.question(code).text.get(lang, questionnaire.source_language),
        )
        for code in offered(built.publication)
    ]
    languages = [(code, LANGUAGE_LABELS[code]) for code in LANGUAGES]
    record(db.session, "report_viewed", user=current_user, wave=wave, detail=_detail(built))
    return render_template(
        "reports/report.html",
        wave=wave,
        built=built,
        body=body,
        lang=lang,
        breakdown=breakdown or "",
        breakdowns=options,
        languages=languages,
        exports=list(EXPORTS),
        candidates=candidates,
        compare_ids=built.compare,
        release=built.publication.release,
        k=current_app.config["REPORT_K"],
    )


@blueprint.get("/waves/<int:wave_id>/report.<any(pdf, xlsx, csv):file_type>")
@managers_only
def download(wave_id: int, file_type: str) -> Response:
    wave = wave_or_404(wave_id)
    lang, breakdown, compare_ids = _choices()
    candidates = comparable_waves(db.session, wave, db.session.scalars(visible_waves()).all())
    compare = [w for w in candidates if w.id in compare_ids]
    built = wave_report(db.session, wave, lang, breakdown, today(), current_app.config["REPORT_K"], compare)
    if not built.exists:
        flash(_("There are no results to download yet."))
        return redirect(url_for(".report", wave_id=wave.id, lang=lang, by=breakdown or ""))
    content = export(db.session, built, file_type)
    record(db.session, "report_downloaded", user=current_user, wave=wave, detail=_detail(built, file_type))
    return send_file(
        io.BytesIO(content),
        mimetype=EXPORTS[file_type],
        as_attachment=True,
        download_name=built.file_name(file_type),
        max_age=0,
    )


def _detail(built: WaveReport, file_type: str = "") -> str:
    """What the reader chose, for the activity log: ``pdf de location compare 3``."""
    parts = [file_type, built.lang, built.breakdown or ""] + [f"compare {other}" for other in built.compare]
    return " ".join(part for part in parts if part)


def _choices() -> tuple[str, str | None, set[int]]:
    """The report's language, breakdown and waves to compare with, from the query
    (``?lang=de&by=location&compare=12``); a breakdown the wave does not offer is
    ignored by the report."""
    default = str(get_locale())
    lang = request.args.get("lang") or (default if default in LANGUAGES else LANGUAGES[0])
    breakdown = request.args.get("by") or None
    if lang not in LANGUAGES or (breakdown is not None and len(breakdown) > 40):
        abort(400)
    try:
        compare = {int(v) for v in request.args.getlist("compare") if v}
    except ValueError:
        abort(400)
    return lang, breakdown, compare
