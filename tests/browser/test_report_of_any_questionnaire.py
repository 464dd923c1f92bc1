"""The report of any questionnaire, read and downloaded as a district administrator does,
in a real Chromium the size of an office screen, with JavaScript off.

The demo's district administrator of Neukölln

1. builds a questionnaire from nothing in the web editor, in German with an English
   translation: one question of every type the editor offers (one answer, several
   answers with an exclusive "Nichts davon" and at most 3 answers, a scale of 4 steps,
   a list of the district regions, yes/no, a number from 1 to 12, free text and an
   information screen); the number and the free text are shown only after certain
   answers to an earlier question, and the one-answer and the yes/no question may break
   the report down ("In reports");
2. publishes it. Two closed waves of about 300 synthetic answers each are then stored
   for it at the demo's two family centres (the same publishing path as real waves);
3. opens the later wave's report: a table for every question that takes an answer (the
   number as ranges, the scale in scale order), nothing of the built-in needs report;
   the breakdowns offered are location, district region, language, help, and the two
   marked questions — each of them, chosen, breaks the tables down by its groups;
4. compares with the earlier wave: a comparison table per question with both waves;
5. downloads the PDF, the workbook and the CSV tables (German and English) and looks
   inside each.

Screenshots go to test-artifacts/report-any-*.png.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from tests.browser.conftest import LiveServer
from tests.browser.test_staff_flow import ADMIN, Browser, completeness, demo_password, language_row, log_in

pytestmark = pytest.mark.browser

GERMAN, ENGLISH = "Deutsch (de)", "English (en)"  # the editor's labels of the two languages
CODE = "alltag_kiez"
TITLE = "Alltag im Kiez"
EARLIER, LATER = "Frühjahr: Alltag im Kiez", "Herbst: Alltag im Kiez"  # the two waves

# code, the editor's type label, German text, options (code, German, exclusive)
INFO = ("willkommen", "Information (no answer)", "Danke, dass Sie mitmachen! Die Befragung ist anonym.", [])
SINGLE = (
    "wohnform",
    "One answer",
    "Wie wohnt Ihre Familie?",
    [
        ("miete", "Zur Miete", False),
        ("eigentum", "In der eigenen Wohnung", False),
        ("verwandte", "Bei Verwandten", False),
        ("anders", "Anders", False),
    ],
)
YESNO = ("kita", "Yes or no", "Geht ein Kind von Ihnen in eine Kita?", [])
NUMBER = ("kita_stunden", "A number", "Wie viele Stunden am Tag ist Ihr Kind in der Kita?", [])
MULTIPLE = (
    "wuensche",
    "Several answers",
    "Was wünschen Sie sich im Kiez?",
    [
        ("spielplatz", "Mehr Spielplätze", False),
        ("beratung", "Beratung in meiner Sprache", False),
        ("sport", "Sport für Kinder", False),
        ("kultur", "Kultur für Familien", False),
        ("ruhe", "Ruhige Orte", False),
        ("nichts", "Nichts davon", True),
    ],
)
SCALE = (
    "zufriedenheit",
    "Scale with faces (3 to 5 steps)",
    "Wie gern leben Sie in Ihrem Kiez?",
    [
        ("sehr_gern", "Sehr gern", False),
        ("gern", "Gern", False),
        ("weniger_gern", "Weniger gern", False),
        ("ungern", "Ungern", False),
    ],
)
LIST = (
    "wohngegend",
    "One answer from a long list",
    "In welcher Gegend wohnen Sie?",
    [("ausserhalb", "Außerhalb von Neukölln", False)],
)
TEXT = ("verbesserung", "Free text", "Was sollte im Kiez besser werden?", [])
QUESTIONS = [INFO, SINGLE, YESNO, NUMBER, MULTIPLE, SCALE, LIST, TEXT]
ANSWERED = [q for q in QUESTIONS if q is not INFO]  # the questions that take an answer
BREAKDOWNS = [SINGLE, YESNO]  # marked "Reports may break the other questions down …"
CONDITIONS = {NUMBER[0]: (YESNO, ["Yes"]), TEXT[0]: (SCALE, ["Weniger gern", "Ungern"])}
NUMBER_RANGE = (1, 12)

ENGLISH_TEXTS = {
    TITLE: "Everyday life in the neighbourhood",
    INFO[2]: "Thank you for taking part! The survey is anonymous.",
    SINGLE[2]: "How does your family live?",
    "Zur Miete": "Renting",
    "In der eigenen Wohnung": "In our own flat",
    "Bei Verwandten": "With relatives",
    "Anders": "Otherwise",
    YESNO[2]: "Does a child of yours go to a day-care centre?",
    NUMBER[2]: "How many hours a day is your child at the day-care centre?",
    MULTIPLE[2]: "What would you like in your neighbourhood?",
    "Mehr Spielplätze": "More playgrounds",
    "Beratung in meiner Sprache": "Advice in my language",
    "Sport für Kinder": "Sports for children",
    "Kultur für Familien": "Culture for families",
    "Ruhige Orte": "Quiet places",
    "Nichts davon": "None of these",
    SCALE[2]: "How much do you like living in your neighbourhood?",
    "Sehr gern": "Very much",
    "Gern": "Quite a lot",
    "Weniger gern": "Not so much",
    "Ungern": "Not at all",
    LIST[2]: "Where do you live?",
    "Außerhalb von Neukölln": "Outside Neukölln",
    TEXT[2]: "What should get better in the neighbourhood?",
}

# What the German report calls its parts (analysis/texts.py, as a reader sees them).
BASE_ROW, NOT_STATED = "n (haben die Frage gesehen)", "Keine Angabe"
NEEDS_REPORT_ONLY = [  # sections of the family-needs report this questionnaire does not ask for
    "Was Familien schwer fällt und was sie sich wünschen",
    "Angebote: bekannt, genutzt – oder nicht",
    "Hürden und Wege der Information nach Sprache",
    "Wohlbefinden und Unterstützung",
    "Karte der Bezirksregionen",
    "Antworten je Wohngegend und je 100 Kinder",
    "Angebote im Überblick",
]
OWN_SECTIONS = [
    "Wer geantwortet hat",
    "Die Fragen",
    "Vergleich mit früheren Befragungen",
    "Freitext",
    "Anhang: Methode, Fragen, Regeln, Quellen",
]
CSV_DE = [
    "Tabelle",
    "Titel",
    "Frage (Code)",
    "Zeile (Code)",
    "Zeile",
    "Aufteilung (Code)",
    "Gruppe (Code)",
    "Gruppe",
    "Anzahl",
    "Kennzeichen",
    "Anteil (%)",
    "Basis (n)",
]
CSV_EN = [
    "Table",
    "Caption",
    "Question (code)",
    "Row (code)",
    "Row",
    "Breakdown (code)",
    "Group (code)",
    "Group",
    "Count",
    "Mark",
    "Share (%)",
    "Base (n)",
]


# -- building the questionnaire -------------------------------------------------------------


def add_question(staff: Browser, question) -> None:
    code, kind, text, options = question
    page = staff.page
    add = page.locator("form").filter(has=page.get_by_role("button", name="Add the question"))
    add.get_by_label("Type of question").select_option(label=kind)
    add.get_by_label("Question", exact=True).fill(text)
    add.get_by_label("Code", exact=True).fill(code)
    staff.button("Add the question")
    assert staff.flash() == "The question is added. Now give it its texts and settings."
    assert re.fullmatch(rf"Question \d+ of \d+: {re.escape(text)}", staff.heading())
    for option, german, exclusive in options:
        form = page.get_by_role("region", name="Add an option")
        form.get_by_role("group", name="Text of the option").get_by_label(GERMAN).fill(german)
        form.get_by_label("Code", exact=True).fill(option)
        if exclusive:
            form.get_by_label(re.compile(r"Cannot be chosen together with other answers")).check()
        staff.button("Add the option")
        assert staff.flash() == f"The option “{option}” is added."
    if options:
        rows = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Code"))
        assert rows.get_by_role("rowheader").count() == len(options)


def save_settings(staff: Browser, **fields: str) -> None:
    """The question's "Texts and settings" form: fill ``label=value`` (a select by its label)."""
    page = staff.page
    form = page.get_by_role("region", name="Texts and settings")
    for label, value in fields.items():
        box = form.get_by_label(label, exact=True)
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(label=value)
        else:
            box.fill(value)
    staff.button("Save")
    assert staff.flash() == "The question is saved."


