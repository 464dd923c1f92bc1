"""Forms of the questionnaire pages, and how the format's problems find their field.

Forms with texts get one field per language of the questionnaire (``text_de``,
``text_ar`` …), made when the form is built for a draft. Views hand the editor plain
values: a mapping from language to text, numbers, codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from babel.core import UnknownLocaleError
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from questionnaires import FormatProblem
from questionnaires.editing import TYPE_SETTINGS
from questionnaires.icons import ICONS
from questionnaires.loader import MAX_TEXT_LENGTH
from questionnaires.questions import MESSAGE_FIELDS, TEXT_MAX_LENGTH, number_value
from questionnaires.xlsform import is_xlsform
from survey.i18n import direction, endonym
from survey.staff.format_messages import Naming, staff_message
from survey.staff.forms import MultiCheckboxField, choices

IMPORT_MAX_BYTES = 200 * 1024
#: An XLSForm workbook may be larger than a YAML file, but must fit in one request
#: (``MAX_CONTENT_LENGTH``, 1 MiB, with room for the form around it).
XLSFORM_MAX_BYTES = 1000 * 1024

TYPE_LABELS = {
    "single": _l("One answer"),
    "multiple": _l("Several answers"),
    "scale": _l("Scale with faces (3 to 5 steps)"),
    "list": _l("One answer from a long list"),
    "yesno": _l("Yes or no"),
    "number": _l("A number"),
    "text": _l("Free text"),
    "info": _l("Information (no answer)"),
}

LIST_LABELS = {"district_regions": _l("The district regions of the location's district")}

#: What a question can mean for the needs report, as staff read it (``questionnaires.model.ROLES``).
ROLE_LABELS = {
    "home_region": _l("Where the family lives (reach per 100 children, map)"),
    "household": _l("Who looks after the children (single parents)"),
    "children_count": _l("How many children"),
    "children_ages": _l("The children's ages"),
    "benefits": _l("Whether the family receives benefits"),
    "wellbeing": _l("How the family is doing"),
    "support": _l("Whether the family has someone to ask"),
    "needs": _l("What families need (ranked)"),
    "offer": _l("One offer: known and used"),
    "barriers": _l("What makes offers hard to use (by language)"),
    "channels": _l("How families hear about offers (by language)"),
}

#: The fields of action of the district strategy (``questionnaires.model.FIELDS``).
FIELD_OF_ACTION_LABELS = {
    "participation": _l("Participation"),
    "education": _l("Education"),
    "health": _l("Health"),
    "material": _l("Material security"),
}


def language_name(language: str) -> str:
    """The language's name in itself, or its code where Babel does not know it."""
    try:
        return endonym(language)
    except (ValueError, UnknownLocaleError):
        return language


def language_label(language: str) -> str:
    return f"{language_name(language)} ({language})"


class TextsForm(FlaskForm):
    """A form with texts in several languages: ``with_texts`` adds the fields."""

    text_names: tuple[str, ...] = ()
    text_languages: tuple[str, ...] = ()

    def texts(self, name: str) -> dict[str, str]:
        """What was typed for ``name`` in each language."""
        return {lang: (self[f"{name}_{lang}"].data or "") for lang in self.text_languages}

    def text_fields(self, name: str) -> list[tuple[str, Field]]:
        return [(lang, self[f"{name}_{lang}"]) for lang in self.text_languages]

    def fill_texts(self, name: str, value: Any) -> None:
        """Before the form is sent: show the stored texts."""
        texts = value if isinstance(value, dict) else {}
        for lang in self.text_languages:
            self[f"{name}_{lang}"].data = texts.get(lang, "")


_Form = TypeVar("_Form", bound=TextsForm)


