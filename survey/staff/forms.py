"""Forms of the organisation pages: locations and accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from survey.services.passwords import MIN_LENGTH

LOCATION_KIND_LABELS = {
    "family_centre": _l("Family centre"),
    "kita": _l("Kita"),
    "district_mothers": _l("District mothers"),
    "other": _l("Other"),
}

ROLE_LABELS = {
    "staff": _l("Staff (own locations)"),
    "district_admin": _l("District administrator"),
    "admin": _l("Administrator (all districts)"),
}


def choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, so they work without JavaScript and are easy to tap."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("As families know it, e.g. “Familienzentrum Rixdorf”."),
    )
    kind = SelectField(_l("Kind"), choices=choices(LOCATION_KIND_LABELS.items()))
    region = SelectField(
        _l("District region"), coerce=int, description=_l("Reports group answers by district region.")
    )


class UserForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"))
    locations = MultiCheckboxField(_l("Locations (for staff)"), coerce=int)
    active = BooleanField(_l("Account is active"), default=True)
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(min=MIN_LENGTH, max=200)],
        description=_l(
            "At least %(count)d characters. Leave empty to keep the current one.", count=MIN_LENGTH
        ),
        render_kw={"autocomplete": "new-password"},
    )