BREAKS_DOWN = "Reports may break the other questions down by the answers to this one"


def mark_as_breakdown(staff: Browser) -> None:
    page = staff.page
    report = page.locator("form").filter(has=page.get_by_role("button", name="Save for reports"))
    assert report.get_by_label("Meaning for the needs report").input_value() == ""  # no role: by its type
    report.get_by_label(BREAKS_DOWN).check()
    staff.button("Save for reports")
    assert staff.flash() == "What the question means for reports is saved."
    assert page.get_by_label(BREAKS_DOWN).is_checked()


def set_condition(staff: Browser, text: str, on, answers: list[str]) -> None:
    page = staff.page
    staff.button("Change when it is shown")
    assert staff.heading() == f"When is “{text}” shown?"
    group = page.get_by_role("group", name=re.compile("^" + re.escape(f"Answers to “{on[2]}”")))
    for answer in answers:
        group.get_by_label(answer, exact=True).check()
    staff.button("Save the condition")
    assert staff.flash() == "The condition is saved."
    shown = ", ".join(f"“{a}”" for a in answers)
    assert page.get_by_text(f"Only after the answer {shown} to “{on[2]}”").is_visible()


def builds_the_questionnaire(staff: Browser) -> None:
    page = staff.page
    staff.link("Questionnaires")
    staff.link("Start from nothing")
    assert staff.heading() == "A new questionnaire"
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Written in").select_option(label=GERMAN)
    page.get_by_role("group", name="Also in these languages").get_by_label(ENGLISH).check()
    page.get_by_label("Code", exact=True).fill(CODE)
    staff.button("Start the questionnaire")
    assert staff.flash() == "The questionnaire is started. Add its first question."
    assert staff.heading() == TITLE

    # Every type the editor offers is in the questionnaire, once.
    kinds = (
        page.locator("form")
        .filter(has=page.get_by_role("button", name="Add the question"))
        .get_by_label("Type of question")
        .locator("option")
        .all_inner_texts()
    )
    assert sorted(kinds) == sorted(q[1] for q in QUESTIONS), kinds

    for question in QUESTIONS:
        if question is not QUESTIONS[0]:
            staff.link("All questions")
        add_question(staff, question)
        code = question[0]
        if question is MULTIPLE:
            save_settings(staff, **{"At most this many answers": "3"})
            assert page.get_by_label("At most this many answers").input_value() == "3"
            assert page.get_by_text("only alone").count() == 1  # "Nichts davon"
        elif question is NUMBER:
            low, high = NUMBER_RANGE
            save_settings(staff, **{"Smallest number": str(low), "Largest number": str(high)})
        elif question is LIST:
            save_settings(staff, **{"Answers from a list": "The district regions of the location's district"})
            assert page.get_by_text(re.compile(r"^Families choose from: The district regions")).is_visible()
        if question in BREAKDOWNS:
            mark_as_breakdown(staff)
        elif question in (MULTIPLE, SCALE, LIST):
            # offered for every choice question everyone sees, left unticked here
            assert not page.get_by_label(BREAKS_DOWN).is_checked()
        if code in CONDITIONS:
            on, answers = CONDITIONS[code]
            set_condition(staff, question[2], on, answers)

    staff.link("All questions")
    assert staff.heading() == TITLE
    assert completeness(staff, "Deutsch", "de")[1] == "offered"
    # English: every text at once on the page of missing texts.
    row = language_row(staff, "English")
    row.get_by_text(re.compile(r"texts? (is|are) missing")).click()
    staff.link(f"Fill in all missing texts in {ENGLISH}")
    assert staff.heading() == f"Missing texts in {ENGLISH}"
    boxes = page.locator("form").filter(has=page.get_by_role("button", name="Save")).get_by_role("textbox")
    missing = boxes.count()
    assert missing == len(ENGLISH_TEXTS), missing  # the title, every question and every option
    for box in boxes.all():
        source_id = (box.get_attribute("aria-describedby") or "").split()[0]
        source = page.locator(f"[id='{source_id}']").inner_text().strip()
        assert source in ENGLISH_TEXTS, source
        box.fill(ENGLISH_TEXTS[source])
    staff.button("Save")
    assert staff.flash() == f"{missing} texts in {ENGLISH} are saved."
    count, offered = completeness(staff, "English", "en")
    assert offered == "offered", count
    assert not page.get_by_role("heading", name="Before publishing").count()
    staff.shot("report-any-0-questionnaire")

    staff.button("Publish")
    assert staff.flash() == "Published as version 1. A survey wave can use it now."
    assert page.get_by_text("Published: version 1").is_visible()


