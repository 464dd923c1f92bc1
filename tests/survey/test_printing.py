"""What staff print: QR codes that a real decoder reads back as the link, the poster of a
location and sheets of access codes.

QR codes are read with zxing-cpp: from the PNG as it is, from the SVG and from the PDFs
after painting their vector rectangles into an image, so the tests see what a phone
would. PDF text is read back with pypdf.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from survey.printing import Invitation, code_sheet_pdf, invitations, poster_pdf, qr_png, qr_svg
from survey.printing.text import SANS, visual, width

URL = "https://mitsprache.berlin.de/s/FZRIXD"
A4 = (595.28, 841.89)
CM = 72 / 2.54
GERMAN = "Sagen Sie uns, was Ihre Familie braucht – scannen Sie den Code. Anonym."
ARABIC = "أخبرونا بما تحتاجه عائلتكم – امسحوا الرمز. بدون ذكر الاسم."
PERSIAN = "به ما بگویید خانواده\u200cتان به چه چیزی نیاز دارد – کد را اسکن کنید. بدون نام، حدود ۳ دقیقه."
INVITATIONS = [
    Invitation("de", GERMAN),
    Invitation("tr", "Ailenizin neye ihtiyacı olduğunu bize söyleyin – kodu tarayın."),
    Invitation("ar", ARABIC, "rtl"),
    Invitation("uk", "Розкажіть нам, що потрібно Вашій родині – відскануйте код."),
    Invitation("fa", PERSIAN, "rtl"),
    Invitation("vi", "Hãy cho chúng tôi biết gia đình quý vị cần gì – quét mã."),
    Invitation("ro", "Spuneți-ne de ce are nevoie familia dumneavoastră – scanați codul."),
]
ARABIC_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def decoded(image: Image.Image | np.ndarray) -> list[str]:
    """The texts of all QR codes zxing-cpp finds in the image."""
    codes = zxingcpp.read_barcodes(image)
    return sorted(code.text for code in codes if code.format == zxingcpp.BarcodeFormat.QRCode)


def painted_rectangles(pdf: bytes, page: int, scale: float = 3) -> tuple[np.ndarray, tuple[float, ...]]:
    """The page's filled rectangles (the QR codes' modules) painted black on white, and the
    bounding box (x0, y0, x1, y1) in points of all of them."""
    reader = PdfReader(io.BytesIO(pdf))
    operations = ContentStream(reader.pages[page].get_contents(), reader).operations
    transforms = [operands for operands, operator in operations if operator == b"cm"]
    assert all([float(v) for v in t] == [1, 0, 0, 1, 0, 0] for t in transforms)
    rectangles = [[float(v) for v in operands] for operands, operator in operations if operator == b"re"]
    columns, rows = (round(side * scale) for side in A4)
    image = np.full((rows, columns), 255, dtype=np.uint8)
    for x, y, w, h in rectangles:
        top, bottom = round(rows - (y + h) * scale), round(rows - y * scale)
        image[top:bottom, round(x * scale) : round((x + w) * scale)] = 0
    box = (
        min(r[0] for r in rectangles),
        min(r[1] for r in rectangles),
        max(r[0] + r[2] for r in rectangles),
        max(r[1] + r[3] for r in rectangles),
    )
    return image, box


def svg_image(svg: bytes) -> np.ndarray:
    """segno's SVG path (moves and horizontal lines one module thick) painted into an image."""
    path = re.search(rb' d="([^"]+)"', svg).group(1).decode()
    scale = float(re.search(rb'transform="scale\(([\d.]+)\)"', svg).group(1))
    size = int(re.search(rb'width="(\d+)"', svg).group(1))
    image = np.full((size, size), 255, dtype=np.uint8)
    x = y = 0.0
    for command, numbers in re.findall(r"([A-Za-z])([^A-Za-z]*)", path):
        values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            left, right = sorted((x, x + values[0]))
            rows = slice(round((y - 0.5) * scale), round((y + 0.5) * scale))
            image[rows, round(left * scale) : round(right * scale)] = 0
            x += values[0]
        else:
            pytest.fail(f"unexpected path command {command}")
    return image


def page_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """The text with every run of white space made one space."""
    return " ".join(text.split())


