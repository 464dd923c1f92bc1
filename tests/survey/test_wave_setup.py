"""Setting up survey waves without a request: starting, opening, closing, extending,
one-time codes and the participation count."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from questionnaires.library import library_questionnaire
from survey.models import AccessCode, District, Location, Response, Wave
from survey.services import wave_setup
from survey.services.locations import CODE_ALPHABET
from survey.services.questionnaires import publish
from survey.services.wave_setup import (
    NewWave,
    WaveSetupError,
    batch_codes,
    batches,
    close_now,
    code_counts,
    create_wave,
    default_dates,
    extend,
    generate_codes,
    link_codes,
    open_now,
    participation,
    publishable_versions,
    status,
)
from survey.services.waves import find_family_link

TODAY = dt.date(2026, 11, 25)  # a Wednesday in ISO week 48
DAY = dt.timedelta(days=1)


def district(session, code="08") -> District:
    return session.scalar(select(District).filter_by(code=code))


@pytest.fixture
def neukoelln(session):
    """District 08 with a published questionnaire and three locations."""
    place = district(session)
    version = publish(session, library_questionnaire("family_needs"), TODAY, place.id)
    locations = [Location(code=f"W{n}BBBB", name=f"Familienzentrum {n}", district=place) for n in (1, 2, 3)]
    session.add_all(locations)
    session.commit()
    return place, version, locations


def new(version, locations, opens_on=TODAY, closes_on=TODAY + 28 * DAY, **kwargs) -> NewWave:
    return NewWave(
        name=kwargs.pop("name", "Herbst 2026"),
        questionnaire_version_id=version.id,
        location_ids=tuple(location.id for location in locations),
        opens_on=opens_on,
        closes_on=closes_on,
        **kwargs,
    )


def start(session, neukoelln, locations=None, **kwargs) -> Wave:
    place, version, all_locations = neukoelln
    chosen = all_locations[:2] if locations is None else locations
    wave = create_wave(
        session,
        place.id,
        new(version, chosen, **kwargs),
        allowed_location_ids=[location.id for location in all_locations],
        today=TODAY,
    )
    session.commit()  # the request boundary's commit
    return wave


def wave_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Wave))


def problems_of(error: pytest.ExceptionInfo) -> set[tuple[str | None, str]]:
    return {(problem.field, problem.reason) for problem in error.value.problems}


def test_defaults_are_today_and_four_weeks(session):
    assert default_dates(TODAY) == (TODAY, dt.date(2026, 12, 23))


def test_a_wave_is_started_at_chosen_locations(session, neukoelln):
    place, version, locations = neukoelln
    wave = start(session, neukoelln, codes_required=True, name="  Herbst 2026 ")
    session.expire_all()
    stored = session.get(Wave, wave.id)
    assert (stored.name, stored.district_id, stored.questionnaire_version_id) == (
        "Herbst 2026",
        place.id,
        version.id,
    )
    assert {location.id for location in stored.locations} == {locations[0].id, locations[1].id}
    assert (stored.opens_on, stored.closes_on, stored.codes_required) == (TODAY, TODAY + 28 * DAY, True)
    assert status(stored, TODAY) == "open"


def test_only_the_districts_published_versions_can_be_chosen(session, neukoelln):
    place, version, _locations = neukoelln
    mitte = district(session, "01")
    other = publish(session, library_questionnaire("offer_feedback"), TODAY, mitte.id)
    assert publishable_versions(session, place.id) == [version]
    with pytest.raises(WaveSetupError) as error:
        create_wave(
            session,
            place.id,
            NewWave("X", other.id, (neukoelln[2][0].id,), TODAY, TODAY),
            allowed_location_ids=[neukoelln[2][0].id],
            today=TODAY,
        )
    assert problems_of(error) == {("version", "unknown_version")}
    assert wave_count(session) == 0


def test_a_location_that_is_not_allowed_is_refused_and_nothing_stored(session, neukoelln):
    place, version, locations = neukoelln
    with pytest.raises(WaveSetupError) as error:
        create_wave(
            session,
            place.id,
            new(version, locations[:2]),
            allowed_location_ids=[locations[0].id],
            today=TODAY,
        )
    assert problems_of(error) == {("locations", "foreign_location")}
    assert wave_count(session) == 0


def test_a_location_of_another_district_is_refused(session, neukoelln):
    place, version, locations = neukoelln
    elsewhere = Location(code="W9MITTE", name="Mitte", district=district(session, "01"))
    session.add(elsewhere)
    session.commit()
    with pytest.raises(WaveSetupError) as error:
        create_wave(
            session, place.id, new(version, [elsewhere]), allowed_location_ids=[elsewhere.id], today=TODAY
        )
    assert problems_of(error) == {("locations", "foreign_location")}
    assert wave_count(session) == 0


def test_every_problem_is_named_at_once(session, neukoelln):
    with pytest.raises(WaveSetupError) as error:
        start(session, neukoelln, locations=[], name=" ", opens_on=TODAY - DAY, closes_on=TODAY - 2 * DAY)
    assert problems_of(error) == {
        ("name", "no_name"),
        ("locations", "no_location"),
        ("opens_on", "opens_in_past"),
        ("closes_on", "closes_in_past"),
    }
    with pytest.raises(WaveSetupError) as error:
        start(session, neukoelln, opens_on=TODAY + 5 * DAY, closes_on=TODAY + 4 * DAY)
    assert problems_of(error) == {("closes_on", "closes_before_opens")}
    assert wave_count(session) == 0


def test_a_one_day_wave_is_fine(session, neukoelln):
    wave = start(session, neukoelln, opens_on=TODAY, closes_on=TODAY)
    assert wave.is_open(TODAY) and not wave.is_open(TODAY + DAY)


def test_a_location_in_two_waves_at_once_gives_the_second_a_link_of_its_own(session, neukoelln):
    first = start(session, neukoelln, closes_on=TODAY + 10 * DAY)
    _place, _version, locations = neukoelln
    second = start(session, neukoelln, locations=locations[1:], opens_on=TODAY, name="Elterncafé")
    codes = link_codes(session, second)
    assert codes[locations[1].id] != locations[1].code and len(codes[locations[1].id]) == 7
    assert codes[locations[2].id] == locations[2].code, "a location in no other wave keeps its own link"
    assert link_codes(session, first) == {place.id: place.code for place in locations[:2]}

    # the location's link leads to the first wave, the second wave's own link to the second
    assert find_family_link(session, locations[1].code, TODAY).open_wave(TODAY).id == first.id
    own = find_family_link(session, codes[locations[1].id], TODAY)
    assert own.place.id == locations[1].id and own.place.code == codes[locations[1].id]
    assert [wave.id for wave in own.waves] == [second.id]

    following = start(session, neukoelln, locations=locations[1:], opens_on=TODAY + 11 * DAY, name="Next")
    assert link_codes(session, following)[locations[1].id] == locations[1].code
    with pytest.raises(WaveSetupError) as error:  # extending the first into the next on the same link
        extend(session, first, TODAY + 11 * DAY, TODAY)
    assert problems_of(error) == {("closes_on", "overlap")}
    session.rollback()


def test_close_now_stops_answers_from_today_on(session, neukoelln):
    wave = start(session, neukoelln, opens_on=TODAY, closes_on=TODAY + 28 * DAY)
    later = TODAY + 3 * DAY
    close_now(session, wave, later)
    session.expire_all()
    assert (wave.opens_on, wave.closes_on) == (TODAY, later - DAY)
    assert status(wave, later) == "ended" and not wave.is_open(later)
    code = neukoelln[2][0].code
    assert find_family_link(session, code, later).open_wave(later) is None


def test_close_now_on_the_first_day_moves_both_dates_to_yesterday(session, neukoelln):
    """The database keeps opens_on <= closes_on: a wave opened today ends yesterday, and
    so it must have opened yesterday too (no family could answer on that day)."""
    wave = start(session, neukoelln, opens_on=TODAY)
    close_now(session, wave, TODAY)
    session.expire_all()
    assert (wave.opens_on, wave.closes_on) == (TODAY - DAY, TODAY - DAY)
    assert not wave.is_open(TODAY)
    with pytest.raises(WaveSetupError) as error:
        close_now(session, wave, TODAY)
    assert problems_of(error) == {(None, "already_closed")}


def test_a_wave_that_has_not_opened_yet_can_be_closed_or_opened_now(session, neukoelln):
    wave = start(session, neukoelln, opens_on=TODAY + 7 * DAY)
    assert status(wave, TODAY) == "upcoming"
    open_now(session, wave, TODAY)
    assert (wave.opens_on, status(wave, TODAY)) == (TODAY, "open")
    with pytest.raises(WaveSetupError) as error:
        open_now(session, wave, TODAY)
    assert problems_of(error) == {(None, "already_open")}
    session.rollback()
    planned = start(session, neukoelln, locations=neukoelln[2][2:], opens_on=TODAY + 7 * DAY, name="Later")
    close_now(session, planned, TODAY)
    assert (planned.opens_on, planned.closes_on) == (TODAY - DAY, TODAY - DAY)
    with pytest.raises(WaveSetupError) as error:
        open_now(session, planned, TODAY)
    assert problems_of(error) == {(None, "ended")}


def test_extend_gives_a_new_last_day_and_opens_an_ended_wave_again(session, neukoelln):
    wave = start(session, neukoelln)
    close_now(session, wave, TODAY)
    extend(session, wave, TODAY + 14 * DAY, TODAY)
    session.expire_all()
    assert wave.closes_on == TODAY + 14 * DAY and wave.is_open(TODAY)
    extend(session, wave, TODAY + 2 * DAY, TODAY)  # earlier is fine while it is not past
    session.commit()
    assert wave.closes_on == TODAY + 2 * DAY
    session.commit()
    for closes_on, reason in ((TODAY - DAY, "closes_in_past"),):
        with pytest.raises(WaveSetupError) as error:
            extend(session, wave, closes_on, TODAY)
        assert problems_of(error) == {("closes_on", reason)}
    upcoming = start(session, neukoelln, locations=neukoelln[2][2:], opens_on=TODAY + 9 * DAY, name="Later")
    with pytest.raises(WaveSetupError) as error:
        extend(session, upcoming, TODAY + 8 * DAY, TODAY)
    assert problems_of(error) == {("closes_on", "closes_before_opens")}
    session.rollback()
    assert session.get(Wave, wave.id).closes_on == TODAY + 2 * DAY


# One-time codes ----------------------------------------------------------------------


def test_codes_are_made_in_batches_unique_within_the_wave(session, neukoelln):
    wave = start(session, neukoelln, codes_required=True)
    first, second = wave.locations[0].id, wave.locations[1].id
    assert generate_codes(session, wave, first, 12) == 1
    assert generate_codes(session, wave, second, 3) == 2
    assert generate_codes(session, wave, first, 500) == 3
    codes = session.scalars(select(AccessCode.code).filter_by(wave_id=wave.id)).all()
    assert len(codes) == len(set(codes)) == 515
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert batches(session, wave.id) == [
        wave_setup.Batch(first, 1, 12),
        wave_setup.Batch(second, 2, 3),
        wave_setup.Batch(first, 3, 500),
    ]
    assert (
        batch_codes(session, wave.id, second, 2)
        == session.scalars(select(AccessCode.code).filter_by(batch=2).order_by(AccessCode.id)).all()
    )
    assert batch_codes(session, wave.id, first, 2) == []  # batch 2 is the other location's


def test_a_code_drawn_twice_is_drawn_again(session, neukoelln, monkeypatch):
    wave = start(session, neukoelln, codes_required=True)
    location = wave.locations[0].id
    drawn = iter(["AAAAAAAA", "AAAAAAAA", "CCCCCCCC", "AAAAAAAA", "CCCCCCCC", "DDDDDDDD"])
    monkeypatch.setattr(wave_setup, "random_code", lambda length: next(drawn))
    generate_codes(session, wave, location, 2)
    generate_codes(session, wave, location, 1)
    assert sorted(session.scalars(select(AccessCode.code))) == ["AAAAAAAA", "CCCCCCCC", "DDDDDDDD"]


@pytest.mark.parametrize("count", [0, -1, 501])
def test_between_1_and_500_codes_at_a_time(session, neukoelln, count):
    wave = start(session, neukoelln, codes_required=True)
    with pytest.raises(WaveSetupError) as error:
        generate_codes(session, wave, wave.locations[0].id, count)
    assert problems_of(error) == {("count", "count")}
    assert session.scalar(select(func.count()).select_from(AccessCode)) == 0


def test_codes_only_for_a_location_of_a_wave_that_needs_them(session, neukoelln):
    wave = start(session, neukoelln, codes_required=False)
    with pytest.raises(WaveSetupError) as error:
        generate_codes(session, wave, neukoelln[2][2].id, 5)
    assert problems_of(error) == {(None, "codes_not_required"), (None, "not_in_wave")}
    assert session.scalar(select(func.count()).select_from(AccessCode)) == 0


def test_code_counts_say_how_many_were_made_and_used_and_a_sheet_keeps_used_codes(session, neukoelln):
    wave = start(session, neukoelln, codes_required=True)
    first = wave.locations[0].id
    generate_codes(session, wave, first, 4)
    codes = batch_codes(session, wave.id, first, 1)
    session.scalar(select(AccessCode).filter_by(code=codes[2])).used = True
    session.commit()
    assert code_counts(session, wave.id) == {first: wave_setup.CodeCounts(made=4, used=1)}
    assert batch_codes(session, wave.id, first, 1) == codes  # printed again: the same sheet


# Participation ---------------------------------------------------------------------


def answered(session, wave, location, day, assisted=False, times=1):
    for _ in range(times):
        session.add(
            Response(
                wave_id=wave.id,
                location_id=location.id,
                language="de",
                questionnaire_version_id=wave.questionnaire_version_id,
                submitted_on=day,
                assisted=assisted,
            )
        )
    session.commit()


def test_participation_tells_whether_a_location_reached_k_and_the_rest_in_steps_of_k(session, neukoelln):
    wave = start(session, neukoelln, opens_on=TODAY, closes_on=TODAY + 28 * DAY)
    first, second = sorted(wave.locations, key=lambda location: location.name)
    answered(session, wave, first, TODAY, times=4)
    answered(session, wave, second, TODAY + 5 * DAY, times=3, assisted=True)
    counted = participation(session, wave, [first.id, second.id], 5)
    assert counted.reached == {first.id: False, second.id: False} and counted.at_least == 5  # 7 in all
    answered(session, wave, first, TODAY + 6 * DAY)
    counted = participation(session, wave, [first.id, second.id], 5)
    assert counted.reached == {first.id: True, second.id: False} and counted.at_least == 5  # 8
    assert not hasattr(counted, "per_week") and not hasattr(counted, "assisted")  # no time, no flag
    with_k_3 = participation(session, wave, [first.id, second.id], 3)
    assert with_k_3.reached == {first.id: True, second.id: True} and with_k_3.at_least == 6


def test_participation_shows_only_the_locations_asked_for(session, neukoelln):
    wave = start(session, neukoelln, opens_on=TODAY, closes_on=TODAY + 28 * DAY)
    first, second = sorted(wave.locations, key=lambda location: location.name)
    answered(session, wave, second, TODAY, times=6)
    counted = participation(session, wave, [first.id], 5)
    assert counted.reached == {first.id: False} and counted.at_least == 0


def test_an_answer_given_before_closing_on_the_same_day_still_counts(session, neukoelln):
    wave = start(session, neukoelln, opens_on=TODAY)
    answered(session, wave, wave.locations[0], TODAY, times=5)
    close_now(session, wave, TODAY)
    counted = participation(session, wave, [wave.locations[0].id], 5)
    assert counted.at_least == 5 and counted.reached[wave.locations[0].id]