# -- the answers ------------------------------------------------------------------------------


def two_synthetic_waves(server: LiveServer) -> dict[str, object]:
    """Two closed waves of synthetic answers to the published version, half a year apart,
    at the demo's family centres; what the report will show of the district."""
    from survey.dates import today as app_today
    from survey.extensions import db
    from survey.models import District, Location, QuestionnaireVersion
    from survey.services.questionnaires import questionnaire_of
    from survey.services.synthetic import add_synthetic_wave

    with server.app.app_context():
        session = db.session
        today = app_today()
        district = session.scalar(select(District).filter_by(code="08"))
        version = session.scalar(select(QuestionnaireVersion).filter_by(district_id=district.id, code=CODE))
        assert version is not None and version.number == 1
        questionnaire = questionnaire_of(version)
        assert [q.code for q in questionnaire.questions] == [q[0] for q in QUESTIONS]
        assert set(questionnaire.complete_languages) == {"de", "en"}
        places = session.scalars(
            select(Location).filter_by(district_id=district.id).order_by(Location.code)
        ).all()
        assert len(places) == 2, [p.code for p in places]
        waves = []
        for name, start, seed, responses in ((EARLIER, 220, 41, 300), (LATER, 50, 42, 310)):
            wave = add_synthetic_wave(
                session,
                questionnaire=questionnaire,
                district=district,
                locations=places,
                name=name,
                opens_on=today - dt.timedelta(days=start),
                closes_on=today - dt.timedelta(days=start - 28),
                responses=responses,
                seed=seed,
                today=today,
            )
            assert wave.questionnaire_version_id == version.id  # the version from the editor, not a new one
            waves.append(wave)
        session.commit()
        return {
            "locations": [p.name for p in places],
            "regions": sorted({p.region.name for p in places if p.region is not None}),
        }


