"""Questionnaires of the district: the ready library, import, a new one from nothing, a
draft's overview and settings, translation, publishing and export.

Questions and options are edited in ``questionnaire_editor``, the preview is in
``questionnaire_preview``. Every view parses its form, calls one operation of
``questionnaires.editing`` and saves the result through ``survey.services.drafts``.
Drafts are loaded only through ``draft_or_404``: another district's draft is not found.
"""

from __future__ import annotations

from typing import Any

import yaml
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from questionnaires import FormatError, FormatProblem, Questionnaire, editing, load_questionnaire
from questionnaires.export import to_yaml
from questionnaires.library import library_codes, library_questionnaire
from questionnaires.xlsform import XLSFormError, read_xlsform, to_xlsform
from survey.auth.access import acting_district_id, draft_or_404
from survey.dates import today
from survey.extensions import db
from survey.i18n import direction, endonym
from survey.models import QuestionnaireDraft, QuestionnaireVersion
from survey.services import drafts as service
from survey.services.activity import record
from survey.services.questionnaires import questionnaire_of
from survey.services.recordings import recorded_counts
from survey.staff import blueprint
from survey.staff.format_messages import Naming, staff_message
from survey.staff.forms import choices
from survey.staff.questionnaire_forms import (
    TYPE_LABELS,
    ActionForm,
    AddQuestionForm,
    ImportForm,
    LibraryForm,
    NewQuestionnaireForm,
    SettingsForm,
    attach_problems,
    describe,
    field_label,
    language_label,
    language_name,
    settings_field,
    translation_form,
    where_label,
    with_texts,
)
from survey.staff.xlsform_report import note_rows

MAX_PROBLEMS_SHOWN = 200


# -- shared by the questionnaire pages ---------------------------------------------------


def app_languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def save(draft: QuestionnaireDraft, content: dict[str, Any]) -> None:
    service.save_draft(db.session, draft, content, today())


def source_text(data: dict[str, Any], value: Any) -> str:
    """A text in the draft's source language, for headings and lists."""
    source = str(data.get("source_language", ""))
    texts = editing.texts_of(value, source)
    return str(texts.get(source) or next((t for t in texts.values() if t), ""))


def text_link(draft_id: int, question: str, field: str, language: str) -> str:
    """Where a text is filled in: the settings, the question, or the option page."""
    anchor = f"{field}_{language}"
    if not question:
        return url_for(".draft_settings", draft_id=draft_id, _anchor=anchor)
    if field.startswith("choices."):
        return url_for(
            ".edit_option",
            draft_id=draft_id,
            question=question,
            option=field.removeprefix("choices."),
            _anchor=f"text_{language}",
        )
    return url_for(".edit_question", draft_id=draft_id, question=question, _anchor=anchor)


def text_place(question: str, field: str) -> str:
    return f"{where_label(question)} · {field_label(field)}"


def gap_message(gap: editing.Gap) -> str:
    if gap.field == "questions":
        return _("Add at least one question.")
    if gap.field == "choices":
        return _("Question “%(code)s” needs at least %(count)d options.", code=gap.question, count=gap.needed)
    return _(
        "%(place)s is missing in %(language)s.",
        place=text_place(gap.question, gap.field),
        language=language_label(gap.language),
    )


def gap_link(draft_id: int, gap: editing.Gap) -> str:
    if gap.field == "questions":
        return url_for(".draft", draft_id=draft_id, _anchor="add-question")
    if gap.field == "choices":
        return url_for(".edit_question", draft_id=draft_id, question=gap.question, _anchor="options")
    return text_link(draft_id, gap.question, gap.field, gap.language)


def condition_summary(data: dict[str, Any], question: dict[str, Any]) -> str:
    condition = question.get("show_if")
    if not isinstance(condition, dict):
        return ""
    try:
        target = editing.find_question(data, str(condition.get("question")))
    except KeyError:
        return ""
    labels = {str(c.get("code")): source_text(data, c.get("text")) for c in editing.choices_of(target)}
    if target.get("type") == "yesno":
        labels = {"yes": _("Yes"), "no": _("No")}
    answers = ", ".join(f"“{labels.get(code) or code}”" for code in condition.get("any_of", []))
    return _(
        "Only after the answer %(answers)s to “%(question)s”",
        answers=answers,
        question=source_text(data, target.get("text")) or target.get("code"),
    )


