"""The report: its sections, accessible HTML, CSV/XLSX of suppressed tables only, the PDF,
and the command line on a real (SQLite or PostgreSQL) database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from analysis import geography
from analysis.__main__ import main
from analysis.load import WaveData, WaveInfo, load_wave
from analysis.render import csv_text, html, xlsx
from analysis.report import build
from analysis.synthetic import wave_answers
from questionnaires.library import library_questionnaire

NEEDS = library_questionnaire("family_needs")
REGIONS = {r.code: r.name for r in geography.district_regions("08")}
PLACES = [("FZRIXD", "081004"), ("FZGROP", "083009"), ("KITA01", "082006")]


def wave(n: int = 400, seed: int = 1, wave_id: int = 1, name: str = "Herbst 2026") -> WaveData:
    answers = wave_answers(NEEDS, n, locations=PLACES, regions=list(REGIONS), seed=seed, wave_id=wave_id)
    info = WaveInfo(
        wave_id, name, dt.date(2026, 9, 1), dt.date(2026, 9, 28), "08", "Neukölln", "family_needs", 1
    )
    return WaveData(info, NEEDS, answers, {code: f"Ort {code}" for code, _ in PLACES}, REGIONS)


@pytest.fixture(scope="module")
def report_de():
    return build(
        wave(), "de", previous=wave(300, seed=2, wave_id=0, name="Frühjahr 2026"), today=dt.date(2026, 10, 1)
    )


class Page(HTMLParser):
    """Collects what the accessibility checks need."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tables = 0
        self.captions = 0
        self.header_cells: list[dict] = []
        self.svgs: list[dict] = []
        self.svg_titles = 0
        self.svg_descs = 0
        self.html_attrs: dict = {}
        self.sources: list[str] = []
        self.scripts = 0
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th":
            self.header_cells.append(attrs)
        if tag == "svg":
            self.svgs.append(attrs)
        if tag == "title" and "svg" in self.stack:
            self.svg_titles += 1
        if tag == "desc" and "svg" in self.stack:
            self.svg_descs += 1
        if tag == "script":
            self.scripts += 1
        if tag in ("img", "link", "script", "iframe", "image", "use"):
            self.sources += [v for k, v in attrs.items() if k in ("src", "href", "xlink:href") and v]
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break


def test_the_report_has_the_sections_decision_makers_read(report_de):
    ids = [s.id for s in report_de.sections]
    assert ids == ["reach", "needs", "offers", "barriers", "wellbeing", "map", "free_text", "annex"]
    cover = dict(report_de.cover)
    assert cover["Antworten"] == "400"
    assert cover["Zeitraum"] == "1. September 2026 – 28. September 2026"
    assert "Türkisch" in cover["Sprachen der Antworten"]
    assert report_de.notes[0].startswith("Werte unter 5 nicht ausgewiesen")
    tables = {t.id: t for t in report_de.tables()}
    for needed in (
        "reach",
        "rank_difficulties",
        "rank_wishes",
        "difficulties_family_type",
        "wishes_age_group",
        "offers_funnel",
        "barriers_language",
        "channels_language",
        "freq_wellbeing",
        "change_wellbeing",
        "change_support_person",
        "questions",
    ):
        assert needed in tables
    assert tables["reach"].chart.kind == "map"
    assert len(tables["reach"].chart.regions) == len(REGIONS)
    assert tables["offers_funnel"].chart.kind == "stacked"
    assert tables["change_wellbeing"].chart.kind == "waves"
    assert tables["rank_difficulties"].header[-1] == "Handlungsfeld"
    # the ranking puts the largest shown share first
    first = tables["rank_difficulties"].rows[0]
    assert first[0] == "Geld reicht nicht"


def test_html_is_accessible_and_self_contained(report_de):
    page_text = html(report_de)
    page = Page()
    page.feed(page_text)
    assert page.html_attrs.get("lang") == "de"
    assert page.tables == page.captions > 10
    assert all(cell.get("scope") in ("col", "row") for cell in page.header_cells)
    charted = sum(1 for t in report_de.tables() if t.chart is not None)
    assert len(page.svgs) == charted and charted >= 8
    assert all(svg.get("role") == "img" and svg.get("aria-labelledby") for svg in page.svgs)
    assert page.svg_titles == page.svg_descs == charted
    assert page.scripts == 0
    assert all(src.startswith(("#", "data:image/")) for src in page.sources)  # nothing from another host
    plain = re.sub(r'xmlns(:\w+)?="[^"]*"', "", page_text)
    assert "http://" not in plain and "https://" not in plain
    assert page.headings[0] == 1 and all(
        b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)
    )
    # every chart stands next to the table with its values
    assert page_text.count("<figure") == charted
    assert "&lt; 5" in page_text


