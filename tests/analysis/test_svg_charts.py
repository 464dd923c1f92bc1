"""Charts as inline SVG: well-formed, every label and shown value as real text, hidden values
drawn as no bar with their mark, hostile labels escaped, no style attribute (the staff
pages' Content-Security-Policy), the same bytes for the same chart; and the report part of
the staff page holds them instead of PNG pictures."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from analysis import geography
from analysis.chart_spec import PALETTE, Chart
from analysis.svg_charts import contrast, svg

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<script>alert("x")</script> & Co'
ARABIC = "العربية (عربي)"
CYRILLIC = "Українська мова"


def parsed(text: str) -> ET.Element:
    return ET.fromstring(text)


def texts(root: ET.Element) -> list[str]:
    """Each <text> element's words as a reader finds them (its lines joined)."""
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{NS}text")]


def bars_of(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if r.get("fill", "").startswith("#")]


def every_element(root: ET.Element):
    yield from root.iter()


def bars_chart() -> Chart:
    return Chart(
        "bars",
        "Sprachen & Länder",
        ("Deutsch", ARABIC, CYRILLIC, HOSTILE, "Türkçe"),
        (("Anteil", (42.0, 13.4, None, 7.0, None)),),
        ("", "", "×", "", "×"),
        "%",
        "Balken: Deutsch 42 %; …",
    )


def waves_chart() -> Chart:
    return Chart(
        "waves",
        "Vergleich der Wellen",
        ("Geld", "Wohnung"),
        (("Frühjahr", (30.0, None)), ("Herbst", (35.0, 25.0))),
        ("nicht ausgewiesen",),
        "%",
        "Wellen",
    )


def stacked_chart() -> Chart:
    return Chart(
        "stacked",
        "Angebote im Überblick",
        ("Familienzentrum", "Stadtteilmütter", "Beratung"),
        (
            ("Kenne ich nicht", (20.9, None, 2.0)),
            ("Kenne ich, nutze ich nicht", (72.4, None, 3.0)),
            ("Nutze ich", (3.7, None, 90.0)),
        ),
        ("", "nicht ausgewiesen", "", "nicht ausgewiesen"),
        "%",
        "Gestapelte Balken",
    )


def map_chart() -> Chart:
    regions = tuple(geography.district_regions("08"))
    values = tuple(None if i in (1, 4) else 2.0 + i for i in range(len(regions)))
    return Chart(
        "map",
        "Karte",
        tuple(r.name for r in regions),
        (("Antworten je 100 Kinder", values),),
        ("zusammengefasst",),
        "Antworten je 100 Kinder",
        "Karte der Antworten",
        regions,
    )


CHARTS = {"bars": bars_chart, "waves": waves_chart, "stacked": stacked_chart, "map": map_chart}


@pytest.mark.parametrize("kind", CHARTS)
def test_each_kind_is_well_formed_accessible_and_without_style(kind):
    chart = CHARTS[kind]()
    text = svg(chart, f"chart-{kind}", "de")
    root = parsed(text)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None and root.get("height") is None  # scales with its container
    assert root.get("aria-labelledby") == f"chart-{kind}-t chart-{kind}-d"
    assert (
        root.find(f"{NS}title").text == chart.title and root.find(f"{NS}title").get("id") == f"chart-{kind}-t"
    )
    assert root.find(f"{NS}desc").text == chart.alt
    for element in every_element(root):
        assert "style" not in element.attrib, element.tag
        assert element.tag not in (f"{NS}style", f"{NS}script", f"{NS}image", f"{NS}foreignObject")
        for name, value in element.attrib.items():
            assert "http" not in value or name == "xmlns", (name, value)  # nothing from elsewhere
            assert not name.startswith("on")
    ids = [e.get("id") for e in every_element(root) if e.get("id")]
    assert all(i.startswith(f"chart-{kind}-") for i in ids) and len(ids) == len(set(ids))
    assert svg(chart, f"chart-{kind}", "de") == text  # the same bytes for the same chart


def test_bars_show_every_label_and_value_and_hidden_ones_as_their_mark():
    chart = bars_chart()
    root = parsed(svg(chart, "c1", "de"))
    words = texts(root)
    for label in chart.labels:
        assert label in words
    assert {"42 %", "13 %", "7 %"} <= set(words)
    assert words.count("×") == 2
    assert len(bars_of(root)) == 3  # a hidden value is no bar
    widths = [float(r.get("width")) for r in bars_of(root)]
    assert widths[0] > widths[1] > widths[2] > 0


def test_hostile_labels_are_escaped_and_other_scripts_kept():
    text = svg(bars_chart(), "c1", "de")
    assert "<script" not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in text
    root = parsed(text)
    assert HOSTILE in texts(root) and ARABIC in texts(root) and CYRILLIC in texts(root)
    arabic = next(t for t in root.iter(f"{NS}text") if "".join(t.itertext()) == ARABIC)
    assert arabic.get("direction") == "rtl"
    control = Chart("bars", "x\x00y", ("a\x07b",), (("s", (1.0,)),), ("",), "%", "")
    parsed(svg(control, "c2"))  # characters XML forbids are dropped, not written


