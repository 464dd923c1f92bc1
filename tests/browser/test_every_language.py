"""A family finishes the default questionnaire in each of the ten languages, in a real
Chromium on a small phone, with JavaScript on and off.

Answers are picked by their codes (``value``), never by translated labels, so the same
steps work in every language; the buttons are pressed by their ``value`` and their text
is compared with the translation catalogue (``translations/<lang>/LC_MESSAGES/*.po``),
and every heading with the questionnaire's own text in that language.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from questionnaires.library import library_questionnaire
from tests.browser.conftest import LiveServer
from tests.browser.test_family_answers import Family, stored

pytestmark = pytest.mark.browser

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
QUESTIONNAIRE = library_questionnaire("family_needs")
CODE = "FZRIXD"  # the demo survey's family link (Familienzentrum Rixdorf, region 081004)

# Each language, the phone locale that asks for it, and its name in itself.
LANGUAGES = {
    "de": ("de-DE", "Deutsch"),
    "tr": ("tr-TR", "Türkçe"),
    "ar": ("ar-SY", "العربية"),
    "uk": ("uk-UA", "Українська"),
    "ru": ("ru-RU", "Русский"),
    "fa": ("fa-IR", "فارسی"),
    "en": ("en-GB", "English"),
    "bg": ("bg-BG", "Български"),
    "ro": ("ro-RO", "Română"),
    "vi": ("vi-VN", "Tiếng Việt"),
}
RIGHT_TO_LEFT = {"ar", "fa"}

# What the button with this ``value`` says (the msgid of its text).
BUTTON_TEXT = {"next": "Next", "skip": "Skip", "back": "Back", "submit": "Send", "review": "Next"}

# The answers every family gives, by code: one of each kind of question.
ANSWERS = {
    "children_count": ["2"],  # single choice
    "children_age": ["under_3"],  # multiple choice
    "district_region": ["081004"],  # the <select> list
    "wellbeing": ["good"],  # the face scale
}


@cache
def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def translate(language: str, msgid: str, **values: object) -> str:
    """What the app shows for ``msgid`` in ``language`` (the msgid where untranslated)."""
    message = catalogue(language).get(msgid)
    text = message.string if message is not None and message.string and not message.fuzzy else msgid
    return text % values if values else text


def question_text(code: str, language: str) -> str:
    return QUESTIONNAIRE.question(code).text.by_language[language]


def choice_text(question: str, choice: str, language: str) -> str:
    found = next(c for c in QUESTIONNAIRE.question(question).choices if c.code == choice)
    return found.text.by_language[language]


# Everything the checks need from a page, in one round trip to the browser.
LOOK = """() => {
  const h1 = document.querySelector("h1");
  let heading = "";
  if (h1) {
    const seen = h1.cloneNode(true);
    seen.querySelectorAll(".visually-hidden").forEach(el => el.remove());
    heading = seen.textContent.trim();
  }
  const buttons = {};
  for (const b of document.querySelectorAll("main button[name=nav]")) buttons[b.value] = b.textContent.trim();
  return {
    lang: document.documentElement.getAttribute("lang"),
    dir: document.documentElement.getAttribute("dir"),
    heading,
    screen: document.querySelector("input[name=screen]")?.value ?? null,
    progress: document.querySelector("p.progress")?.textContent.trim() ?? null,
    buttons,
  };
}"""


class Speaker(Family):
    """A family that reads one language: presses buttons by value, picks answers by code,
    and checks that every page is in its language and direction."""

    def __init__(self, context, server: LiveServer, language: str):
        super().__init__(context, server)
        self.language = language
        self.seen: dict = {}

    def _(self, msgid: str, **values: object) -> str:
        return translate(self.language, msgid, **values)

    def _arrived(self, response, status: int) -> None:
        super()._arrived(response, status)
        self.seen = self.page.evaluate(LOOK)

    # -- moving -----------------------------------------------------------------------
    def nav(self, value: str, status: int = 200) -> None:
        """Press the form's button with this ``value`` (the last one on the review page)."""
        shown = self.seen["buttons"].get(value)
        assert shown == self._(BUTTON_TEXT[value]), (self.page.url, value, self.seen)
        with self.page.expect_navigation() as navigation:
            self.page.locator(f"main button[name=nav][value={value}]").last.tap()
        self._arrived(navigation.value, status)

    def begin(self) -> None:
        """On the start page: press its one button ("Start" in the language)."""
        assert self.heading == QUESTIONNAIRE.title.by_language[self.language]
        self.press(self._("Start"))

    def pick(self, *values: str) -> None:
        """Tap the choices with these codes (toggles checkboxes) and see them checked."""
        for value in values:
            self.page.locator(f"label.choice:has(input[name=answer][value='{value}'])").tap()
        assert sorted(self.picked()) == sorted(values), (values, self.picked())

    def choose(self, value: str) -> None:
        """Choose an entry of the list question by its code."""
        self.page.locator("select[name=answer]").select_option(value=value)

    def skip_to_review(self) -> None:
        review = self._("Check your answers")
        for _ in range(len(QUESTIONNAIRE.questions) + 1):
            if self.heading == review:
                return
            self.nav("skip")
        raise AssertionError(f"never reached the review page ({self.page.url})")

    # -- looking ----------------------------------------------------------------------
    @property
    def heading(self) -> str:
        return self.seen["heading"]

    def in_language(self, language: str | None = None) -> None:
        language = language or self.language
        direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
        assert (self.seen["lang"], self.seen["dir"]) == (language, direction), self.page.url

    def on_question(self, code: str, number: int | None = None) -> None:
        self.in_language()
        assert self.heading == question_text(code, self.language), (code, self.page.url)
        assert self.seen["screen"] == code
        if number is not None:
            progress = self._(
                "Question %(number)s of %(total)s", number=number, total=len(QUESTIONNAIRE.questions)
            )
            assert self.seen["progress"] == progress

    def picked(self) -> list[str]:
        checked = self.page.locator("input[name=answer]:checked")
        return checked.evaluate_all("boxes => boxes.map(b => b.value)")


