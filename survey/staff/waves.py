"""Survey waves: start one, open, close, extend; links, posters, codes, and the count.

Waves are loaded only through ``wave_or_404`` and locations through ``location_or_404``
plus a check that the location is one of the wave's, so nothing of another district, or
(for staff) of someone else's location, is ever found. The pages show only the wave's
locations the account works with."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from survey.auth.access import (
    acting_district_id,
    location_or_404,
    managers_only,
    visible_locations,
    visible_waves,
    wave_or_404,
)
from survey.dates import today
from survey.extensions import db
from survey.i18n import endonym
from survey.models import Location, QuestionnaireVersion, Wave
from survey.respond.assisted import assisted_link
from survey.respond.context import offered_languages
from survey.services.activity import record
from survey.services.questionnaires import questionnaire_of
from survey.services.retention import RetentionError, set_wave_retention
from survey.services.wave_setup import (
    NewWave,
    Problem,
    WaveChange,
    WaveSetupError,
    answer_steps,
    answers_per_location,
    batch_codes,
    batches,
    change_wave,
    close_now,
    code_counts,
    create_wave,
    default_dates,
    extend,
    generate_codes,
    link_codes,
    next_round,
    open_now,
    participation,
    publishable_versions,
    status,
)
from survey.staff import blueprint
from survey.staff.forms import choices
from survey.staff.wave_forms import CodesForm, ExtendForm, WaveEditForm, WaveForm, codes_form


def _dates(details: dict) -> dict:
    return {
        **details,
        "opens_on": format_date(details["opens_on"]),
        "closes_on": format_date(details["closes_on"]),
    }


PROBLEMS: dict[str, Callable[[dict], str]] = {
    "no_name": lambda d: _("Give the wave a name."),
    "unknown_version": lambda d: _("Choose a published questionnaire of your district."),
    "no_location": lambda d: _("Choose at least one location."),
    "foreign_location": lambda d: _("Only your own locations can be chosen."),
    "opens_in_past": lambda d: _("The first day cannot lie in the past."),
    "closes_in_past": lambda d: _("The last day cannot lie in the past."),
    "closes_before_opens": lambda d: _("The last day cannot be before the first day."),
    "overlap": lambda d: _(
        "“%(location)s” has the wave “%(wave)s” on some of these days (%(opens_on)s – "
        "%(closes_on)s). A family link leads to one wave at a time: choose other days, "
        "or close that wave first.",
        **_dates(d),
    ),
    "already_open": lambda d: _("The wave is open already."),
    "ended": lambda d: _("The wave has ended. To open it again, give it a new last day."),
    "already_closed": lambda d: _("The wave is closed already."),
    "answers_deleted": lambda d: _(
        "The raw answers of this wave were deleted after its retention period: it cannot open again. "
        "Start the next round as a copy."
    ),
    "codes_not_required": lambda d: _("Families of this wave need no code."),
    "not_in_wave": lambda d: _("This location is not part of the wave."),
    "count": lambda d: _("Between 1 and %(most)d codes at a time.", **d),
    "version_locked": lambda d: _(
        "Families have answered this questionnaire already: the wave keeps it. Start a new wave for another."
    ),
    "location_in_use": lambda d: _(
        "“%(location)s” has answers or printed codes in this wave, so it stays part of it.", **d
    ),
}

EXTEND_BY = dt.timedelta(days=14)  # what the "new last day" field suggests

STATUS_LABELS = {
    "open": lambda: _("open"),
    "upcoming": lambda: _("not open yet"),
    "ended": lambda: _("ended"),
}


def _message(problem: Problem) -> str:
    return PROBLEMS[problem.reason](problem.details)


def _show_problems(form, error: WaveSetupError) -> None:
    """Each problem next to its field; those of the whole request above the form."""
    db.session.rollback()
    for problem in error.problems:
        field = getattr(form, problem.field, None) if form is not None and problem.field else None
        if field is not None:
            field.errors = [*field.errors, _message(problem)]
        elif form is not None:
            form.form_errors.append(_message(problem))


def version_label(version: QuestionnaireVersion) -> str:
    return _(
        "%(title)s – version %(number)d, published %(date)s",
        title=version.title,
        number=version.number,
        date=format_date(version.published_on),
    )


# The list and a new wave ---------------------------------------------------------------


@blueprint.get("/waves")
def waves() -> str:
    found = db.session.scalars(visible_waves()).all()
    return render_template(
        "staff/waves.html", waves=found, today=today(), status=status, status_labels=STATUS_LABELS
    )


@blueprint.route("/waves/new", methods=["GET", "POST"])
def new_wave() -> str | Response | tuple[str, int]:
    district_id = acting_district_id()
    versions = publishable_versions(db.session, district_id)
    places = db.session.scalars(visible_locations()).all()
    form = WaveForm()
    form.version.choices = choices((version.id, version_label(version)) for version in versions)
    form.locations.choices = choices((place.id, place.name) for place in places)
    earlier = _earlier_wave()
    if not form.is_submitted() and earlier is not None:
        suggested = next_round(earlier, today())
        form.name.data = suggested.name
        form.version.data = suggested.questionnaire_version_id
        form.locations.data = [i for i in suggested.location_ids if i in {p.id for p in places}]
        form.opens_on.data, form.closes_on.data = suggested.opens_on, suggested.closes_on
        form.codes_required.data = suggested.codes_required
    elif not form.is_submitted():
        form.opens_on.data, form.closes_on.data = default_dates(today())
        if versions:
            form.version.data = versions[0].id
        if len(places) == 1:
            form.locations.data = [places[0].id]
    if form.validate_on_submit():
        new = NewWave(
            name=form.name.data or "",
            questionnaire_version_id=form.version.data,
            location_ids=tuple(form.locations.data or ()),
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            codes_required=bool(form.codes_required.data),
        )
        try:
            wave = create_wave(
                db.session, district_id, new, allowed_location_ids=[p.id for p in places], today=today()
            )
        except WaveSetupError as error:
            _show_problems(form, error)
        else:
            record(db.session, "wave_created", user=current_user, wave=wave)
            flash(
                _("The wave “%(name)s” is set up. Below are its links, QR codes and posters.", name=wave.name)
            )
            return redirect(url_for(".wave", wave_id=wave.id))
    return render_template(
        "staff/wave_new.html", form=form, versions=versions, locations=places, earlier=earlier
    ), (422 if form.errors else 200)


def _earlier_wave() -> Wave | None:
    """The wave whose next round is being started (``?from=``), if it is one of the district's."""
    from flask import request

    wanted = request.args.get("from", type=int)
    return wave_or_404(wanted) if wanted is not None else None


