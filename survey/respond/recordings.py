"""Recorded questions and choices, played by "Vorlesen" (and without JavaScript by the
page's own audio player).

Staff upload recordings in the questionnaire editor; they are stored in the database
(``survey.services.recordings``) under the questionnaire's code in their district, a
language and a key: a question code (``wellbeing``) or a question and choice code
(``wellbeing.very_good``). Files an operator puts in the instance folder as
``audio/<questionnaire>/<language>/<key>.<ext>`` still work; where both exist, the
database's recording is played. Where none exists, the phone's own speech synthesis reads.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from flask import current_app, send_file, url_for
from werkzeug.wrappers import Response

from survey.extensions import db
from survey.models import Recording
from survey.services.recordings import stored_recordings

AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".opus": "audio/ogg", ".m4a": "audio/mp4"}
YEAR = 365 * 24 * 60 * 60


def audio_folder(questionnaire: str, language: str) -> Path:
    return Path(current_app.instance_path) / "audio" / questionnaire / language


def recordings(questionnaire: str, language: str, district_id: int | None = None) -> dict[str, str]:
    """Key → URL of every recording for this questionnaire in this language (the district's
    uploads and the instance folder's files); looked up again after
    FAMILY_LINK_CACHE_SECONDS."""
    cache: dict = current_app.extensions.setdefault("recordings", {})
    now = time.monotonic()
    hit = cache.get((questionnaire, language, district_id))
    if hit is not None and now - hit[0] < current_app.config["FAMILY_LINK_CACHE_SECONDS"]:
        return hit[1]
    folder = audio_folder(questionnaire, language)
    found = {
        path.stem: url_for("respond.recording", questionnaire=questionnaire, lang=language, name=path.name)
        for path in (sorted(folder.iterdir()) if folder.is_dir() else [])
        if path.suffix in AUDIO_TYPES and path.is_file()
    }
    if district_id:
        for stored in stored_recordings(db.session, district_id, questionnaire, language):
            found[stored.key] = url_for("respond.recorded", recording_id=stored.id, digest=stored.sha256[:16])
    if len(cache) >= 10_000:
        cache.clear()
    cache[(questionnaire, language, district_id)] = (now, found)
    return found


def send_recording(recording: Recording, *, immutable: bool) -> Response:
    """The recording's bytes with its type, an ETag of its content and byte ranges (which
    phones' players ask for). ``immutable``: the URL names this content, so a phone may
    keep it for a year."""
    response = send_file(
        io.BytesIO(recording.content),
        mimetype=recording.media_type,
        etag=recording.sha256,
        conditional=True,
        max_age=YEAR if immutable else 0,
    )
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable" if immutable else "no-cache"
    return response