# -- reading the report -------------------------------------------------------------------------


def table(page, caption: str):
    return page.get_by_role("table", name=caption, exact=True)


def header(page, caption: str) -> list[str]:
    found = table(page, caption)
    assert found.count() == 1, (
        caption,
        page.get_by_role("table").evaluate_all("ts => ts.map(t => t.caption && t.caption.innerText)"),
    )
    return [h.strip() for h in found.get_by_role("columnheader").all_inner_texts()]


def row_labels(page, caption: str) -> list[str]:
    return [r.strip() for r in table(page, caption).get_by_role("rowheader").all_inner_texts()]


def show(
    staff: Browser, breakdown: str | None = None, lang: str | None = None, compare: bool | None = None
) -> None:
    """Choose in the report's form and press "Show the report"."""
    page = staff.page
    if breakdown is not None:
        page.get_by_label("Break every question down by").select_option(label=breakdown)
    if lang is not None:
        page.get_by_role("group", name="Language of the report").get_by_role("radio", name=lang).check()
    if compare is not None:
        box = page.get_by_role("group", name="Compare with earlier waves").get_by_label(EARLIER, exact=True)
        box.set_checked(compare)
    staff.button("Show the report")
    assert staff.heading() == f"Report: {LATER}"
    assert not page.get_by_role("alert").count(), page.get_by_role("alert").all_inner_texts()


