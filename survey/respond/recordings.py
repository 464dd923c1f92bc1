"""Recorded questions and choices that staff provide, played by "Vorlesen".

Files live in the instance folder as ``audio/<questionnaire>/<language>/<key>.<ext>``,
where ``key`` is a question code (``wellbeing``) or a question and choice code
(``wellbeing.very_good``). Where none exists, the phone's own speech synthesis reads.
"""

from __future__ import annotations

import time
from pathlib import Path

from flask import current_app, url_for

AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".opus": "audio/ogg", ".m4a": "audio/mp4"}


def audio_folder(questionnaire: str, language: str) -> Path:
    return Path(current_app.instance_path) / "audio" / questionnaire / language


def recordings(questionnaire: str, language: str) -> dict[str, str]:
    """Key → URL of every recording for this questionnaire in this language; the folder
    is looked at again after FAMILY_LINK_CACHE_SECONDS."""
    cache: dict = current_app.extensions.setdefault("recordings", {})
    now = time.monotonic()
    hit = cache.get((questionnaire, language))
    if hit is not None and now - hit[0] < current_app.config["FAMILY_LINK_CACHE_SECONDS"]:
        return hit[1]
    folder = audio_folder(questionnaire, language)
    found = {
        path.stem: url_for("respond.recording", questionnaire=questionnaire, lang=language, name=path.name)
        for path in (sorted(folder.iterdir()) if folder.is_dir() else [])
        if path.suffix in AUDIO_TYPES and path.is_file()
    }
    cache[(questionnaire, language)] = (now, found)
    return found
