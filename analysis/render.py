"""Writing a :class:`~analysis.report.Report`: accessible HTML, CSV and XLSX.

HTML: one self-contained page (no script, nothing from another host), ``lang`` set,
headings in order, every table with a caption and header cells with ``scope``, every
chart as inline SVG with ``role="img"``, a title and a text alternative, next to the
table that holds its values. CSV and XLSX hold the suppressed aggregate tables only:
a count is either a number that may be published or empty with its marker.
"""

from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis import svg_charts
from analysis.disclosure import HIDDEN_MARK
from analysis.report import Percent, Report, Table

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0 auto;
max-width:60rem;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.7rem}h2{font-size:1.35rem;margin-top:2.5rem;border-bottom:2px solid #0072B2}
h3{font-size:1.1rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:start;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:end;vertical-align:top}
th[scope=row],thead th:first-child{text-align:start}
thead th{background:#eef3f8}
figure{margin:1rem 0}figure svg{display:block;width:100%;max-width:24rem;height:auto}
figcaption{font-size:.9rem;color:#333}
.note{font-size:.9rem;color:#333}
dl.cover{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
nav ol{padding-inline-start:1.2rem}
p.caption{font-weight:600;margin-bottom:.3rem}ul.quotes li{margin:.4rem 0}
"""


def html(report: Report) -> str:
    """The report as one self-contained HTML document (its style inline, charts as SVG)."""
    out = [
        f'<!doctype html>\n<html lang="{report.lang}" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        *_body(report, 1),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out)


def fragment(report: Report, level: int = 2) -> str:
    """The report to place inside another page: no document, no ``style`` element or
    attribute (the embedding page links a style sheet for ``.report``; it may use :data:`CSS`),
    charts as inline SVG drawn with presentation attributes only, the title as a heading of
    ``level``, in a ``div`` that carries the report's language."""
    return "\n".join(
        [f'<div class="report" lang="{report.lang}" dir="ltr">', *_body(report, level), "</div>"]
    )


def _body(report: Report, level: int) -> list[str]:
    h1, h2, h3 = (f"h{min(level + i, 6)}" for i in range(3))
    out = [f"<{h1}>{escape(report.title)}</{h1}>", '<dl class="cover">']
    for name, value in report.cover:
        out.append(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>")
    out.append("</dl>")
    out += [
        f'<p class="note"><strong>{escape(note)}</strong></p>'
        if i == 0
        else f'<p class="note">{escape(note)}</p>'
        for i, note in enumerate(report.notes)
    ]
    out.append('<nav aria-label="Inhalt"><ol>' if report.lang == "de" else '<nav aria-label="Contents"><ol>')
    for section in report.sections:
        out.append(f'<li><a href="#{section.id}">{escape(section.title)}</a></li>')
    out.append("</ol></nav>")
    for section in report.sections:
        out.append(
            f'<section aria-labelledby="{section.id}"><{h2} id="{section.id}">{escape(section.title)}</{h2}>'
        )
        for block in section.blocks:
            if isinstance(block, str):
                if block.startswith("## "):
                    out.append(f"<{h3}>{escape(block[3:])}</{h3}>")
                else:
                    out.append(f"<p>{escape(block)}</p>")
            elif block.kind == "quotes":
                out.append(_html_quotes(block))
            else:
                out.append(_html_table(block, report.lang))
        out.append("</section>")
    return out


def _figure(table: Table, lang: str) -> str:
    assert table.chart is not None
    return (
        f'<figure aria-labelledby="{table.id}-cap">'
        + svg_charts.svg(table.chart, f"chart-{table.id}", lang)
        + f'<figcaption id="{table.id}-cap">{escape(table.chart.alt)}</figcaption></figure>'
    )


def _html_quotes(table: Table) -> str:
    items = "".join(f"<li>{escape(row[0])}</li>" for row in table.rows)
    return (
        f'<p class="caption" id="{table.id}-t">{escape(table.caption)}</p>'
        f'<ul class="quotes" id="{table.id}" aria-labelledby="{table.id}-t">{items}</ul>'
    )


def _html_table(table: Table, lang: str) -> str:
    parts = []
    described = f' aria-describedby="{table.id}-n"' if table.note else ""
    if table.chart is not None:
        parts.append(_figure(table, lang))
    parts.append(
        f'<div class="scroll" role="region" aria-labelledby="{table.id}-t" tabindex="0">'
        f'<table id="{table.id}"{described}><caption id="{table.id}-t">{escape(table.caption)}</caption>'
    )
    parts.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in table.header)
        + "</tr></thead><tbody>"
    )
    for row in table.rows:
        parts.append(
            f'<tr><th scope="row">{escape(row[0])}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
            + "</tr>"
        )
    parts.append("</tbody></table></div>")
    if table.note:
        parts.append(f'<p class="note" id="{table.id}-n">{escape(table.note)}</p>')
    return "\n".join(parts)


LONG_COLUMNS = (
    "table",
    "caption",
    "question",
    "row",
    "row_label",
    "by",
    "group",
    "column_label",
    "count",
    "mark",
    "share",
    "base",
    "children",
    "per_100_children",
    "change_points",
    "text",
)
HEADERS = {
    "de": {
        "table": "Tabelle",
        "caption": "Titel",
        "question": "Frage (Code)",
        "row": "Zeile (Code)",
        "row_label": "Zeile",
        "by": "Aufteilung (Code)",
        "group": "Gruppe (Code)",
        "column_label": "Gruppe",
        "count": "Anzahl",
        "mark": "Kennzeichen",
        "share": "Anteil (%)",
        "base": "Basis (n)",
        "children": "Kinder unter 18",
        "per_100_children": "Antworten je 100 Kinder",
        "change_points": "Veränderung (Prozentpunkte)",
        "text": "Text",
    },
    "en": {
        "table": "Table",
        "caption": "Caption",
        "question": "Question (code)",
        "row": "Row (code)",
        "row_label": "Row",
        "by": "Breakdown (code)",
        "group": "Group (code)",
        "column_label": "Group",
        "count": "Count",
        "mark": "Mark",
        "share": "Share (%)",
        "base": "Base (n)",
        "children": "Children under 18",
        "per_100_children": "Answers per 100 children",
        "change_points": "Change (percentage points)",
        "text": "Text",
    },
}
DECIMAL = ("share", "per_100_children", "change_points")

# A cell that begins like a formula is opened as one by spreadsheet programs; free text
# comes from families, so such cells are written as plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def long_rows(report: Report) -> list[dict]:
    return [row for table in report.tables() for row in table.long]


def csv_text(report: Report) -> str:
    """All published tables in one long CSV, one line per cell, for the reader's
    spreadsheet: a German report as a German Excel expects it (semicolon, decimal comma,
    German column names), an English one with comma and point. Written with a UTF-8 byte
    order mark, by choice: without it Excel reads the file in the Windows code page and
    garbles every umlaut and every non-Latin language name."""
    german = report.lang == "de"
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow([HEADERS[report.lang][k] for k in LONG_COLUMNS])
    for row in long_rows(report):
        line: list[object] = []
        for key in LONG_COLUMNS:
            value = row.get(key)
            if value is None:
                line.append("")
            elif key in DECIMAL and isinstance(value, int | float):
                number = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
                line.append(number.replace(".", ",") if german else number)
            else:
                line.append(_plain(value))
        writer.writerow(line)
    return buffer.getvalue()


def xlsx(report: Report, target: str | Path | io.BytesIO) -> None:
    """A workbook: an overview (with the rules), one sheet per table as published — counts
    as numbers, shares as numbers formatted as percentages, hidden cells as "×" — and one
    tidy sheet with every cell of every table, one per line, for pivoting."""
    book = Workbook()
    german = report.lang == "de"
    sheet = book.active
    sheet.title = "Überblick" if german else "Overview"
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    for name, detail in report.cover:
        sheet.append([name, detail])
    for note in report.notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    tidy_name = "Alle Tabellen" if german else "All tables"
    used = {sheet.title, tidy_name}
    for table in report.tables():
        if table.kind == "quotes":
            continue
        page = book.create_sheet(_sheet_name(table.caption, used))
        page.append([table.caption])
        page["A1"].font = Font(bold=True)
        page.append(table.header)
        for cell in page[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in table.cells():
            page.append([_cell(v) for v in values])
            for cell, value in zip(page[page.max_row], values, strict=False):
                if isinstance(value, Percent):
                    cell.number_format = "0%"
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.0"
                if not isinstance(value, str) or value in (HIDDEN_MARK, "–"):
                    cell.alignment = Alignment(horizontal="right")
        if table.note:
            page.append([])
            page.append([table.note])
        page.column_dimensions["A"].width = 42
        for i in range(2, len(table.header) + 1):
            page.column_dimensions[get_column_letter(i)].width = 16
        page.freeze_panes = "B3"
    tidy = book.create_sheet(tidy_name)
    tidy.append([HEADERS[report.lang][k] for k in LONG_COLUMNS])
    for cell in tidy[1]:
        cell.font = Font(bold=True)
    for row in long_rows(report):
        tidy.append(
            [_plain(row.get(k)) if not isinstance(row.get(k), float) else row.get(k) for k in LONG_COLUMNS]
        )
    tidy.freeze_panes = "A2"
    tidy.auto_filter.ref = tidy.dimensions
    for page in book.worksheets:  # openpyxl takes a text that begins with "=" for a formula
        for line in page.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(target)


def _cell(value: object) -> object:
    if isinstance(value, Percent):
        return float(value) / 100
    return _plain(value)


def _sheet_name(caption: str, used: set[str]) -> str:
    """A sheet name a reader understands: the table's caption, shortened to Excel's 31
    characters, without the characters Excel refuses, unique in the workbook."""
    plain = "".join(" " if ch in "[]:*?/\\" else ch for ch in caption).strip().strip("'") or "Tabelle"
    name = plain[:31].strip()
    number = 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({number})"
        name = plain[: 31 - len(suffix)].strip() + suffix
        number += 1
    used.add(name)
    return name


def write(report: Report, fmt: str, target: str | Path) -> None:
    path = Path(target)
    if fmt == "html":
        path.write_text(html(report), encoding="utf-8")
    elif fmt == "csv":
        path.write_text(csv_text(report), encoding="utf-8", newline="")
    elif fmt == "xlsx":
        xlsx(report, path)
    elif fmt == "pdf":
        from analysis.pdf import pdf

        path.write_bytes(pdf(report))
    else:
        raise ValueError(f"unknown format {fmt!r}: html, xlsx, csv or pdf")
