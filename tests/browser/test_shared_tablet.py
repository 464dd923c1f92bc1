"""A shared tablet at a family centre (kiosk mode), and "read aloud", in a real Chromium.

Kiosk mode: after one family has sent its answers, the thank-you page goes back to the
language choice by itself, and nothing the browser keeps (history, back button, reload)
shows that family's answers to the next person.

Read aloud: the button appears only where a recording exists (or the phone has a voice
of its own for the language), and plays the recording from the app's own host; without
JavaScript a recording has the browser's own player instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import LiveServer
from tests.browser.test_every_language import CODE, Speaker, choose_language
from tests.browser.test_family_answers import stored

pytestmark = pytest.mark.browser

KIOSK_START = f"/s/{CODE}?kiosk=1"
ANSWERS = {"children_count": ["2"], "children_age": ["under_3"], "wellbeing": ["good"]}

# What a page shows of a family's answers: chosen boxes, a chosen list entry, the review.
SHOWN_ANSWERS = """() => ({
  checked: [...document.querySelectorAll("input[name=answer]:checked")].map(i => i.value),
  selected: [...document.querySelectorAll("select[name=answer]")].map(s => s.value).filter(v => v),
  review: document.querySelectorAll("dl.review").length,
})"""
NOTHING_SHOWN = {"checked": [], "selected": [], "review": 0}


@pytest.fixture
def kiosk_return(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> int:
    """Back to the start one second after "thank you" (restored after the test)."""
    monkeypatch.setitem(live_server.app.config, "KIOSK_RETURN_SECONDS", 1)
    return 1


def finish_in_kiosk_mode(family: Speaker) -> None:
    """One family answers three questions at the tablet and sends them."""
    family.open(KIOSK_START)
    assert family.page.locator("form input[name=kiosk]").get_attribute("value") == "1"
    choose_language(family, "de")
    family.begin()
    family.on_question("children_count", 1)
    family.pick("2")
    family.nav("next")
    family.pick("under_3")
    family.nav("next")
    while family.seen["screen"] != "wellbeing":
        family.nav("skip")
    family.pick("good")
    family.nav("next")
    family.skip_to_review()
    family.nav("submit")
    assert family.heading == "Danke!"


def at_the_start(family: Speaker, server: LiveServer) -> None:
    """The tablet shows the language choice again, still in kiosk mode."""
    page = family.page
    page.wait_for_url(server.url + KIOSK_START)
    assert page.locator("h1").inner_text().strip() == family._("Choose your language")
    assert page.locator("form input[name=kiosk]").get_attribute("value") == "1"
    assert page.evaluate(SHOWN_ANSWERS) == NOTHING_SHOWN


def press_back(page) -> bool:
    """The browser's Back button; False where Chromium shows its error page instead,
    because the entry was a sent form and the page may not be kept (no-store)."""
    with page.expect_event("framenavigated"):
        try:
            page.go_back()
            arrived = True
        except PlaywrightError as error:
            assert "net::ERR_CACHE_MISS" in error.message, error.message
            arrived = False
    page.wait_for_load_state()
    assert page.url.startswith("chrome-error:") != arrived, page.url
    return arrived


@pytest.mark.parametrize("javascript", [False, True], indirect=True, ids=["nojs", "js"])
@pytest.mark.parametrize("locale", ["de-DE"], indirect=True)
def test_the_next_person_never_sees_the_answers(phone, live_server, kiosk_return, monkeypatch, javascript):
    family = Speaker(phone, live_server, "de")
    page = family.page
    finish_in_kiosk_mode(family)
    assert stored(live_server, CODE) == [("de", ANSWERS)]
    refresh = page.locator("meta[http-equiv=refresh]").get_attribute("content")
    assert refresh == f"{kiosk_return};url={KIOSK_START}"
    again = page.get_by_role("link", name=family._("Start for the next person"), exact=True)
    assert again.get_attribute("href") == KIOSK_START
    assert page.evaluate(SHOWN_ANSWERS) == NOTHING_SHOWN

    at_the_start(family, live_server)  # by itself, without a tap

    # The next person presses Back until the first page. Without JavaScript every sent
    # form comes back as Chromium's "Confirm Form Resubmission" page, never as the page it
    # led to (with it, as the thank-you page). Reloading
    # it sends the form again, and must show the thank-you page: tried with the form that
    # led to the review, the one that sent the first answer, and the start page's form.
    # (Now with a long return time, so the resent thank-you pages stay while Back is pressed.)
    monkeypatch.setitem(live_server.app.config, "KIOSK_RETURN_SECONDS", 30)
    cdp = phone.new_cdp_session(page)
    entries = [entry["url"] for entry in cdp.send("Page.getNavigationHistory")["entries"]]
    first = entries.index(live_server.url + KIOSK_START)
    assert entries[first + 1] == f"{live_server.url}/s/{CODE}/de?kiosk=1"  # the start page (GET)
    forms = [i for i, url in enumerate(entries) if url == f"{live_server.url}/s/{CODE}/de"]
    assert forms == list(range(first + 2, len(entries) - 1)), entries  # then only sent forms
    resend = {forms[-1], forms[1], forms[0]}
    visited: list[str] = []
    errors, resent = 0, 0
    while (index := cdp.send("Page.getNavigationHistory")["currentIndex"]) > first:
        arrived = press_back(page)
        index -= 1
        visited.append(f"{index} {page.url}")
        assert page.evaluate(SHOWN_ANSWERS) == NOTHING_SHOWN, visited
        if javascript:
            # family.js made every entry a plain address that sends its screen again:
            # each comes back as a page, and a sent form's screen is the thank-you page.
            assert arrived, visited
            page.wait_for_function("() => document.readyState === 'complete' && !document.body.hidden")
            assert page.evaluate(SHOWN_ANSWERS) == NOTHING_SHOWN, visited
            heading = page.locator("h1").inner_text().strip()
            assert heading == family._("Thank you!") or index <= first, visited
            continue
        if arrived:
            assert index <= first + 1, visited  # only the GET pages come back as pages
            continue
        errors += 1
        if index in resend:
            response = page.reload()  # "Continue" on Chromium's page: the form is sent again
            family._arrived(response, 200)
            assert family.heading == "Danke!", visited
            assert page.evaluate(SHOWN_ANSWERS) == NOTHING_SHOWN, visited
            resent += 1
    assert (errors, resent) == ((0, 0) if javascript else (len(forms), 3)), visited
    at_the_start(family, live_server)
    assert stored(live_server, CODE) == [("de", ANSWERS)]  # nothing was stored twice
    family.check_private()


# -- read aloud ---------------------------------------------------------------------------

QUESTION_RECORDING = ("family_needs", "de", "children_count.mp3")
# A quarter of a second of silence: ten MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono)
# whose side information is all zero.
SILENCE_MP3 = (b"\xff\xfb\x90\xc0" + bytes(417 - 4)) * 10

VOICES = """() => new Promise(resolve => {
  if (!("speechSynthesis" in window)) return resolve(null);
  const report = () => speechSynthesis.getVoices().map(
    v => ({name: v.name, lang: v.lang, local: v.localService}));
  if (report().length) return resolve(report());
  // Chromium may list its voices a moment later; family.js reveals the buttons then too.
  speechSynthesis.addEventListener("voiceschanged", () => resolve(report()), {once: true});
  setTimeout(() => resolve(report()), 500);
})"""

# Notes what became of every play() of a recording: "played" or the error's name.
PLAY_OUTCOME = """window.__played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  const started = play.call(this);
  started.then(() => window.__played.push(["played", this.src]),
               (error) => window.__played.push([error.name, this.src]));
  return started;
};"""


def refresh_recordings(server: LiveServer) -> None:
    """Let the app look at the audio folder again (it keeps the listing for a while)."""
    server.app.extensions.get("recordings", {}).clear()


@pytest.fixture
def recording(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch):
    """Where a recording of the first question goes; removed again after the test."""
    monkeypatch.setitem(live_server.app.config, "FAMILY_LINK_CACHE_SECONDS", 0)
    audio = Path(live_server.app.instance_path) / "audio"
    path = audio.joinpath(*QUESTION_RECORDING)
    assert not path.exists(), path
    made = [folder for folder in (path.parent, path.parent.parent, audio) if not folder.exists()]
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
        for folder in made:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        refresh_recordings(live_server)  # while the cache time is still 0


def to_first_question(family: Speaker) -> None:
    """From the first question back to the start page and forward again: a new page."""
    family.nav("back")
    family.begin()
    family.on_question("children_count", 1)


def read_aloud_buttons(family: Speaker) -> list[dict]:
    return family.page.locator("button.read-aloud").evaluate_all("""buttons => buttons.map(b => ({
        read: b.dataset.read, audio: b.dataset.audio ?? null,
        shown: b.getClientRects().length > 0 && getComputedStyle(b).visibility !== "hidden"}))""")


@pytest.mark.parametrize("javascript", [True], indirect=True, ids=["js"])
@pytest.mark.parametrize("locale", ["de-DE"], indirect=True)
def test_read_aloud_plays_the_recording_from_the_app(phone, live_server, recording, javascript):
    phone.add_init_script(PLAY_OUTCOME)
    family = Speaker(phone, live_server, "de")
    family.open(f"/s/{CODE}/de")
    family.begin()
    family.on_question("children_count", 1)

    # The premise: this Chromium has no voice of its own for German (none at all, usually).
    voices = family.page.evaluate(VOICES)
    assert voices is not None, "speechSynthesis is missing"
    assert not [v for v in voices if v["local"] and v["lang"].lower().split("-")[0] == "de"], voices
    buttons = read_aloud_buttons(family)
    assert len(buttons) == 6  # the question and its five choices
    assert [b for b in buttons if b["shown"] or b["audio"]] == []

    recording.parent.mkdir(parents=True, exist_ok=True)
    recording.write_bytes(SILENCE_MP3)
    to_first_question(family)
    url = "/s/audio/" + "/".join(QUESTION_RECORDING)
    buttons = read_aloud_buttons(family)
    assert [b for b in buttons if b["shown"]] == [{"read": "question-text", "audio": url, "shown": True}]
    assert [b for b in buttons if b["audio"]] == [{"read": "question-text", "audio": url, "shown": True}]

    before = len(family.requests)
    read_aloud = family.page.get_by_role("button", name=family._("Read aloud"), exact=True)
    with family.page.expect_response(lambda r: r.url == live_server.url + url) as played:
        read_aloud.tap()
    assert played.value.status in (200, 206), played.value.status
    assert played.value.headers["content-type"] == "audio/mpeg"
    body = played.value.body()
    assert body and SILENCE_MP3.startswith(body)  # the file itself (or its first range)
    assert live_server.url + url in family.requests[before:]
    family.page.wait_for_function("() => window.__played.length > 0")
    assert family.page.evaluate("window.__played") == [["played", live_server.url + url]]  # it really plays
    family.check_private()  # nothing asked of any other host, no cookie

    recording.unlink()  # without the file the button goes again
    to_first_question(family)
    assert [b for b in read_aloud_buttons(family) if b["shown"] or b["audio"]] == []


@pytest.mark.parametrize("locale", ["de-DE"], indirect=True)
def test_without_javascript_a_recording_has_the_browsers_own_player(phone, live_server, recording):
    family = Speaker(phone, live_server, "de")
    family.open(f"/s/{CODE}/de")
    family.begin()
    family.on_question("children_count", 1)
    assert [b for b in read_aloud_buttons(family) if b["shown"]] == []
    assert family.page.locator("audio").count() == 0

    recording.parent.mkdir(parents=True, exist_ok=True)
    recording.write_bytes(SILENCE_MP3)
    to_first_question(family)
    buttons = read_aloud_buttons(family)
    assert [b["read"] for b in buttons if b["audio"]] == ["question-text"]  # the button needs JavaScript
    assert [b for b in buttons if b["shown"]] == []
    assert family.page.get_by_role("button", name=family._("Read aloud")).count() == 0
    url = "/s/audio/" + "/".join(QUESTION_RECORDING)
    player = family.page.locator("audio.recording")
    assert player.count() == 1 and player.is_visible()
    assert player.get_attribute("src") == url and player.get_attribute("preload") == "none"
    assert not [url for url in family.requests if "/s/audio/" in url]  # fetched only when played
    family.check_private()


# A voice of the phone's own for Arabic (Chromium here has none): what it is asked to say
# is noted in window.__spoken.
ARABIC_VOICE = """(() => {
  window.__spoken = [];
  const voice = {name: "Phone", lang: "ar-SA", localService: true, default: true, voiceURI: "phone"};
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    getVoices: () => [voice], speak: (u) => window.__spoken.push(u.text), cancel: () => {},
    addEventListener: () => {}}});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""


@pytest.mark.parametrize("javascript", [True], indirect=True, ids=["js"])
@pytest.mark.parametrize("locale", ["ar"], indirect=True)
def test_the_start_review_and_thank_you_pages_are_read_aloud(phone, live_server):
    phone.add_init_script(ARABIC_VOICE)
    family = Speaker(phone, live_server, "ar")
    page = family.page

    def read_aloud() -> str:
        button = page.get_by_role("button", name=family._("Read aloud"), exact=True)
        assert button.count() == 1 and button.is_visible(), page.url
        before = len(page.evaluate("window.__spoken"))
        button.tap()
        spoken = page.evaluate("window.__spoken")
        assert len(spoken) == before + 1, spoken
        return spoken[-1]

    family.open(f"/s/{CODE}/ar")
    said = read_aloud()
    assert said.startswith(family.heading + " ") and "Familienzentrum Rixdorf" in said  # title, then text
    assert ".." not in said and "؟." not in said
    family.begin()
    family.skip_to_review()
    assert read_aloud().startswith(family._("Check your answers"))
    family.nav("submit")
    said = read_aloud()
    assert said.startswith(family._("Thank you!")) and family._("Your answers have been saved.")[:12] in said
    family.check_private()