def reads_the_whole_report(staff: Browser) -> None:
    page = staff.page
    show(staff, breakdown="No breakdown", lang="Deutsch")
    assert page.get_by_text("the wave has closed").is_visible()
    report = page.locator("div.report[lang=de]")
    assert report.count() == 1
    headings = [h.strip() for h in report.get_by_role("heading").all_inner_texts()]
    for section in OWN_SECTIONS[:2] + OWN_SECTIONS[3:]:
        assert section in headings, (section, headings)
    for part in NEEDS_REPORT_ONLY:
        assert not any(part in h for h in headings), (part, headings)
        assert not table(page, part).count(), part
    # Every question that takes an answer has its table; the information screen none.
    for _code, _kind, text, _options in ANSWERED:
        assert header(page, text) == ["Antwort", "Anzahl", "Anteil"], text
    assert not table(page, INFO[2]).count()

    # The number, conditioned on "Yes": in ranges of at least k families, not 1 … 12.
    values = [r for r in row_labels(page, NUMBER[2]) if r not in (NOT_STATED, BASE_ROW)]
    ranges = re.compile(r"(\d+ bis \d+|bis \d+|\d+ und mehr|\d+)")
    assert values and all(ranges.fullmatch(v) for v in values), values
    assert any(" bis " in v or "und mehr" in v or v.startswith("bis ") for v in values), values
    assert len(values) < NUMBER_RANGE[1] - NUMBER_RANGE[0] + 1, values
    assert (
        page.get_by_text(
            re.compile(
                r"Nur gefragt, wenn bei „Geht ein Kind von Ihnen in eine Kita\?“ "
                r"geantwortet wurde: „Ja“"
            )
        ).count()
        >= 1
    )

    # The scale in its own order, the best first; yes/no; the list of regions and its option.
    steps = [o[1] for o in SCALE[3]]
    shown = [r for r in row_labels(page, SCALE[2]) if r in steps]
    assert shown == [s for s in steps if s in shown] and len(shown) >= 3, shown
    # (a breakdown question shows its answers as the groups it breaks down by: a small
    # "Keine Angabe" goes with "Nein")
    yes_no = row_labels(page, YESNO[2])
    assert yes_no[0] == "Ja" and yes_no[1].startswith("Nein"), yes_no
    assert "Außerhalb von Neukölln" in row_labels(page, LIST[2])
    wishes = row_labels(page, MULTIPLE[2])
    assert wishes.index("Nichts davon") > max(
        wishes.index(o[1]) for o in MULTIPLE[3] if o[1] in wishes and o[1] != "Nichts davon"
    )
    assert row_labels(page, TEXT[2])[0] == "haben etwas geschrieben"


def breakdown_choices(staff: Browser, places: dict[str, object]) -> None:
    page = staff.page
    select_box = page.get_by_label("Break every question down by")
    offered = [o.strip() for o in select_box.locator("option").all_inner_texts()]
    assert offered == [
        "No breakdown",
        "Survey location",
        "District region of the location",
        "Language of the answers",
        "Answered alone or with help",
        SINGLE[2],
        YESNO[2],
    ], offered
    for question in ANSWERED:
        if question not in BREAKDOWNS:
            assert question[2] not in offered

    single_options = [o[1] for o in SINGLE[3]]
    expected = {  # choice -> (how the caption names it, group names every column must come from)
        "Survey location": ("Ort der Befragung", places["locations"]),
        "District region of the location": ("Bezirksregion des Ortes", places["regions"]),
        "Language of the answers": ("Sprache", ["Deutsch", "Englisch"]),
        "Answered alone or with help": (
            "selbst oder mit Unterstützung",
            ["Selbst ausgefüllt", "Mit Unterstützung"],
        ),
        SINGLE[2]: (f"„{SINGLE[2]}“", single_options),
        YESNO[2]: (f"„{YESNO[2]}“", ["Ja", "Nein"]),
    }
    for number, (choice, (name, groups)) in enumerate(expected.items(), start=1):
        show(staff, breakdown=choice)
        chosen = page.get_by_label("Break every question down by").locator("option:checked")
        assert chosen.inner_text() == choice
        by = f" – nach {name}"
        for code, _kind, text, _options in ANSWERED:
            if text == choice:  # a breakdown question is not broken down by itself
                assert header(page, text) == ["Antwort", "Anzahl", "Anteil"]
                continue
            if code in CONDITIONS and CONDITIONS[code][0][2] == choice:
                # shown only after one answer to the breakdown question: one group, nothing to break down
                assert header(page, text) == ["Antwort", "Anzahl", "Anteil"]
                continue
            columns = header(page, text + by)
            assert columns[:2] == ["Antwort", "Alle"] and len(columns) >= 4, (text, choice, columns)
            joined = " | ".join(columns[2:])
            for group in groups:
                assert group in joined, (text, choice, group, columns)
            if choice in (SINGLE[2], YESNO[2]):
                assert all(any(g in column for g in [*groups, NOT_STATED]) for column in columns[2:]), columns
        if number in (1, 5):
            staff.shot(
                f"report-any-1-breakdown-{number}", page.get_by_role("region", name="Die Fragen", exact=True)
            )
    staff.shot("report-any-2-breakdown-page")


