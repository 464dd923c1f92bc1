"""One-time codes on printed slips: a code lets exactly one response in, is asked for
when missing, and the server keeps only that it was used."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, select

from survey.models import AccessCode, Response
from tests.survey.family import Family


def codes_wave(make_wave, session, *codes: str):
    wave = make_wave("offer_feedback")
    wave.codes_required = True
    location = wave.locations[0]
    session.add_all(AccessCode(wave_id=wave.id, location_id=location.id, code=c, batch=1) for c in codes)
    session.commit()
    return wave, location


def walk_to_review(family: Family) -> Family:
    """Rate the offer, skip the rest, stop at the review page."""
    family.start().answer("helpful")
    while family.screen != "review":
        family.skip()
    return family


def test_a_wave_with_codes_asks_for_the_code_first(client, session, make_wave):
    _wave, location = codes_wave(make_wave, session, "ACDE3467")
    page = client.get(f"/s/{location.code}/de")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="access"' in html and 'id="access-hint"' in html
    assert 'name="progress"' not in html  # no questionnaire before the code


def test_the_slip_link_leads_through_the_language_page_to_the_questions(client, session, make_wave):
    _wave, location = codes_wave(make_wave, session, "ACDE3467")
    language_page = client.get(f"/s/{location.code}?access=ACDE3467").get_data(as_text=True)
    assert 'name="access" value="ACDE3467"' in language_page
    start = client.get(f"/s/{location.code}/start?lang=ar&access=ACDE3467")
    assert start.status_code == 302 and "access=ACDE3467" in start.location
    page = client.get(start.location)
    assert page.status_code == 200 and 'name="progress"' in page.get_data(as_text=True)


def test_a_wrong_code_is_refused_in_the_familys_language_and_kept_in_the_field(client, session, make_wave):
    _wave, location = codes_wave(make_wave, session, "ACDE3467")
    page = client.get(f"/s/{location.code}/tr?access=xyz99")
    html = page.get_data(as_text=True)
    assert page.status_code == 403
    assert 'lang="tr"' in html and 'value="xyz99"' in html and 'aria-invalid="true"' in html


def test_a_code_lets_in_one_response_only(client, session, make_wave):
    wave, location = codes_wave(make_wave, session, "ACDE3467")
    first = Family(client, location.code, "de", query="?access=acde-3467")
    walk_to_review(first).submit()
    assert first.status == 200 and "Danke" in first.html
    assert session.scalar(select(AccessCode.used).filter_by(code="ACDE3467")) is True
    # the same slip again: the start page asks for a code, the used one is refused
    again = client.get(f"/s/{location.code}/de?access=ACDE3467")
    assert again.status_code == 403
    assert session.query(Response).filter_by(wave_id=wave.id).count() == 1


@pytest.mark.committing  # several threads, each with its own connection
def test_two_families_racing_with_one_code_store_one_response(app, session, make_wave):
    """Both got past the start page with the same code; only one response is stored,
    the other family is told the code was used."""
    wave, location = codes_wave(make_wave, session, "ACDE3467")
    families = [Family(app.test_client(), location.code, "de", query="?access=ACDE3467") for _ in range(2)]
    for family in families:
        walk_to_review(family)
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda f=f: statuses.append(f.submit().status)) for f in families]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 403]
    assert session.query(Response).filter_by(wave_id=wave.id).count() == 1


def test_the_code_row_knows_nothing_about_the_response():
    columns = {c.name for c in inspect(AccessCode).columns}
    assert columns == {"id", "wave_id", "location_id", "code", "batch", "used"}
