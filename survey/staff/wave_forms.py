"""Forms of the survey-wave pages. They check what was typed (a date is a date, a number a
number); what the dates and locations mean is checked by ``survey.services.wave_setup``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from survey.services.wave_setup import MAX_CODES
from survey.staff.forms import MultiCheckboxField

# The HTML date input sends 2026-12-24; a browser without one lets people type 24.12.2026.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def date_field(label, description=None) -> DateField:
    return DateField(
        label,
        format=DATE_FORMATS,
        validators=[InputRequired()],
        description=description,
        invalid_value_message=_l("Enter a date, e.g. 24.12.2026."),
    )


class WaveForm(FlaskForm):
    name = StringField(
        _l("Name of the wave"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Staff see it, families do not, e.g. “Spring 2027”."),
    )
    version = SelectField(
        _l("Questionnaire"),
        coerce=int,
        validate_choice=False,
        description=_l("A published version of your district's questionnaires."),
    )
    locations = MultiCheckboxField(
        _l("Locations"),
        coerce=int,
        validate_choice=False,
        description=_l("Each location gets its own link, QR code and poster."),
    )
    opens_on = date_field(_l("Families can answer from"))
    closes_on = date_field(_l("Families can answer until (this day included)"))
    codes_required = BooleanField(
        _l("Families need a one-time code"),
        description=_l(
            "You print codes on slips to hand out; each code lets one family answer once. "
            "Without codes, anyone with the link can answer."
        ),
    )


class WaveEditForm(FlaskForm):
    name = WaveForm.name
    version = SelectField(
        _l("Questionnaire"),
        coerce=int,
        validate_choice=False,
        description=_l("Can be changed only as long as no family has answered."),
    )
    locations = MultiCheckboxField(
        _l("Locations"),
        coerce=int,
        validate_choice=False,
        description=_l("A location that has answers or printed codes stays part of the wave."),
    )
    closes_on = date_field(_l("Families can answer until (this day included)"))


class ExtendForm(FlaskForm):
    closes_on = date_field(_l("New last day"), _l("Families can answer until this day, included."))


class CodesForm(FlaskForm):
    """One per location on the wave page (see :func:`codes_form`)."""

    count = IntegerField(
        _l("Number of codes"),
        default=10,
        validators=[InputRequired(), NumberRange(min=1, max=MAX_CODES)],
        description=_l("Between 1 and %(most)d; ten slips fit on a page.", most=MAX_CODES),
        render_kw={"min": 1, "max": MAX_CODES, "inputmode": "numeric"},
    )


def codes_form(location_id: int, **kwargs) -> CodesForm:
    """The form of one location: the same field names for every location (each form posts
    to its location's address), ids that differ, so that every label finds its field."""
    form = CodesForm(**kwargs)
    form.count.id = form.count.label.field_id = f"count-{location_id}"
    if hasattr(form, "csrf_token"):
        form.csrf_token.id = f"csrf_token-{location_id}"
    return form
