"""Read-aloud recordings: staff upload them per language for each question and choice in
the editor (checked by content, never by name or the browser's type), listen to them and
delete them; the editor counts them per language; families get them without JavaScript
in the browser's own player, served cacheable, in ranges, without a cookie."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import wave
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from questionnaires.library import library_questionnaire
from survey.models import District, Recording
from survey.services.recordings import media_type_of, store_recording
from tests.survey.family import Family
from tests.survey.staff import csrf_token
from tests.survey.test_staff_questionnaires import (
    Editor,
    build_two_questions,
    staff,  # noqa: F401 (the fixture)
    start_questionnaire,
    text_of,
)


def wav(seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A real WAV file of silence."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


# The first bytes of each format as its tools write them.
OGG_OPUS = b"OggS\x00\x02" + bytes(20) + b"\x01\x13OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
WEBM_OPUS = (  # EBML header with DocType "webm", as Chromium's MediaRecorder starts a file
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02\x18\x53\x80\x67" + bytes(16)
)
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\xc0" + bytes(413))
MP3_FRAMES = (b"\xff\xfb\x90\xc0" + bytes(417 - 4)) * 2  # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
M4A = struct.pack(">I", 24) + b"ftypM4A \x00\x00\x02\x00M4A isom" + bytes(16)

ACCEPTED = {
    "ogg": (OGG_OPUS, "audio/ogg"),
    "webm": (WEBM_OPUS, "audio/webm"),
    "mp3 (ID3)": (MP3_ID3, "audio/mpeg"),
    "mp3 (frames)": (MP3_FRAMES, "audio/mpeg"),
    "m4a": (M4A, "audio/mp4"),
    "wav": (wav(), "audio/wav"),
}
REFUSED = {
    "text": b"Das ist keine Aufnahme.\n",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(32),
    "aac in adts": b"\xff\xf1\x50\x80" + bytes(32),  # frame sync, but layer 00: not MPEG audio
    "ogg without a known codec": b"OggS\x00\x02" + bytes(40),
    "matroska video": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska" + bytes(16),
    "riff but not wave": b"RIFF\x24\x00\x00\x00AVI LIST" + bytes(16),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_each_format_is_known_by_its_first_bytes(name):
    data, media_type = ACCEPTED[name]
    assert media_type_of(data) == media_type


@pytest.mark.parametrize("name", REFUSED)
def test_other_files_are_not_taken_for_audio(name):
    assert media_type_of(REFUSED[name]) is None


def recordings_in(session) -> list[tuple[str, str, str, str]]:
    session.expire_all()
    return [
        (r.questionnaire, r.language, r.key, r.media_type)
        for r in session.scalars(select(Recording).order_by(Recording.language, Recording.key))
    ]


def send(editor: Editor, lang: str, key: str, data: bytes, name: str, content_type: str = "audio/mpeg"):
    """Upload a file from the recordings page, as its form does."""
    page = f"{editor.url}/recordings/{lang}"
    token = csrf_token(editor.staff.get(page).get_data(as_text=True))
    fields = {
        "csrf_token": token,
        "recording": FileStorage(io.BytesIO(data), name, content_type=content_type),
    }
    boundary, body = encode_multipart(fields)  # in memory (the test client's own would spill to a file)
    editor.staff.response = editor.staff.client.post(
        f"{page}/{key}", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    return editor.staff.response


@pytest.fixture
def editor(staff) -> Editor:  # noqa: F811
    editor = start_questionnaire(staff)
    build_two_questions(editor)  # visits (3 options) and missing: 5 things to record
    return editor


def test_a_recording_is_uploaded_listened_to_and_deleted(editor, session):
    editor.staff.get(editor.url + "/recordings/de")
    page = text_of(editor.staff.html)
    assert editor.staff.response.status_code == 200
    assert "Recordings: 0 of 5" in page and "Oft" in page and "Was fehlt Ihnen?" in page
    assert (
        editor.staff.html.count('type="file"') == 5 and 'enctype="multipart/form-data"' in editor.staff.html
    )
    assert "microphone=(self)" in editor.staff.response.headers["Permissions-Policy"]

    # by content: a WAV called .txt and sent as text is a WAV
    response = send(editor, "de", "visits", wav(), "notes.txt", "text/plain")
    assert response.status_code == 302, editor.staff.html
    assert response.location.endswith("/recordings/de#recording-visits")
    assert recordings_in(session) == [("kita_wishes", "de", "visits", "audio/wav")]
    editor.staff.get(response.location)
    assert "The recording is saved." in text_of(editor.staff.html)
    assert "Recordings: 1 of 5" in text_of(editor.staff.html)
    listen = f"{editor.url}/recordings/de/visits"
    assert f'<audio controls preload="none" src="{listen}"' in editor.staff.html

    with editor.staff.client.get(listen) as heard:
        assert heard.status_code == 200 and heard.data == wav()
        assert heard.mimetype == "audio/wav" and heard.headers["Cache-Control"] == "no-store"
    with editor.staff.client.get(listen, headers={"Range": "bytes=0-9"}) as part:
        assert part.status_code == 206 and part.data == wav()[:10]

    # uploading again replaces it, in one row
    assert send(editor, "de", "visits", MP3_FRAMES, "visits.wav", "audio/wav").status_code == 302
    assert recordings_in(session) == [("kita_wishes", "de", "visits", "audio/mpeg")]
    assert send(editor, "ar", "visits.often", OGG_OPUS, "blob").status_code == 302

    token = csrf_token(editor.staff.get(editor.url + "/recordings/de").get_data(as_text=True))
    deleted = editor.staff.client.post(
        editor.url + "/recordings/de/visits/delete", data={"csrf_token": token}
    )
    assert deleted.status_code == 302
    assert recordings_in(session) == [("kita_wishes", "ar", "visits.often", "audio/ogg")]
    assert editor.staff.client.get(listen).status_code == 404
    gone = editor.staff.client.post(editor.url + "/recordings/de/visits/delete", data={"csrf_token": token})
    assert gone.status_code == 404


@pytest.mark.parametrize("name", ["text", "png", "aac in adts"])
def test_a_file_that_is_not_audio_is_refused_with_a_message_and_nothing_is_stored(editor, session, name):
    response = send(editor, "de", "visits.often", REFUSED[name], "recording.mp3", "audio/mpeg")
    assert response.status_code == 422
    page = text_of(editor.staff.html)
    assert "This file is not a recording that phones can play, so it is not saved." in page
    assert (
        'aria-invalid="true"' in editor.staff.html and 'href="#recording-visits.often"' in editor.staff.html
    )
    assert recordings_in(session) == []


def test_an_empty_or_oversized_file_is_refused_and_nothing_is_stored(app, editor, session, monkeypatch):
    assert send(editor, "de", "visits", b"", "").status_code == 422
    assert "Choose an audio file first." in text_of(editor.staff.html)

    limit = app.config["RECORDING_MAX_BYTES"]
    too_long = wav() + bytes(limit + 1 - len(wav()))
    assert send(editor, "de", "visits", too_long, "long.wav").status_code == 422
    assert "The file is larger than 1 MB, so it is not saved." in text_of(editor.staff.html)
    just_right = wav() + bytes(limit - len(wav()))
    assert send(editor, "de", "visits", just_right, "long.wav").status_code == 302
    assert send(editor, "de", "missing", wav(), "x").status_code == 302
    stored = {r[2] for r in recordings_in(session)}
    assert stored == {"visits", "missing"}

    # larger than any request may be: still the page with the message, and nothing stored
    huge = wav() + bytes(app.config["MAX_CONTENT_LENGTH"])
    assert send(editor, "de", "visits.never", huge, "huge.wav").status_code == 413
    assert "The file is larger than 1 MB" in text_of(editor.staff.html)
    assert {r[2] for r in recordings_in(session)} == stored

    monkeypatch.setitem(app.config, "RECORDING_MAX_BYTES", 2_500_000)  # the limit is a setting
    editor.staff.get(editor.url + "/recordings/de")
    assert "up to 2.5 MB" in text_of(editor.staff.html)


def test_the_refusal_is_in_german_on_german_staff_pages(editor, session):
    editor.staff.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    assert send(editor, "ar", "visits", REFUSED["text"], "stimme.mp3").status_code == 422
    page = text_of(editor.staff.html)
    assert "Aufnahmen in العربية (ar)" in page, page[:400]
    assert "Diese Datei ist keine Aufnahme, die Handys abspielen können" in page
    assert recordings_in(session) == []


def test_only_the_drafts_languages_and_keys_take_recordings(editor, session):
    assert editor.staff.get(editor.url + "/recordings/tr").status_code == 404
    assert send(editor, "de", "nothing_like_it", wav(), "a.wav").status_code == 404
    assert (
        send(editor, "de", "missing.often", wav(), "a.wav").status_code == 404
    )  # a text question's "choice"
    assert recordings_in(session) == []


def test_the_editor_counts_recordings_per_language_and_publishing_does_not_need_them(editor, session):
    editor.page()
    page = text_of(editor.staff.html)
    assert "Recordings: 0 of 5 (Deutsch (de))" in page and "Recordings: 0 of 5 (العربية (ar))" in page
    for key in ("visits", "visits.often", "missing"):
        assert send(editor, "ar", key, wav(), "a.wav").status_code == 302
    editor.page()
    page = text_of(editor.staff.html)
    assert "Recordings: 0 of 5 (Deutsch (de))" in page and "Recordings: 3 of 5 (العربية (ar))" in page
    assert f'href="{editor.url}/recordings/ar"' in editor.staff.html
    editor.staff.get(editor.url + "/questions/visits")
    assert f'href="{editor.url}/recordings/ar#recording-visits"' in editor.staff.html

    assert editor.post("/publish", {}).status_code == 302  # without a single German recording
    # A recording of an option whose code changed stays listed, to be deleted.
    assert send(editor, "de", "visits.often", wav(), "a.wav").status_code == 302
    deleted = editor.post(
        "/questions/visits/options/often/delete",
        {"confirmed": "yes"},
        form_page=editor.url + "/questions/visits",
    )
    assert deleted.status_code == 302, editor.staff.html
    editor.staff.get(editor.url + "/recordings/de")
    page = text_of(editor.staff.html)
    assert "Recordings: 0 of 4" in page and "no longer in this draft" in page and "visits.often" in page


# -- on the family pages ------------------------------------------------------------------


def neukoelln(session) -> int:
    return session.scalar(select(District.id).filter_by(code="08"))


def record(session, key: str, language: str = "de", district: int | None = None, data: bytes | None = None):
    stored = store_recording(
        session,
        district_id=district or neukoelln(session),
        questionnaire="family_needs",
        language=language,
        key=key,
        data=data or wav(),
        max_bytes=1_000_000,
        today=dt.date.today(),
    )
    session.commit()
    return stored


AUDIO = re.compile(
    r'<audio class="recording" controls controlslist="[^"]*" preload="none"'
    r' src="([^"]+)" aria-label="([^"]+)">'
)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_family_page_plays_the_recordings_without_javascript(client, session, make_wave, language):
    wave_ = make_wave()
    question = record(session, "children_count", language)
    choice = record(session, "children_count.2", language)
    record(
        session,
        "children_count.3",
        language,
        district=session.scalar(select(District.id).filter_by(code="01")),
    )
    html = Family(client, wave_.locations[0].code, language).start().html
    players = AUDIO.findall(html)
    assert [url for url, _label in players] == [
        f"/s/audio/{question.id}/{question.sha256[:16]}",
        f"/s/audio/{choice.id}/{choice.sha256[:16]}",
    ], "another district's recording of the same questionnaire is not used"
    labels = [label for _url, label in players]
    assert labels[0] in ("Vorlesen", "قراءة بصوت عالٍ") or labels[0], labels
    assert labels[1].endswith(": 2")
    for url, _label in players:  # the button plays the same recording with JavaScript
        assert f'data-audio="{url}"' in html

    with client.get(players[0][0]) as served:
        assert served.status_code == 200 and served.data == wav()
        assert served.mimetype == "audio/wav"
        assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert served.headers["ETag"] == f'"{question.sha256}"'
        assert "Set-Cookie" not in served.headers
        assert served.headers["Accept-Ranges"] == "bytes"
    with client.get(players[0][0], headers={"Range": "bytes=10-19"}) as part:
        assert part.status_code == 206 and part.data == wav()[10:20]
    again = client.get(players[0][0], headers={"If-None-Match": f'"{question.sha256}"'})
    assert again.status_code == 304
    assert client.get(f"/s/audio/{question.id}/0000000000000000").status_code == 404  # not by id alone
    assert client.get(f"/s/audio/{question.id + 1000}/{question.sha256[:16]}").status_code == 404


def test_a_recording_stays_when_a_new_version_is_published(client, session, make_wave):
    record(session, "children_count")
    first = make_wave()
    changed = library_questionnaire("family_needs").to_data()
    changed["title"]["de"] = "Familienbefragung, zweite Runde"
    from questionnaires import questionnaire_from_dict

    second = make_wave(questionnaire=questionnaire_from_dict(changed))
    assert first.questionnaire_version_id != second.questionnaire_version_id
    for wave_ in (first, second):
        html = Family(client, wave_.locations[0].code, "de").start().html
        assert len(AUDIO.findall(html)) == 1


def test_an_uploaded_recording_comes_before_a_file_in_the_instance_folder(app, client, session, make_wave):
    folder = Path(app.instance_path) / "audio" / "family_needs" / "de"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "children_count.mp3").write_bytes(MP3_FRAMES)
    (folder / "children_count.1.mp3").write_bytes(MP3_FRAMES)
    try:
        code = make_wave().locations[0].code
        stored = record(session, "children_count")
        urls = [url for url, _label in AUDIO.findall(Family(client, code, "de").start().html)]
        assert urls == [
            f"/s/audio/{stored.id}/{stored.sha256[:16]}",
            "/s/audio/family_needs/de/children_count.1.mp3",
        ]
    finally:
        for path in folder.iterdir():
            path.unlink()


def test_without_recordings_the_page_has_no_player(client, session, make_wave):
    html = Family(client, make_wave().locations[0].code, "de").start().html
    assert "<audio" not in html
    assert session.scalar(select(func.count()).select_from(Recording)) == 0