def letters(text: str) -> str:
    """Only the letters of the text, presentation forms turned back into plain letters."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c).startswith("L"))


def words(text: str, backwards: bool = False) -> Counter[str]:
    """The words of the text by their letters alone (digits and punctuation left out),
    each read backwards if asked."""
    found = (letters(word[::-1] if backwards else word) for word in text.split())
    return Counter(word for word in found if word)


# QR codes


def test_the_png_decodes_to_the_url_with_error_correction_m_or_better():
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(URL))))
    assert [code.text for code in codes] == [URL]
    assert codes[0].ec_level in {"M", "Q", "H"}


def test_the_png_has_a_quiet_zone_of_four_modules():
    image = np.asarray(Image.open(io.BytesIO(qr_png(URL, scale=1))).convert("L"))
    dark_rows = np.flatnonzero((image < 128).any(axis=1))
    dark_columns = np.flatnonzero((image < 128).any(axis=0))
    assert dark_rows[0] == dark_columns[0] == 4
    assert image.shape[0] - 1 - dark_rows[-1] == image.shape[1] - 1 - dark_columns[-1] == 4


def test_the_svg_decodes_to_the_url_and_names_it_for_screen_readers():
    svg = qr_svg(URL)
    assert decoded(svg_image(svg)) == [URL]
    assert f"<title>QR code: {URL}</title>".encode() in svg
    assert svg.startswith(b"<svg")


def test_the_same_url_gives_the_same_bytes():
    assert qr_svg(URL) == qr_svg(URL) and qr_png(URL) == qr_png(URL)
    assert qr_svg(URL) != qr_svg(URL + "X")


# The poster


@pytest.fixture(scope="module")
def poster() -> bytes:
    return poster_pdf("Familienzentrum Rixdorf", URL, INVITATIONS)


def test_the_poster_is_one_a4_page_in_german(poster):
    reader = PdfReader(io.BytesIO(poster))
    assert len(reader.pages) == 1
    assert [float(v) for v in reader.pages[0].mediabox] == pytest.approx([0, 0, *A4], abs=0.01)
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "Familienzentrum Rixdorf" in reader.metadata.title


def test_the_posters_qr_code_is_a_large_vector_drawing_of_the_link(poster):
    image, (x0, y0, x1, y1) = painted_rectangles(poster, 0)
    assert decoded(image) == [URL]
    assert x1 - x0 >= 9 * CM and y1 - y0 >= 9 * CM


def test_the_poster_shows_the_link_the_place_and_every_left_to_right_invitation(poster):
    text = flat(page_text(poster)[0])
    assert URL in text
    assert "Familienzentrum Rixdorf" in text
    for invitation in INVITATIONS:
        if invitation.direction == "ltr":
            assert unicodedata.normalize("NFC", invitation.text) in text


@pytest.mark.parametrize("invitation", [ARABIC, PERSIAN], ids=["arabic", "persian"])
def test_arabic_and_persian_come_out_joined_with_every_word(poster, invitation):
    """Every letter is in a joined (presentation) form, and the line holds exactly the
    invitation's words, each spelled right (the extractor may give a right-to-left line's
    letters in either direction, but the same for all words)."""
    expected = words(invitation)
    lines = [line for line in page_text(poster)[0].splitlines() if PRESENTATION_FORMS.search(line)]
    line = max(lines, key=lambda line: len(expected & (words(line) | words(line, backwards=True))))
    assert not ARABIC_LETTERS.search(line), "letters left in their unjoined forms"
    assert expected in (words(line), words(line, backwards=True))


@pytest.mark.parametrize("invitation", [ARABIC, PERSIAN], ids=["arabic", "persian"])
def test_right_to_left_lines_are_drawn_in_visual_order(invitation):
    """Drawn from left to right, the line is the text backwards, letter by letter, in
    joined forms (a single digit reads the same either way)."""
    drawn = visual(invitation, "rtl")
    assert not ARABIC_LETTERS.search(drawn)
    assert "".join(unicodedata.normalize("NFKC", char) for char in reversed(drawn)) == invitation


def text_blocks(pdf: bytes, page: int = 0) -> list[tuple[float, float, float]]:
    """(font size, x, y) of every line of text drawn on the page, in drawing order."""
    reader = PdfReader(io.BytesIO(pdf))
    blocks, x, y, size = [], 0.0, 0.0, 0.0
    for operands, operator in ContentStream(reader.pages[page].get_contents(), reader).operations:
        if operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif operator == b"Tf":
            size = float(operands[1])
        elif operator == b"Tj":
            blocks.append((size, x, y))
    return blocks


def test_right_to_left_lines_end_at_the_right_margin_and_the_others_start_at_the_left(poster):
    """The further languages are the last lines drawn on the page."""
    margin = 1.5 * CM
    lines = text_blocks(poster)[-len(INVITATIONS[1:]) :]
    for invitation, (size, x, _y) in zip(INVITATIONS[1:], lines, strict=True):
        if invitation.direction == "rtl":
            right = x + width(visual(invitation.text, "rtl"), SANS, size)
            assert right == pytest.approx(A4[0] - margin, abs=0.5)
        else:
            assert x == pytest.approx(margin, abs=0.5)


@pytest.mark.parametrize("first", ["de", "ar"])
def test_nothing_on_the_poster_overlaps(first):
    """Lines follow each other down the page, each at least its own size below the one
    before, and none inside the QR code's square."""
    ordered = sorted(INVITATIONS, key=lambda invitation: invitation.language != first)
    pdf = poster_pdf("مركز العائلة – Familienzentrum Gropiusstadt am Wutzkyallee", URL, ordered)
    _image, (_x0, bottom, _x1, top) = painted_rectangles(pdf, 0)
    blocks = text_blocks(pdf)
    for (_size, _x, above), (size, _x2, below) in zip(blocks, blocks[1:], strict=False):
        assert above - below >= size
    assert all(not bottom - size < y < top for size, _x, y in blocks)


