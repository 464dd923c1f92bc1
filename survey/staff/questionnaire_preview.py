"""A draft as families will see it, in any of its languages: the family's own screens,
steps and signed answers, with a banner. Nothing is ever stored: the answers travel in
the page as they do for families, and "Send" only shows the thank-you page."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from questionnaires import Choice, FormatError, Text, editing
from survey.auth.access import acting_district, draft_or_404, visible_locations
from survey.dates import today
from survey.extensions import db
from survey.i18n import direction, endonym
from survey.models import DistrictRegion, QuestionnaireDraft
from survey.respond.context import LanguageLink, Survey
from survey.respond.flow import START, Screen, step
from survey.respond.progress import Progress, ProgressExpired, ProgressInvalid
from survey.respond.rendering import Preview, render_screen, render_thanks, signer
from survey.services.waves import Place, WaveDates
from survey.staff import blueprint
from survey.staff.questionnaires import preview_languages

#: Where a text is still missing in the source language, the preview shows this.
MISSING = _l("[text missing]")
#: A preview's answers are signed like a family's, for no wave and no location.
NO_WAVE = 0


def _survey(draft: QuestionnaireDraft, language: str, languages: list[str]) -> Survey:
    try:
        questionnaire = editing.preview_questionnaire(draft.content, str(MISSING))
    except FormatError:
        abort(409)
    district = acting_district()
    location = db.session.scalars(visible_locations().limit(1)).first()
    place = (
        Place(location.id, location.code, location.name, district.name, district.id)
        if location is not None
        else Place(0, "", "Familienzentrum", district.name, district.id)
    )
    regions = db.session.scalars(
        select(DistrictRegion).filter_by(district_id=district.id).order_by(DistrictRegion.name)
    )
    lists = {"district_regions": tuple(Choice(r.code, Text({"de": r.name})) for r in regions)}
    day = today()
    wave = WaveDates(NO_WAVE, NO_WAVE, questionnaire.content_hash(), day, day)
    return Survey(place, wave, questionnaire, lists, language, languages)


def _preview(draft: QuestionnaireDraft, language: str, languages: list[str]) -> Preview:
    def address(lang: str) -> str:
        return url_for(".preview_draft", draft_id=draft.id, lang=lang)

    others = tuple(
        LanguageLink(lang, endonym(lang), direction(lang), address(lang), address(lang))
        for lang in languages
        if lang != language
    )
    return Preview(
        action=address(language),
        restart=address(language),
        others=others,
        banner=_("Preview – nothing is saved"),
        banner_lang=str(get_locale()),
        back=url_for(".draft", draft_id=draft.id, _anchor="preview"),
        back_label=_("Back to the editor"),
    )


@blueprint.route("/questionnaires/drafts/<int:draft_id>/preview/<lang>", methods=["GET", "POST"])
def preview_draft(draft_id: int, lang: str) -> str | tuple[str, int]:
    draft = draft_or_404(draft_id)
    languages = preview_languages(draft.content)
    if lang not in languages:
        abort(404)
    preview = _preview(draft, lang, languages)  # in the staff member's language
    survey = _survey(draft, lang, languages)
    with force_locale(lang):  # the family's page in the family's language
        if request.method == "GET":
            progress = Progress(wave=NO_WAVE, location=NO_WAVE, version=draft.id, started=today().isoformat())
            return render_screen(survey, progress, Screen(START), preview=preview)
        form = request.form
        screen_name = form.get("screen", START)
        raw = form.getlist("answer")
        try:
            progress = signer().load(form.get("progress", ""), today())
        except ProgressExpired as expired:
            return render_screen(
                survey, expired.progress, Screen(screen_name, typed=raw), notice="expired", preview=preview
            )
        except ProgressInvalid:
            abort(400)
        if (progress.wave, progress.location, progress.version) != (NO_WAVE, NO_WAVE, draft.id):
            abort(400)  # a family's form, or another draft's preview
        result = step(
            survey.questionnaire,
            survey.lists,
            progress.answers,
            screen_name,
            form.get("nav", ""),
            raw,
            form.get("edit"),
        )
        progress.answers = result.answers
        if result.submit:
            return render_thanks(survey, kiosk=False, preview=preview)
        return render_screen(survey, progress, result.screen, preview=preview), (
            422 if result.screen.error else 200
        )