def with_texts(base: type[_Form], languages: Sequence[str], long: Iterable[str] = ()) -> type[_Form]:
    """``base`` with a field per text name and language (a text area for names in ``long``)."""
    long = set(long)
    fields: dict[str, Any] = {"text_languages": tuple(languages)}
    for name in base.text_names:
        kind = TextAreaField if name in long else StringField
        for lang in languages:
            fields[f"{name}_{lang}"] = kind(
                language_label(lang),
                validators=[Optional(), Length(max=MAX_TEXT_LENGTH)],
                render_kw={"lang": lang, "dir": direction(lang), "rows": 2}
                if name in long
                else {"lang": lang, "dir": direction(lang)},
            )
    return type(base.__name__, (base,), fields)


class ActionForm(FlaskForm):
    """A button that changes something (publish, delete): the CSRF token and nothing else."""


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class PositionForm(FlaskForm):
    position = IntegerField(_l("Move to position"), validators=[DataRequired(), NumberRange(min=1)])


class LibraryForm(FlaskForm):
    questionnaire = HiddenField(validators=[DataRequired()])


class NewQuestionnaireForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=MAX_TEXT_LENGTH)],
        description=_l("Families read it first. You can add the other languages later."),
    )
    source_language = SelectField(
        _l("Written in"),
        description=_l(
            "The language the questionnaire is written in first. It must be complete in this language."
        ),
    )
    languages = MultiCheckboxField(_l("Also in these languages"))
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=40)],
        description=_l(
            "A short name for the data and the reports: lower-case letters, digits and _. "
            "Left empty, it is made from the title."
        ),
    )


class ImportForm(FlaskForm):
    text = ""  # a YAML file's content, once it is checked
    workbook = b""  # an XLSForm's content (.xlsx, .xls or .csv), once it is checked
    filename = ""
    file = FileField(
        _l("Questionnaire file (YAML or XLSForm)"),
        validators=[FileRequired(_l("Please choose a file."))],
        description=_l(
            "A YAML file (at most 200 KB) as exported here, or an XLSForm from ODK or KoboToolbox "
            "(.xlsx, .xls or .csv, at most 1 MB)."
        ),
        render_kw={
            "accept": ".yaml,.yml,.json,.xlsx,.xls,.csv,text/yaml,application/yaml,text/csv,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
        },
    )

    def validate_file(self, field: Field) -> None:
        upload = field.data
        content = upload.read(XLSFORM_MAX_BYTES + 1) if upload else b""
        self.filename = str(getattr(upload, "filename", "") or "")
        if is_xlsform(content, self.filename):
            if len(content) > XLSFORM_MAX_BYTES:
                raise ValidationError(_("The file is larger than 1 MB."))
            self.workbook = content
            return
        if len(content) > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 200 KB."))
        try:
            self.text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None


class SettingsForm(TextsForm):
    text_names = ("title", "intro", "thanks")
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Answers and reports name the questionnaire by it: lower-case letters, digits and _."),
    )
    source_language = SelectField(
        _l("Written in (source language)"),
        description=_l("Texts missing in another language are shown in this one."),
    )
    languages = MultiCheckboxField(
        _l("Languages"), description=_l("Taking a language off the list deletes its texts.")
    )


class AddQuestionForm(FlaskForm):
    kind = SelectField(_l("Type of question"), choices=choices(TYPE_LABELS.items()))
    text = StringField(
        _l("Question"),
        validators=[Optional(), Length(max=MAX_TEXT_LENGTH)],
        description=_l("In the source language; the other languages on the question's page."),
    )
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=40)],
        description=_l("Left empty, it is made from the question."),
    )


