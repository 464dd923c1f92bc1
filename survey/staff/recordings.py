"""Read-aloud recordings in the questionnaire editor: per language, a recording for each
question and each choice, uploaded as a file (or, with JavaScript, recorded in the
browser and uploaded the same way), listened to and deleted.

A recording belongs to the questionnaire's code in the district, not to the draft: it
stays when the questionnaire is published again. An upload is checked by its content
(``survey.services.recordings``); a refused one is shown next to its question with
status 422 (413 when the request is larger than any request may be) and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from questionnaires import editing
from survey.auth.access import draft_or_404
from survey.dates import today
from survey.errors import error_page
from survey.extensions import db
from survey.i18n import direction
from survey.models import QuestionnaireDraft
from survey.respond.recordings import send_recording
from survey.services import recordings as service
from survey.staff import blueprint
from survey.staff.questionnaire_forms import ActionForm, language_label
from survey.staff.questionnaires import source_text

FIELD = "recording"  # the file input's name


def _code(draft: QuestionnaireDraft) -> str:
    return str(draft.content.get("code", ""))


def _language_or_404(draft: QuestionnaireDraft, lang: str) -> None:
    if lang not in editing.languages_of(draft.content):
        abort(404)


def _slot_or_404(draft: QuestionnaireDraft, key: str) -> service.Slot:
    for slot in service.slots(draft.content):
        if slot.key == key:
            return slot
    abort(404)


def max_size_label() -> str:
    """The upload limit as people say it: "1 MB"."""
    megabytes = current_app.config["RECORDING_MAX_BYTES"] / 1_000_000
    return f"{format_decimal(round(megabytes, 1))} MB"


def refusal_message(reason: str) -> str:
    if reason == "empty":
        return _("Choose an audio file first.")
    if reason == "too_large":
        return _(
            "The file is larger than %(size)s, so it is not saved. Record a shorter text, "
            "or save it as MP3 or M4A, which are smaller.",
            size=max_size_label(),
        )
    return _(
        "This file is not a recording that phones can play, so it is not saved. "
        "Upload an MP3, M4A, Ogg, WebM or WAV file."
    )


def _rows(draft: QuestionnaireDraft, lang: str) -> tuple[list[dict[str, Any]], list[service.Stored]]:
    """Each question and choice with its text in ``lang`` (else the source language's) and
    its recording; and the recordings of keys that are no longer in the draft."""
    data = draft.content
    source = str(data.get("source_language", ""))
    stored = {s.key: s for s in service.stored_recordings(db.session, draft.district_id, _code(draft), lang)}
    rows = []
    for slot in service.slots(data):
        texts = editing.texts_of(slot.text, source)
        text = str(texts.get(lang) or "").strip()
        text_lang = lang if text else source
        rows.append(
            {
                "slot": slot,
                "text": text or source_text(data, slot.text) or slot.key,
                "lang": text_lang,
                "dir": direction(text_lang),
                "recording": stored.pop(slot.key, None),
            }
        )
    return rows, list(stored.values())


def render_recordings(
    draft: QuestionnaireDraft, lang: str, *, failed: str = "", problem: str = "", status: int = 200
) -> Response:
    rows, orphans = _rows(draft, lang)
    data = draft.content
    body = render_template(
        "staff/editor_recordings.html",
        draft=draft,
        data=data,
        lang=lang,
        rows=rows,
        orphans=orphans,
        given=sum(1 for row in rows if row["recording"]),
        failed=failed,
        problem=problem,
        max_size=max_size_label(),
        title=source_text(data, data.get("title")),
        language_label=language_label,
        direction=direction,
    )
    response = make_response(body, status)
    # The "record" button asks for the microphone on this page (and only here).
    response.headers["Permissions-Policy"] = "camera=(), microphone=(self), geolocation=()"
    return response


@blueprint.get("/questionnaires/drafts/<int:draft_id>/recordings/<lang>")
def draft_recordings(draft_id: int, lang: str) -> Response:
    draft = draft_or_404(draft_id)
    _language_or_404(draft, lang)
    return render_recordings(draft, lang)


@blueprint.post("/questionnaires/drafts/<int:draft_id>/recordings/<lang>/<key>")
def upload_recording(draft_id: int, lang: str, key: str) -> Response:
    """Store the uploaded file as the recording of ``key``, replacing an earlier one."""
    draft = draft_or_404(draft_id)
    _language_or_404(draft, lang)
    _slot_or_404(draft, key)
    if not ActionForm().validate_on_submit():
        abort(400)
    upload = request.files.get(FIELD)
    data = upload.read(current_app.config["RECORDING_MAX_BYTES"] + 1) if upload else b""
    try:
        service.store_recording(
            db.session,
            district_id=draft.district_id,
            questionnaire=_code(draft),
            language=lang,
            key=key,
            data=data,
            max_bytes=current_app.config["RECORDING_MAX_BYTES"],
            today=today(),
        )
    except service.RecordingRefused as refused:
        return render_recordings(draft, lang, failed=key, problem=refusal_message(refused.reason), status=422)
    flash(_("The recording is saved."))
    return redirect(url_for(".draft_recordings", draft_id=draft.id, lang=lang, _anchor=f"recording-{key}"))


@blueprint.errorhandler(RequestEntityTooLarge)
def request_too_large(error: RequestEntityTooLarge) -> Response:
    """A request larger than MAX_CONTENT_LENGTH is refused before anything reads it (the
    CSRF check is the first to try). An upload of a recording gets its page with the
    message next to the question; anything else the usual error page."""
    args = request.view_args or {}
    if request.endpoint == "staff.upload_recording" and current_user.is_authenticated:
        try:
            draft = draft_or_404(int(args["draft_id"]))
            _language_or_404(draft, str(args["lang"]))
            slot = _slot_or_404(draft, str(args["key"]))
            return render_recordings(
                draft, str(args["lang"]), failed=slot.key, problem=refusal_message("too_large"), status=413
            )
        except Exception:  # not this district's draft, no district chosen …: the plain page
            pass
    return error_page(413)


@blueprint.post("/questionnaires/drafts/<int:draft_id>/recordings/<lang>/<key>/delete")
def delete_recording(draft_id: int, lang: str, key: str) -> Response:
    draft = draft_or_404(draft_id)
    _language_or_404(draft, lang)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not service.delete_recording(
        db.session, district_id=draft.district_id, questionnaire=_code(draft), language=lang, key=key
    ):
        abort(404)
    flash(_("The recording is deleted."))
    return redirect(url_for(".draft_recordings", draft_id=draft.id, lang=lang, _anchor=f"recording-{key}"))


@blueprint.get("/questionnaires/drafts/<int:draft_id>/recordings/<lang>/<key>")
def listen_to_recording(draft_id: int, lang: str, key: str) -> Response:
    """The recording itself, for staff to listen to."""
    draft = draft_or_404(draft_id)
    _language_or_404(draft, lang)
    found = service.find_recording(db.session, draft.district_id, _code(draft), lang, key)
    if found is None:
        abort(404)
    return send_recording(found, immutable=False)