def test_a_line_too_long_for_the_page_is_made_smaller_not_cut(poster):
    long = Invitation("en", "A very long invitation " * 8 + "end.")
    text = flat(page_text(poster_pdf("Ort", URL, [INVITATIONS[0], long]))[0])
    assert flat(long.text) in text


# The sheets of access codes


def slips(count: int) -> list[tuple[str, str]]:
    return [(f"K7{n:02d}XHTM", f"{URL}?code=K7{n:02d}XHTM") for n in range(count)]


@pytest.fixture(scope="module")
def sheet() -> bytes:
    return code_sheet_pdf("Zugangscodes – Familienzentrum Rixdorf", slips(23), Invitation("de", GERMAN))


def test_twenty_three_slips_take_three_a4_pages(sheet):
    reader = PdfReader(io.BytesIO(sheet))
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, *A4], abs=0.01)
    assert reader.metadata.title == "Zugangscodes – Familienzentrum Rixdorf"


def test_each_code_is_printed_once_in_large_letters_with_its_link(sheet):
    lines = Counter(line.strip() for text in page_text(sheet) for line in text.splitlines())
    for code, url in slips(23):
        assert lines[code] == 1
        assert lines[url] == 1


def test_every_slip_has_the_invitation_whole(sheet):
    assert sum(flat(text).count(GERMAN) for text in page_text(sheet)) == 23


def test_each_slips_qr_code_reads_as_its_own_link(sheet):
    expected = [url for _code, url in slips(23)]
    found = [text for page in range(3) for text in decoded(painted_rectangles(sheet, page)[0])]
    assert sorted(found) == sorted(expected)


def test_a_long_link_is_broken_into_lines_not_cut():
    url = "https://mitsprache.bezirksamt-neukoelln.berlin.de/umfrage/familienzentren/s/FZRIXD?code=K7Q2XHTM"
    text = page_text(code_sheet_pdf("Codes", [("K7Q2XHTM", url)], Invitation("de", "Kurz.")))[0]
    assert url in text.replace("\n", "")
    assert decoded(
        painted_rectangles(code_sheet_pdf("Codes", [("K7Q2XHTM", url)], Invitation("de", "Kurz.")), 0)[0]
    ) == [url]


# The invitation texts


def test_the_invitation_is_translated_into_every_language(app):
    languages = app.config["LANGUAGES"]
    with app.app_context():
        result = invitations(languages)
    assert [invitation.language for invitation in result] == languages
    by_language = {invitation.language: invitation for invitation in result}
    assert by_language["de"].text == GERMAN
    assert by_language["ar"].text == ARABIC and by_language["ar"].direction == "rtl"
    assert by_language["fa"].direction == "rtl" and by_language["tr"].direction == "ltr"
    english = by_language["en"].text
    assert len(english) <= 80
    assert all(invitation.text != english for invitation in result if invitation.language != "en")