def compares_the_waves(staff: Browser) -> None:
    page = staff.page
    earlier = page.get_by_role("group", name="Compare with earlier waves")
    assert [t.strip() for t in earlier.locator("label").all_inner_texts()] == [EARLIER]
    show(staff, breakdown="Survey location", compare=True)
    assert page.get_by_role("group", name="Compare with earlier waves").get_by_label(EARLIER).is_checked()
    section = page.get_by_role("region", name="Vergleich mit früheren Befragungen", exact=True)
    assert section.count() == 1
    compared = []
    for code, _kind, text, _options in ANSWERED:
        caption = f"{text} – Vergleich mit „{EARLIER}“"
        if table(page, caption).count():
            assert header(page, caption) == ["Antwort", EARLIER, LATER, "Veränderung (Prozentpunkte)"]
            compared.append(code)
    for question in (SINGLE, YESNO, MULTIPLE, SCALE, LIST):  # the same answers in both waves
        assert question[0] in compared, (question[0], compared)
    # Questions that break nothing down compare answer by answer: every answer is there.
    steps = [o[1] for o in SCALE[3]]
    scale = f"{SCALE[2]} – Vergleich mit „{EARLIER}“"
    assert [r for r in row_labels(page, scale) if r in steps] == steps, row_labels(page, scale)
    wishes = row_labels(page, f"{MULTIPLE[2]} – Vergleich mit „{EARLIER}“")
    assert all(o[1] in wishes for o in MULTIPLE[3]), wishes
    assert "Außerhalb von Neukölln" in row_labels(page, f"{LIST[2]} – Vergleich mit „{EARLIER}“")
    for row in table(page, scale).get_by_role("row").all()[1:]:
        cells = [c.replace("\xa0", " ") for c in row.get_by_role("cell").all_inner_texts()]
        assert all(re.fullmatch(r"\d+ %|×", c) for c in cells[:2]), cells
        assert re.fullmatch(r"[+-]?\d+,\d|–", cells[2]) or cells[2] == "0,0", cells
    # A breakdown question's small answers may be merged differently in the two waves:
    # those are named under the table, never silently left out.
    single = table(page, f"{SINGLE[2]} – Vergleich mit „{EARLIER}“")
    note = page.locator(f"#compare_{SINGLE[0]}-n")
    shown = single.inner_text() + (note.inner_text() if note.count() else "")
    for _code, option, _alone in SINGLE[3]:
        assert option in shown, (option, shown)
    staff.shot("report-any-3-comparison", section)


# -- the downloads ------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return " ".join(text.split())


def checks_the_pdf(data: bytes) -> None:
    from analysis.texts import text as report_text

    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    title = report_text("de", "title")  # the running footer: the title and "Seite n"
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        content = [
            line
            for line in lines
            if line and not re.fullmatch(rf"({re.escape(title)})?\s*(Seite \d+)?", line)
        ]
        assert content, f"page {number} of {len(reader.pages)} is blank"
        pages.append(" ".join(lines))
    whole = squeeze(" ".join(pages))
    for _code, _kind, text, _options in ANSWERED:
        assert text in whole, text
    assert EARLIER in whole and LATER in whole
    assert f"Vergleich mit „{EARLIER}“" in whole


