"""The editor's pages for questions and their options: add, change, move, delete, the
"shown only if" condition. Every change goes through ``questionnaires.editing``; what the
format refuses is shown next to its field (422) and nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from questionnaires import editing
from questionnaires.icons import ICONS
from questionnaires.questions import MESSAGE_FIELDS
from survey.auth.access import draft_or_404
from survey.i18n import direction
from survey.models import QuestionnaireDraft
from survey.staff import blueprint
from survey.staff.format_messages import Naming
from survey.staff.forms import choices
from survey.staff.questionnaire_forms import (
    LIST_LABELS,
    TYPE_LABELS,
    ActionForm,
    AddQuestionForm,
    ConditionForm,
    MoveForm,
    OptionForm,
    PositionForm,
    QuestionForm,
    ReportForm,
    TypeForm,
    attach_problems,
    describe,
    field_label,
    language_label,
    option_field,
    question_field,
    with_texts,
)
from survey.staff.questionnaires import condition_summary, render_draft, save, source_text


def _question_or_404(draft: QuestionnaireDraft, code: str) -> dict[str, Any]:
    try:
        return editing.find_question(draft.content, code)
    except KeyError:
        abort(404)


def _option_or_404(draft: QuestionnaireDraft, question: str, option: str) -> dict[str, Any]:
    try:
        return editing.find_option(draft.content, question, option)
    except KeyError:
        abort(404)


def _position(draft: QuestionnaireDraft, code: str) -> int:
    return [q.get("code") for q in editing.questions_of(draft.content)].index(code) + 1


def _question_form(draft: QuestionnaireDraft, question: dict[str, Any]) -> QuestionForm:
    """The question's texts and settings: as typed when the page sent them, else as stored."""
    typed = _sent("code")
    form = with_texts(QuestionForm, editing.languages_of(draft.content), long=("text", "hint"))(
        **({} if typed else {"formdata": None})
    )
    if not typed:
        form.code.data = question.get("code")
        form.required.data = bool(question.get("required"))
        for name in ("max_choices", "min", "max", "max_length"):
            form[name].data = question.get(name)
        form.decimals.data = question.get("decimals") or 0
        form.choices_from.data = question.get("choices_from") or ""
        form.fill_texts("text", question.get("text"))
        form.fill_texts("hint", question.get("hint"))
        for name in MESSAGE_FIELDS:
            form.fill_texts(name, question.get(name))
    return form


def _sent(name: str) -> bool:
    """Whether the question page's form sent this field (every button of the page sends the
    whole page; the small forms of older pages and tests send only their own fields)."""
    return request.method == "POST" and name in request.form


def _report_form(question: dict[str, Any]) -> ReportForm:
    submitted = any(_sent(name) for name in ("report-shown", "report-role", "report-breakdown"))
    form = ReportForm(prefix="report") if submitted else ReportForm(prefix="report", formdata=None)
    form.offer_roles(editing.roles_for(str(question.get("type"))))
    if not submitted:
        report = question.get("report") or {}
        form.role.data = report.get("role") or ""
        form.breakdown.data = bool(report.get("breakdown"))
    return form


def _option_form(draft: QuestionnaireDraft, prefix: str = "") -> OptionForm:
    return with_texts(OptionForm, editing.languages_of(draft.content))(prefix=prefix)


def _new_option_form(draft: QuestionnaireDraft) -> OptionForm:
    """The "add an option" fields: as typed when the page sent them, else empty."""
    cls = with_texts(OptionForm, editing.languages_of(draft.content))
    return cls(prefix="option") if _sent("option-code") else cls(prefix="option", formdata=None)


def _option_typed(form: OptionForm) -> bool:
    return bool((form.code.data or "").strip() or any(t.strip() for t in form.texts("text").values()))


@dataclass
class _Page:
    """What the question page sent, applied to the draft's content one step after another."""

    data: dict[str, Any]
    code: str
    question: QuestionForm
    option: OptionForm
    report: ReportForm
    messages: list[str] = field(default_factory=list)
    ok: bool = True


