"""The survey-wave pages as staff use them, over HTTP with the real CSRF token: start a
wave, print its posters and codes, close and extend it, and watch the answers come in."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from questionnaires.library import library_questionnaire
from survey.models import AccessCode, District, Location, Response, Wave
from survey.services.questionnaires import publish
from tests.survey.family import Family
from tests.survey.staff import Staff

DAY = dt.timedelta(days=1)


def berlin_today() -> dt.date:
    """Today where the survey runs: what the app takes as today (not the machine's date)."""
    return dt.datetime.now(ZoneInfo("Europe/Berlin")).date()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@pytest.fixture
def neukoelln(session):
    """District 08 with a published questionnaire and three family centres."""
    district = session.scalar(select(District).filter_by(code="08"))
    version = publish(session, library_questionnaire("family_needs"), berlin_today(), district.id)
    places = [
        Location(
            code=f"H{n}WAVE", name=f"Familienzentrum {name}", district=district, region=district.regions[0]
        )
        for n, name in ((1, "Rixdorf"), (2, "Gropiusstadt"), (3, "Britz"))
    ]
    session.add_all(places)
    session.commit()
    return version, places


@pytest.fixture
def staff(client, make_user, neukoelln):
    """A staff member of the first two family centres, logged in, reading English pages."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = make_user("staff", locations=neukoelln[1][:2])
    person = Staff(client)
    assert person.login(user.email).status_code == 302
    return person


def wave_form(version, places, **fields) -> dict:
    today = berlin_today()
    form = {
        "name": "Spring 2027",
        "version": str(version.id),
        "locations": [str(p.id) for p in places],
        "opens_on": today.isoformat(),
        "closes_on": (today + 28 * DAY).isoformat(),
    }
    form.update(fields)
    return {key: value for key, value in form.items() if value is not None}


def create(staff: Staff, version, places, **fields):
    return staff.submit("/staff/waves/new", wave_form(version, places, **fields))


def the_wave(session) -> Wave:
    session.expire_all()
    return session.scalars(select(Wave)).one()


def wave_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Wave))


def field_error(html: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert found, f"no error next to {field}"
    return unescape(found.group(1))


def shown(html: str, location: Location) -> str:
    """What the wave page says of a location's answers."""
    found = re.search(rf'<td data-location="{location.id}">([^<]*)<', html)
    assert found, "no count for this location"
    return found.group(1)


def all_together(html: str) -> str:
    found = re.search(r"<td data-total>([^<]*)<", html)
    assert found
    return found.group(1)


def answer_once(app, code: str, query: str = "") -> None:
    """A family answers on its own phone: skips every question and sends."""
    family = Family(app.test_client(), code, "de", query=query).start()
    while family.screen != "review":
        assert family.status == 200
        family.skip()
    family.submit()
    assert family.status == 200 and "Danke!" in family.html


def test_every_wave_page_needs_a_login(client, session, make_wave):
    wave = make_wave()
    closes_on = wave.closes_on
    location = wave.locations[0].id
    for url in (
        "/staff/waves",
        "/staff/waves/new",
        f"/staff/waves/{wave.id}",
        f"/staff/waves/{wave.id}/locations/{location}/qr.svg",
        f"/staff/waves/{wave.id}/locations/{location}/poster.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"], url
    assert client.post(f"/staff/waves/{wave.id}/close").status_code in (302, 400)
    assert the_wave(session).closes_on == closes_on


def test_staff_start_a_wave_at_two_of_their_locations(staff, session, neukoelln):
    version, (rixdorf, gropiusstadt, britz) = neukoelln
    page = staff.get("/staff/waves/new")
    assert page.status_code == 200
    today = berlin_today()
    assert "Family needs" in staff.html or version.title in staff.html
    assert f"version {version.number}, published" in staff.html
    assert f'value="{today.isoformat()}"' in staff.html  # opens today...
    assert f'value="{(today + 28 * DAY).isoformat()}"' in staff.html  # ...for four weeks
    assert 'type="date"' in staff.html
    assert rixdorf.name in staff.html and gropiusstadt.name in staff.html
    assert britz.name not in staff.html  # not one of theirs
    assert 'type="checkbox"' in staff.html and "<legend>Locations</legend>" in staff.html

    response = create(staff, version, [rixdorf, gropiusstadt], codes_required="y")
    wave = the_wave(session)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/waves/{wave.id}")
    assert (wave.name, wave.questionnaire_version_id) == ("Spring 2027", version.id) and wave.codes_required
    assert {place.id for place in wave.locations} == {rixdorf.id, gropiusstadt.id}
    assert (wave.opens_on, wave.closes_on) == (today, today + 28 * DAY)

    staff.get("/staff/waves")
    assert staff.response.status_code == 200
    assert f'href="/staff/waves/{wave.id}">Spring 2027</a>' in staff.html
    assert "<caption>" in staff.html and '<th scope="col">' in staff.html

    staff.get(f"/staff/waves/{wave.id}")
    assert "Spring 2027" in staff.html and "open" in staff.html
    for place in (rixdorf, gropiusstadt):
        assert f"http://localhost/s/{place.code}</code>" in staff.html
        assert f"/staff/waves/{wave.id}/locations/{place.id}/poster.pdf" in staff.html
    assert britz.code not in staff.html


def test_qr_codes_and_poster_download_with_readable_names(staff, session, neukoelln):
    version, places = neukoelln
    create(staff, version, places[:2])
    wave, place = the_wave(session), places[0]
    base = f"/staff/waves/{wave.id}/locations/{place.id}"

    svg = staff.get(f"{base}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.headers["Content-Disposition"] == f'attachment; filename="qr-{place.code}.svg"'
    root = ElementTree.fromstring(svg.data)
    assert root.tag.endswith("svg")
    assert f"http://localhost/s/{place.code}" in svg.get_data(as_text=True)

    png = staff.get(f"{base}/qr.png")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    assert png.headers["Content-Disposition"] == f'attachment; filename="qr-{place.code}.png"'

    poster = staff.get(f"{base}/poster.pdf")
    assert poster.status_code == 200 and poster.mimetype == "application/pdf"
    assert poster.data.startswith(b"%PDF")
    assert poster.headers["Content-Disposition"] == f'attachment; filename="plakat-{place.code}.pdf"'
    assert staff.get(f"{base}/qr.gif").status_code == 404


def test_the_poster_carries_the_link_and_the_invitation_in_every_language(
    app, staff, session, neukoelln, monkeypatch
):
    version, places = neukoelln
    create(staff, version, places[:1])
    made = {}
    monkeypatch.setattr(
        "survey.printing.poster_pdf",
        lambda name, url, invitations: made.update(name=name, url=url, inv=invitations) or b"%PDF-",
    )
    staff.get(f"/staff/waves/{the_wave(session).id}/locations/{places[0].id}/poster.pdf")
    assert (made["name"], made["url"]) == (places[0].name, f"http://localhost/s/{places[0].code}")
    assert [each.language for each in made["inv"]] == app.config["LANGUAGES"]


def test_staff_make_one_time_codes_and_download_the_sheet(staff, session, neukoelln, monkeypatch):
    version, (rixdorf, gropiusstadt, _britz) = neukoelln
    create(staff, version, [rixdorf, gropiusstadt], codes_required="y")
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    staff.get(page)
    assert f'id="count-{rixdorf.id}"' in staff.html and f'for="count-{rixdorf.id}"' in staff.html
    assert "Codes made: 0 · used: fewer than 5" in staff.html

    response = staff.submit(f"{page}/locations/{rixdorf.id}/codes", {"count": "12"}, form_page=page)
    assert response.status_code == 302
    codes = session.scalars(select(AccessCode).filter_by(wave_id=wave.id)).all()
    assert len(codes) == 12 and {(c.location_id, c.batch, c.used) for c in codes} == {(rixdorf.id, 1, False)}
    staff.get(page)
    assert "Codes made: 12 · used: fewer than 5" in staff.html
    sheet_url = f"{page}/locations/{rixdorf.id}/codes/1.pdf"
    assert sheet_url in staff.html

    sheet = staff.get(sheet_url)
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf" and sheet.data.startswith(b"%PDF")
    assert sheet.headers["Content-Disposition"] == f'attachment; filename="codes-{rixdorf.code}-1.pdf"'
    assert staff.get(f"{page}/locations/{gropiusstadt.id}/codes/1.pdf").status_code == 404  # not its batch
    assert staff.get(f"{page}/locations/{rixdorf.id}/codes/2.pdf").status_code == 404

    printed = {}
    monkeypatch.setattr(
        "survey.printing.code_sheet_pdf",
        lambda title, slips, invitation: printed.update(slips=slips) or b"%PDF-",
    )
    staff.get(sheet_url)
    assert sorted(printed["slips"]) == sorted(
        (c.code, f"http://localhost/s/{rixdorf.code}?access={c.code}") for c in codes
    )


def test_a_family_spends_a_printed_code_and_staff_see_one_used(app, staff, session, neukoelln):
    version, (rixdorf, gropiusstadt, _britz) = neukoelln
    create(staff, version, [rixdorf, gropiusstadt], codes_required="y")
    page = f"/staff/waves/{the_wave(session).id}"
    staff.submit(f"{page}/locations/{rixdorf.id}/codes", {"count": "3"}, form_page=page)
    staff.submit(f"{page}/locations/{gropiusstadt.id}/codes", {"count": "2"}, form_page=page)
    slip = session.scalars(select(AccessCode.code).filter_by(location_id=rixdorf.id)).first()
    answer_once(app, rixdorf.code, query=f"?access={slip}")
    staff.get(page)
    # how many were used is how many answered there: shown like the answer counts
    assert "Codes made: 3 · used: fewer than 5" in staff.html
    assert "Codes made: 2 · used: fewer than 5" in staff.html
    assert "used: 1" not in staff.html and shown(staff.html, rixdorf) == "fewer than 5"
    assert f"{page}/locations/{gropiusstadt.id}/codes/2.pdf" in staff.html  # batches count per wave


@pytest.mark.parametrize("count", ["0", "501", "many", ""])
def test_a_wrong_number_of_codes_is_refused_next_to_the_field(staff, session, neukoelln, count):
    version, places = neukoelln
    create(staff, version, places[:1], codes_required="y")
    page = f"/staff/waves/{the_wave(session).id}"
    response = staff.submit(f"{page}/locations/{places[0].id}/codes", {"count": count}, form_page=page)
    assert response.status_code == 422
    assert field_error(staff.html, f"count-{places[0].id}")
    assert f'value="{count}"' in staff.html or count == ""
    assert session.scalar(select(func.count()).select_from(AccessCode)) == 0


def test_close_and_extend_and_a_family_answer_shows_in_the_count(app, client, staff, session, neukoelln):
    version, (rixdorf, gropiusstadt, _britz) = neukoelln
    create(staff, version, [rixdorf, gropiusstadt])
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    family = app.test_client()
    assert family.get(f"/s/{rixdorf.code}").status_code == 200

    staff.get(page)
    assert shown(staff.html, rixdorf) == "fewer than 5" and all_together(staff.html) == "fewer than 5"
    assert "<caption>Answers per location</caption>" in staff.html and 'class="table-scroll"' in staff.html
    assert f"/s/{rixdorf.code}?assist=" in staff.html  # open: assisted answering offered
    assert "Answer together with a family (assisted)" in staff.html

    for _ in range(6):
        answer_once(app, rixdorf.code)
    staff.get(page)
    # no count below five, no exact week or day, nothing that a report could be set against
    assert shown(staff.html, rixdorf) == "5 or more" and shown(staff.html, gropiusstadt) == "fewer than 5"
    assert all_together(staff.html) == "at least 5"
    answers = staff.html.split("answers-heading", 1)[1]
    answers = re.sub(r"<[^>]+>|/[^ \"]*", "", re.sub(r'data-(week|day)="[^"]*"', "", answers))
    answers = re.sub(r"\d{1,2} \w{3} \d{4}|\w{3} \d{1,2}, \d{4}", "", answers)  # the dates
    assert "6" not in answers, answers
    assert "at least 5" in answers

    assert staff.submit(f"{page}/close", form_page=page).status_code == 302
    assert family.get(f"/s/{rixdorf.code}").status_code == 410
    assert family.get(f"/s/{gropiusstadt.code}").status_code == 410
    staff.get(page)
    assert "ended" in staff.html and "?assist=" not in staff.html
    assert shown(staff.html, rixdorf) == "5 or more"  # the answers given today still count

    new_last_day = berlin_today() + 10 * DAY
    response = staff.submit(f"{page}/extend", {"closes_on": new_last_day.isoformat()}, form_page=page)
    assert response.status_code == 302
    assert the_wave(session).closes_on == new_last_day
    assert family.get(f"/s/{rixdorf.code}").status_code == 200


def test_extend_refuses_a_day_in_the_past_and_keeps_what_was_typed(staff, session, neukoelln):
    version, places = neukoelln
    create(staff, version, places[:1])
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    yesterday = (berlin_today() - DAY).isoformat()
    response = staff.submit(f"{page}/extend", {"closes_on": yesterday}, form_page=page)
    assert response.status_code == 422
    assert field_error(staff.html, "closes_on") == "The last day cannot lie in the past."
    assert f'value="{yesterday}"' in staff.html
    assert 'aria-describedby="closes_on-hint closes_on-error"' in staff.html
    assert the_wave(session).closes_on == wave.closes_on


def test_a_wave_that_has_not_opened_yet_opens_now(staff, session, neukoelln):
    version, places = neukoelln
    today = berlin_today()
    create(staff, version, places[:1], opens_on=(today + 5 * DAY).isoformat())
    page = f"/staff/waves/{the_wave(session).id}"
    staff.get(page)
    assert "not open yet" in staff.html and "Open now" in staff.html and "?assist=" not in staff.html
    assert staff.submit(f"{page}/open", form_page=page).status_code == 302
    assert the_wave(session).opens_on == today
    assert staff.submit(f"{page}/open", form_page=page).status_code == 422
    assert "The wave is open already." in staff.html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"closes_on": "{yesterday}"}, "closes_on", "The last day cannot lie in the past."),
        (
            {"opens_on": "{in_a_week}", "closes_on": "{tomorrow}"},
            "closes_on",
            "The last day cannot be before the first day.",
        ),
        ({"opens_on": "{yesterday}"}, "opens_on", "The first day cannot lie in the past."),
        ({"opens_on": "31.02.2027"}, "opens_on", "Enter a date, e.g. 24.12.2026."),
        ({"closes_on": "soon"}, "closes_on", "Enter a date, e.g. 24.12.2026."),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_stored(
    staff, session, neukoelln, fields, field, message
):
    version, places = neukoelln
    today = berlin_today()
    days = {"yesterday": today - DAY, "tomorrow": today + DAY, "in_a_week": today + 7 * DAY}
    named = {name: day.isoformat() for name, day in days.items()}
    fields = {key: value.format(**named) for key, value in fields.items()}
    response = create(staff, version, places[:2], **fields)
    assert response.status_code == 422
    assert field_error(staff.html, field) == message
    assert 'value="Spring 2027"' in staff.html or field == "name"  # what was typed stays
    for value in fields.values():
        assert f'value="{value}"' in staff.html
    for place in places[:2]:  # the chosen locations stay chosen
        assert re.search(rf'<input checked [^>]*type="checkbox" value="{place.id}">', staff.html)
    assert wave_count(session) == 0


