"""Read-aloud recordings from the questionnaire editor to a family's phone, in a real
Chromium: a district administrator uploads a recording of the first question in German
and of the question and one answer in Arabic on the editor's recordings pages (JavaScript
off), a text file named .mp3 is refused with a German message; then on a phone with
JavaScript off the family page has the browser's own player, which plays the recording
from the app's own host (no cookie), and axe finds nothing on the page; with JavaScript
the "Vorlesen" button takes the player's place, so there is one control per recording.
With JavaScript on the staff page, "Record" records from a (fake) microphone and uploads
what Chromium's MediaRecorder makes, which the content check takes as WebM.

Screenshots go to test-artifacts/recordings-*.png.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import wave

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_every_language import Speaker
from tests.browser.test_staff_editor_and_waves import log_in
from tests.browser.test_staff_flow import Browser
from tests.conftest import require

pytestmark = pytest.mark.browser

CODE = "FZRIXD"  # a demo family centre of Neukölln, whose wave asks family_needs


def wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    """Half a second of a quiet 440 Hz tone, as a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        frames = bytearray()
        for n in range(int(seconds * rate)):
            value = 2000 if (n * 440 * 2 // rate) % 2 else -2000  # a square wave
            frames += value.to_bytes(2, "little", signed=True)
        sound.writeframes(bytes(frames))
    return buffer.getvalue()


# With JavaScript off the page runs no callbacks (no events, no timers): the test starts
# the player and then looks at it from outside until it has played a moment.
PLAY = "() => { document.querySelector('audio.recording').play(); }"
HEARD = """() => {
  const audio = document.querySelector("audio.recording");
  return {readyState: audio.readyState, duration: audio.duration, time: audio.currentTime,
          ended: audio.ended, played: audio.played.length, error: audio.error && audio.error.code,
          src: audio.currentSrc};
}"""


def play(page) -> dict:
    """Play the page's first recording; what the player says once it has played a moment."""
    page.evaluate(PLAY)
    deadline = time.monotonic() + 5
    while True:
        heard = page.evaluate(HEARD)
        if heard["error"] or heard["time"] > 0 or heard["ended"] or time.monotonic() > deadline:
            return heard
        time.sleep(0.05)


def upload(staff: Browser, key: str, name: str, data: bytes, mime: str, status: int = 200) -> None:
    row = staff.page.locator(f"li[id='recording-{key}']")
    row.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    staff.follow(row.get_by_role("button", name=re.compile("^Hochladen")), status)


def test_a_recording_from_the_editor_plays_on_the_phone_without_javascript(
    german, chromium, server, artifacts
):
    staff = Browser(german.new_page(), server, artifacts)
    page = staff.page
    log_in(staff)
    staff.open("/staff/questionnaires")
    staff.follow(page.get_by_role("button", name=re.compile("^Neuen Entwurf daraus erstellen")).first)
    draft = page.url.split("#")[0]
    row = page.locator("tr#language-de")
    counted = row.get_by_role("link", name=re.compile(r"^Aufnahmen: 0 von \d+"))
    total = int(re.search(r"von (\d+)", counted.inner_text()).group(1))
    assert total > 15  # each question and each answer shown as a button
    staff.follow(counted)
    assert staff.heading() == "Aufnahmen in Deutsch (de)"

    # a text file named like a recording is refused, in German, and nothing is kept
    upload(staff, "children_count.1", "stimme.mp3", b"Hallo, das ist ein Text.", "audio/mpeg", 422)
    assert (
        "Diese Datei ist keine Aufnahme, die Handys abspielen können"
        in page.get_by_role("alert").inner_text()
    )
    assert page.locator("li[id='recording-children_count.1'] .error").count() == 1
    staff.shot("recordings-refused")
    assert f"Aufnahmen: 0 von {total}" in page.locator("main").inner_text()

    upload(staff, "children_count", "frage1.wav", wav(), "audio/wav")
    assert staff.flash() == "Die Aufnahme ist gespeichert."
    assert f"Aufnahmen: 1 von {total}" in page.locator("main").inner_text()
    assert page.locator("li[id='recording-children_count'] audio").count() == 1  # to listen to
    staff.shot("recordings-de")

    staff.open(draft.removeprefix(server.url) + "/recordings/ar")
    assert staff.heading() == "Aufnahmen in العربية (ar)"
    upload(staff, "children_count", "سؤال.wav", wav(), "audio/wav")
    upload(staff, "children_count.2", "two.wav", wav(0.3), "application/octet-stream")
    staff.open(draft.removeprefix(server.url))
    assert page.locator("tr#language-ar").get_by_text(f"Aufnahmen: 2 von {total}").count() == 1

    for language, players in (("de", 1), ("ar", 2)):
        phone = chromium.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, java_script_enabled=False
        )
        try:
            family = Speaker(phone, server, language)
            family.open(f"/s/{CODE}/{language}")
            family.begin()
            family.on_question("children_count", 1)
            audio = family.page.locator("audio.recording")
            assert audio.count() == players
            assert all(a.is_visible() for a in audio.all())
            assert family.page.locator("button.read-aloud:visible").count() == 0  # needs JavaScript
            heard = play(family.page)
            assert heard["error"] is None and (heard["time"] > 0 or heard["ended"]), heard
            assert heard["readyState"] >= 2 and abs(heard["duration"] - 0.5) < 0.05, heard
            assert heard["played"] >= 1, heard  # a time range of it was played
            assert heard["src"].startswith(f"{server.url}/s/audio/")
            family.check_private()  # the sound came from the app's own host, and no cookie
            family.page.screenshot(path=artifacts / f"recordings-family-{language}.png", full_page=True)
        finally:
            phone.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_player_is_axe_clean_fits_the_phone_and_gives_way_to_the_button(chromium, server, language):
    from survey.extensions import db
    from survey.models import District
    from survey.services.recordings import store_recording

    with server.app.app_context():
        district = db.session.query(District).filter_by(code="08").one()
        for key in ("children_count", "children_count.1", "children_count.4_plus"):
            store_recording(
                db.session,
                district_id=district.id,
                questionnaire="family_needs",
                language=language,
                key=key,
                data=wav(),
                max_bytes=1_000_000,
                today=dt.date.today(),
            )
        db.session.commit()

    require(AXE.is_file(), f"axe-core is not installed at {AXE} (make axe)")
    # The page as a phone without JavaScript shows it (family.js is kept away), with axe.
    for width in (PHONE["width"], PHONE["width"] // 2):  # 360 px, and 360 px at 200 % zoom
        context = chromium.new_context(
            viewport={"width": width, "height": 740}, java_script_enabled=True, bypass_csp=True
        )
        try:
            context.add_init_script(path=AXE)
            context.route(re.compile(r".*/assets/family\.[0-9a-f]+\.js$"), lambda route: route.abort())
            page = context.new_page()
            page.goto(f"{server.url}/s/{CODE}/{language}")
            with page.expect_navigation():
                page.locator("main button[name=nav][value=next]").click()
            assert page.locator("audio.recording:visible").count() == 3
            assert axe_violations(page) == []
            wide = page.evaluate(
                "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert wide <= 0, f"{width} px: scrolls sideways by {wide} px"
        finally:
            context.close()

    # With JavaScript the "Vorlesen" buttons play the recordings: no player beside them.
    context = chromium.new_context(viewport=PHONE, java_script_enabled=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/s/{CODE}/{language}")
        with page.expect_navigation():
            page.locator("main button[name=nav][value=next]").click()
        page.wait_for_function("() => document.querySelector('audio.recording').hidden")
        assert page.locator("audio.recording:visible").count() == 0
        shown = page.locator("button.read-aloud[data-audio]:visible")
        assert shown.count() == 3
    finally:
        context.close()


def test_the_record_button_records_in_the_browser_and_uploads_it(chromium, server):
    """Chromium with a fake microphone (a beep) and no permission prompt."""
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
    )
    try:
        context = browser.new_context(viewport=DESKTOP, locale="de-DE")
        context.grant_permissions(["microphone"], origin=server.url)
        staff = Browser(context.new_page(), server, None)
        page = staff.page
        log_in(staff)
        staff.open("/staff/questionnaires")
        staff.follow(page.get_by_role("button", name=re.compile("^Neuen Entwurf daraus erstellen")).first)
        staff.open(page.url.split("#")[0].removeprefix(server.url) + "/recordings/de")
        row = page.locator("li[id='recording-children_count']")
        row.get_by_role("button", name="Aufnehmen").click()
        row.get_by_role("button", name="Beenden und speichern").wait_for()  # the microphone is on
        assert row.locator("[aria-live]").inner_text().startswith("Aufnahme läuft")
        page.wait_for_timeout(1500)
        staff.follow(row.get_by_role("button", name="Beenden und speichern"))
        assert staff.flash() == "Die Aufnahme ist gespeichert."
        assert page.locator("li[id='recording-children_count'] audio").count() == 1
    finally:
        browser.close()

    from survey.extensions import db
    from survey.models import Recording

    with server.app.app_context():
        recording = db.session.query(Recording).one()
        assert (recording.key, recording.language, recording.media_type) == (
            "children_count",
            "de",
            "audio/webm",
        )
        assert recording.size > 1000