def test_long_labels_wrap_and_the_chart_grows_with_them():
    short = Chart("bars", "t", ("Kurz",), (("s", (10.0,)),), ("",), "%", "")
    long_label = "Eine sehr lange Antwort, die auf einem Telefon nicht in eine einzige Zeile passt, gar nicht"
    long = Chart("bars", "t", (long_label,), (("s", (10.0,)),), ("",), "%", "")
    root = parsed(svg(long, "c"))
    label = next(t for t in root.iter(f"{NS}text") if "Eine" in "".join(t.itertext()))
    assert len(list(label.iter(f"{NS}tspan"))) >= 2  # three lines or more
    assert texts(root)[0] == long_label  # the words stay apart across the lines
    height = float(root.get("viewBox").split()[3])
    assert height >= float(parsed(svg(short, "c")).get("viewBox").split()[3]) + 16  # a line more
    width = float(root.get("viewBox").split()[2])
    for element in root.iter(f"{NS}rect"):
        assert float(element.get("x")) + float(element.get("width")) <= width


def test_waves_draw_one_bar_per_wave_with_a_legend():
    chart = waves_chart()
    root = parsed(svg(chart, "w"))
    words = texts(root)
    assert {"Geld", "Wohnung", "Frühjahr", "Herbst", "30 %", "35 %", "25 %"} <= set(words)
    assert words.count("nicht ausgewiesen") == 1
    assert len(bars_of(root)) == 2 + 3  # two legend swatches, three shown values


def test_stacked_rows_hatch_a_hidden_row_with_its_mark():
    chart = stacked_chart()
    root = parsed(svg(chart, "s"))
    words = texts(root)
    assert {"Familienzentrum", "Stadtteilmütter", "Beratung", "Kenne ich nicht", "Nutze ich"} <= set(words)
    assert {"21 %", "72 %", "4 %", "2 %", "3 %", "90 %"} <= set(words)
    assert "nicht ausgewiesen" in words
    hatched = [r for r in root.iter(f"{NS}rect") if r.get("fill") == "url(#s-h)"]
    assert len(hatched) == 2  # the legend's swatch and the hidden row
    assert root.find(f".//{NS}pattern").get("id") == "s-h"


def test_text_inside_a_coloured_bar_reads_against_it():
    root = parsed(svg(stacked_chart(), "s"))
    rects = [r for r in root.iter(f"{NS}rect") if r.get("fill", "").startswith("#") and r.get("x")]
    for text in root.iter(f"{NS}text"):
        x, y = float(text.get("x")), float(text.get("y"))
        under = [
            r
            for r in rects
            if float(r.get("x")) <= x <= float(r.get("x")) + float(r.get("width"))
            and float(r.get("y")) <= y - 4 <= float(r.get("y")) + float(r.get("height"))
        ]
        if under and text.get("stroke") is None:
            assert contrast(text.get("fill") or "#1a1a1a", under[-1].get("fill")) >= 4.5
    for colour in PALETTE:
        assert max(contrast("#ffffff", colour), contrast("#1a1a1a", colour)) >= 4.5


def test_the_map_draws_every_region_with_names_values_and_hidden_ones_hatched():
    chart = map_chart()
    root = parsed(svg(chart, "m", "de"))
    paths = [p for p in root.iter(f"{NS}path") if p.get("d", "").startswith("M") and "l" in p.get("d")]
    assert len(paths) == len(chart.regions)
    assert [p.get("fill") for p in paths].count("url(#m-h)") == 2
    words = " ".join(texts(root))
    for name in chart.labels:
        assert name in words
    assert "zusammengefasst" in words and "2,0" in words  # German decimals
    assert "2.0" in " ".join(texts(parsed(svg(chart, "m", "en"))))
    assert len(svg(chart, "m")) < 15_000
    nothing = Chart(
        "map",
        "t",
        chart.labels,
        (("s", (None,) * len(chart.labels)),),
        ("zusammengefasst",),
        "%",
        "",
        chart.regions,
    )
    assert "linearGradient" not in svg(nothing, "m") and "zusammengefasst" in svg(nothing, "m")


def test_charts_stay_small():
    assert len(svg(bars_chart(), "chart-q_benefits").encode()) < 3_000
    assert len(svg(waves_chart(), "chart-q_benefits").encode()) < 3_000


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        svg(Chart("pie", "t", (), ()), "x")


# -- the report part of the staff page ----------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    sys.path.insert(0, str(ROOT))
    try:
        from bench.analysis import wave
    finally:
        sys.path.remove(str(ROOT))
    from analysis.disclosure import Rules
    from analysis.releases import next_release
    from analysis.report import build

    day = dt.date(2026, 10, 1)
    questionnaire, facts, answers, publication = wave(300, 1)
    release = next_release(questionnaire, facts, answers, [], True, day, Rules(5))
    assert release is not None
    return build(publication(release), "de", today=day)


def test_the_report_fragment_holds_small_svg_charts_not_pictures(report):
    from analysis.render import fragment, html

    text = fragment(report)
    assert "data:image" not in text and "<img" not in text
    assert " style=" not in text and "<style" not in text and "<script" not in text
    figures = text.count("<figure")
    assert figures >= 10 and text.count("<svg") == figures
    assert 'role="img"' in text and "<text" in text
    assert len(text.encode()) < 10_000 * figures  # the PNG pictures took about 35 KB each
    page = html(report)
    assert page.count("<svg") == figures and "<img" not in page
    for table in report.tables():
        if table.chart is not None and table.chart.kind == "bars":
            for label in table.chart.labels[:3]:
                assert label.split()[0] in text


def test_the_report_page_loads_no_drawing_library_only_the_pdf_does():
    code = (
        "import sys, analysis.report, analysis.render, analysis.publication\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'reportlab'))\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