def test_staff_cannot_choose_a_location_that_is_not_theirs(staff, session, neukoelln):
    version, (rixdorf, _gropiusstadt, britz) = neukoelln
    response = create(staff, version, [rixdorf, britz])  # a tampered form
    assert response.status_code == 422
    assert field_error(staff.html, "locations") == "Only your own locations can be chosen."
    assert wave_count(session) == 0
    assert create(staff, version, [], locations=None).status_code == 422
    assert field_error(staff.html, "locations") == "Choose at least one location."
    assert wave_count(session) == 0


def test_a_location_takes_part_in_two_waves_at_once_each_with_its_own_link(app, staff, session, neukoelln):
    version, places = neukoelln
    create(staff, version, places[:1])
    response = create(staff, version, places[:2], name="Elterncafé")
    assert response.status_code == 302, staff.html
    first, second = session.scalars(select(Wave).order_by(Wave.id)).all()
    staff.get(response.location)
    assert "takes part in another wave on the same days" in staff.html
    own = re.search(r"/s/([A-Z0-9]{7})</code>", staff.html).group(1)
    assert f"/staff/waves/{second.id}/locations/{places[0].id}/poster.pdf" in staff.html
    poster = staff.get(f"/staff/waves/{second.id}/locations/{places[0].id}/poster.pdf")
    assert poster.headers["Content-Disposition"] == f'attachment; filename="plakat-{own}.pdf"'
    staff.get(f"/staff/waves/{first.id}")
    assert f"/s/{places[0].code}</code>" in staff.html, "the first wave keeps the location's link"

    # a family answers each wave by its link; both answers count for the location
    answer_once(app, places[0].code)
    answer_once(app, own)
    session.expire_all()
    assert [(r.wave_id, r.location_id) for r in session.scalars(select(Response).order_by(Response.id))] == [
        (first.id, places[0].id),
        (second.id, places[0].id),
    ]
    assert wave_count(session) == 2