def test_the_exports_hold_only_suppressed_aggregates(report_de, tmp_path):
    rows = list(csv.DictReader(io.StringIO(csv_text(report_de))))
    assert rows and {"table", "row", "by", "group", "count", "mark", "share"} <= set(rows[0])
    marked = 0
    for row in rows:
        if row["table"].startswith("change_"):
            continue
        if row["count"]:
            assert int(row["count"]) >= 5, row
            assert row["mark"] == ""
        elif row["mark"]:
            marked += 1
            assert row["mark"] in ("< 5", "< 10", "×") and row["share"] == ""
    assert marked > 0
    target = tmp_path / "report.xlsx"
    xlsx(report_de, target)
    book = load_workbook(target, read_only=True)
    assert book.sheetnames[0] == "Info" and "Long" in book.sheetnames
    assert "rank_difficulties" in book.sheetnames
    info = [c for row in book["Info"].iter_rows(values_only=True) for c in row if c]
    assert any(str(c).startswith("Werte unter 5") for c in info)
    long = list(book["Long"].iter_rows(values_only=True))
    header = list(long[0])
    for line in long[1:]:
        count = line[header.index("count")]
        if count is not None and not str(line[0]).startswith("change_"):
            assert count >= 5


def test_a_tiny_wave_publishes_no_count_at_all():
    report = build(wave(3), "en", today=dt.date(2026, 10, 1))
    assert dict(report.cover)["Answers"] == "< 5"
    rows = [r for r in csv.DictReader(io.StringIO(csv_text(report))) if r["table"] != "questions"]
    assert rows and not any(r["count"] for r in rows)
    reach = {t.id: t for t in report.tables()}["reach"]
    assert len(reach.rows) >= len(REGIONS)  # every region, answered or not, is there as "< 5"
    assert all(v is None for _, values in reach.chart.series for v in values)


def test_an_english_report_uses_english_labels_and_numbers():
    report = build(wave(), "en", today=dt.date(2026, 10, 1))
    cover = dict(report.cover)
    assert cover["Period"] == "September 1, 2026 – September 28, 2026"
    assert "Turkish" in cover["Languages of the answers"]
    tables = {t.id: t for t in report.tables()}
    assert tables["rank_difficulties"].rows[0][0] == "Not enough money"
    assert re.fullmatch(r"\d+%", tables["rank_difficulties"].rows[0][2])
    assert "Reach" in html(report)


def test_the_pdf_has_many_pages_and_its_metadata():
    from analysis.pdf import pdf

    document = pdf(build(wave(), "de", today=dt.date(2026, 10, 1)))
    assert document.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type /Page[^s]", document))
    assert pages >= 9
    assert b"Familienbefragung" in document  # the title in the document information


def test_charts_never_use_pyplot():
    code = (
        "import sys, datetime\nsys.path.insert(0, '.')\nfrom tests.analysis.test_report import wave\n"
        "from analysis.report import build\nfrom analysis.render import html\nfrom analysis.pdf import pdf\n"
        "r = build(wave(120), 'de')\nhtml(r)\npdf(r)\n"
        "sys.exit(1 if 'matplotlib.pyplot' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_command_line_fills_a_database_and_writes_every_format(app, session, tmp_path, capsys):
    url = app.config["DATABASE_URL"]
    assert main(["demo-data", "--database", url, "--responses", "120", "--seed", "5"]) == 0
    first = int(re.search(r"wave (\d+)", capsys.readouterr().out).group(1))
    assert main(["demo-data", "--database", url, "--responses", "150", "--seed", "6"]) == 0
    second = int(re.search(r"wave (\d+)", capsys.readouterr().out).group(1))
    data = load_wave(url, second)
    assert data.answers["response_id"].nunique() == 150
    assert data.questionnaire.code == "family_needs" and len(data.locations) == 6
    for fmt in ("html", "xlsx", "csv", "pdf"):
        out = tmp_path / f"report.{fmt}"
        assert (
            main(
                [
                    "report",
                    "--database",
                    url,
                    "--wave",
                    str(second),
                    "--previous",
                    str(first),
                    "--lang",
                    "en",
                    "--format",
                    fmt,
                    "--out",
                    str(out),
                ]
            )
            == 0
        )
        assert out.stat().st_size > 1000
    assert "synthetic data" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (
        main(
            [
                "report",
                "--database",
                url,
                "--wave",
                "999999",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "x.csv"),
            ]
        )
        == 2
    )


def test_demo_data_asks_for_a_migrated_database(tmp_path, capsys):
    assert main(["demo-data", "--database", f"sqlite:///{tmp_path / 'empty.db'}"]) == 2
    assert "flask --app wsgi migrate" in capsys.readouterr().err