# One wave ---------------------------------------------------------------------------


@blueprint.get("/waves/<int:wave_id>")
def wave(wave_id: int) -> str | tuple[str, int]:
    return _wave_page(wave_or_404(wave_id))


def _visible_location_ids() -> set[int]:
    return {location.id for location in db.session.scalars(visible_locations())}


def _may_change(wave: Wave, visible: set[int]) -> bool:
    """Opening, closing and extending change the wave at all its locations: district
    administrators may, and staff when every location of the wave is one of theirs."""
    return current_user.runs_district or {location.id for location in wave.locations} <= visible


def _changeable_wave(wave_id: int) -> Wave:
    wave = wave_or_404(wave_id)
    if not _may_change(wave, _visible_location_ids()):
        abort(403)
    return wave


def _location_of(wave: Wave, location_id: int) -> Location:
    location = location_or_404(location_id)
    if location.id not in {place.id for place in wave.locations}:
        abort(404)
    return location


def link_code(wave: Wave, location: Location) -> str:
    """The code of the link that leads families to the wave at the location: the
    location's own, or the wave's own there when the location is in several waves at once."""
    return link_codes(db.session, wave).get(location.id, location.code)


def family_url(wave: Wave, location: Location, **args: str) -> str:
    return url_for("respond.choose_language", code=link_code(wave, location), _external=True, **args)


