"""Read-aloud recordings in the database: what may be recorded, checking an upload by its
content, storing, listing and deleting. Services flush; the request commits.

A recording belongs to a questionnaire by its code within a district, to a language and to
a key: a question code (``wellbeing``) or a question and choice code
(``wellbeing.very_good``). It does not belong to a draft or a version, so it stays when
the questionnaire is published again, and a running wave plays a new one at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, undefer

from questionnaires import editing
from survey.models import Recording

#: What a family page can read aloud of a question of each kind: its text always, and
#: each choice where the choices are shown as buttons (a list's choices are in a
#: drop-down, yes and no are the app's own words).
SPOKEN_CHOICES = tuple(kind for kind in editing.OWN_CHOICES if kind != "list")


class RecordingRefused(ValueError):
    """An upload that is not stored; ``reason`` is "empty", "too_large" or "format"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Slot:
    """Something on a family page that can have a recording."""

    key: str
    question: str
    choice: str | None
    text: Any  # the question's or choice's texts by language


@dataclass(frozen=True)
class Stored:
    """A recording without its bytes."""

    id: int
    key: str
    language: str
    media_type: str
    size: int
    sha256: str
    recorded_on: dt.date


def slots(data: Mapping[str, Any]) -> list[Slot]:
    """Every question and every spoken choice of a questionnaire (in its data form), in order."""
    found = []
    for question in editing.questions_of(data):
        code = str(question.get("code", ""))
        found.append(Slot(code, code, None, question.get("text")))
        if question.get("type") in SPOKEN_CHOICES:
            for choice in editing.choices_of(question):
                option = str(choice.get("code", ""))
                found.append(Slot(f"{code}.{option}", code, option, choice.get("text")))
    return found


def media_type_of(data: bytes) -> str | None:
    """The audio format by the file's first bytes, whatever its name or the browser says:
    Ogg (Opus, Vorbis), WebM (as browsers record), MP3 (ID3 tag or MPEG frame sync),
    MP4/M4A (``ftyp``) and WAV (``RIFF....WAVE``); None for anything else."""
    head = data[:64]
    if head.startswith(b"OggS") and (b"OpusHead" in head or b"\x01vorbis" in head):
        return "audio/ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:  # EBML, DocType "webm"
        return "audio/webm"
    if head.startswith(b"ID3") and len(head) >= 10:
        return "audio/mpeg"
    if len(head) >= 4 and head[0] == 0xFF and _mpeg_frame(head[1], head[2]):
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    return None


def _mpeg_frame(second: int, third: int) -> bool:
    """The rest of an MPEG audio frame header: sync bits, a version and layer that exist
    (layer 00 would be AAC in ADTS), a bitrate and a sample rate that exist."""
    sync, version, layer = second & 0xE0, (second >> 3) & 0b11, (second >> 1) & 0b11
    bitrate, rate = third >> 4, (third >> 2) & 0b11
    return sync == 0xE0 and version != 0b01 and layer != 0 and bitrate not in (0, 15) and rate != 3


def check_upload(data: bytes, max_bytes: int) -> str:
    """The media type of an acceptable upload; RecordingRefused otherwise."""
    if not data:
        raise RecordingRefused("empty")
    if len(data) > max_bytes:
        raise RecordingRefused("too_large")
    media_type = media_type_of(data)
    if media_type is None:
        raise RecordingRefused("format")
    return media_type


def store_recording(
    session: Session,
    *,
    district_id: int,
    questionnaire: str,
    language: str,
    key: str,
    data: bytes,
    max_bytes: int,
    today: dt.date,
) -> Recording:
    """Store (or replace) a recording after checking it; nothing changes when it is refused."""
    media_type = check_upload(data, max_bytes)
    recording = session.scalar(
        select(Recording).filter_by(
            district_id=district_id, questionnaire=questionnaire, language=language, key=key
        )
    )
    if recording is None:
        recording = Recording(
            district_id=district_id, questionnaire=questionnaire, language=language, key=key
        )
        session.add(recording)
    recording.media_type = media_type
    recording.content = data
    recording.size = len(data)
    recording.sha256 = hashlib.sha256(data).hexdigest()
    recording.recorded_on = today
    session.flush()
    return recording


def delete_recording(
    session: Session, *, district_id: int, questionnaire: str, language: str, key: str
) -> bool:
    """Delete one recording; False when there was none."""
    deleted = session.execute(
        delete(Recording).filter_by(
            district_id=district_id, questionnaire=questionnaire, language=language, key=key
        )
    )
    session.flush()
    return bool(getattr(deleted, "rowcount", 0))


def stored_recordings(
    session: Session, district_id: int, questionnaire: str, language: str | None = None
) -> list[Stored]:
    """The recordings of a questionnaire (in one language, or all), without their bytes."""
    query = select(
        Recording.id,
        Recording.key,
        Recording.language,
        Recording.media_type,
        Recording.size,
        Recording.sha256,
        Recording.recorded_on,
    ).filter_by(district_id=district_id, questionnaire=questionnaire)
    if language is not None:
        query = query.filter_by(language=language)
    return [Stored(*row) for row in session.execute(query.order_by(Recording.language, Recording.key))]


def recording_with_content(session: Session, recording_id: int) -> Recording | None:
    return session.scalar(select(Recording).filter_by(id=recording_id).options(undefer(Recording.content)))


def find_recording(
    session: Session, district_id: int, questionnaire: str, language: str, key: str
) -> Recording | None:
    return session.scalar(
        select(Recording)
        .filter_by(district_id=district_id, questionnaire=questionnaire, language=language, key=key)
        .options(undefer(Recording.content))
    )


def recorded_counts(
    session: Session, district_id: int, data: Mapping[str, Any]
) -> dict[str, tuple[int, int]]:
    """Per language of a questionnaire: how many of its slots have a recording, of how many."""
    keys = {slot.key for slot in slots(data)}
    given: dict[str, int] = {}
    for stored in stored_recordings(session, district_id, str(data.get("code", ""))):
        if stored.key in keys:
            given[stored.language] = given.get(stored.language, 0) + 1
    return {lang: (given.get(lang, 0), len(keys)) for lang in editing.languages_of(data)}