def _apply_page(
    draft: QuestionnaireDraft, code: str, *, option: str = "typed", report: bool = False
) -> _Page:
    """Every button of the question page saves what was typed on it first: the question's
    texts and settings, its meaning for reports and (``option`` "typed": when anything was
    typed there; "always": in any case) the new option. Nothing is saved here; a refused
    step marks its field and the page is shown again as typed."""
    found = _question_or_404(draft, code)
    page = _Page(
        draft.content,
        code,
        _question_form(draft, found),
        _new_option_form(draft),
        _report_form(found),
    )
    if _sent("code"):
        if not page.question.validate():
            page.ok = False
        else:
            try:
                page.data, page.code = editing.update_question(
                    page.data,
                    code,
                    new_code=page.question.code.data or "",
                    required=bool(page.question.required.data),
                    text=page.question.texts("text"),
                    hint=page.question.texts("hint"),
                    settings=page.question.settings(str(found.get("type"))),
                    messages={  # those the page shows (a question's type shows only some)
                        name: page.question.texts(name)
                        for name in MESSAGE_FIELDS
                        if any(_sent(f"{name}_{lang}") for lang in page.question.text_languages)
                    },
                )
            except editing.EditError as error:
                ours = {code, (page.question.code.data or "").strip(), f"#{_position(draft, code)}"}
                attach_problems(page.question, error.problems, question_field(ours))
                page.ok = False
    if page.ok and (report or _sent("report-shown")):
        _apply_report(page, found)
    if page.ok and (option == "always" or (_sent("option-code") and _option_typed(page.option))):
        _apply_new_option(page)
    return page


def _apply_report(page: _Page, found: dict[str, Any]) -> None:
    form, stored = page.report, found.get("report") or {}
    role = (form.role.data or None) if _sent("report-role") else stored.get("role")
    breakdown = bool(form.breakdown.data) if editing.can_break_down(found) else bool(stored.get("breakdown"))
    if role == stored.get("role") and breakdown == bool(stored.get("breakdown")):
        return
    if not form.validate():
        page.ok = False
        return
    try:
        page.data = editing.set_report(page.data, page.code, role=role, breakdown=breakdown)
    except editing.EditError as error:
        shown = {"role"} if len(form.role.choices) > 1 else set()
        shown |= {"breakdown"} if editing.can_break_down(found) else set()
        attach_problems(
            form,
            error.problems,
            lambda p: (
                name
                if p.question in (page.code, found.get("code"))
                and (name := p.field.removeprefix("report.")) in shown
                else None
            ),
            Naming(page.data),
        )
        page.ok = False
        return
    page.messages.append(_("What the question means for reports is saved."))


def _apply_new_option(page: _Page) -> None:
    form = page.option
    if not form.validate():
        page.ok = False
        return
    typed = (form.code.data or "").strip()
    try:
        page.data, code = editing.add_option(page.data, page.code, code=typed, **_option_values(form))
    except editing.EditError as error:
        position = len(editing.choices_of(editing.find_question(page.data, page.code))) + 1
        attach_problems(form, error.problems, _new_option_field(page.code, typed, position))
        page.ok = False
        return
    page.messages.append(_("The option “%(code)s” is added.", code=code))


def _refused_page(draft: QuestionnaireDraft, code: str, page: _Page, **forms: Any) -> tuple[str, int]:
    return render_question(
        draft, code, form=page.question, option_form=page.option, report_form=page.report, status=422, **forms
    )


def _saved_page(draft: QuestionnaireDraft, page: _Page, *messages: str, anchor: str = "") -> Response:
    save(draft, page.data)
    for message in [*page.messages, *messages]:
        flash(message)
    return redirect(url_for(".edit_question", draft_id=draft.id, question=page.code, _anchor=anchor or None))


