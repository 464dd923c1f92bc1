"""XLSForm, the spreadsheet format of ODK, KoboToolbox and Ona: read a form into a
questionnaire draft, and write a questionnaire as a form.

Reading takes ``.xlsx`` (openpyxl, read-only and streaming), ``.xls`` (xlrd) and the
one-file ``.csv`` layout, told apart by their content, never by the file's name. Column
names and their aliases are those of pyxform, the reference implementation. What maps
is mapped fully (see :func:`read_xlsform`); everything else becomes a :class:`Note`
naming the sheet, row and column and what was done with it. A form that cannot become a
questionnaire raises :class:`XLSFormError` with located notes of the same kind.

Writing (:func:`to_xlsform`) gives a workbook that pyxform converts without error and
that reads back into the identical questionnaire: Mitsprache's own settings that the
format has no column for travel in columns named ``mitsprache_…``, which ODK tools
ignore.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from pyxform.aliases import yes_no

from questionnaires.editing import check, suggest_code
from questionnaires.icons import ICONS
from questionnaires.loader import CODE, LANGUAGE, MAX_QUESTIONS, MAX_TEXT_LENGTH
from questionnaires.model import FIELDS, ROLES
from questionnaires.questions import MAX_DECIMALS, MESSAGE_FIELDS, TEXT_MAX_LENGTH, number_value

#: The languages Mitsprache ships, in its order (the web app passes its own setting).
APP_LANGUAGES = ("de", "tr", "ar", "uk", "ru", "fa", "en", "bg", "ro", "vi")
#: Rows read from one sheet at most, and empty rows after which a sheet is taken to end
#: (a sheet formatted down to row 1,048,576 ends at its last row with content).
MAX_ROWS = 20_000
EMPTY_ROWS_ENDING_A_SHEET = 2_000
#: What the parts of an .xlsx may unpack to, all together (a zip bomb stops here).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CHOICES = {"single": 30, "multiple": 30, "list": 200}

Data = dict[str, Any]

# -- notes -------------------------------------------------------------------------------

LEFT_OUT = "left_out"
SIMPLIFIED = "simplified"
INFO_TEXT = "info_text"
KEPT = "kept"
REFUSED = "refused"

#: Every kind of note, in English, with its placeholders. The web app shows them in the
#: staff page's language (``survey/staff/xlsform_report.py`` holds the same texts).
MESSAGES: dict[str, str] = {
    # refusals
    "not_a_spreadsheet": "The file is neither an Excel workbook (.xlsx, .xls) nor an XLSForm CSV file.",
    "opendocument": "The file is an OpenDocument spreadsheet: save it as .xlsx and import that.",
    "unreadable": "The workbook cannot be read (%(reason)s).",
    "encrypted": "The workbook is protected by a password: save it without one.",
    "too_large_unpacked": "The workbook unpacks to more than %(limit)d MB.",
    "no_survey_sheet": "There is no sheet named survey (the sheets are: %(sheets)s).",
    "no_type_column": "The survey sheet has no column named type.",
    "no_questions": "No row of the survey sheet becomes a question.",
    "too_many_questions": "The form has %(count)d questions; a questionnaire has at most %(limit)d.",
    "invalid": "%(problem)s",
    # what was done
    "repeat": "The repeat “%(name)s” (rows %(first)d–%(last)d, questions in it: %(count)d) is left out: "
    "a questionnaire asks each question once.",
    "metadata": "“%(name)s” (%(type)s) is left out: Mitsprache records nothing about the device or "
    "the person.",
    "calculate": "“%(name)s” (%(type)s) is left out: a questionnaire does not calculate.",
    "unsupported_type": "“%(name)s” of type %(type)s is left out: a questionnaire has no such question.",
    "external_choices": "“%(name)s” (%(type)s) is left out: options from another file are not imported.",
    "unknown_type": "“%(name)s” has the unknown type “%(type)s” and is left out.",
    "no_type": "The row has no type and is left out.",
    "group_label": "The group “%(name)s” is flattened; its label is kept as an information screen.",
    "group_without_label": "The group “%(name)s” is flattened.",
    "group_screens_dropped": "The groups' information screens are left out: with them the form would "
    "have more than %(limit)d questions.",
    "group_condition_combined": "“%(name)s” has its own condition inside a group with a condition; "
    "only its own is kept.",
    "unbalanced_end": "“%(type)s” without a group or repeat begun before it: the row is ignored.",
    "range": "“%(name)s” (range) is asked as a typed number from %(min)s to %(max)s.",
    "renamed": "The name “%(name)s” is stored as the code “%(code)s”.",
    "choice_renamed": "The option “%(name)s” of list “%(list)s” is stored as the code “%(code)s”.",
    "required_expression": "“%(name)s”: “required” is an expression (“%(value)s”); the question can "
    "be skipped.",
    "message_left_out": "“%(name)s”: the message is left out; families see Mitsprache's own "
    "message in their language.",
    "relevant_complex": "“%(name)s”: the condition “%(expression)s” cannot be kept; the question is "
    "always shown.",
    "relevant_inexact": "“%(name)s”: the condition “%(expression)s” is kept as “after one of the "
    "answers %(answers)s to %(target)s”.",
    "constraint_complex": "“%(name)s”: the constraint “%(expression)s” is left out.",
    "list_missing": "“%(name)s”: the list “%(list)s” is not on the choices sheet; add the options "
    "in the editor.",
    "too_many_choices": "“%(name)s” has %(count)d options, more than the %(limit)d a question can "
    "have, and is left out.",
    "long_list": "“%(name)s” has %(count)d options and is asked as one answer from a long list.",
    "choice_filter_static": "“%(name)s”: the choice filter “%(expression)s” is applied; %(count)d "
    "options are kept.",
    "choice_filter_dropped": "“%(name)s”: the choice filter “%(expression)s” cannot be kept; all "
    "options of the list are shown.",
    "or_other": "“%(name)s”: “or_other” is left out (an option “Other” can be added in the editor).",
    "duplicate_choice": "The option “%(name)s” appears twice in list “%(list)s”; the second is left out.",
    "choice_without_name": "An option of list “%(list)s” has no name and is left out.",
    "column_left_out": "The column is left out (rows %(rows)s).",
    "label_piping": "“%(name)s”: a reference to an answer (%(reference)s) is shown as “…”.",
    "label_markup": "“%(name)s”: formatting (HTML) is left out of the text.",
    "text_too_long": "“%(name)s”: the text is longer than %(limit)d characters and is shortened.",
    "language_assumed": "Texts in columns without a language are taken as %(language)s.",
    "language_mapped": "The language “%(column)s” is taken as %(language)s.",
    "language_dari": "Dari (“%(column)s”) is taken as Persian (fa): both are written in the same "
    "script and Mitsprache has one Persian-Dari translation.",
    "language_not_shipped": "The language “%(column)s” (%(language)s) is kept; Mitsprache's own "
    "texts do not exist in it, so families are not offered it yet.",
    "language_unknown": "The language “%(column)s” is not recognised; the column is left out.",
    "language_twice": "“%(column)s” is a second column of %(language)s: its texts are used only where "
    "the first column is empty.",
    "language_empty": "The language “%(column)s” has no texts and is left out.",
    "default_language_unknown": "default_language “%(value)s” is not one of the form's languages.",
    "title_missing": "The form has no form_title; the title is “%(title)s”.",
    "title_one_language": "XLSForm has one form_title: the title is in %(language)s only. Families "
    "are offered another language once its title (and every other text) is there.",
    "sheet_left_out": "The sheet is left out.",
    "truncated_rows": "The sheet has more than %(limit)d rows; the rest is not read.",
    "csv_encoding": "The file is not UTF-8; it is read as Windows-1252.",
}


@dataclass(frozen=True)
class Note:
    """One thing about the form that did not map as it stands, or that refuses it."""

    sheet: str  # "survey", "choices", "settings" (as the file names it); "" for the file
    row: int  # the spreadsheet's row number; 0 for the whole sheet or file
    column: str  # the column's name as written; "" for the whole row
    kind: str  # a key of MESSAGES
    action: str  # LEFT_OUT, SIMPLIFIED, INFO_TEXT, KEPT or REFUSED
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return MESSAGES[self.kind] % dict(self.details)

    def __str__(self) -> str:
        place = ", ".join(
            part
            for part in (
                f"sheet {self.sheet}" if self.sheet else "",
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{place or 'file'}: {self.message} [{self.action.replace('_', ' ')}]"


class XLSFormError(ValueError):
    """The form cannot become a questionnaire: every reason, located."""

    def __init__(self, notes: Sequence[Note]):
        self.notes = list(notes)
        super().__init__("\n".join(str(n) for n in self.notes))


@dataclass(frozen=True)
class ImportResult:
    """A draft in the format's plain data, and the notes on what did not map as it stands."""

    data: Data
    notes: tuple[Note, ...]