def _wave_page(
    wave: Wave,
    *,
    extend_form: ExtendForm | None = None,
    codes_forms: dict[int, CodesForm] | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> str | tuple[str, int]:
    day = today()
    visible = _visible_location_ids()
    places = sorted((place for place in wave.locations if place.id in visible), key=lambda p: p.name)
    state = status(wave, day)
    if extend_form is None:
        planned = wave.planned_closes_on if wave.planned_closes_on and wave.planned_closes_on >= day else None
        extend_form = ExtendForm(formdata=None, closes_on=planned or max(wave.closes_on, day) + EXTEND_BY)
    forms = {place.id: codes_form(place.id, formdata=None) for place in places}
    forms.update(codes_forms or {})
    k = current_app.config["REPORT_K"]
    codes = link_codes(db.session, wave)
    counted = participation(db.session, wave, [place.id for place in places], k)
    arrived = answer_steps(db.session, wave, [place.id for place in places], k)
    grouped = defaultdict(list)
    for batch in batches(db.session, wave.id):
        grouped[batch.location_id].append(batch)
    page = render_template(
        "staff/wave.html",
        wave=wave,
        state=state,
        status_label=STATUS_LABELS[state](),
        version=version_label(wave.questionnaire_version),
        locations=places,
        links={place.id: family_url(wave, place) for place in places},
        own_links={place.id for place in places if codes.get(place.id, place.code) != place.code},
        assisted={place.id: assisted_link(codes.get(place.id, place.code)) for place in places}
        if state == "open"
        else {},
        may_change=_may_change(wave, visible),
        extend_form=extend_form,
        codes_forms=forms,
        code_counts=code_counts(db.session, wave.id) if wave.codes_required else {},
        languages=wave_languages(wave),
        endonym=endonym,
        batches=grouped,
        participation=counted,
        steps=arrived,
        weeks=_weeks(arrived),
        problems=[_message(problem) for problem in problems or []],
        today=day,
    )
    return page, status_code


def _weeks(steps: list) -> list[tuple[dt.date, int, list]]:
    """The steps grouped by the week (its Monday) they fell in: (Monday, at least, steps)."""
    weeks: dict[dt.date, list] = defaultdict(list)
    for step in steps:
        weeks[step.day - dt.timedelta(days=step.day.weekday())].append(step)
    return [(monday, found[-1].at_least, found) for monday, found in sorted(weeks.items())]


@blueprint.route("/waves/<int:wave_id>/edit", methods=["GET", "POST"])
def edit_wave(wave_id: int) -> str | Response | tuple[str, int]:
    """Change a wave while it runs: its name, last day, locations, and its questionnaire
    version as long as nobody has answered."""
    wave = _changeable_wave(wave_id)
    district_id = acting_district_id()
    places = db.session.scalars(visible_locations()).all()
    offered = sorted({*places, *wave.locations}, key=lambda place: place.name)
    answered = bool(answers_per_location(db.session, wave))
    versions = publishable_versions(db.session, district_id)
    if wave.questionnaire_version not in versions:
        versions.append(wave.questionnaire_version)
    form = WaveEditForm()
    form.version.choices = choices((version.id, version_label(version)) for version in versions)
    form.locations.choices = choices((place.id, place.name) for place in offered)
    if not form.is_submitted():
        form.name.data = wave.name
        form.version.data = wave.questionnaire_version_id
        form.locations.data = [place.id for place in wave.locations]
        form.closes_on.data = wave.closes_on
    if form.validate_on_submit():
        change = WaveChange(
            name=form.name.data or "",
            closes_on=form.closes_on.data,
            location_ids=tuple(form.locations.data or ()),
            questionnaire_version_id=None if answered else form.version.data,
        )
        try:
            change_wave(db.session, wave, change, allowed_location_ids=[p.id for p in places], today=today())
        except WaveSetupError as error:
            _show_problems(form, error)
        else:
            record(db.session, "wave_changed", user=current_user, wave=wave)
            flash(_("The wave is changed."))
            return redirect(url_for(".wave", wave_id=wave.id))
    return render_template("staff/wave_edit.html", wave=wave, form=form, answered=answered), (
        422 if form.errors or form.form_errors else 200
    )


@blueprint.post("/waves/<int:wave_id>/open")
def open_wave(wave_id: int) -> str | Response | tuple[str, int]:
    return _change_now(
        wave_id, open_now, lambda: _("The wave is open: families can answer from today on."), "wave_opened"
    )


@blueprint.post("/waves/<int:wave_id>/close")
def close_wave(wave_id: int) -> str | Response | tuple[str, int]:
    return _change_now(
        wave_id,
        close_now,
        lambda: _(
            "The wave is closed: families can no longer answer. To open it again, give it a new last day."
        ),
        "wave_closed",
    )


def _change_now(
    wave_id: int, change: Callable, done: Callable[[], str], action: str
) -> str | Response | tuple[str, int]:
    """Open or close a wave from today on; a refusal shows the wave page with the reason."""
    wave = _changeable_wave(wave_id)
    try:
        change(db.session, wave, today())
    except WaveSetupError as error:
        db.session.rollback()
        return _wave_page(wave, problems=error.problems, status_code=422)
    record(db.session, action, user=current_user, wave=wave)
    flash(done())
    return redirect(url_for(".wave", wave_id=wave.id))


@blueprint.post("/waves/<int:wave_id>/extend")
def extend_wave(wave_id: int) -> str | Response | tuple[str, int]:
    wave = _changeable_wave(wave_id)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            extend(db.session, wave, form.closes_on.data, today())
        except WaveSetupError as error:
            _show_problems(form, error)
        else:
            record(db.session, "wave_extended", user=current_user, wave=wave)
            flash(_("Families can answer until %(date)s.", date=format_date(wave.closes_on)))
            return redirect(url_for(".wave", wave_id=wave.id))
    return _wave_page(wave, extend_form=form, status_code=422)


@blueprint.post("/waves/<int:wave_id>/retention")
@managers_only
def wave_retention(wave_id: int) -> Response:
    """How many days after its last day the wave's raw answers are kept (empty: the
    district's default)."""
    wave = wave_or_404(wave_id)
    raw = (request.form.get("days") or "").strip()
    try:
        set_wave_retention(db.session, wave, int(raw) if raw else None)
    except (ValueError, RetentionError):
        db.session.rollback()
        flash(_("Enter a number of days from 0 to 3650, or leave the field empty."))
    else:
        record(
            db.session, "wave_changed", user=current_user, wave=wave, detail=f"retention {raw or 'default'}"
        )
        flash(_("Saved."))
    return redirect(url_for(".wave", wave_id=wave.id, _anchor="retention-heading"), 303)


# Per location: QR codes, poster, one-time codes ------------------------------------------


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@blueprint.get("/waves/<int:wave_id>/locations/<int:location_id>/qr.<any(svg, png):fmt>")
def wave_qr(wave_id: int, location_id: int, fmt: str) -> Response:
    from survey.printing import qr_png, qr_svg  # printing loads reportlab: only when asked

    wave = wave_or_404(wave_id)
    location = _location_of(wave, location_id)
    url, code = family_url(wave, location), link_code(wave, location)
    if fmt == "svg":
        return _download(qr_svg(url), "image/svg+xml", f"qr-{code}.svg")
    return _download(qr_png(url), "image/png", f"qr-{code}.png")


def wave_languages(wave: Wave) -> list[str]:
    """The languages families of the wave can choose: those its questionnaire is complete
    in and the app speaks, the questionnaire's own language first."""
    return offered_languages(questionnaire_of(wave.questionnaire_version))


@blueprint.get("/waves/<int:wave_id>/locations/<int:location_id>/poster.pdf")
def wave_poster(wave_id: int, location_id: int) -> Response:
    from survey.printing import invitations, poster_pdf

    wave = wave_or_404(wave_id)
    location = _location_of(wave, location_id)
    from questionnaires.timing import estimated_minutes

    minutes = estimated_minutes(questionnaire_of(wave.questionnaire_version))
    texts = invitations(
        wave_languages(wave), closes_on=wave.closes_on, codes_required=wave.codes_required, minutes=minutes
    )
    pdf = poster_pdf(location.name, family_url(wave, location), texts)
    return _download(pdf, "application/pdf", f"plakat-{link_code(wave, location)}.pdf")


@blueprint.post("/waves/<int:wave_id>/locations/<int:location_id>/codes")
def wave_codes(wave_id: int, location_id: int) -> str | Response | tuple[str, int]:
    wave = wave_or_404(wave_id)
    location = _location_of(wave, location_id)
    form = codes_form(location.id)
    if form.validate_on_submit():
        try:
            batch = generate_codes(db.session, wave, location.id, form.count.data)
        except WaveSetupError as error:
            _show_problems(form, error)
        else:
            flash(
                _(
                    "%(count)d codes for %(place)s are ready as batch %(batch)d: download the sheet below, "
                    "print it and cut out the slips.",
                    count=form.count.data,
                    place=location.name,
                    batch=batch,
                )
            )
            return redirect(url_for(".wave", wave_id=wave.id, _anchor=f"location-{location.id}"))
    return _wave_page(wave, codes_forms={location.id: form}, status_code=422)


@blueprint.get("/waves/<int:wave_id>/locations/<int:location_id>/codes/<int:batch>.pdf")
@blueprint.get("/waves/<int:wave_id>/locations/<int:location_id>/codes/<int:batch>-<language>.pdf")
def wave_code_sheet(wave_id: int, location_id: int, batch: int, language: str = "") -> Response:
    """The slips of a batch with the invitation in one of the wave's languages (by default
    the questionnaire's own)."""
    from survey.printing import code_sheet_pdf, invitations

    wave = wave_or_404(wave_id)
    location = _location_of(wave, location_id)
    languages = wave_languages(wave)
    if language and language not in languages:
        abort(404)
    codes = batch_codes(db.session, wave.id, location.id, batch)
    if not codes or not languages:
        abort(404)
    slips = [(code, family_url(wave, location, access=code)) for code in codes]
    title = _("%(wave)s · %(place)s · batch %(batch)d", wave=wave.name, place=location.name, batch=batch)
    [invitation] = invitations([language or languages[0]], closes_on=wave.closes_on)
    suffix = f"-{language}" if language else ""
    return _download(
        code_sheet_pdf(title, slips, invitation),
        "application/pdf",
        f"codes-{link_code(wave, location)}-{batch}{suffix}.pdf",
    )