def choose_language(family: Speaker, language: str) -> None:
    """The language page: every language is offered, named in itself and in its own
    direction, the phone's language is suggested; choose ``language``."""
    offered = family.page.locator("label.choice").evaluate_all("""labels => labels.map(l => [
        l.querySelector("input[name=lang]").value, l.getAttribute("lang"), l.getAttribute("dir"),
        l.querySelector(".label").textContent.trim()])""")
    assert offered == [
        [code, code, "rtl" if code in RIGHT_TO_LEFT else "ltr", name]
        for code, (_locale, name) in LANGUAGES.items()
    ]
    family.page.locator(f"label.choice:has(input[name=lang][value={language}])").tap()
    assert family.page.locator(f"input[name=lang][value={language}]").is_checked()
    family.press(family._("Continue"))


CASES = [
    pytest.param(LANGUAGES[language][0], javascript, id=f"{language}-{'js' if javascript else 'nojs'}")
    for language in LANGUAGES
    for javascript in (False, True)
]


@pytest.mark.parametrize(("locale", "javascript"), CASES, indirect=True)
def test_family_finishes_in_every_language(phone, live_server, artifacts, locale, javascript):
    language = locale.split("-")[0]
    family = Speaker(phone, live_server, language)

    family.open(f"/s/{CODE}")
    family.in_language()  # the page speaks the phone's language
    assert family.heading == family._("Choose your language")
    assert family.page.locator("input[name=lang]:checked").get_attribute("value") == language
    choose_language(family, language)

    family.in_language()
    family.begin()

    family.on_question("children_count", 1)
    if not javascript:
        family.screenshot(artifacts, f"every-{language}-q1")  # before tapping (no tap highlight)
    family.pick(*ANSWERS["children_count"])
    family.nav("next")

    family.on_question("children_age", 2)
    family.pick(*ANSWERS["children_age"])
    family.nav("next")

    family.on_question("caregivers", 3)
    family.nav("skip")

    family.on_question("district_region", 4)
    family.choose(*ANSWERS["district_region"])
    family.nav("next")

    family.on_question("benefits", 5)
    family.nav("skip")

    family.on_question("wellbeing", 6)
    assert family.page.locator(".choices.scale label.choice").count() == 5  # the faces
    family.pick(*ANSWERS["wellbeing"])
    family.nav("next")

    family.on_question("difficulties", 7)
    family.skip_to_review()
    family.in_language()
    answered = dict(
        family.page.locator(".review .row:has(dd bdi)").evaluate_all("""rows => rows.map(
        r => [r.querySelector("dt"), r.querySelector("dd bdi")].map(e => e.innerText.trim()))""")
    )
    assert answered == {
        question_text("children_count", language): "2",
        question_text("children_age", language): choice_text("children_age", "under_3", language),
        question_text("district_region", language): "Rixdorf",
        question_text("wellbeing", language): choice_text("wellbeing", "good", language),
    }
    skipped = family.page.locator(".review dd .skipped").all_inner_texts()
    assert skipped == [family._("Skipped")] * (len(QUESTIONNAIRE.questions) - len(ANSWERS))
    family.nav("submit")

    family.in_language()
    assert family.heading == family._("Thank you!")
    assert stored(live_server, CODE) == [(language, ANSWERS)]
    family.check_private()


