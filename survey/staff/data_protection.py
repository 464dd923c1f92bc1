"""Data protection for district administrators: the facts of the running installation
(as a page and as Markdown for the record of processing activities), the district's
retention period, and the record of what staff did with the data."""

from __future__ import annotations

import csv
import io

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from survey.auth.access import acting_district, managers_only
from survey.dates import today
from survey.extensions import db
from survey.services.activity import district_log, record
from survey.services.data_protection import facts
from survey.services.retention import RetentionError, set_district_retention
from survey.staff import blueprint

SHOWN_ENTRIES = 300
ACTIONS = {
    "report_viewed": _l("Report viewed"),
    "report_downloaded": _l("Report downloaded"),
    "text_released": _l("Free text released"),
    "text_rejected": _l("Free text rejected"),
    "results_finding_added": _l("Results: finding added"),
    "results_finding_worded": _l("Results: finding worded"),
    "results_finding_removed": _l("Results: finding removed"),
    "results_measure_saved": _l("Results: measure saved"),
    "results_update_added": _l("Results: update added"),
    "results_published": _l("Results published"),
    "results_withdrawn": _l("Results withdrawn"),
    "questionnaire_published": _l("Questionnaire published"),
    "wave_created": _l("Wave set up"),
    "wave_changed": _l("Wave changed"),
    "wave_opened": _l("Wave opened"),
    "wave_closed": _l("Wave closed"),
    "wave_extended": _l("Wave extended"),
    "account_created": _l("Account created"),
    "account_changed": _l("Account changed"),
    "retention_changed": _l("Retention period changed"),
    "answers_deleted": _l("Raw answers deleted (retention)"),
}


@blueprint.get("/data-protection")
@managers_only
def data_protection() -> str:
    district = acting_district()
    return render_template(
        "staff/data_protection.html", facts=facts(db.session, current_app.config, district, today())
    )


@blueprint.get("/data-protection.md")
@managers_only
def data_protection_markdown() -> Response:
    district = acting_district()
    text = render_template(
        "staff/data_protection.md", facts=facts(db.session, current_app.config, district, today())
    )
    return Response(
        text,
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="datenschutz-{district.code}.md"'},
    )


@blueprint.post("/data-protection/retention")
@managers_only
def district_retention() -> Response:
    district = acting_district()
    try:
        set_district_retention(db.session, district, int(request.form.get("days", "")))
    except (ValueError, RetentionError):
        db.session.rollback()
        flash(_("Enter a number of days from 0 to 3650."))
    else:
        detail = f"district retention {district.retention_days}"
        record(db.session, "retention_changed", user=current_user, district_id=district.id, detail=detail)
        flash(_("Saved."))
    return redirect(url_for(".data_protection", _anchor="retention"), 303)


@blueprint.get("/activity")
@managers_only
def activity() -> str:
    district = acting_district()
    entries = db.session.execute(district_log(district.id).limit(SHOWN_ENTRIES)).all()
    return render_template(
        "staff/activity.html",
        entries=entries,
        actions=ACTIONS,
        shown=SHOWN_ENTRIES,
        days=current_app.config["ACTIVITY_LOG_DAYS"],
    )


@blueprint.get("/activity.csv")
@managers_only
def activity_csv() -> Response:
    district = acting_district()
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["made_at", "account", "action", "wave_id", "wave", "detail"])
    for entry, wave_name in db.session.execute(district_log(district.id)):
        out.writerow(
            [
                entry.made_at.isoformat(sep=" "),
                entry.account,
                entry.action,
                entry.wave_id or "",
                wave_name or "",
                entry.detail,
            ]
        )
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="aktivitaet-{district.code}.csv"'},
    )
