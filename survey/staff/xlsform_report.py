"""The XLSForm import report in the staff page's language: every kind of note of
``questionnaires.xlsform`` with its text (the same English text, for the catalogs), and
what was done with it."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from questionnaires.xlsform import Note
from survey.staff.questionnaire_forms import language_label

ACTIONS = {
    "left_out": _l("left out"),
    "simplified": _l("simplified"),
    "info_text": _l("kept as an information screen"),
    "kept": _l("kept"),
    "refused": _l("refused"),
}

MESSAGES = {
    "not_a_spreadsheet": _l("The file is neither an Excel workbook (.xlsx, .xls) nor an XLSForm CSV file."),
    "opendocument": _l("The file is an OpenDocument spreadsheet: save it as .xlsx and import that."),
    "unreadable": _l("The workbook cannot be read (%(reason)s)."),
    "encrypted": _l("The workbook is protected by a password: save it without one."),
    "too_large_unpacked": _l("The workbook unpacks to more than %(limit)d MB."),
    "no_survey_sheet": _l("There is no sheet named survey (the sheets are: %(sheets)s)."),
    "no_type_column": _l("The survey sheet has no column named type."),
    "no_questions": _l("No row of the survey sheet becomes a question."),
    "too_many_questions": _l("The form has %(count)d questions; a questionnaire has at most %(limit)d."),
    "invalid": _l("%(problem)s"),
    "repeat": _l(
        "The repeat “%(name)s” (rows %(first)d–%(last)d, questions in it: %(count)d) is left out: a "
        "questionnaire asks each question once."
    ),
    "metadata": _l(
        "“%(name)s” (%(type)s) is left out: Mitsprache records nothing about the device or the person."
    ),
    "calculate": _l("“%(name)s” (%(type)s) is left out: a questionnaire does not calculate."),
    "unsupported_type": _l("“%(name)s” of type %(type)s is left out: a questionnaire has no such question."),
    "external_choices": _l("“%(name)s” (%(type)s) is left out: options from another file are not imported."),
    "unknown_type": _l("“%(name)s” has the unknown type “%(type)s” and is left out."),
    "no_type": _l("The row has no type and is left out."),
    "group_label": _l("The group “%(name)s” is flattened; its label is kept as an information screen."),
    "group_without_label": _l("The group “%(name)s” is flattened."),
    "group_screens_dropped": _l(
        "The groups' information screens are left out: with them the form would have more than "
        "%(limit)d questions."
    ),
    "group_condition_combined": _l(
        "“%(name)s” has its own condition inside a group with a condition; only its own is kept."
    ),
    "unbalanced_end": _l("“%(type)s” without a group or repeat begun before it: the row is ignored."),
    "range": _l("“%(name)s” (range) is asked as a typed number from %(min)s to %(max)s."),
    "renamed": _l("The name “%(name)s” is stored as the code “%(code)s”."),
    "choice_renamed": _l("The option “%(name)s” of list “%(list)s” is stored as the code “%(code)s”."),
    "required_expression": _l(
        "“%(name)s”: “required” is an expression (“%(value)s”); the question can be skipped."
    ),
    "message_left_out": _l(
        "“%(name)s”: the message is left out; families see Mitsprache's own message in their language."
    ),
    "relevant_complex": _l(
        "“%(name)s”: the condition “%(expression)s” cannot be kept; the question is always shown."
    ),
    "relevant_inexact": _l(
        "“%(name)s”: the condition “%(expression)s” is kept as “after one of the answers "
        "%(answers)s to %(target)s”."
    ),
    "constraint_complex": _l("“%(name)s”: the constraint “%(expression)s” is left out."),
    "list_missing": _l(
        "“%(name)s”: the list “%(list)s” is not on the choices sheet; add the options in the editor."
    ),
    "too_many_choices": _l(
        "“%(name)s” has %(count)d options, more than the %(limit)d a question can have, and is left out."
    ),
    "long_list": _l("“%(name)s” has %(count)d options and is asked as one answer from a long list."),
    "choice_filter_static": _l(
        "“%(name)s”: the choice filter “%(expression)s” is applied; %(count)d options are kept."
    ),
    "choice_filter_dropped": _l(
        "“%(name)s”: the choice filter “%(expression)s” cannot be kept; all options of the list are shown."
    ),
    "or_other": _l("“%(name)s”: “or_other” is left out (an option “Other” can be added in the editor)."),
    "duplicate_choice": _l("The option “%(name)s” appears twice in list “%(list)s”; the second is left out."),
    "choice_without_name": _l("An option of list “%(list)s” has no name and is left out."),
    "column_left_out": _l("The column is left out (rows %(rows)s)."),
    "label_piping": _l("“%(name)s”: a reference to an answer (%(reference)s) is shown as “…”."),
    "label_markup": _l("“%(name)s”: formatting (HTML) is left out of the text."),
    "text_too_long": _l("“%(name)s”: the text is longer than %(limit)d characters and is shortened."),
    "language_assumed": _l("Texts in columns without a language are taken as %(language)s."),
    "language_mapped": _l("The language “%(column)s” is taken as %(language)s."),
    "language_dari": _l(
        "Dari (“%(column)s”) is taken as Persian (fa): both are written in the same script and "
        "Mitsprache has one Persian-Dari translation."
    ),
    "language_not_shipped": _l(
        "The language “%(column)s” (%(language)s) is kept; Mitsprache's own texts do not exist "
        "in it, so families are not offered it yet."
    ),
    "language_unknown": _l("The language “%(column)s” is not recognised; the column is left out."),
    "language_twice": _l(
        "“%(column)s” is a second column of %(language)s: its texts are used only where the first column "
        "is empty."
    ),
    "language_empty": _l("The language “%(column)s” has no texts and is left out."),
    "default_language_unknown": _l("default_language “%(value)s” is not one of the form's languages."),
    "title_missing": _l("The form has no form_title; the title is “%(title)s”."),
    "title_one_language": _l(
        "XLSForm has one form_title: the title is in %(language)s only. Families are offered another "
        "language once its title (and every other text) is there."
    ),
    "sheet_left_out": _l("The sheet is left out."),
    "truncated_rows": _l("The sheet has more than %(limit)d rows; the rest is not read."),
    "csv_encoding": _l("The file is not UTF-8; it is read as Windows-1252."),
}


def note_message(note: Note) -> str:
    """The note in the staff page's language (a language by its name: العربية (ar))."""
    details = dict(note.details)
    if "language" in details:
        details["language"] = language_label(str(details["language"]))
    return str(MESSAGES[note.kind]) % details


def note_rows(notes: list[Note] | tuple[Note, ...]) -> list[dict[str, Any]]:
    """The notes as the report table shows them, in the order of the file."""
    return [
        {
            "sheet": note.sheet,
            "row": note.row or "",
            "column": note.column,
            "action": str(ACTIONS[note.action]),
            "action_code": note.action,
            "message": note_message(note),
        }
        for note in notes
    ]