@pytest.mark.parametrize("locale", ["ar-SY"], indirect=True)
def test_no_blank_space_above_the_question(phone, live_server):
    """The page's symbols (the speaker of "read aloud") take no room: an <svg hidden> was
    laid out as a blank 300×150 px box above every question (the HTML hidden attribute
    does not apply to SVG elements), seen in the every-<lang>-q1.png screenshots."""
    family = Speaker(phone, live_server, "ar")
    family.open(f"/s/{CODE}/ar")
    family.begin()
    family.on_question("children_count", 1)
    boxes = family.page.locator("main > *").evaluate_all(
        "els => els.map(el => [el.tagName.toLowerCase(), el.getBoundingClientRect().height])"
    )
    symbols_laid_out = [(tag, height) for tag, height in boxes if tag == "svg" and height > 0]
    assert not symbols_laid_out, symbols_laid_out
    gap = family.page.evaluate("""() => document.querySelector("p.progress").getBoundingClientRect().top
        - document.querySelector("header.site").getBoundingClientRect().bottom""")
    assert gap < 48, f"{gap} px between the header and the question"


@pytest.mark.parametrize("javascript", [False, True], indirect=True, ids=["nojs", "js"])
@pytest.mark.parametrize("locale", ["de-DE"], indirect=True)
def test_family_switches_to_arabic_in_the_middle(phone, live_server, javascript):
    family = Speaker(phone, live_server, "de")
    family.open(f"/s/{CODE}")
    choose_language(family, "de")
    family.begin()
    family.on_question("children_count", 1)
    family.pick("2")
    family.nav("next")
    family.on_question("children_age", 2)
    family.pick("under_3", "6_11")
    family.nav("next")
    family.on_question("caregivers", 3)
    family.pick("two_adults")  # chosen on this screen, not yet sent with "Next"

    switch = family.page.locator("details.language-switch")
    assert switch.locator("summary").inner_text().strip() == "Sprache: Deutsch"
    switch.locator("summary").tap()
    arabic = switch.get_by_role("button", name="العربية", exact=True)
    assert arabic.get_attribute("lang") == "ar" and arabic.get_attribute("dir") == "rtl"
    with family.page.expect_navigation() as navigation:
        arabic.tap()
    family._arrived(navigation.value, 200)

    family.language = "ar"
    family.on_question("caregivers", 3)  # the same question, now in Arabic, right to left
    assert family.page.locator("details.language-switch summary").inner_text().strip() == "اللغة: العربية"
    assert family.picked() == ["two_adults"]
    family.nav("back")
    family.on_question("children_age", 2)
    assert sorted(family.picked()) == ["6_11", "under_3"]
    family.nav("back")
    family.on_question("children_count", 1)
    assert family.picked() == ["2"]
    for question in ("children_count", "children_age", "caregivers"):
        family.on_question(question)
        family.nav("next")
    family.skip_to_review()
    family.in_language()
    family.nav("submit")
    assert family.heading == translate("ar", "Thank you!")

    assert stored(live_server, CODE) == [
        (
            "ar",
            {
                "children_count": ["2"],
                "children_age": ["6_11", "under_3"],
                "caregivers": ["two_adults"],
            },
        )
    ]
    family.check_private()