def preview_languages(data: dict[str, Any]) -> list[str]:
    """Languages a preview can be shown in: the draft's, where the app has its own texts."""
    return [lang for lang in data.get("languages", []) if lang in app_languages()]


def render_draft(
    draft: QuestionnaireDraft,
    *,
    add_form: AddQuestionForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The draft's overview: its questions, languages, publishing and versions."""
    data = draft.content
    check = editing.check(data)
    source = str(data.get("source_language", ""))
    languages = editing.completeness(data)
    questions = [
        {
            "code": q.get("code"),
            "type": TYPE_LABELS.get(str(q.get("type")), q.get("type")),
            "text": source_text(data, q.get("text")),
            "condition": condition_summary(data, q),
            "options": len(editing.choices_of(q)) if q.get("type") in editing.OWN_CHOICES else None,
            "required": bool(q.get("required")),
        }
        for q in editing.questions_of(data)
    ]
    missing = {
        status.language: [
            (text_place(where, field), text_link(draft.id, where, field, status.language))
            for where, field in status.missing
        ]
        for status in languages
    }
    versions = service.district_versions(db.session, draft.district_id, str(data.get("code", "")))
    return render_template(
        "staff/questionnaire_draft.html",
        draft=draft,
        data=data,
        source=source,
        title=source_text(data, data.get("title")),
        questions=questions,
        languages=languages,
        missing=missing,
        gaps=[(gap_message(g), gap_link(draft.id, g)) for g in check.gaps],
        errors=[describe(p, Naming(data)) for p in check.errors],
        problems=problems or [],
        not_offered=[s for s in languages if s.language != source and not s.complete],
        not_shipped=[s.language for s in languages if s.language not in app_languages()],
        previews=preview_languages(data),
        recorded=recorded_counts(db.session, draft.district_id, data),
        versions=versions,
        shared_code=service.code_taken(db.session, draft.district_id, str(data.get("code")), draft.id),
        add_form=add_form or AddQuestionForm(),
        language_label=language_label,
        endonym=endonym,
        direction=direction,
    ), status


# -- the list, the library, a new questionnaire, import -----------------------------------


@blueprint.get("/questionnaires")
def questionnaires() -> str:
    district_id = acting_district_id()
    drafts = [
        (
            draft,
            source_text(draft.content, draft.content.get("title")),
            editing.check(draft.content),
            editing.completeness(draft.content),
        )
        for draft in service.district_drafts(db.session, district_id)
    ]
    library = [(code, library_questionnaire(code)) for code in library_codes()]
    in_use = service.versions_in_use(db.session, district_id)
    versions = service.district_versions(db.session, district_id)
    versions += [version for version in in_use if version not in versions]
    return render_template(
        "staff/questionnaires.html",
        drafts=drafts,
        library=library,
        versions=versions,
        in_use=in_use,
        language_label=language_label,
    )


@blueprint.post("/questionnaires/library")
def use_library_questionnaire() -> Response:
    form = LibraryForm()
    if not form.validate_on_submit() or form.questionnaire.data not in library_codes():
        abort(400)
    questionnaire = library_questionnaire(form.questionnaire.data)
    draft = service.create_draft(db.session, acting_district_id(), questionnaire.to_data(), today())
    flash(
        _(
            "“%(title)s” is now a draft of your district. Change it as you need, then publish it.",
            title=questionnaire.title.get(questionnaire.source_language, questionnaire.source_language),
        )
    )
    return redirect(url_for(".draft", draft_id=draft.id))


@blueprint.route("/questionnaires/new", methods=["GET", "POST"])
def new_questionnaire() -> str | Response | tuple[str, int]:
    district_id = acting_district_id()
    form = NewQuestionnaireForm()
    offered = choices((lang, language_label(lang)) for lang in app_languages())
    form.source_language.choices = offered
    form.languages.choices = offered
    if form.validate_on_submit():
        title = form.title.data or ""
        taken = {str(d.content.get("code")) for d in service.district_drafts(db.session, district_id)}
        code = (form.code.data or "").strip() or editing.suggest_code(title, taken, "questionnaire")
        try:
            data = editing.new_questionnaire(
                code=code,
                source_language=form.source_language.data or "",
                languages=form.languages.data or [],
                title=title,
            )
        except editing.EditError as error:
            attach_problems(
                form,
                error.problems,
                lambda p: p.field if not p.question and p.field in ("code", "title") else None,
            )
        else:
            draft = service.create_draft(db.session, district_id, data, today())
            flash(_("The questionnaire is started. Add its first question."))
            return redirect(url_for(".draft", draft_id=draft.id, _anchor="add-question"))
        return render_template("staff/questionnaire_new.html", form=form), 422
    return render_template("staff/questionnaire_new.html", form=form), (422 if form.is_submitted() else 200)


def _safe_yaml_problem(text: str) -> FormatProblem | None:
    """Aliases would let a small file expand into a huge one: a questionnaire needs none."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return FormatProblem("", "", "", "aliases (*name) are not allowed in a questionnaire file")
    except yaml.YAMLError:
        return None  # the loader names the place
    return None


def _grouped(problems: list[FormatProblem]) -> list[tuple[str, list[dict[str, str]]]]:
    """Problems by question, in the order the file has them."""
    groups: dict[str, list[dict[str, str]]] = {}
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        groups.setdefault(problem.question, []).append(
            {
                "field": field_label(problem.field) if problem.field else "",
                "message": staff_message(problem.message),
                "language": problem.language,
                "language_name": language_name(problem.language) if problem.language else "",
            }
        )
    return [(where_label(question), rows) for question, rows in groups.items()]


@blueprint.route("/questionnaires/import", methods=["GET", "POST"])
def import_questionnaire() -> str | Response | tuple[str, int]:
    district_id = acting_district_id()
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("staff/questionnaire_import.html", form=form, groups=[], count=0), (
            422 if form.is_submitted() else 200
        )
    if form.workbook:
        return _import_xlsform(form, district_id)
    try:
        unsafe = _safe_yaml_problem(form.text)
        if unsafe:
            raise FormatError([unsafe])
        questionnaire = load_questionnaire(form.text)
    except FormatError as error:
        return render_template(
            "staff/questionnaire_import.html",
            form=form,
            groups=_grouped(error.problems),
            count=len(error.problems),
            shown=MAX_PROBLEMS_SHOWN,
        ), 422
    draft = service.create_draft(db.session, district_id, questionnaire.to_data(), today())
    flash(
        _(
            "The file is imported as a new draft: %(count)d questions in %(languages)s.",
            count=len(questionnaire.questions),
            languages=", ".join(questionnaire.languages),
        )
    )
    return redirect(url_for(".draft", draft_id=draft.id))


def _import_xlsform(form: ImportForm, district_id: int) -> str | Response | tuple[str, int]:
    """An XLSForm becomes a draft; what did not map as it stands is listed by sheet, row and
    column on the page that follows (a form without such notes goes straight to its draft)."""
    try:
        result = read_xlsform(
            form.workbook,
            name=form.filename,
            assume_language=str(get_locale() or "de").split("_")[0],
            app_languages=app_languages(),
        )
    except XLSFormError as error:
        return render_template(
            "staff/questionnaire_import.html",
            form=form,
            groups=[],
            count=0,
            refused=note_rows(error.notes[:MAX_PROBLEMS_SHOWN]),
            refused_count=len(error.notes),
            shown=MAX_PROBLEMS_SHOWN,
        ), 422
    draft = service.create_draft(db.session, district_id, result.data, today())
    questions = len(result.data["questions"])
    languages = ", ".join(language_label(lang) for lang in result.data["languages"])
    if not result.notes:
        flash(
            _(
                "The file is imported as a new draft: %(count)d questions in %(languages)s.",
                count=questions,
                languages=languages,
            )
        )
        return redirect(url_for(".draft", draft_id=draft.id))
    return render_template(
        "staff/questionnaire_imported.html",
        draft=draft,
        filename=form.filename,
        title=source_text(result.data, result.data.get("title")),
        questions=questions,
        languages=languages,
        rows=note_rows(result.notes),
    )


# -- one draft -----------------------------------------------------------------------------


@blueprint.get("/questionnaires/drafts/<int:draft_id>")
def draft(draft_id: int) -> tuple[str, int]:
    return render_draft(draft_or_404(draft_id))


@blueprint.post("/questionnaires/drafts/<int:draft_id>/delete")
def delete_draft(draft_id: int) -> Response:
    found = draft_or_404(draft_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    title = source_text(found.content, found.content.get("title"))
    service.delete_draft(db.session, found)
    flash(_("The draft “%(title)s” is deleted. Its published versions stay.", title=title))
    return redirect(url_for(".questionnaires"))


@blueprint.route("/questionnaires/drafts/<int:draft_id>/settings", methods=["GET", "POST"])
def draft_settings(draft_id: int) -> str | Response | tuple[str, int]:
    found = draft_or_404(draft_id)
    data = found.content
    languages = editing.languages_of(data)
    form_class = with_texts(SettingsForm, languages, long=("intro", "thanks"))
    form = form_class()
    offered = list(dict.fromkeys([*app_languages(), *languages]))
    form.languages.choices = choices((lang, language_label(lang)) for lang in offered)
    form.source_language.choices = choices((lang, language_label(lang)) for lang in offered)
    if not form.is_submitted():
        form.code.data = data.get("code")
        form.source_language.data = data.get("source_language")
        form.languages.data = languages
        for name in form.text_names:
            form.fill_texts(name, data.get(name))
    elif form.validate():
        chosen = [lang for lang in offered if lang in (form.languages.data or [])]
        try:
            changed = editing.update_settings(
                data,
                code=form.code.data or "",
                source_language=form.source_language.data or "",
                languages=chosen,
                title=form.texts("title"),
                intro=form.texts("intro"),
                thanks=form.texts("thanks"),
            )
        except editing.EditError as error:
            attach_problems(form, error.problems, settings_field)
        else:
            save(found, changed)
            flash(_("The settings are saved."))
            return redirect(url_for(".draft", draft_id=found.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "staff/questionnaire_settings.html",
        draft=found,
        data=data,
        form=form,
        title=source_text(data, data.get("title")),
    ), status


@blueprint.route("/questionnaires/drafts/<int:draft_id>/translate/<lang>", methods=["GET", "POST"])
def translate_draft(draft_id: int, lang: str) -> str | Response | tuple[str, int]:
    """Every text still missing in one language on one page, each beside its source text."""
    found = draft_or_404(draft_id)
    data = found.content
    if lang not in data.get("languages", []):
        abort(404)
    required = editing.missing_texts(data, lang)
    # then the questions' own messages given in another language: optional here
    missing = required + editing.untranslated_messages(data, lang)
    form = translation_form(lang, len(missing))()
    source = str(data.get("source_language", ""))
    rows = []
    for index, (where, field) in enumerate(missing):
        holder, key = editing.text_holder(data, where, field)
        texts = editing.texts_of(holder.get(key), source)
        shown = source if texts.get(source) else next((k for k, v in texts.items() if v), source)
        rows.append(
            {
                "field": form[f"missing_{index}"],
                "place": text_place(where, field),
                "source": texts.get(shown, ""),
                "source_lang": shown,
                "optional": index >= len(required),
            }
        )
    if form.validate_on_submit():
        typed = {missing[i]: form[f"missing_{i}"].data or "" for i in range(len(missing))}
        try:
            changed = editing.set_texts(data, lang, typed)
        except editing.EditError as error:
            attach_problems(form, error.problems, lambda p: None)
        else:
            save(found, changed)
            filled = sum(1 for text in typed.values() if text.strip())
            flash(
                _("%(count)d texts in %(language)s are saved.", count=filled, language=language_label(lang))
            )
            return redirect(url_for(".draft", draft_id=found.id, _anchor="languages"))
    return render_template(
        "staff/questionnaire_translate.html",
        draft=found,
        form=form,
        rows=rows,
        lang=lang,
        source=source,
        title=source_text(data, data.get("title")),
        language_label=language_label,
        direction=direction,
    ), (422 if form.is_submitted() else 200)


@blueprint.post("/questionnaires/drafts/<int:draft_id>/publish")
def publish_draft(draft_id: int) -> Response | tuple[str, int]:
    found = draft_or_404(draft_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    check = editing.check(found.content)
    if check.questionnaire is None:
        return render_draft(
            found,
            problems=[
                _(
                    "It cannot be published yet: the questionnaire must be complete in its source language "
                    "and without errors. See “Before publishing” below."
                )
            ],
            status=422,
        )
    version, new = service.publish_draft(db.session, found, check.questionnaire, today())
    if new:
        record(
            db.session,
            "questionnaire_published",
            user=current_user,
            district_id=found.district_id,
            detail=f"{version.code} version {version.number}",
        )
        flash(_("Published as version %(number)d. A survey wave can use it now.", number=version.number))
    else:
        flash(
            _(
                "Nothing has changed since version %(number)d: it stays the published version.",
                number=version.number,
            )
        )
    return redirect(url_for(".draft", draft_id=found.id, _anchor="versions"))


def _yaml_response(text: str, name: str) -> Response:
    response = current_app.response_class(text, mimetype="application/yaml")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
    return response


@blueprint.get("/questionnaires/drafts/<int:draft_id>/export")
def export_draft(draft_id: int) -> Response:
    found = draft_or_404(draft_id)
    data = found.content
    check = editing.check(data)
    code = str(data.get("code") or "questionnaire")
    header = f"{code}: draft exported from Mitsprache on {today().isoformat()}"
    if check.questionnaire is not None:
        return _yaml_response(to_yaml(check.questionnaire, header), code)
    header += "\nStill incomplete: it loads once every text of the source language is there."
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return _yaml_response("".join(f"# {line}\n" for line in header.splitlines()) + body, code)


@blueprint.get("/questionnaires/versions/<int:version_id>/export")
def export_version(version_id: int) -> Response:
    version = _version_or_404(version_id)
    header = (
        f"{version.code}, version {version.number}, published on {version.published_on.isoformat()}; "
        "exported from Mitsprache"
    )
    return _yaml_response(to_yaml(questionnaire_of(version), header), f"{version.code}-{version.number}")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsform_response(data: dict[str, Any], name: str) -> Response:
    response = current_app.response_class(to_xlsform(data), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@blueprint.get("/questionnaires/drafts/<int:draft_id>/export.xlsx")
def export_draft_xlsform(draft_id: int) -> Response:
    """The draft as an XLSForm, as far as it is (a complete one converts with pyxform)."""
    found = draft_or_404(draft_id)
    return _xlsform_response(found.content, str(found.content.get("code") or "questionnaire"))


@blueprint.get("/questionnaires/versions/<int:version_id>/export.xlsx")
def export_version_xlsform(version_id: int) -> Response:
    version = _version_or_404(version_id)
    return _xlsform_response(questionnaire_of(version).to_data(), f"{version.code}-{version.number}")


@blueprint.post("/questionnaires/versions/<int:version_id>/draft")
def draft_from_version(version_id: int) -> Response:
    """A published version as a new draft, e.g. to change it for the next wave."""
    version = _version_or_404(version_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    questionnaire: Questionnaire = questionnaire_of(version)
    draft = service.create_draft(db.session, acting_district_id(), questionnaire.to_data(), today())
    flash(_("Version %(number)d is now a new draft.", number=version.number))
    return redirect(url_for(".draft", draft_id=draft.id))


def _version_or_404(version_id: int) -> QuestionnaireVersion:
    """A version of the district, or one its waves use (a ready one of the system)."""
    district_id = acting_district_id()
    version = service.district_version(db.session, district_id, version_id)
    if version is None:
        version = next(
            (v for v in service.versions_in_use(db.session, district_id) if v.id == version_id), None
        )
    if version is None:
        abort(404)
    return version


from survey.staff import questionnaire_editor, questionnaire_preview, recordings  # noqa: E402,F401  (more routes)