class NumberField(StringField):
    """A number as staff type it: whole, or with a decimal comma or point (0,5 or 0.5);
    the format checks how many digits it may have after the point."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        written = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        self.data = None
        if not written:
            return
        try:
            exact = Decimal(written.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Please write a number, e.g. 3 or 0,5.")) from None
        if not exact.is_finite():
            raise ValueError(_("Please write a number, e.g. 3 or 0,5."))
        self.data = number_value(exact)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


class QuestionForm(TextsForm):
    text_names = ("text", "hint", *MESSAGE_FIELDS)
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l(
            "Answers are stored under this code: lower-case letters, digits and _. Keep it once the "
            "questionnaire is in use."
        ),
    )
    required = BooleanField(_l("An answer is required (otherwise the question can be skipped)"))
    max_choices = IntegerField(
        _l("At most this many answers"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("Empty: any number."),
    )
    min = NumberField(_l("Smallest number"), validators=[Optional()])
    max = NumberField(_l("Largest number"), validators=[Optional()])
    decimals = SelectField(
        _l("Digits after the decimal point"),
        choices=choices([("0", _l("None: whole numbers")), ("1", "1"), ("2", "2")]),
        default="0",
        coerce=int,
        description=_l("Families may type 3,5 or 3.5 (with 1 digit), 3,25 (with 2)."),
    )
    max_length = IntegerField(
        _l("At most this many characters"),
        validators=[Optional(), NumberRange(min=1, max=TEXT_MAX_LENGTH)],
        description=_l("Empty: %(count)d.", count=TEXT_MAX_LENGTH),
    )
    # Not checked against the choices here: the format names an unknown list next to the field.
    choices_from = SelectField(
        _l("Answers from a list"),
        default="",
        validate_choice=False,
        choices=choices([("", _l("No list: only the options below")), *LIST_LABELS.items()]),
    )

    def settings(self, kind: str) -> dict[str, Any]:
        """The type's own settings as the editor takes them (None: not set)."""
        settings = {
            name: self[name].data if self[name].data != "" else None for name in TYPE_SETTINGS.get(kind, ())
        }
        if "decimals" in settings and not settings["decimals"]:
            settings["decimals"] = None  # whole numbers: the format's default
        return settings


class TypeForm(FlaskForm):
    kind = SelectField(_l("Type of question"), choices=choices(TYPE_LABELS.items()))


class OptionForm(TextsForm):
    text_names = ("text",)
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=40)],
        description=_l(
            "Answers are stored under this code; it cannot be changed later. Left empty, it is made from "
            "the text."
        ),
    )
    icon = SelectField(
        _l("Pictogram"),
        default="",
        validate_choice=False,  # the format checks it
        choices=choices([("", _l("None")), *((name, name) for name in ICONS)]),
    )
    exclusive = BooleanField(_l("Cannot be chosen together with other answers (e.g. “none of these”)"))
    field = SelectField(
        _l("Field of action"),
        default="",
        validate_choice=False,  # the format checks it
        description=_l("The needs report lists each need under its field of action."),
        choices=choices([("", _l("None")), *FIELD_OF_ACTION_LABELS.items()]),
    )


class ReportForm(FlaskForm):
    # not checked here: the format names a role that does not fit next to the field
    role = SelectField(
        _l("Meaning for the needs report"),
        default="",
        validate_choice=False,
        description=_l("Gives the question its section in the report. Every question is reported anyway."),
    )
    breakdown = BooleanField(
        _l("Reports may break the other questions down by the answers to this one"),
        description=_l("Groups with fewer answers than the threshold are merged in reports."),
    )

    def offer_roles(self, roles: Iterable[str]) -> None:
        self.role.choices = choices([("", _l("None")), *((role, ROLE_LABELS[role]) for role in roles)])


class ConditionForm(FlaskForm):
    any_of = MultiCheckboxField(_l("Answers"))
    save = SubmitField(_l("Save the condition"))
    always = SubmitField(_l("Show always"))


class TranslationForm(FlaskForm):
    """Fields added per missing text: ``missing_0``, ``missing_1`` …"""


def translation_form(language: str, count: int) -> type[FlaskForm]:
    fields = {
        f"missing_{index}": TextAreaField(
            validators=[Optional(), Length(max=MAX_TEXT_LENGTH)],
            render_kw={"lang": language, "dir": direction(language), "rows": 2},
        )
        for index in range(count)
    }
    return type("TranslationForm", (TranslationForm,), fields)


# -- the format's problems, next to their fields ----------------------------------------

