"""What the web app asks of a report: a breakdown the reader chooses, the report as a part
of a page (no inline style, charts as images), released free texts, and only the first
responses of a wave that is still open."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from analysis.load import WaveData, WaveInfo, load_wave, tidy
from analysis.pdf import pdf
from analysis.render import csv_text, fragment, html, xlsx
from analysis.report import BREAKDOWNS, build
from questionnaires.library import library_questionnaire

from .conftest import DAY
from .test_report import Page, wave

FEEDBACK = library_questionnaire("offer_feedback")
TODAY = dt.date(2026, 10, 1)


def counts_in(report) -> list[int]:
    return [
        int(row["count"])
        for row in csv.DictReader(io.StringIO(csv_text(report)))
        if row["count"] and not row["table"].startswith("change_")
    ]


@pytest.mark.parametrize("by", BREAKDOWNS)
def test_a_breakdown_adds_every_question_split_by_it(by):
    report = build(wave(300), "en", breakdown=by, today=TODAY)
    ids = [s.id for s in report.sections]
    assert ids[:2] == ["reach", "breakdown"]
    section = report.sections[1]
    tables = [b for b in section.blocks if not isinstance(b, str)]
    assert tables[0].id == f"bd_{by}"
    assert {"bd_benefits", "bd_wellbeing", "bd_difficulties", "bd_offer_family_center"} <= {
        t.id for t in tables
    }
    assert all(len(t.header) >= 2 for t in tables)
    assert ("Breakdown", report.sections[1].title.removeprefix("All questions ")) in report.cover
    assert min(counts_in(report)) >= 5


def test_without_a_breakdown_the_report_is_as_before_and_unknown_ones_are_refused():
    assert "breakdown" not in [s.id for s in build(wave(50), "de", today=TODAY).sections]
    with pytest.raises(ValueError, match="unknown breakdown"):
        build(wave(50), "de", breakdown="name", today=TODAY)


def test_a_small_wave_broken_down_by_location_shows_no_count_below_five():
    report = build(wave(7), "de", breakdown="location", today=TODAY)
    assert counts_in(report) == [] or min(counts_in(report)) >= 5
    body = fragment(report)
    cells = re.findall(r"<td>([^<]*)</td>", body)
    numbers = [int(c.replace(".", "")) for c in cells if re.fullmatch(r"[\d.]+", c)]
    assert all(n >= 5 for n in numbers)


def test_the_fragment_needs_no_inline_style_and_keeps_tables_and_charts_accessible():
    report = build(wave(200), "de", breakdown="language", today=TODAY)
    body = fragment(report)
    assert "<style" not in body and " style=" not in body and "<svg" not in body
    assert body.startswith('<div class="report" lang="de"')
    page = Page()
    page.feed(body)
    assert page.headings[0] == 2 and all(
        b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)
    )
    assert page.tables == page.captions > 10
    assert all(cell.get("scope") in ("col", "row") for cell in page.header_cells)
    images = re.findall(
        r'<img src="(data:image/png;base64,[^"]+)" alt="([^"]+)" aria-describedby="([^"]+)">', body
    )
    charted = [t for t in report.tables() if t.chart is not None]
    assert len(images) == body.count("<img") == len(charted) >= 8
    for _, _, described in images:
        assert f'<figcaption id="{described}">' in body
    assert page.sources and all(src.startswith("data:image/png") for src in page.sources)
    assert "<style>" in html(report) and "<svg" in html(report)


def feedback_wave(n: int, texts: list[str]) -> WaveData:
    """``n`` responses to the offer feedback, the first ``len(texts)`` with a free text."""
    rows = []
    for number in range(n):
        facts = {
            "response_id": number + 1,
            "wave_id": 7,
            "location": "FZRIXD",
            "region": "081004",
            "language": "de",
            "submitted_on": "2026-09-02",
            "assisted": False,
            "number": None,
        }
        rows.append({**facts, "question": "usefulness", "choice": "very_good", "text": None})
        if number < len(texts):
            rows.append({**facts, "question": "change_more", "choice": None, "text": texts[number]})
    info = WaveInfo(
        7, "Elterncafé", dt.date(2026, 9, 1), dt.date(2026, 9, 28), "08", "Neukölln", "offer_feedback", 1
    )
    return WaveData(info, FEEDBACK, tidy(pd.DataFrame(rows)), {"FZRIXD": "Familienzentrum Rixdorf"})


def test_released_texts_appear_only_from_ten_per_question_in_random_order():
    written = [f"Text Nummer {i}" for i in range(12)]
    data = feedback_wave(20, written)
    nine = build(data, "de", texts={"change_more": written[:9]}, today=TODAY)
    assert not any(t.kind == "quotes" for t in nine.tables())
    free = next(s for s in nine.sections if s.id == "free_text")
    assert "Zu dieser Frage sind weniger als 10 Texte freigegeben; sie werden nicht gezeigt." in free.blocks
    assert "Text Nummer" not in fragment(nine) + csv_text(nine)

    ten = build(
        data,
        "de",
        texts={"change_more": written[:10], "usefulness": ["not a text question"] * 10},
        today=TODAY,
        shuffle=random.Random(3),
    )
    quotes = [t for t in ten.tables() if t.kind == "quotes"]
    assert [t.id for t in quotes] == ["texts_change_more"]
    shown = [row[0] for row in quotes[0].rows]
    assert sorted(shown) == sorted(written[:10]) and shown != written[:10]
    assert quotes[0].header == ["Text"] and all(len(row) == 1 for row in quotes[0].rows)
    body = fragment(ten)
    assert body.count("<li>Text Nummer") == 10 and "not a text question" not in body
    assert '<ul class="quotes" id="texts_change_more" aria-labelledby="texts_change_more-t">' in body


def test_released_texts_reach_every_format_and_never_as_a_formula(tmp_path):
    written = [f"Mehr Termine am Nachmittag {i}" for i in range(10)] + ['=HYPERLINK("x")', "+49 fake"]
    written[0] += ' <img src="x">'  # families' text is text, never markup
    report = build(feedback_wave(15, written), "en", texts={"change_more": written}, today=TODAY)
    rows = [r for r in csv.DictReader(io.StringIO(csv_text(report))) if r["table"] == "texts_change_more"]
    assert len(rows) == 12 and {'\'=HYPERLINK("x")', "'+49 fake"} <= {r["text"] for r in rows}
    assert all(set(r) >= {"text"} and not r["count"] and not r["by"] for r in rows)
    target = tmp_path / "report.xlsx"
    xlsx(report, target)
    book = load_workbook(target)
    cells = [c for row in book["texts_change_more"].iter_rows() for c in row if c.value]
    assert {c.data_type for c in cells} == {"s"}
    assert '=HYPERLINK("x")' in [c.value for c in cells]
    assert "Nachmittag 0 &lt;img src=&quot;x&quot;&gt;</li>" in fragment(
        report
    ) and '<img src="x">' not in html(report)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf(report))).pages)
    assert "Mehr Termine am Nachmittag 3" in text.replace("\n", " ")


def test_an_open_wave_can_be_read_up_to_its_first_responses(engine, make_wave, submit):
    stored = make_wave()
    for number in range(7):
        submit(stored, {"benefits": "yes" if number < 5 else "no"}, day=DAY + dt.timedelta(days=number))
    everything = load_wave(engine, stored.id)
    ids = sorted(everything.answers["response_id"].unique())
    assert len(ids) == 7
    first = load_wave(engine, stored.id, first=5)
    assert sorted(first.answers["response_id"].unique()) == ids[:5]
    assert set(first.answers["choice"].dropna()) == {"yes"}
    assert load_wave(engine, stored.id, first=0).answers.empty
    assert load_wave(engine, stored.id, first=50).answers.equals(everything.answers)
    with pytest.raises(ValueError):
        load_wave(engine, stored.id, first=-1)