# -- reading the spreadsheet --------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[str]]]  # (row number, cells as text), empty rows left out
    notes: list[Note] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        text = value.strip()
        return "" if text in ("#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#NULL!", "#NUM!") else text
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def _rows(name: str, values: Iterable[Sequence[Any]]) -> Sheet:
    """Rows of a sheet as text, stopping at the end of its content."""
    sheet = Sheet(name, [])
    empty_run = 0
    for number, row in enumerate(values, 1):
        cells = [_cell(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            empty_run += 1
            if empty_run >= EMPTY_ROWS_ENDING_A_SHEET:
                break
            continue
        empty_run = 0
        if len(sheet.rows) >= MAX_ROWS:
            sheet.notes.append(Note(name, number, "", "truncated_rows", LEFT_OUT, {"limit": MAX_ROWS}))
            break
        sheet.rows.append((number, cells))
    return sheet


def _refuse(kind: str, **details: Any) -> XLSFormError:
    return XLSFormError([Note("", 0, "", kind, REFUSED, details)])


def _read_xlsx(content: bytes) -> list[Sheet]:
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = archive.namelist()
        if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
            raise _refuse("opendocument")
        if "xl/workbook.xml" not in names:
            raise _refuse("not_a_spreadsheet")
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _refuse("too_large_unpacked", limit=MAX_UNPACKED_BYTES // (1024 * 1024))
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except XLSFormError:
        raise
    except Exception as error:  # a damaged workbook fails in many ways, none of them ours
        raise _refuse("unreadable", reason=type(error).__name__) from None
    sheets = []
    try:
        for worksheet in book.worksheets:
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            worksheet.reset_dimensions()  # the stored size may claim a million rows and columns
            sheets.append(_rows(worksheet.title, worksheet.iter_rows(values_only=True)))
    except Exception as error:
        raise _refuse("unreadable", reason=type(error).__name__) from None
    finally:
        book.close()
    return sheets


def _read_xls(content: bytes) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
    except xlrd.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise _refuse("encrypted") from None
        raise _refuse("unreadable", reason=str(error)[:80]) from None
    except Exception as error:
        raise _refuse("unreadable", reason=type(error).__name__) from None
    sheets = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)

        def values(sheet: Any = sheet) -> Iterator[list[Any]]:
            for r in range(sheet.nrows):
                row = []
                for c in range(sheet.ncols):
                    kind = sheet.cell_type(r, c)
                    value = sheet.cell_value(r, c)
                    if kind == xlrd.XL_CELL_BOOLEAN:
                        value = bool(value)
                    elif kind in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        value = None
                    row.append(value)
                yield row

        sheets.append(_rows(sheet.name, values()))
    book.release_resources()
    return sheets


def _read_csv(content: bytes) -> list[Sheet]:
    """The XLSForm CSV layout: a sheet's name alone in the first column starts it, its rows
    follow with the first column empty. A CSV of only the survey sheet is read too."""
    notes: list[Note] = []
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16")
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
            notes.append(Note("", 0, "", "csv_encoding", SIMPLIFIED))
    if "\x00" in text:
        raise _refuse("not_a_spreadsheet")
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count)
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    first = next((row for row in lines if any(c.strip() for c in row)), [])
    headers = {c.strip().lower() for c in first}
    named_sheet = bool(first) and first[0].strip().lower() in ("survey", "choices", "settings")
    single_sheet = not named_sheet and ("type" in headers or ("name" in headers and "label" in headers))
    sheets: list[Sheet] = []
    if single_sheet:
        sheets.append(_rows("survey", lines))
    else:
        current: tuple[str, list[tuple[int, list[str]]]] | None = None
        parts: list[tuple[str, list[tuple[int, list[str]]]]] = []
        for number, row in enumerate(lines, 1):
            if row and row[0].strip():
                current = (row[0].strip(), [])
                parts.append(current)
                rest = row[1:]
            elif current is not None:
                rest = row[1:]
            else:
                continue
            current[1].append((number, rest))
        for name, rows in parts:
            sheet = Sheet(name, [])
            for number, row in rows:
                cells = [c.strip() for c in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    sheet.rows.append((number, cells))
            sheets.append(sheet)
        if not sheets:
            raise _refuse("not_a_spreadsheet")
    if sheets:
        sheets[0].notes[:0] = notes
    return sheets


def read_sheets(content: bytes) -> list[Sheet]:
    """The sheets of a workbook, told apart by content: .xlsx, .xls or XLSForm CSV."""
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _read_xls(content)
    head = content[:512].lstrip().lower()
    if head.startswith((b"<", b"{", b"%pdf")) or b"\x00" in content[:512].replace(b"\x00", b"", 0):
        raise _refuse("not_a_spreadsheet")
    return _read_csv(content)


def is_xlsform(content: bytes, filename: str = "") -> bool:
    """Whether an uploaded file is meant as an XLSForm: a workbook by its content (whatever
    its name), or CSV text named so or with the header of an XLSForm."""
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        return True
    if filename.lower().endswith((".csv", ".tsv", ".xlsx", ".xls", ".xlsm")):
        return True
    text = content[:4096].decode("utf-8-sig", errors="replace")
    first = next((line for line in text.splitlines() if line.strip(" ,;\t")), "")
    cells = {cell.strip().strip('"').lower() for cell in re.split(r"[,;\t]", first)}
    return "survey" in cells or {"type", "name"} <= cells


# -- columns and languages ------------------------------------------------------------------

_TRANSLATABLE = {"label", "hint", "guidance_hint", "constraint_message", "required_message", "image"}
_TRANSLATABLE |= {"big-image", "audio", "video", "media::image", "media::audio", "media::video"}
_TRANSLATABLE |= {"media::big-image", "mitsprache_title", "mitsprache_intro", "mitsprache_thanks"}
_ALIASES = {
    "caption": "label",
    "text": "label",
    "relevance": "relevant",
    "calculation": "calculate",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
    "command": "type",
    "list name": "list_name",
    "tag": "name",
    "form_title": "form_title",
    "set_form_title": "form_title",
    "title": "form_title",
    "set_form_id": "form_id",
    "id_string": "form_id",
    "repeat_count": "repeat_count",
    "jr:count": "repeat_count",
    "read_only": "readonly",
}


@dataclass(frozen=True)
class Column:
    index: int
    raw: str  # as written in the header
    base: str  # e.g. label, hint, type
    language: str | None  # as written after "::" (None: no language given)


def _columns(header: Sequence[str], sheet_kind: str) -> list[Column]:
    columns = []
    for index, raw in enumerate(header):
        text = " ".join(raw.split())
        if not text:
            continue
        language: str | None = None
        lowered = text.lower()
        parts = text.split("::")
        prefixed = len(parts) >= 3 and parts[0].lower() in ("media", "bind", "instance", "body", "control")
        if prefixed:
            base, language = f"{parts[0]}::{parts[1]}".lower(), "::".join(parts[2:]).strip()
        elif len(parts) >= 2 and parts[0].strip().lower() not in ("bind", "instance", "body", "control"):
            base, language = parts[0].strip().lower(), "::".join(parts[1:]).strip()
        elif ":" in text and lowered.partition(":")[0].strip() in _TRANSLATABLE | {"text", "caption"}:
            base, _colon, language = lowered.partition(":")
            base = base.strip()
            language = text.partition(":")[2].strip()
        else:
            base = lowered
        base = _ALIASES.get(base, base)
        if sheet_kind == "choices" and base == "value":
            base = "name"
        if sheet_kind == "survey" and base == "value":
            base = "name"
        if base == "media::image":
            base = "image"
        columns.append(Column(index, raw.strip(), base, language or None))
    return columns


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_EXTRA_NAMES = {
    "dari": "prs",
    "دری": "prs",
    "farsi": "fa",
    "فارسى": "fa",
    "persian (farsi)": "fa",
    "kurmanji": "ku",
    "kurdish (kurmanji)": "ku",
    "sorani": "ckb",
    "kurdish (sorani)": "ckb",
    "arabisch": "ar",
    "englisch": "en",
    "deutsch": "de",
    "german": "de",
    "einfache sprache": "de",
    "ukrainian": "uk",
    "syrian arabic": "ar",
}
_THREE_LETTER = {
    "ara": "ar",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "tur": "tr",
    "ukr": "uk",
    "rus": "ru",
    "fas": "fa",
    "per": "fa",
    "prs": "prs",
    "bul": "bg",
    "ron": "ro",
    "rum": "ro",
    "vie": "vi",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "pol": "pl",
    "pus": "ps",
    "kur": "ku",
    "kmr": "ku",
    "som": "so",
    "tir": "ti",
}


#: Languages whose own names are known without reading every locale Babel has.
_COMMON_LANGUAGES = (
    *APP_LANGUAGES,
    *("ps", "ku", "ckb", "ti", "so", "fr", "es", "pl", "sq", "sr", "bs", "hr", "am", "ur", "hi", "it"),
    *("pt", "el", "he", "zh", "uz", "tg", "az", "ka", "hy", "ky", "tk", "ha", "sw", "lt", "lv", "cs", "hu"),
)


@cache
def _language_names(every_locale: bool) -> dict[str, str]:
    """Folded language names (English, German, and each language's own) → code; the own
    names of every locale only when asked (reading them all takes most of a second)."""
    names: dict[str, str] = {}
    english, german = Locale("en").languages, Locale("de").languages
    for code, name in [*german.items(), *english.items()]:
        if re.fullmatch(r"[a-z]{2,3}", code):
            names.setdefault(_fold(name), code)
    for identifier in locale_identifiers() if every_locale else _COMMON_LANGUAGES:
        if "_" in identifier:
            continue
        try:
            own = Locale.parse(identifier).get_display_name(identifier)
        except (ValueError, UnknownLocaleError):
            continue
        if own:
            names.setdefault(_fold(own), identifier)
    names.update({_fold(k): v for k, v in _EXTRA_NAMES.items()})
    return names


def recognise_language(written: str) -> str | None:
    """A language code for a column's language as written: ``English (en)``, ``Arabic``,
    ``العربية``, ``ar``, ``ara``, ``fa-AF`` … (``prs`` for Dari); None when unknown."""
    text = " ".join(written.split())
    match = re.search(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*\)\s*$", text)
    candidates = []
    if match:
        candidates.append(match.group(1))
        candidates.append(text[: match.start()].strip())
    candidates.append(text)
    candidates.extend(part for part in re.split(r"[/,;|()\-–]+", text) if part.strip())
    for every_locale in (False, True):
        names = _language_names(every_locale)
        codes = set(names.values())
        for candidate in candidates:
            candidate = candidate.strip()
            if not candidate:
                continue
            if re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", candidate):
                code = candidate.lower().replace("_", "-")
                base = code.split("-")[0]
                if len(base) == 3 and base in _THREE_LETTER:
                    return _THREE_LETTER[base] + code[len(base) :]
                if base in codes:
                    return code
            found = names.get(_fold(candidate))
            if found:
                return found
    return None


def _app_language(code: str, app_languages: Sequence[str]) -> tuple[str, str]:
    """The Mitsprache code for a recognised code, and how it was found: "exact", "base"
    (fa-AF → fa), "dari" (prs → fa) or "not_shipped"."""
    if code in app_languages:
        return code, "exact"
    base = code.split("-")[0]
    if base == "prs" and "fa" in app_languages:
        return "fa", "dari"
    if base in app_languages:
        return base, "base"
    return code, "not_shipped"


# -- mapping the survey -----------------------------------------------------------------------

_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "start_geopoint",
    "background-geopoint",
    "background-audio",
    "uri:deviceid",
    "uri:email",
    "uri:username",
    "uri:phonenumber",
    "uri:subscriberid",
    "uri:simserial",
    "instanceid",
}
_CALCULATED = {"calculate", "hidden"}
_UNSUPPORTED = {
    "geopoint",
    "geotrace",
    "geoshape",
    "gps",
    "location",
    "image",
    "photo",
    "audio",
    "video",
    "file",
    "barcode",
    "qr_code",
    "date",
    "time",
    "datetime",
    "dateTime",
    "acknowledge",
    "trigger",
    "rank",
    "osm",
    "xml-external",
    "csv-external",
    "signature",
    "annotate",
}
_SELECT = re.compile(
    r"^(?P<kind>select[ _]?one|select1|select[ _]?multiple|select all that apply)"
    r"(?P<external>[ _]?from[ _]?file|[ _]external)?"
    r"(?:\s+(?P<list>\S+)|(?P<glued>[A-Za-z0-9_.-]+))?"
    r"(?P<other>\s+or[ _]other)?$",
    re.IGNORECASE,
)
_BEGIN = re.compile(r"^begin[ _]?(group|repeat|loop)\b", re.IGNORECASE)
_END = re.compile(r"^end[ _]?(group|repeat|loop)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
_TAG = re.compile(r"</?(?:span|b|i|u|em|strong|br|p|font|div|sup|sub)\b[^>]*>", re.IGNORECASE)
_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def _truthy(value: str) -> bool | None:
    """yes / true() / TRUE / 1 → True; no / false() / "" → False; anything else None."""
    if not value:
        return False
    known = yes_no.get(value, yes_no.get(value.strip().lower()))
    if known is not None:
        return bool(known)
    if value.strip() in ("1", "0"):
        return value.strip() == "1"
    return None


class _Mapper:
    def __init__(self, sheets: list[Sheet], assume_language: str, app_languages: Sequence[str], name: str):
        self.notes: list[Note] = []
        self.app_languages = tuple(app_languages)
        self.assume_language = assume_language
        self.file_name = name
        by_name: dict[str, Sheet] = {}
        for sheet in sheets:
            self.notes.extend(sheet.notes)
            key = " ".join(sheet.name.split()).lower()
            if key in by_name:
                continue
            by_name[key] = sheet
        self.sheets = by_name
        for key, sheet in by_name.items():
            if key not in ("survey", "choices", "settings") and sheet.rows:
                self.notes.append(Note(sheet.name, 0, "", "sheet_left_out", LEFT_OUT))
        self.codes: set[str] = set()
        self.language_of: dict[tuple[str, str | None], str | None] = {}  # (sheet, written) → code
        self.languages: list[str] = []

    def note(self, sheet: Sheet | None, row: int, at: str, kind: str, action: str, **details: Any) -> None:
        self.notes.append(Note(sheet.name if sheet else "", row, at, kind, action, details))

    # -- tables ----------------------------------------------------------------------------
    def table(self, key: str) -> tuple[Sheet | None, list[Column], list[tuple[int, dict[str, Any]]]]:
        """A sheet's columns and its rows as {column base: value} ({base: {language: value}}
        for columns with a language)."""
        sheet = self.sheets.get(key)
        if sheet is None or not sheet.rows:
            return sheet, [], []
        _number, header = sheet.rows[0]
        columns = _columns(header, key)
        rows = []
        for number, cells in sheet.rows[1:]:
            values: dict[str, Any] = {"__cells__": {}}
            for column in columns:
                value = cells[column.index] if column.index < len(cells) else ""
                if column.language is None and column.base not in values:
                    values[column.base] = value
                elif column.language is not None:
                    values.setdefault(f"{column.base}::", {})
                    values[f"{column.base}::"].setdefault(column.language, value)
                if value:
                    values["__cells__"][column.raw] = value
            rows.append((number, values))
        return sheet, columns, rows

    def texts(self, sheet: Sheet | None, row: int, values: Mapping[str, Any], base: str) -> dict[str, str]:
        """A translatable column's texts by Mitsprache language."""
        found: dict[str, str] = {}
        unnamed = values.get(base, "")
        for written, text in values.get(f"{base}::", {}).items():
            code = self.language_of.get(("", written))
            if code and text and code not in found:
                found[code] = text
        default = self.language_of.get(("", None))
        if unnamed and default and default not in found:
            found[default] = unnamed
        return found

    # -- languages ---------------------------------------------------------------------------
    def decide_languages(
        self, settings: Mapping[str, Any], tables: list[tuple[Sheet | None, list[Column], list]]
    ) -> str | None:
        """Which column language is which Mitsprache language; returns the default language."""
        declared: list[tuple[str, Sheet | None, str]] = []  # language as written, where first seen
        counts: dict[str | None, int] = {}
        places: dict[str, set[tuple[str, str]]] = {}  # language as written → (sheet, column) it names
        unnamed_places: set[tuple[str, str]] = set()  # (sheet, column) with texts that name no language
        for sheet, columns, rows in tables:
            for header in columns:
                if header.base not in _TRANSLATABLE:
                    continue
                if header.language is not None and header.language not in [d[0] for d in declared]:
                    declared.append((header.language, sheet, header.raw))
                if header.language is not None:
                    places.setdefault(header.language, set()).add((sheet.name if sheet else "", header.base))
                filled = sum(1 for _n, values in rows if self._cell_of(values, header))
                counts[header.language] = counts.get(header.language, 0) + filled
                if header.language is None and filled:
                    unnamed_places.add((sheet.name if sheet else "", header.base))
        for written in ("mitsprache_title", "mitsprache_intro", "mitsprache_thanks"):
            for language, text in settings.get(f"{written}::", {}).items():
                if language not in [d[0] for d in declared]:
                    declared.append((language, self.sheets.get("settings"), f"{written}::{language}"))
                counts[language] = counts.get(language, 0) + (1 if text else 0)
        kept_languages = settings.get("mitsprache_languages", "").split()
        default_written = settings.get("default_language", "")
        default_code: str | None = None
        if default_written:
            recognised = recognise_language(default_written)
            default_code = _app_language(recognised, self.app_languages)[0] if recognised else None
        settings_sheet = self.sheets.get("settings")
        seen: dict[str, list[str]] = {}  # code → languages as written that are taken as it
        for written, sheet, column in declared:
            recognised = recognise_language(written)
            if recognised is None or not LANGUAGE.match(recognised.split("-")[0]):
                self.note(sheet, 1, column, "language_unknown", LEFT_OUT, column=written)
                self.language_of[("", written)] = None
                continue
            code, how = _app_language(recognised, self.app_languages)
            if not LANGUAGE.match(code):
                self.note(sheet, 1, column, "language_unknown", LEFT_OUT, column=written)
                self.language_of[("", written)] = None
                continue
            if not counts.get(written) and code not in kept_languages:
                self.note(sheet, 1, column, "language_empty", LEFT_OUT, column=written)
                self.language_of[("", written)] = None
                continue
            self.language_of[("", written)] = code
            mine = places.get(written, set())
            if any(mine & places.get(other, set()) for other in seen.get(code, [])):
                self.note(sheet, 1, column, "language_twice", SIMPLIFIED, column=written, language=code)
            seen.setdefault(code, []).append(written)
            if len(seen[code]) > 1:
                continue
            if how == "dari":
                self.note(sheet, 1, column, "language_dari", KEPT, column=written)
            elif how == "base":
                self.note(sheet, 1, column, "language_mapped", SIMPLIFIED, column=written, language=code)
            elif how == "not_shipped":
                self.note(sheet, 1, column, "language_not_shipped", KEPT, column=written, language=code)
            if code not in self.languages:
                self.languages.append(code)
        if counts.get(None):
            # a column without a language beside the same column in named languages is in
            # another one (the assumed one); where no named column stands beside it (a hint
            # column, the choices' labels), it is in the form's first language
            named = set().union(*places.values()) if places else set()
            beside = bool(unnamed_places & named) or not self.languages
            unnamed = default_code or (self.assume_language if beside else self.languages[0])
            self.language_of[("", None)] = unnamed
            if unnamed not in self.languages:
                self.languages.insert(0, unnamed)
            if not default_code:
                self.note(None, 0, "label", "language_assumed", SIMPLIFIED, language=unnamed)
        if default_written and (default_code is None or default_code not in self.languages):
            self.note(
                settings_sheet,
                2,
                "default_language",
                "default_language_unknown",
                SIMPLIFIED,
                value=default_written,
            )
            default_code = None
        for code in kept_languages:  # Mitsprache's own export lists every language, in order
            if LANGUAGE.match(code) and code not in self.languages:
                self.languages.append(code)
        if kept_languages:
            self.languages.sort(key=lambda c: kept_languages.index(c) if c in kept_languages else 99)
        return default_code

    @staticmethod
    def _cell_of(values: Mapping[str, Any], column: Column) -> str:
        if column.language is None:
            return str(values.get(column.base, ""))
        return str(values.get(f"{column.base}::", {}).get(column.language, ""))

    # -- codes -----------------------------------------------------------------------------
    def code_for(self, name: str, fallback: str, taken: set[str]) -> str:
        code = (
            re.sub(
                r"[^a-z0-9_]+",
                "_",
                unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower(),
            )
            .strip("_")[:40]
            .rstrip("_")
        )
        if not code or not CODE.match(code):
            code = fallback
        if code in taken:
            stem = code[:36]
            number = 2
            while f"{stem}_{number}" in taken:
                number += 1
            code = f"{stem}_{number}"
        taken.add(code)
        return code


def _clean_text(mapper: _Mapper, sheet: Sheet | None, row: int, column: str, name: str, text: str) -> str:
    if _TAG.search(text):
        text = _TAG.sub("", text)
        mapper.note(sheet, row, column, "label_markup", SIMPLIFIED, name=name)
    references = _REFERENCE.findall(text)
    if references:
        text = _REFERENCE.sub("…", text)
        mapper.note(
            sheet, row, column, "label_piping", SIMPLIFIED, name=name, reference="${" + references[0] + "}"
        )
    text = text.strip()
    if len(text) > MAX_TEXT_LENGTH:
        text = text[: MAX_TEXT_LENGTH - 1].rstrip() + "…"
        mapper.note(sheet, row, column, "text_too_long", SIMPLIFIED, name=name, limit=MAX_TEXT_LENGTH)
    return text


def _strip_parens(expression: str) -> str:
    expression = expression.strip()
    while expression.startswith("(") and expression.endswith(")"):
        inner = expression[1:-1]
        depth = 0
        balanced = True
        for char in inner:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                balanced = False
                break
        if not balanced or depth:
            break
        expression = inner.strip()
    return expression


def _split_top(expression: str, word: str) -> list[str]:
    """Split at ``word`` (and / or) outside parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    pattern = re.compile(rf"\s+{word}\s+")
    i = 0
    while i < len(expression):
        char = expression[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            match = pattern.match(expression, i)
            if match and (i == 0 or expression[i].isspace()):
                parts.append(expression[start:i])
                start = match.end()
                i = match.end()
                continue
        i += 1
    parts.append(expression[start:])
    return [p.strip() for p in parts]


_LITERAL = r"(?:'([^']*)'|\"([^\"]*)\"|(" + _NUMBER + r"))"
_EQUALS = re.compile(r"^\$\{\s*([^}\s]+)\s*\}\s*=\s*" + _LITERAL + r"$")
_EQUALS_REVERSED = re.compile(r"^" + _LITERAL + r"\s*=\s*\$\{\s*([^}\s]+)\s*\}$")
_SELECTED = re.compile(r"^selected\s*\(\s*\$\{\s*([^}\s]+)\s*\}\s*,\s*" + _LITERAL + r"\s*\)$")


def parse_relevant(expression: str) -> tuple[str, list[str], bool] | None:
    """``${q} = 'x'``, ``selected(${q}, 'x')`` or an ``or`` of those about one question:
    (question name, values, whether any term is "="). None for anything else."""
    terms = _split_top(_strip_parens(expression), "or")
    target = None
    values: list[str] = []
    equals = False
    for term in terms:
        term = _strip_parens(term)
        match = _SELECTED.match(term)
        if match:
            name, value = match.group(1), next(v for v in match.groups()[1:] if v is not None)
        else:
            match = _EQUALS.match(term)
            if match:
                name, value, equals = (
                    match.group(1),
                    next(v for v in match.groups()[1:] if v is not None),
                    True,
                )
            else:
                match = _EQUALS_REVERSED.match(term)
                if not match:
                    return None
                name, equals = match.group(4), True
                value = next(v for v in match.groups()[:3] if v is not None)
        if target is not None and name != target:
            return None
        target = name
        values.append(value)
    return (target, values, equals) if target else None


_BOUND = re.compile(r"^(\.|\$\{\s*[^}\s]+\s*\})\s*(>=|<=|>|<)\s*(" + _NUMBER + r")$")
_BOUND_REVERSED = re.compile(r"^(" + _NUMBER + r")\s*(>=|<=|>|<)\s*(\.|\$\{\s*[^}\s]+\s*\})$")
_COUNT = re.compile(r"^count-selected\s*\(\s*\.\s*\)\s*(<=|<)\s*(\d+)$")
_EXCLUSIVE = re.compile(
    r"^not\s*\(\s*selected\s*\(\s*\.\s*,\s*"
    + _LITERAL
    + r"\s*\)\s+and\s+count-selected\s*\(\s*\.\s*\)\s*>\s*1\s*\)$"
)
_LENGTH = re.compile(r"^string-length\s*\(\s*\.\s*\)\s*(<=|<)\s*(\d+)$")


def parse_constraint(expression: str, kind: str, own_name: str, decimals: int = 0) -> dict[str, Any] | None:
    """A constraint as Mitsprache settings: min/max of a number (with ``decimals`` digits
    after the point: a bound with more is moved inwards to the next number a family can
    type), max_choices and an exclusive option of a multiple choice, max_length of a text.
    None when it says more."""
    settings: dict[str, Any] = {}
    flipped = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}
    for term in _split_top(_strip_parens(expression), "and"):
        term = _strip_parens(term)
        bound = _BOUND.match(term)
        reversed_bound = _BOUND_REVERSED.match(term)
        if kind == "number" and (bound or reversed_bound):
            if bound:
                subject, operator, number = bound.groups()
            else:
                assert reversed_bound is not None
                number, operator, subject = reversed_bound.groups()
                operator = flipped[operator]
            if subject != "." and _REFERENCE.sub(r"\1", subject) != own_name:
                return None
            step = Decimal(1).scaleb(-decimals)
            value = Decimal(number)
            if operator in (">=", ">"):
                exact = value.quantize(step, ROUND_CEILING)
                low = number_value(exact + step if operator == ">" and exact == value else exact)
                settings["min"] = max(low, settings.get("min", low))
            else:
                exact = value.quantize(step, ROUND_FLOOR)
                high = number_value(exact - step if operator == "<" and exact == value else exact)
                settings["max"] = min(high, settings.get("max", high))
            continue
        count = _COUNT.match(term)
        if kind == "multiple" and count:
            limit = int(count.group(2)) - (1 if count.group(1) == "<" else 0)
            settings["max_choices"] = limit
            continue
        exclusive = _EXCLUSIVE.match(term)
        if kind == "multiple" and exclusive and "exclusive" not in settings:
            settings["exclusive"] = next(v for v in exclusive.groups() if v is not None)
            continue
        length = _LENGTH.match(term)
        if kind == "text" and length:
            settings["max_length"] = int(length.group(2)) - (1 if length.group(1) == "<" else 0)
            continue
        return None
    if "min" in settings and "max" in settings and settings["min"] > settings["max"]:
        return None
    return settings


@dataclass
class _Question:
    data: Data
    name: str  # the XLSForm name
    row: int
    group_screen: bool = False
    choice_codes: dict[str, str] = field(default_factory=dict)  # XLSForm choice name → code


def _choice_lists(mapper: _Mapper) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    sheet, _columns_, rows = mapper.table("choices")
    lists: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, values in rows:
        list_name = str(values.get("list_name", "")).strip()
        if not list_name:
            continue
        lists.setdefault(list_name, []).append((number, values))
    return lists


def _static_filter(expression: str) -> tuple[str, list[str]] | None:
    """``column = 'x'`` (or an ``or`` of such about one column): the column and values."""
    column = None
    values = []
    for term in _split_top(_strip_parens(expression), "or"):
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*" + _LITERAL + r"$", _strip_parens(term))
        if not match or (column is not None and match.group(1) != column):
            return None
        column = match.group(1)
        values.append(next(v for v in match.groups()[1:] if v is not None))
    return (column, values) if column else None


def _map(mapper: _Mapper, default_name: str) -> Data:
    survey, survey_columns, survey_rows = mapper.table("survey")
    if survey is None:
        names = ", ".join(s.name for s in mapper.sheets.values()) or "–"
        raise XLSFormError([*mapper.notes, Note("", 0, "", "no_survey_sheet", REFUSED, {"sheets": names})])
    if not any(c.base == "type" for c in survey_columns):
        raise XLSFormError([*mapper.notes, Note(survey.name, 1, "", "no_type_column", REFUSED)])
    choices_sheet, choices_columns, _rows_ = mapper.table("choices")
    settings_sheet, settings_columns, settings_rows = mapper.table("settings")
    settings = settings_rows[0][1] if settings_rows else {}
    default_code = mapper.decide_languages(
        settings,
        [(survey, survey_columns, survey_rows), mapper.table("choices")],
    )
    if not mapper.languages:
        mapper.languages.append(mapper.assume_language)
    languages = mapper.languages
    source = default_code or mapper.language_of.get(("", None)) or languages[0]
    lists = _choice_lists(mapper)
    codes: set[str] = set()
    questions: list[_Question] = []
    by_name: dict[str, _Question] = {}
    left_out: set[str] = set()
    groups: list[tuple[str, str, dict | None, int]] = []  # (kind, name, condition, row)
    repeat: tuple[str, int, int] | None = None  # (name, row, depth)
    repeat_count = 0
    dropped_columns: dict[str, list[int]] = {}

    def relevant_condition(name: str, number: int, expression: str) -> dict | None:
        parsed = parse_relevant(expression)
        shown = expression
        if parsed is None:
            mapper.note(
                survey, number, "relevant", "relevant_complex", SIMPLIFIED, name=name, expression=shown
            )
            return None
        target_name, values, equals = parsed
        target = by_name.get(target_name)
        if target is None or target.data["type"] not in ("single", "multiple", "list", "scale", "yesno"):
            mapper.note(
                survey, number, "relevant", "relevant_complex", SIMPLIFIED, name=name, expression=shown
            )
            return None
        mapped = [target.choice_codes.get(v) for v in values]
        if any(code is None for code in mapped):
            mapper.note(
                survey, number, "relevant", "relevant_complex", SIMPLIFIED, name=name, expression=shown
            )
            return None
        any_of = list(dict.fromkeys(code for code in mapped if code))
        if equals and target.data["type"] == "multiple":
            mapper.note(
                survey,
                number,
                "relevant",
                "relevant_inexact",
                SIMPLIFIED,
                name=name,
                expression=shown,
                answers=", ".join(any_of),
                target=target.data["code"],
            )
        return {"question": target.data["code"], "any_of": any_of}

    for number, values in survey_rows:
        kind_written = " ".join(str(values.get("type", "")).split())
        name = str(values.get("name", "")).strip()
        cells = values["__cells__"]
        if not kind_written:
            if cells and repeat is None:
                mapper.note(survey, number, "type", "no_type", LEFT_OUT)
            continue
        begin = _BEGIN.match(kind_written)
        end = _END.match(kind_written)
        if repeat is not None:
            if begin:
                repeat = (repeat[0], repeat[1], repeat[2] + 1)
            elif end:
                if repeat[2] == 0:
                    mapper.note(
                        survey,
                        repeat[1],
                        "type",
                        "repeat",
                        LEFT_OUT,
                        name=repeat[0],
                        first=repeat[1],
                        last=number,
                        count=repeat_count,
                    )
                    left_out.add(repeat[0])
                    repeat = None
                else:
                    repeat = (repeat[0], repeat[1], repeat[2] - 1)
            else:
                repeat_count += 1
                left_out.add(name)
            continue
        if begin:
            if begin.group(1).lower() in ("repeat", "loop"):
                repeat, repeat_count = (name or kind_written, number, 0), 0
                continue
            condition = None
            if values.get("relevant"):
                condition = relevant_condition(name, number, str(values["relevant"]))
            label = mapper.texts(survey, number, values, "label")
            hint = mapper.texts(survey, number, values, "hint")
            groups.append(("group", name, condition or (groups[-1][2] if groups else None), number))
            if label:
                code = mapper.code_for(name, "group", codes)
                data: Data = {
                    "code": code,
                    "type": "info",
                    "text": {
                        lang: _clean_text(mapper, survey, number, "label", name, text)
                        for lang, text in label.items()
                    },
                }
                if hint:
                    data["hint"] = {
                        lang: _clean_text(mapper, survey, number, "hint", name, t) for lang, t in hint.items()
                    }
                if groups[-1][2]:
                    data["show_if"] = groups[-1][2]
                questions.append(_Question(data, name, number, group_screen=True))
                mapper.note(survey, number, "type", "group_label", INFO_TEXT, name=name or code)
            else:
                mapper.note(
                    survey, number, "type", "group_without_label", SIMPLIFIED, name=name or kind_written
                )
            continue
        if end:
            if groups:
                groups.pop()
            else:
                mapper.note(survey, number, "type", "unbalanced_end", LEFT_OUT, type=kind_written)
            continue
        lowered = kind_written.lower()
        select = _SELECT.match(kind_written)
        shown_name = name or kind_written
        if lowered in _METADATA:
            mapper.note(survey, number, "type", "metadata", LEFT_OUT, name=shown_name, type=kind_written)
            left_out.add(name)
            continue
        if lowered in _CALCULATED:
            mapper.note(survey, number, "type", "calculate", LEFT_OUT, name=shown_name, type=kind_written)
            left_out.add(name)
            continue
        if select and select.group("external"):
            mapper.note(
                survey, number, "type", "external_choices", LEFT_OUT, name=shown_name, type=kind_written
            )
            left_out.add(name)
            continue
        if lowered.split(" ")[0] in {t.lower() for t in _UNSUPPORTED} and not select:
            mapper.note(
                survey, number, "type", "unsupported_type", LEFT_OUT, name=shown_name, type=kind_written
            )
            left_out.add(name)
            continue
        own_type = str(values.get("mitsprache_type", "")).strip()
        data = {"code": "", "type": ""}
        question = _Question(data, name, number)
        if select:
            # KoboToolbox's own export names the list in a column of its own
            list_name = (
                select.group("list") or select.group("glued") or str(values.get("select_from_list_name", ""))
            )
            if select.group("glued") and list_name not in lists:
                mapper.note(
                    survey, number, "type", "unknown_type", LEFT_OUT, name=shown_name, type=kind_written
                )
                continue
            multiple = "multiple" in select.group("kind").lower() or "all" in select.group("kind").lower()
            data["type"] = "multiple" if multiple else "single"
            if select.group("other"):
                mapper.note(survey, number, "type", "or_other", LEFT_OUT, name=shown_name)
            entries = lists.get(list_name)
            if entries is None:
                mapper.note(
                    survey, number, "type", "list_missing", SIMPLIFIED, name=shown_name, list=list_name
                )
                entries = []
            choice_filter = str(values.get("choice_filter", "")).strip()
            if choice_filter:
                static = _static_filter(choice_filter)
                if static is None:
                    mapper.note(
                        survey,
                        number,
                        "choice_filter",
                        "choice_filter_dropped",
                        SIMPLIFIED,
                        name=shown_name,
                        expression=choice_filter,
                    )
                else:
                    column, wanted = static
                    entries = [(n, v) for n, v in entries if str(v.get(column.lower(), "")) in wanted]
                    mapper.note(
                        survey,
                        number,
                        "choice_filter",
                        "choice_filter_static",
                        KEPT,
                        name=shown_name,
                        expression=choice_filter,
                        count=len(entries),
                    )
            choices: list[Data] = []
            taken: set[str] = set()
            for choice_row, choice_values in entries:
                choice_name = str(choice_values.get("name", "")).strip()
                if not choice_name:
                    mapper.note(
                        choices_sheet, choice_row, "name", "choice_without_name", LEFT_OUT, list=list_name
                    )
                    continue
                if choice_name in question.choice_codes:
                    mapper.note(
                        choices_sheet,
                        choice_row,
                        "name",
                        "duplicate_choice",
                        LEFT_OUT,
                        name=choice_name,
                        list=list_name,
                    )
                    continue
                code = mapper.code_for(choice_name, f"option_{len(choices) + 1}", taken)
                if code != choice_name and not question.choice_codes:
                    pass
                if code != choice_name:
                    mapper.note(
                        choices_sheet,
                        choice_row,
                        "name",
                        "choice_renamed",
                        SIMPLIFIED,
                        name=choice_name,
                        list=list_name,
                        code=code,
                    )
                question.choice_codes[choice_name] = code
                choice: Data = {
                    "code": code,
                    "text": {
                        lang: _clean_text(mapper, choices_sheet, choice_row, "label", choice_name, text)
                        for lang, text in mapper.texts(
                            choices_sheet, choice_row, choice_values, "label"
                        ).items()
                    },
                }
                icon = str(choice_values.get("mitsprache_icon", "")).strip()
                if icon in ICONS:
                    choice["icon"] = icon
                area = str(choice_values.get("mitsprache_field", "")).strip()
                if area in FIELDS:
                    choice["field"] = area
                choices.append(choice)
            limit = MAX_CHOICES[data["type"]]
            if len(choices) > limit and data["type"] == "single" and len(choices) <= MAX_CHOICES["list"]:
                data["type"] = "list"
                mapper.note(
                    survey, number, "type", "long_list", SIMPLIFIED, name=shown_name, count=len(choices)
                )
            elif len(choices) > MAX_CHOICES[data["type"]]:
                mapper.note(
                    survey,
                    number,
                    "type",
                    "too_many_choices",
                    LEFT_OUT,
                    name=shown_name,
                    count=len(choices),
                    limit=MAX_CHOICES[data["type"]],
                )
                left_out.add(name)
                continue
            if own_type == "scale" and data["type"] == "single" and 3 <= len(choices) <= 5:
                data["type"] = "scale"
            if own_type == "list" and data["type"] == "single":
                data["type"] = "list"
            if (
                own_type == "yesno"
                and data["type"] == "single"
                and [c["code"] for c in choices] == ["yes", "no"]
            ):
                data["type"] = "yesno"
            else:
                data["choices"] = choices
            if data["type"] == "list":
                source_list = str(values.get("mitsprache_choices_from", "")).strip()
                if source_list == "district_regions":
                    data["choices_from"] = source_list
        elif lowered in ("integer", "int"):
            data["type"] = "number"
        elif lowered == "decimal":
            # XLSForm does not say how many digits after the point: as many as Mitsprache
            # takes, unless the form was exported here (then it says so in a column)
            data["type"] = "number"
            written = str(values.get("mitsprache_decimals", "")).strip()
            data["decimals"] = int(written) if written in ("1", "2") else MAX_DECIMALS
        elif lowered == "range":
            data["type"] = "number"
            parameters = dict(
                re.findall(r"(\w+)\s*=\s*(" + _NUMBER + r")", str(values.get("parameters", "")))
            )
            low = math.ceil(float(parameters.get("start", 0)))
            high = math.floor(float(parameters.get("end", 10)))
            if low <= high:
                data["min"], data["max"] = low, high
            mapper.note(survey, number, "type", "range", SIMPLIFIED, name=shown_name, min=low, max=high)
        elif lowered in ("text", "string"):
            data["type"] = "text"
        elif lowered in ("note",):
            data["type"] = "info"
        else:
            mapper.note(survey, number, "type", "unknown_type", LEFT_OUT, name=shown_name, type=kind_written)
            left_out.add(name)
            continue
        data["code"] = code = mapper.code_for(name, f"question_{len(questions) + 1}", codes)
        if name and code != name:
            mapper.note(survey, number, "name", "renamed", SIMPLIFIED, name=name, code=code)
        label = {
            lang: _clean_text(mapper, survey, number, "label", shown_name, text)
            for lang, text in mapper.texts(survey, number, values, "label").items()
        }
        data["text"] = {lang: text for lang, text in label.items() if text}
        hint = {
            lang: _clean_text(mapper, survey, number, "hint", shown_name, text)
            for lang, text in mapper.texts(survey, number, values, "hint").items()
        }
        if any(hint.values()):
            data["hint"] = {lang: text for lang, text in hint.items() if text}
        required = str(values.get("required", "")).strip()
        if data["type"] != "info":
            truth = _truthy(required)
            if truth:
                data["required"] = True
            elif truth is None:
                mapper.note(
                    survey,
                    number,
                    "required",
                    "required_expression",
                    SIMPLIFIED,
                    name=shown_name,
                    value=required,
                )
        for message in MESSAGE_FIELDS:
            if not (values.get(message) or any(values.get(f"{message}::", {}).values())):
                continue
            if data["type"] == "info":
                mapper.note(survey, number, message, "message_left_out", LEFT_OUT, name=shown_name)
                continue
            given = {
                lang: _clean_text(mapper, survey, number, message, shown_name, text)
                for lang, text in mapper.texts(survey, number, values, message).items()
            }
            if any(given.values()):
                data[message] = {lang: text for lang, text in given.items() if text}
        constraint = str(values.get("constraint", "")).strip()
        if constraint and data["type"] in ("number", "multiple", "text"):
            parsed = parse_constraint(constraint, data["type"], name, data.get("decimals", 0))
            if parsed is None:
                mapper.note(
                    survey,
                    number,
                    "constraint",
                    "constraint_complex",
                    LEFT_OUT,
                    name=shown_name,
                    expression=constraint,
                )
            else:
                exclusive = parsed.pop("exclusive", None)
                code_of = question.choice_codes.get(exclusive) if exclusive else None
                if exclusive and code_of is None:
                    mapper.note(
                        survey,
                        number,
                        "constraint",
                        "constraint_complex",
                        LEFT_OUT,
                        name=shown_name,
                        expression=constraint,
                    )
                for choice in data.get("choices", []):
                    if choice["code"] == code_of:
                        choice["exclusive"] = True
                if "max_choices" in parsed and not 1 <= parsed["max_choices"] <= max(
                    len(data.get("choices", [])), 1
                ):
                    parsed.pop("max_choices")
                if "max_length" in parsed:
                    if 1 <= parsed["max_length"] < TEXT_MAX_LENGTH:
                        data["max_length"] = parsed.pop("max_length")
                    else:
                        parsed.pop("max_length")
                for key in ("min", "max"):
                    if key in parsed and abs(parsed[key]) < 10**9:
                        data[key] = parsed[key]
                    parsed.pop(key, None)
                data.update(parsed)
        elif constraint:
            mapper.note(
                survey,
                number,
                "constraint",
                "constraint_complex",
                LEFT_OUT,
                name=shown_name,
                expression=constraint,
            )
        condition = None
        if values.get("relevant"):
            condition = relevant_condition(shown_name, number, str(values["relevant"]))
            if groups and groups[-1][2]:
                mapper.note(
                    survey, number, "relevant", "group_condition_combined", SIMPLIFIED, name=shown_name
                )
        elif groups and groups[-1][2]:
            condition = groups[-1][2]
        if condition and condition["question"] != code:
            data["show_if"] = condition
        role = str(values.get("mitsprache_role", "")).strip()
        if role in ROLES:
            data["report"] = {"role": role}
        if _truthy(str(values.get("mitsprache_breakdown", ""))):
            data.setdefault("report", {})["breakdown"] = True
        questions.append(question)
        if name:
            by_name[name] = question
        for column, value in cells.items():
            base = _columns([column], "survey")[0].base
            if (
                base
                in (
                    "default",
                    "readonly",
                    "calculate",
                    "trigger",
                    "repeat_count",
                    "guidance_hint",
                    "image",
                    "big-image",
                    "audio",
                    "video",
                )
                and value
            ):
                dropped_columns.setdefault(column, []).append(number)
    if repeat is not None:
        mapper.note(
            survey,
            repeat[1],
            "type",
            "repeat",
            LEFT_OUT,
            name=repeat[0],
            first=repeat[1],
            last=survey_rows[-1][0] if survey_rows else repeat[1],
            count=repeat_count,
        )
    for column, rows in dropped_columns.items():
        shown_rows = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
        mapper.note(survey, 1, column, "column_left_out", LEFT_OUT, rows=shown_rows)

    if len(questions) > MAX_QUESTIONS and any(q.group_screen for q in questions):
        questions = [q for q in questions if not q.group_screen]
        mapper.notes = [n for n in mapper.notes if n.kind != "group_label"]
        mapper.note(survey, 0, "", "group_screens_dropped", LEFT_OUT, limit=MAX_QUESTIONS)
    if not questions:
        raise XLSFormError([*mapper.notes, Note(survey.name, 0, "", "no_questions", REFUSED)])
    if len(questions) > MAX_QUESTIONS:
        raise XLSFormError(
            [
                *mapper.notes,
                Note(
                    survey.name,
                    questions[MAX_QUESTIONS].row,
                    "",
                    "too_many_questions",
                    REFUSED,
                    {"count": len(questions), "limit": MAX_QUESTIONS},
                ),
            ]
        )

    title = mapper.texts(settings_sheet, 2, settings, "mitsprache_title")
    form_title = _clean_text(
        mapper, settings_sheet, 2, "form_title", "form_title", str(settings.get("form_title", ""))
    )
    title = {
        lang: _clean_text(mapper, settings_sheet, 2, "form_title", "form_title", t)
        for lang, t in title.items()
    }
    if form_title:
        title.setdefault(source, form_title)
    if not title.get(source):
        fallback = form_title or str(settings.get("form_id", "")).strip() or default_name or "XLSForm"
        title[source] = fallback
        mapper.note(settings_sheet, 0, "form_title", "title_missing", SIMPLIFIED, title=fallback)
    if len(languages) > 1 and set(title) == {source}:
        mapper.note(
            settings_sheet, 2 if form_title else 0, "form_title", "title_one_language", KEPT, language=source
        )
    form_id = str(settings.get("form_id", "")).strip()
    code = suggest_code(form_id or title[source], set(), "questionnaire")
    data = {"code": code, "source_language": source, "languages": list(languages), "title": title}
    for part in ("intro", "thanks"):
        texts = mapper.texts(settings_sheet, 2, settings, f"mitsprache_{part}")
        if texts:
            data[part] = texts
    data["questions"] = [q.data for q in questions]
    return data


def read_xlsform(
    content: bytes,
    *,
    name: str = "",
    assume_language: str = "de",
    app_languages: Sequence[str] = APP_LANGUAGES,
) -> ImportResult:
    """An XLSForm (.xlsx, .xls or .csv, by content) as a questionnaire draft.

    ``assume_language`` is the language of texts in columns that name none (``label``
    beside ``default_language``-less forms); ``app_languages`` are the languages the app
    ships, to which names and codes are mapped. Raises :class:`XLSFormError` when the form
    cannot become a questionnaire.
    """
    sheets = read_sheets(content)
    mapper = _Mapper(sheets, assume_language, app_languages, name)
    stem = re.sub(r"\.[A-Za-z]{2,4}$", "", name)
    data = _map(mapper, stem)
    result = check(data)
    if result.errors:  # what the format refuses that no note above foresaw
        raise XLSFormError(
            [
                *mapper.notes,
                *(
                    Note("", 0, "", "invalid", REFUSED, {"problem": str(problem)})
                    for problem in result.errors
                ),
            ]
        )
    return ImportResult(data, tuple(mapper.notes))


# -- writing ----------------------------------------------------------------------------------

#: Yes and no in the shipped languages: a yes/no question's options as XLSForm needs them
#: (Mitsprache itself shows the app's own translations).
YES_NO = {
    "de": ("Ja", "Nein"),
    "en": ("Yes", "No"),
    "tr": ("Evet", "Hayır"),
    "ar": ("نعم", "لا"),
    "uk": ("Так", "Ні"),
    "ru": ("Да", "Нет"),
    "fa": ("بله", "نه"),
    "bg": ("Да", "Не"),
    "ro": ("Da", "Nu"),
    "vi": ("Có", "Không"),
}


def language_column(code: str) -> str:
    """How a language is named in a column: ``English (en)``, ``Arabic (ar)`` …"""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{name} ({code})"


def _condition(show_if: Mapping[str, Any]) -> str:
    return " or ".join(f"selected(${{{show_if['question']}}}, '{code}')" for code in show_if["any_of"])


def to_xlsform(data: Mapping[str, Any]) -> bytes:
    """A questionnaire (its plain data: a version's or a draft's) as an XLSForm .xlsx."""
    import openpyxl

    languages = [str(lang) for lang in data.get("languages", [])]
    source = str(data.get("source_language", languages[0] if languages else "de"))

    def texts(value: Any) -> dict[str, str]:
        if isinstance(value, str):
            return {source: value}
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    labels = [f"label::{language_column(lang)}" for lang in languages]
    hints = [f"hint::{language_column(lang)}" for lang in languages]
    messages = [f"{name}::{language_column(lang)}" for name in MESSAGE_FIELDS for lang in languages]
    _append(
        survey,
        [
            "type",
            "name",
            *labels,
            *hints,
            "required",
            "relevant",
            "constraint",
            *messages,
            "appearance",
            "mitsprache_type",
            "mitsprache_choices_from",
            "mitsprache_role",
            "mitsprache_breakdown",
            "mitsprache_decimals",
        ],
    )
    choices = book.create_sheet("choices")
    _append(choices, ["list_name", "name", *labels, "mitsprache_icon", "mitsprache_field"])
    for question in data.get("questions", []):
        kind = question.get("type")
        code = question.get("code")
        text, hint = texts(question.get("text")), texts(question.get("hint"))
        constraint = []
        own_type = kind if kind in ("scale", "list", "yesno") else ""
        appearance = "likert" if kind == "scale" else ("minimal" if kind == "list" else "")
        if kind in ("single", "scale", "list", "yesno"):
            xls_type = f"select_one {code}"
        elif kind == "multiple":
            xls_type = f"select_multiple {code}"
            if question.get("max_choices"):
                constraint.append(f"count-selected(.) <= {question['max_choices']}")
            for choice in question.get("choices", []):
                if choice.get("exclusive"):
                    constraint.append(f"not(selected(., '{choice['code']}') and count-selected(.) > 1)")
        elif kind == "number":
            xls_type = "decimal" if question.get("decimals") else "integer"
            if question.get("min") is not None:
                constraint.append(f". >= {question['min']}")
            if question.get("max") is not None:
                constraint.append(f". <= {question['max']}")
        elif kind == "text":
            xls_type = "text"
            if question.get("max_length", TEXT_MAX_LENGTH) != TEXT_MAX_LENGTH:
                constraint.append(f"string-length(.) <= {question['max_length']}")
        else:
            xls_type = "note"
        report = question.get("report") or {}
        _append(
            survey,
            [
                xls_type,
                code,
                *(text.get(lang, "") for lang in languages),
                *(hint.get(lang, "") for lang in languages),
                "yes" if question.get("required") else "",
                _condition(question["show_if"]) if question.get("show_if") else "",
                " and ".join(constraint),
                *(texts(question.get(name)).get(lang, "") for name in MESSAGE_FIELDS for lang in languages),
                appearance,
                own_type,
                question.get("choices_from", ""),
                report.get("role", ""),
                "yes" if report.get("breakdown") else "",
                question.get("decimals") or "",
            ],
        )
        if kind == "yesno":
            for index, answer in enumerate(("yes", "no")):
                yes_or_no = [YES_NO.get(lang, ("", ""))[index] for lang in languages]
                _append(choices, [code, answer, *yes_or_no, "", ""])
        for choice in question.get("choices", []) if kind != "yesno" else []:
            names = texts(choice.get("text"))
            _append(
                choices,
                [
                    code,
                    choice.get("code"),
                    *(names.get(lang, "") for lang in languages),
                    choice.get("icon", ""),
                    choice.get("field", ""),
                ],
            )
    settings = book.create_sheet("settings")
    title = texts(data.get("title"))
    extra = [(f"mitsprache_title::{language_column(lang)}", title.get(lang, "")) for lang in languages]
    for part in ("intro", "thanks"):
        if data.get(part):
            given = texts(data[part])
            extra += [
                (f"mitsprache_{part}::{language_column(lang)}", given.get(lang, "")) for lang in languages
            ]
    _append(
        settings,
        ["form_title", "form_id", "default_language", "mitsprache_languages", *(k for k, _v in extra)],
    )
    _append(
        settings,
        [
            title.get(source, ""),
            data.get("code", ""),
            language_column(source),
            " ".join(languages),
            *(v for _k, v in extra),
        ],
    )
    for sheet in (survey, choices, settings):
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """A row, without the control characters a worksheet cannot hold (a text typed with
    them would otherwise stop the export)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