FIELD_LABELS = {
    "": _l("as a whole"),
    "code": _l("Code"),
    "type": _l("Type"),
    "title": _l("Title"),
    "intro": _l("Introduction"),
    "thanks": _l("Thank-you text"),
    "source_language": _l("Source language"),
    "languages": _l("Languages"),
    "questions": _l("Questions"),
    "text": _l("Question text"),
    "hint": _l("Hint"),
    "required": _l("Required"),
    "choices": _l("Options"),
    "choices_from": _l("Answers from a list"),
    "max_choices": _l("At most this many answers"),
    "min": _l("Smallest number"),
    "max": _l("Largest number"),
    "max_length": _l("At most this many characters"),
    "decimals": _l("Digits after the decimal point"),
    "required_message": _l("Message when no answer is given"),
    "constraint_message": _l("Message when the answer does not fit"),
    "show_if": _l("Shown only if"),
    "show_if.question": _l("Shown only if: question"),
    "show_if.any_of": _l("Shown only if: answers"),
    "report": _l("Meaning for reports"),
    "report.role": _l("Meaning for the needs report"),
    "report.breakdown": _l("Breakdown in reports"),
}


def field_label(field: str) -> str:
    """A field of the format as staff read it: ``choices.yes.text`` → Option “yes”: text."""
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    if field.startswith("choices.") or field.startswith("choices["):
        option, _dot, rest = field.removeprefix("choices").lstrip(".").partition(".")
        label = _("Option “%(code)s”", code=option.strip("[]"))
        return f"{label}: {field_label(rest)}" if rest and rest != "text" else label
    return field


def where_label(question: str, naming: Naming | None = None) -> str:
    if not question:
        return _("The questionnaire")
    if question.startswith("#"):
        return _("Question %(number)s", number=question[1:])
    if naming is not None:
        return _("Question %(name)s", name=naming.question(question))
    return _("Question “%(code)s”", code=question)


def describe(problem: FormatProblem, naming: Naming | None = None) -> str:
    """A problem of the format above a form: where it is, and what is wrong, as staff read it."""
    parts = [where_label(problem.question, naming)]
    if problem.field:
        parts.append(field_label(problem.field))
    if problem.language:
        parts.append(language_label(problem.language))
    return f"{' · '.join(parts)}: {staff_message(problem.message, naming)}"


def attach_problems(
    form: FlaskForm,
    problems: Sequence[FormatProblem],
    field_of: Callable[[FormatProblem], str | None],
    naming: Naming | None = None,
) -> None:
    """Each problem next to its field, or above the form when it has none there."""
    for problem in problems:
        name = field_of(problem)
        if name and name in form:
            form[name].errors = [*form[name].errors, staff_message(problem.message, naming)]
        else:
            form.form_errors.append(describe(problem, naming))


def question_field(ours: set[str]) -> Callable[[FormatProblem], str | None]:
    """Problems of the question form: ``ours`` are the names the question goes by (old and
    new code, ``#n``)."""
    simple = {"code", "required", "max_choices", "min", "max", "decimals", "max_length", "choices_from"}

    def field_of(problem: FormatProblem) -> str | None:
        if problem.question not in ours:
            return None
        if problem.field in simple:
            return problem.field
        if problem.field in ("text", "hint", *MESSAGE_FIELDS) and problem.language:
            return f"{problem.field}_{problem.language}"
        return None

    return field_of


def option_field(question: str, option: str) -> Callable[[FormatProblem], str | None]:
    def field_of(problem: FormatProblem) -> str | None:
        if problem.question != question or not problem.field.startswith("choices"):
            return None
        rest = problem.field.removeprefix(f"choices.{option}")
        if rest == ".text" and problem.language:
            return f"text_{problem.language}"
        if rest in (".icon", ".field"):
            return rest[1:]
        if rest == "" or problem.field.startswith("choices["):
            return "code"
        return None

    return field_of


def settings_field(problem: FormatProblem) -> str | None:
    if problem.question:
        return None
    if problem.field in ("code", "source_language", "languages"):
        return problem.field
    if problem.field in ("title", "intro", "thanks") and problem.language:
        return f"{problem.field}_{problem.language}"
    return None