def checks_the_workbook(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Überblick" and book.sheetnames[-1] == "Alle Tabellen", book.sheetnames
    overview = [str(c.value) for row in book["Überblick"].iter_rows() for c in row if c.value is not None]
    assert LATER in overview and EARLIER in overview, overview
    shares = 0
    compared = False
    for sheet in book.worksheets[1:-1]:
        head = [c.value for c in sheet[2]]
        if head[:2] == ["Antwort", EARLIER] and LATER in head:
            compared = True
        columns = [i for i, h in enumerate(head) if h == "Anteil"] or (
            [1, 2] if compared and head[:2] == ["Antwort", EARLIER] else []
        )
        for row in sheet.iter_rows(min_row=3):
            for i in columns:
                if i < len(row) and isinstance(row[i].value, float):
                    assert 0 <= row[i].value <= 1, (sheet.title, row[i].coordinate)
                    assert "%" in row[i].number_format, (sheet.title, row[i].coordinate)
                    shares += 1
                elif i < len(row) and isinstance(row[i].value, str) and row[i].value.endswith("%"):
                    raise AssertionError(f"a share stored as text: {sheet.title}!{row[i].coordinate}")
    assert shares > 50 and compared
    tidy = book["Alle Tabellen"]
    head = [c.value for c in tidy[1]]
    assert head[: len(CSV_DE)] == CSV_DE, head
    share = head.index("Anteil (%)")
    numbers = [row[share] for row in tidy.iter_rows(min_row=2, values_only=True) if row[share] is not None]
    assert numbers and all(isinstance(v, int | float) for v in numbers)
    captions = {row[1] for row in tidy.iter_rows(min_row=2, values_only=True)}
    for _code, _kind, text, _options in ANSWERED:
        assert any(str(c).startswith(text) for c in captions), text


def checks_the_csv(data: bytes, lang: str) -> None:
    assert data.startswith(b"\xef\xbb\xbf"), data[:10]  # a byte order mark, by choice (Excel)
    content = data.decode("utf-8-sig")
    first = content.splitlines()[0]
    separator = ";" if lang == "de" else ","
    rows = list(csv.reader(io.StringIO(content), delimiter=separator))
    assert rows[0][: len(CSV_DE)] == (CSV_DE if lang == "de" else CSV_EN), first
    if lang == "de":
        assert "," not in first.replace("Anteil (%)", "")  # nothing but semicolons between the columns
    share = rows[0].index("Anteil (%)" if lang == "de" else "Share (%)")
    shares = [r[share] for r in rows[1:] if len(r) > share and r[share]]
    assert shares
    fractional = [s for s in shares if not s.isdigit()]
    assert fractional, shares[:20]
    if lang == "de":
        assert all(re.fullmatch(r"\d+,\d+", s) for s in fractional), fractional[:10]
    else:
        assert all(re.fullmatch(r"\d+\.\d+", s) for s in fractional), fractional[:10]
    tables = {r[0] for r in rows[1:] if r}
    for question in (SINGLE, YESNO, MULTIPLE, SCALE, LIST):
        assert f"compare_{question[0]}" in tables, (question[0], sorted(tables))
        assert any(t.startswith(f"q_{question[0]}") for t in tables), question[0]
    if lang == "de":
        captions = {r[1] for r in rows[1:] if len(r) > 1}
        for _code, _kind, text, _options in ANSWERED:
            assert any(c.startswith(text) for c in captions), text
        assert any(EARLIER in r for r in rows) and any(LATER in r for r in rows)


def downloads(staff: Browser) -> None:
    page = staff.page
    pdf = staff.download(page.get_by_role("link", name="PDF report", exact=True))
    if staff.artifacts is not None:
        (staff.artifacts / "report-any.pdf").write_bytes(pdf)  # to look at
    checks_the_pdf(pdf)
    checks_the_workbook(staff.download(page.get_by_role("link", name="Spreadsheet (XLSX)", exact=True)))
    checks_the_csv(staff.download(page.get_by_role("link", name="Tables (CSV)", exact=True)), "de")
    show(staff, lang="English")
    assert page.locator("div.report[lang=en]").count() == 1
    assert page.get_by_role("group", name="Compare with earlier waves").get_by_label(EARLIER).is_checked()
    checks_the_csv(staff.download(page.get_by_role("link", name="Tables (CSV)", exact=True)), "en")


def test_report_of_a_questionnaire_from_the_editor(desktop, server, artifacts):
    staff = Browser(desktop.new_page(), server, artifacts)
    staff.page.set_default_timeout(60_000)  # a report with every breakdown takes a few seconds
    log_in(staff, ADMIN, demo_password(server))
    builds_the_questionnaire(staff)

    places = two_synthetic_waves(server)

    staff.link("Reports")
    assert staff.heading() == "Reports"
    waves = staff.page.get_by_role("table", name=re.compile("^Survey waves of"))
    assert waves.get_by_role("link", name=EARLIER, exact=True).count() == 1
    staff.link(LATER, within=waves)
    assert staff.heading() == f"Report: {LATER}"
    reads_the_whole_report(staff)
    breakdown_choices(staff, places)
    compares_the_waves(staff)
    downloads(staff)
