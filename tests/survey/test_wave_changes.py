"""Waves that can change, as staff change them over HTTP: closing early keeps the planned
last day, a running wave is renamed, given another last day and other locations (never
another questionnaire once families have answered), and its next round starts as a copy."""

from __future__ import annotations

import re

from sqlalchemy import select

from questionnaires.library import library_questionnaire
from survey.models import District, Wave
from survey.services.questionnaires import publish
from tests.survey.test_staff_waves import (  # noqa: F401 (fixtures)
    DAY,
    answer_once,
    berlin_today,
    create,
    field_error,
    neukoelln,
    staff,
    the_wave,
)


def edit_form(wave: Wave, **fields) -> dict:
    form = {
        "name": wave.name,
        "version": str(wave.questionnaire_version_id),
        "locations": [str(place.id) for place in wave.locations],
        "closes_on": wave.closes_on.isoformat(),
    }
    form.update(fields)
    return form


def test_closing_early_keeps_the_planned_last_day(staff, session, neukoelln):  # noqa: F811
    version, places = neukoelln
    create(staff, version, places[:1])
    wave = the_wave(session)
    planned = wave.closes_on
    page = f"/staff/waves/{wave.id}"
    assert staff.submit(f"{page}/close", form_page=page).status_code == 302
    wave = the_wave(session)
    assert wave.closes_on == berlin_today() - DAY and wave.planned_closes_on == planned
    staff.get(page)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", staff.html))
    assert f"closed early; it was planned until {planned.strftime('%b %-d, %Y')}" in text
    assert f'value="{planned.isoformat()}"' in staff.html, "opening again suggests the planned day"
    staff.get("/staff/waves")
    assert "planned until" in staff.html

    later = berlin_today() + 5 * DAY
    staff.submit(f"{page}/extend", {"closes_on": later.isoformat()}, form_page=page)
    wave = the_wave(session)
    assert wave.closes_on == later and wave.planned_closes_on is None


def test_a_running_wave_is_renamed_given_another_last_day_and_other_locations(
    app,
    staff,  # noqa: F811
    session,
    neukoelln,  # noqa: F811
):
    version, (rixdorf, gropiusstadt, britz) = neukoelln
    create(staff, version, [rixdorf])
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    staff.get(page)
    assert f"{page}/edit" in staff.html
    last = berlin_today() + 40 * DAY
    response = staff.submit(
        f"{page}/edit",
        edit_form(
            wave,
            name="Frühjahr 2027",
            closes_on=last.isoformat(),
            locations=[str(rixdorf.id), str(gropiusstadt.id)],
        ),
    )
    assert response.status_code == 302, staff.html
    wave = the_wave(session)
    assert (wave.name, wave.closes_on) == ("Frühjahr 2027", last)
    assert {place.id for place in wave.locations} == {rixdorf.id, gropiusstadt.id}
    assert staff.client.get(f"/s/{gropiusstadt.code}").status_code == 200, "the added location's link works"

    # an empty name, a location not one's own: refused next to the field, nothing changes
    assert staff.submit(f"{page}/edit", edit_form(wave, name=" ")).status_code == 422
    assert field_error(staff.html, "name")
    response = staff.submit(f"{page}/edit", edit_form(wave, locations=[str(rixdorf.id), str(britz.id)]))
    assert response.status_code == 422 and field_error(staff.html, "locations")
    assert the_wave(session).name == "Frühjahr 2027"

    # once a family has answered, the questionnaire stays and the location with answers too
    answer_once(app, rixdorf.code)
    district = session.scalar(select(District).filter_by(code="08"))
    other = publish(session, library_questionnaire("offer_feedback"), berlin_today(), district.id)
    session.commit()
    staff.get(f"{page}/edit")
    assert 'name="version"' not in staff.html and "the wave keeps this questionnaire" in staff.html
    response = staff.submit(
        f"{page}/edit", edit_form(the_wave(session), version=str(other.id), locations=[str(gropiusstadt.id)])
    )
    assert response.status_code == 422
    assert "“Familienzentrum Rixdorf” has answers or printed codes in this wave" in staff.html
    wave = the_wave(session)
    assert wave.questionnaire_version_id == version.id and {p.id for p in wave.locations} == {
        rixdorf.id,
        gropiusstadt.id,
    }
    response = staff.submit(f"{page}/edit", edit_form(wave, version=str(other.id)))
    assert response.status_code == 302 and the_wave(session).questionnaire_version_id == version.id


def test_the_next_round_starts_as_a_copy(staff, session, neukoelln):  # noqa: F811
    version, places = neukoelln
    create(staff, version, places[:2], codes_required="y", name="Elterncafé (3)")
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    staff.submit(f"{page}/close", form_page=page)
    wave = the_wave(session)
    staff.get(page)
    assert f"/staff/waves/new?from={wave.id}" in staff.html
    staff.get(f"/staff/waves/new?from={wave.id}")
    html = staff.html
    assert 'value="Elterncafé (4)"' in html
    assert all(re.search(rf'value="{p.id}"[^>]*checked|checked[^>]*value="{p.id}"', html) for p in places[:2])
    assert re.search(r'name="codes_required"[^>]*checked|checked[^>]*name="codes_required"', html)
    assert f'value="{berlin_today().isoformat()}"' in html
    planned_days = (wave.planned_closes_on - wave.opens_on).days
    assert f'value="{(berlin_today() + planned_days * DAY).isoformat()}"' in html, "as many days as planned"
    response = staff.submit(
        f"/staff/waves/new?from={wave.id}",
        {
            "name": "Elterncafé (4)",
            "version": str(version.id),
            "locations": [str(p.id) for p in places[:2]],
            "opens_on": berlin_today().isoformat(),
            "closes_on": (berlin_today() + 28 * DAY).isoformat(),
            "codes_required": "y",
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert [w.name for w in session.scalars(select(Wave).order_by(Wave.id))] == [
        "Elterncafé (3)",
        "Elterncafé (4)",
    ]