def test_a_version_of_another_district_cannot_be_chosen(staff, session, neukoelln):
    _version, places = neukoelln
    mitte = session.scalar(select(District).filter_by(code="01"))
    foreign = publish(session, library_questionnaire("offer_feedback"), berlin_today(), mitte.id)
    staff.get("/staff/waves/new")
    assert not re.search(rf'<option[^>]*value="{foreign.id}"', staff.html)
    assert create(staff, foreign, places[:1]).status_code == 422
    assert field_error(staff.html, "version") == "Choose a published questionnaire of your district."
    assert wave_count(session) == 0


def test_without_a_published_questionnaire_the_page_says_what_to_do(client, make_user, session):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    district = session.scalar(select(District).filter_by(code="08"))
    place = Location(code="H9NONE", name="Kita Sonnenschein", district=district)
    session.add(place)
    session.commit()
    person = Staff(client)
    person.login(make_user("staff", locations=[place]).email)
    person.get("/staff/waves/new")
    assert person.response.status_code == 200 and "no published questionnaire" in person.html
    assert 'name="name"' not in person.html


def test_staff_see_only_their_own_locations_of_a_wave(app, client, session, make_user, neukoelln):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    version, (rixdorf, gropiusstadt, britz) = neukoelln
    admin = Staff(client)
    admin.login(make_user("district_admin").email)
    assert create(admin, version, [rixdorf, gropiusstadt, britz]).status_code == 302
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    admin.get(page)
    assert all(place.code in admin.html for place in (rixdorf, gropiusstadt, britz))
    assert "Close now" in admin.html
    admin.logout()

    answer_once(app, britz.code)
    one = Staff(app.test_client())
    one.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    one.login(make_user("staff", locations=[rixdorf]).email)
    one.get(page)
    assert one.response.status_code == 200
    assert rixdorf.code in one.html and britz.code not in one.html and gropiusstadt.code not in one.html
    assert f'data-location="{britz.id}"' not in one.html and shown(one.html, rixdorf) == "fewer than 5"
    assert "Close now" not in one.html  # the wave runs at others' locations too
    assert one.submit(f"{page}/close", form_page=page).status_code == 403
    assert one.get(f"{page}/locations/{britz.id}/qr.svg").status_code == 404
    assert one.get(f"{page}/locations/{britz.id}/poster.pdf").status_code == 404
    assert one.get(f"{page}/locations/{rixdorf.id}/qr.svg").status_code == 200
    assert the_wave(session).is_open(berlin_today())

    other = Staff(app.test_client())
    other.login(make_user("staff", locations=[]).email)
    assert other.get(page).status_code == 404
    assert other.get(f"{page}/locations/{rixdorf.id}/poster.pdf").status_code == 404
    other.get("/staff/waves")
    assert "Spring 2027" not in other.html