def render_question(
    draft: QuestionnaireDraft,
    code: str,
    *,
    form: QuestionForm | None = None,
    option_form: OptionForm | None = None,
    type_form: TypeForm | None = None,
    report_form: ReportForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    data = draft.content
    question = _question_or_404(draft, code)
    kind = str(question.get("type"))
    if type_form is None:
        type_form = TypeForm(prefix="type", formdata=None)
        type_form.kind.data = kind
    gaps = [gap for gap in editing.gaps(data) if gap.question == code]
    return render_template(
        "staff/editor_question.html",
        draft=draft,
        data=data,
        question=question,
        kind=kind,
        kind_label=TYPE_LABELS.get(kind, kind),
        position=_position(draft, code),
        total=len(editing.questions_of(data)),
        form=form or _question_form(draft, question),
        option_form=option_form or _new_option_form(draft),
        type_form=type_form,
        report_form=report_form or _report_form(question),
        role=(question.get("report") or {}).get("role"),
        can_break_down=editing.can_break_down(question),
        options=editing.choices_of(question),
        own_choices=kind in editing.OWN_CHOICES,
        needed=editing.choices_needed(question),
        condition=condition_summary(data, question),
        list_label=LIST_LABELS.get(str(question.get("choices_from")), ""),
        gaps=gaps,
        problems=problems or [],
        languages=editing.languages_of(data),
        source=data.get("source_language"),
        title=source_text(data, data.get("title")),
        language_label=language_label,
        direction=direction,
        field_label=field_label,
        icons=ICONS,
        heading=source_text(data, question.get("text")) or code,
        heading_lang=data.get("source_language") if source_text(data, question.get("text")) else None,
        failed=status >= 400,
    ), status


# -- questions ----------------------------------------------------------------------------


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions")
def add_question(draft_id: int) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    form = AddQuestionForm()
    if form.validate_on_submit():
        source = str(draft.content.get("source_language", ""))
        try:
            changed, code = editing.add_question(
                draft.content,
                form.kind.data or "",
                code=form.code.data or "",
                text={source: form.text.data or ""},
            )
        except editing.EditError as error:
            attach_problems(form, error.problems, lambda p: p.field if p.field in ("code", "type") else None)
        else:
            save(draft, changed)
            flash(_("The question is added. Now give it its texts and settings."))
            return redirect(url_for(".edit_question", draft_id=draft.id, question=code))
    return render_draft(draft, add_form=form, status=422)


@blueprint.route("/questionnaires/drafts/<int:draft_id>/questions/<question>", methods=["GET", "POST"])
def edit_question(draft_id: int, question: str) -> Response | tuple[str, int]:
    """Save: everything typed on the page (texts, settings, meaning for reports, a new option)."""
    draft = draft_or_404(draft_id)
    found = _question_or_404(draft, question)
    if request.method == "GET":
        return render_question(draft, question, form=_question_form(draft, found))
    if not ActionForm().validate_on_submit():
        abort(400)
    page = _apply_page(draft, question)
    if not page.ok:
        return _refused_page(draft, question, page)
    if request.form.get("then") == "condition":  # on to the condition, with what was typed saved
        if page.data != draft.content:
            save(draft, page.data)
            flash(_("The question is saved."))
        return redirect(url_for(".question_condition", draft_id=draft.id, question=page.code))
    return _saved_page(draft, page, _("The question is saved."))


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/report")
def question_report(draft_id: int, question: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    _question_or_404(draft, question)
    if not ActionForm().validate_on_submit():
        abort(400)
    page = _apply_page(draft, question, report=True)
    if not page.ok:
        return _refused_page(draft, question, page)
    return _saved_page(draft, page, anchor="report")


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/type")
def change_question_type(draft_id: int, question: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    _question_or_404(draft, question)
    form = TypeForm(prefix="type")
    if not form.validate_on_submit():
        return render_question(draft, question, type_form=form, status=422)
    page = _apply_page(draft, question)
    if page.ok:
        try:
            page.data = editing.change_type(page.data, page.code, form.kind.data or "")
        except editing.EditError as error:
            attach_problems(form, error.problems, lambda p: None)
            page.ok = False
    if not page.ok:
        return _refused_page(draft, question, page, type_form=form)
    return _saved_page(
        draft, page, _("The question is now of the type “%(type)s”.", type=TYPE_LABELS[form.kind.data or ""])
    )


def _refused_on_overview(draft: QuestionnaireDraft, error: editing.EditError) -> tuple[str, int]:
    naming = Naming(draft.content)
    return render_draft(draft, problems=[describe(p, naming) for p in error.problems], status=422)


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/move")
def move_question(draft_id: int, question: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    _question_or_404(draft, question)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = editing.move_question(draft.content, question, form.offset)
    except editing.EditError as error:
        return _refused_on_overview(draft, error)
    save(draft, changed)
    return redirect(url_for(".draft", draft_id=draft.id, _anchor=f"question-{question}"))


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/position")
def move_question_to(draft_id: int, question: str) -> Response | tuple[str, int]:
    """Move a question to a position in one step."""
    draft = draft_or_404(draft_id)
    _question_or_404(draft, question)
    form = PositionForm()
    if not form.validate_on_submit():
        return render_draft(draft, problems=[_("Give the position as a number from 1 on.")], status=422)
    try:
        changed = editing.move_question_to(draft.content, question, form.position.data or 1)
    except editing.EditError as error:
        return _refused_on_overview(draft, error)
    save(draft, changed)
    flash(_("The question is now number %(number)d.", number=_position_in(changed, question)))
    return redirect(url_for(".draft", draft_id=draft.id, _anchor=f"question-{question}"))


def _position_in(data: dict[str, Any], code: str) -> int:
    return [q.get("code") for q in editing.questions_of(data)].index(code) + 1


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/duplicate")
def duplicate_question(draft_id: int, question: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    _question_or_404(draft, question)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed, code = editing.duplicate_question(draft.content, question)
    except editing.EditError as error:
        return _refused_on_overview(draft, error)
    save(draft, changed)
    flash(_("The question is copied. This is the copy: change what should differ."))
    return redirect(url_for(".edit_question", draft_id=draft.id, question=code))


def _confirmed() -> bool:
    return request.form.get("confirmed") == "yes"


def _confirm_page(
    draft: QuestionnaireDraft, *, heading: str, text: str, action: str, back: str
) -> tuple[str, int]:
    """Ask before deleting (a page of its own, so it works without JavaScript)."""
    return render_template(
        "staff/editor_confirm.html",
        draft=draft,
        title=source_text(draft.content, draft.content.get("title")),
        heading=heading,
        text=text,
        action=action,
        back=back,
    ), 200


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/delete")
def delete_question(draft_id: int, question: str) -> Response | tuple[str, int]:
    """The first press asks; deleting needs the confirmation's button."""
    draft = draft_or_404(draft_id)
    found = _question_or_404(draft, question)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed = editing.delete_question(draft.content, question)
    except editing.EditError as error:
        return _refused_on_overview(draft, error)
    name = source_text(draft.content, found.get("text")) or question
    if not _confirmed():
        return _confirm_page(
            draft,
            heading=_("Delete the question “%(question)s”?", question=name),
            text=_("Its texts in every language, its options and settings are deleted from this draft."),
            action=url_for(".delete_question", draft_id=draft.id, question=question),
            back=url_for(".draft", draft_id=draft.id, _anchor=f"question-{question}"),
        )
    save(draft, changed)
    flash(_("The question “%(question)s” is deleted.", question=name))
    return redirect(url_for(".draft", draft_id=draft.id, _anchor="questions"))


@blueprint.route(
    "/questionnaires/drafts/<int:draft_id>/questions/<question>/condition", methods=["GET", "POST"]
)
def question_condition(draft_id: int, question: str) -> Response | tuple[str, int]:
    """Show the question only after certain answers to one earlier question."""
    draft = draft_or_404(draft_id)
    found = _question_or_404(draft, question)
    data = draft.content
    groups: list[dict[str, Any]] = []
    for earlier in editing.earlier_choice_questions(data, question):
        code = str(earlier.get("code"))
        if earlier.get("type") == "yesno":
            options, lang = [("yes", _("Yes")), ("no", _("No"))], None  # the staff page's own words
        else:
            options = [
                (str(c.get("code")), source_text(data, c.get("text")) or str(c.get("code")))
                for c in editing.choices_of(earlier)
            ]
            lang = data.get("source_language")
        groups.append(
            {
                "code": code,
                "text": source_text(data, earlier.get("text")) or code,
                "lang": lang,
                "options": [(f"{code}:{option}", label) for option, label in options],
            }
        )
    form = ConditionForm()
    form.any_of.choices = choices((value, label) for group in groups for value, label in group["options"])
    condition = found.get("show_if") if isinstance(found.get("show_if"), dict) else None
    if not form.is_submitted() and condition:
        form.any_of.data = [f"{condition.get('question')}:{code}" for code in condition.get("any_of", [])]
    if form.validate_on_submit():
        chosen = [value.split(":", 1) for value in form.any_of.data or []]
        targets = {target for target, _code in chosen}
        if form.always.data:
            on, any_of = None, []
        elif len(targets) != 1:
            form.any_of.errors = [
                *form.any_of.errors,
                _("Choose one or more answers of one question, or “Show always”."),
            ]
            on = None
        else:
            on, any_of = targets.pop(), [code for _target, code in chosen]
        if not form.any_of.errors:
            try:
                changed = editing.set_condition(data, question, on, any_of)
            except editing.EditError as error:
                attach_problems(
                    form, error.problems, lambda p: "any_of" if p.field.startswith("show_if") else None
                )
            else:
                save(draft, changed)
                flash(_("The question is shown always.") if on is None else _("The condition is saved."))
                return redirect(
                    url_for(".edit_question", draft_id=draft.id, question=question, _anchor="condition")
                )
    return render_template(
        "staff/editor_condition.html",
        draft=draft,
        question=found,
        groups=groups,
        form=form,
        source=data.get("source_language"),
        text=source_text(data, found.get("text")) or question,
        title=source_text(data, data.get("title")),
        chosen=set(form.any_of.data or []),
        summary=condition_summary(data, found),
    ), (422 if form.is_submitted() else 200)


# -- options ------------------------------------------------------------------------------


def _option_values(form: OptionForm) -> dict[str, Any]:
    return {
        "text": form.texts("text"),
        "icon": form.icon.data or None,
        "exclusive": bool(form.exclusive.data),
        "field": form.field.data or None,
    }


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/options")
def add_option(draft_id: int, question: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    _question_or_404(draft, question)
    if not ActionForm().validate_on_submit():
        abort(400)
    page = _apply_page(draft, question, option="always")
    if not page.ok:
        return _refused_page(draft, question, page)
    return _saved_page(draft, page, anchor="options")


def _new_option_field(question: str, code: str, position: int):
    by_code = option_field(question, code)

    def field_of(problem):
        if problem.field.startswith("choices[") and problem.field != f"choices[{position}]":
            return None
        return by_code(problem)

    return field_of


@blueprint.route(
    "/questionnaires/drafts/<int:draft_id>/questions/<question>/options/<option>", methods=["GET", "POST"]
)
def edit_option(draft_id: int, question: str, option: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    found = _question_or_404(draft, question)
    choice = _option_or_404(draft, question, option)
    form = _option_form(draft)
    if not form.is_submitted():
        form.fill_texts("text", choice.get("text"))
        form.icon.data = choice.get("icon") or ""
        form.exclusive.data = bool(choice.get("exclusive"))
        form.field.data = choice.get("field") or ""
    elif form.validate():
        try:
            changed = editing.update_option(draft.content, question, option, **_option_values(form))
        except editing.EditError as error:
            attach_problems(form, error.problems, option_field(question, option))
        else:
            save(draft, changed)
            flash(_("The option “%(code)s” is saved.", code=option))
            return _back_to_options(draft, question)
    data = draft.content
    return render_template(
        "staff/editor_option.html",
        draft=draft,
        question=found,
        option=choice,
        form=form,
        kind=found.get("type"),
        text=source_text(data, found.get("text")) or question,
        role=(found.get("report") or {}).get("role"),
        title=source_text(data, data.get("title")),
        icons=ICONS,
    ), (422 if form.is_submitted() else 200)


def _option_change(
    draft: QuestionnaireDraft, question: str, option: str, change, message: str = ""
) -> Response | tuple[str, int]:
    """Move or delete an option, after saving what was typed on the question page."""
    _option_or_404(draft, question, option)  # a missing question is a 404 too
    page = _apply_page(draft, question)
    if not page.ok:
        return _refused_page(draft, question, page)
    try:
        page.data = change(page.data, page.code)
    except editing.EditError as error:
        return _refused_page(
            draft, question, page, problems=[describe(p, Naming(draft.content)) for p in error.problems]
        )
    return _saved_page(draft, page, *([message] if message else []), anchor="options")


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/options/<option>/move")
def move_option(draft_id: int, question: str, option: str) -> Response | tuple[str, int]:
    draft = draft_or_404(draft_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    return _option_change(
        draft, question, option, lambda data, code: editing.move_option(data, code, option, form.offset)
    )


@blueprint.post("/questionnaires/drafts/<int:draft_id>/questions/<question>/options/<option>/delete")
def delete_option(draft_id: int, question: str, option: str) -> Response | tuple[str, int]:
    """The first press saves what was typed on the question page and asks; deleting needs
    the confirmation's button."""
    draft = draft_or_404(draft_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    choice = _option_or_404(draft, question, option)
    name = source_text(draft.content, choice.get("text")) or option
    if _confirmed():
        return _option_change(
            draft,
            question,
            option,
            lambda data, code: editing.delete_option(data, code, option),
            _("The option “%(option)s” is deleted.", option=name),
        )
    page = _apply_page(draft, question)
    if not page.ok:
        return _refused_page(draft, question, page)
    try:
        editing.delete_option(page.data, page.code, option)
    except editing.EditError as error:
        return _refused_page(
            draft, question, page, problems=[describe(p, Naming(draft.content)) for p in error.problems]
        )
    if page.data != draft.content:
        save(draft, page.data)
    return _confirm_page(
        draft,
        heading=_("Delete the option “%(option)s”?", option=name),
        text=_("Its texts in every language are deleted from this draft."),
        action=url_for(".delete_option", draft_id=draft.id, question=page.code, option=option),
        back=url_for(".edit_question", draft_id=draft.id, question=page.code, _anchor="options"),
    )


def _back_to_options(draft: QuestionnaireDraft, question: str) -> Response:
    return redirect(url_for(".edit_question", draft_id=draft.id, question=question, _anchor="options"))
