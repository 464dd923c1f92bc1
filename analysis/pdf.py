"""The multi-page PDF of a :class:`~analysis.report.Report` (reportlab, pure Python).

Fonts are the DejaVu fonts that matplotlib ships (so any Unicode name prints, with no
system fonts); charts are matplotlib PNGs next to their tables; the document carries
title, author, subject and language in its metadata.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from analysis import charts
from analysis.report import Report
from analysis.report import Table as ReportTable
from analysis.texts import text

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
WIDTH = A4[0] - 3.6 * cm


@cache
def _fonts() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVu", normal="DejaVu", bold="DejaVu-Bold", italic="DejaVu", boldItalic="DejaVu-Bold"
    )
    return "DejaVu", "DejaVu-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=25, spaceAfter=14),
        "h1": ParagraphStyle(
            "h1",
            fontName=bold,
            fontSize=15,
            leading=19,
            spaceBefore=6,
            spaceAfter=8,
            textColor=colors.HexColor("#0B3C6B"),
        ),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle(
            "body", fontName=regular, fontSize=9.5, leading=13.5, spaceAfter=6, alignment=TA_LEFT
        ),
        "note": ParagraphStyle(
            "note",
            fontName=regular,
            fontSize=8,
            leading=10.5,
            spaceAfter=6,
            textColor=colors.HexColor("#333333"),
        ),
        "strong": ParagraphStyle("strong", fontName=bold, fontSize=9.5, leading=13.5, spaceAfter=6),
        "caption": ParagraphStyle("caption", fontName=bold, fontSize=9, leading=12, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9),
        "cell_head": ParagraphStyle("cell_head", fontName=bold, fontSize=7.5, leading=9),
    }


def pdf(report: Report) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=report.title,
        author="Mitsprache",
        subject=report.notes[0],
        lang=report.lang,
    )
    story: list = [Paragraph(escape(report.title), styles["title"])]
    cover = Table(
        [
            [Paragraph(escape(name), styles["cell_head"]), Paragraph(escape(value), styles["cell"])]
            for name, value in report.cover
        ],
        colWidths=[4.2 * cm, WIDTH - 4.2 * cm],
    )
    cover.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story += [cover, Spacer(1, 10)]
    story.append(Paragraph(escape(report.notes[0]), styles["strong"]))
    story += [Paragraph(escape(note), styles["note"]) for note in report.notes[1:]]
    for section in report.sections:
        story.append(PageBreakIfNotEmpty())  # never a blank page
        story.append(Paragraph(escape(section.title), styles["h1"]))
        for block in section.blocks:
            if isinstance(block, str):
                if block.startswith("## "):
                    story.append(Paragraph(escape(block[3:]), styles["h2"]))
                else:
                    story.append(Paragraph(escape(block), styles["body"]))
            elif block.kind == "quotes":
                story += _quotes(block, styles)
            else:
                story += _table(block, styles)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("DejaVu", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.8 * cm, 1.1 * cm, report.title)
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.1 * cm, text(report.lang, "page", page=doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


PADDING = 14  # points of cell padding and grid, left and right together


def _widths(
    header: list[str], rows: list[list[str]], styles: dict[str, ParagraphStyle]
) -> list[float] | None:
    """Column widths in which no header and no cell breaks inside a word: every column at
    least as wide as its longest word, the first column (the labels) taking what is left;
    None if the columns cannot fit the page."""
    bold, regular = styles["cell_head"], styles["cell"]

    def longest(texts: list[str], style: ParagraphStyle) -> float:
        words = [w for t in texts for w in t.split()] or [""]
        return max(pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in words) + PADDING

    def whole(texts: list[str], style: ParagraphStyle) -> float:
        return max(pdfmetrics.stringWidth(t, style.fontName, style.fontSize) for t in texts) + PADDING

    columns = len(header)
    minimum = []
    wanted = []
    for i in range(columns):
        cells = [row[i] for row in rows if i < len(row)]
        style = bold if i == 0 else regular
        minimum.append(max(longest([header[i]], bold), longest(cells, style) if cells else 0))
        wanted.append(max(minimum[-1], whole(cells, style) if cells else 0))
    if sum(minimum) > WIDTH:
        return None
    rest = [max(minimum[i], min(wanted[i], 3.2 * cm)) for i in range(1, columns)]
    if sum(rest) + minimum[0] > WIDTH:
        rest = minimum[1:]
    first = WIDTH - sum(rest)
    if first > 7 * cm and columns > 1:  # no need for a very wide label column: give the rest room
        spare = first - 7 * cm
        rest = [w + spare / (columns - 1) for w in rest]
        first = 7 * cm
    return [first, *rest]


def _quotes(table: ReportTable, styles: dict[str, ParagraphStyle]) -> list:
    """Released free texts: the caption, then each text as a paragraph of its own."""
    flow: list = [CondPageBreak(3 * cm), Paragraph(escape(table.caption), styles["caption"])]
    flow += [Paragraph(escape(row[0]), styles["body"], bulletText="–") for row in table.rows]
    flow[-1].spaceAfter = 8  # not a Spacer: one at the foot of a page would start an empty one
    return flow


def _table(table: ReportTable, styles: dict[str, ParagraphStyle]) -> list:
    flow: list = [CondPageBreak(4 * cm)]
    if table.chart is not None:
        width, height = charts.size(table.chart)
        scale = min(1.0, (WIDTH * 0.92) / (width * 72), (18 * cm) / (height * 72))
        image = Image(
            io.BytesIO(charts.png(table.chart, dpi=130)), width=width * 72 * scale, height=height * 72 * scale
        )
        flow.append(
            KeepTogether(
                [
                    Paragraph(escape(table.chart.title), styles["caption"]),
                    image,
                    Paragraph(escape(table.chart.alt), styles["note"]),
                ]
            )
        )
    header, rows = table.header, table.rows
    widths = _widths(header, rows, styles)
    if widths is None:  # too wide even in small type: one line per group reads better
        matrix = [header, *rows]
        turned = [list(line) for line in zip(*matrix, strict=True)]
        header, rows = turned[0], turned[1:]
        widths = _widths(header, rows, styles) or [WIDTH / len(header)] * len(header)
    data = [[Paragraph(escape(h), styles["cell_head"]) for h in header]]
    data += [
        [
            Paragraph(escape(row[0]), styles["cell_head"]),
            *(Paragraph(escape(c), styles["cell"]) for c in row[1:]),
        ]
        for row in rows
    ]
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF3F8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    # the caption never alone at the foot of a page: room for it and a few rows, or a new page
    flow += [
        CondPageBreak(min(3 * cm, 1.2 * cm + 0.5 * cm * len(rows))),
        Paragraph(escape(table.caption), styles["caption"]),
        grid,
    ]
    if table.note:
        flow.append(Paragraph(escape(table.note), styles["note"]))
    flow[-1].spaceAfter = 8  # not a Spacer: one at the foot of a page would start an empty one
    return flow