def test_a_location_that_is_not_part_of_the_wave_is_not_found(client, session, make_user, neukoelln):
    version, (rixdorf, _gropiusstadt, britz) = neukoelln
    admin = Staff(client)
    admin.login(make_user("district_admin").email)
    create(admin, version, [rixdorf], codes_required="y")
    page = f"/staff/waves/{the_wave(session).id}"
    for url in (
        f"{page}/locations/{britz.id}/qr.png",
        f"{page}/locations/{britz.id}/poster.pdf",
        f"{page}/locations/{britz.id}/codes/1.pdf",
    ):
        assert admin.get(url).status_code == 404, url
    response = admin.submit(f"{page}/locations/{britz.id}/codes", {"count": "3"}, form_page=page)
    assert response.status_code == 404
    assert session.scalar(select(func.count()).select_from(AccessCode)) == 0


def test_a_wave_of_another_district_is_not_found(client, session, make_user, make_wave):
    wave = make_wave()  # in Neukölln
    person = Staff(client)
    person.login(make_user("district_admin", district="01").email)
    page = f"/staff/waves/{wave.id}"
    location = wave.locations[0].id
    assert person.get(page).status_code == 404
    assert person.get(f"{page}/locations/{location}/qr.svg").status_code == 404
    assert person.submit(f"{page}/close", form_page="/staff/waves").status_code == 404
    assert (
        person.submit(f"{page}/extend", {"closes_on": "2030-01-01"}, form_page="/staff/waves").status_code
        == 404
    )
    session.expire_all()
    assert session.get(Wave, wave.id).closes_on == wave.closes_on
