"""Access: every staff route turns away a visitor who is not logged in, and staff of one
district get 403 or 404 for every object of another district — for every route the app
has, found by walking the URL map, so a new route is covered without being listed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from werkzeug.routing import Rule

from questionnaires.library import library_questionnaire
from survey.models import AccessCode, Answer, QuestionnaireDraft, Response, TextReview, User, Wave
from tests.survey.staff import Staff, csrf_token

PUBLIC = {
    "static",
    "asset",
    "robots",
    "auth.login",
    "root",
}  # and every family page (respond.*); "/" leads to /staff/
METHODS = ("GET", "POST")


def is_public(rule: Rule) -> bool:
    return rule.endpoint in PUBLIC or rule.endpoint.startswith("respond.")


def staff_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if not is_public(rule)]


def url_for_rule(rule: Rule, values: dict[str, object]) -> str:
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: no sample value for {missing}; add one to the test"
    return rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]


def requests_for(app, values: dict[str, object]):
    for rule in staff_rules(app):
        for method in METHODS:
            if method in rule.methods:
                yield rule, method, url_for_rule(rule, values)


DUMMY = {
    "wave_id": 1,
    "location_id": 1,
    "draft_id": 1,
    "version_id": 1,
    "user_id": 1,
    "batch": 1,
    "fmt": "svg",
    "lang": "de",
    "language": "de",
    "question": "q",
    "option": "o",
    "index": 0,
    "answer_id": 1,
    "finding_id": 1,
    "measure_id": 1,
    "file_type": "pdf",
    "key": "q",
}


def test_only_the_login_and_family_pages_are_public(app):
    public = {rule.endpoint for rule in app.url_map.iter_rules() if is_public(rule)}
    assert {endpoint for endpoint in public if not endpoint.startswith("respond.")} == PUBLIC
    assert len(staff_rules(app)) >= 10


def test_every_staff_route_turns_away_an_anonymous_visitor(app, client):
    token = csrf_token(client.get("/staff/login").get_data(as_text=True))
    checked = 0
    for _rule, method, url in requests_for(app, DUMMY):
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code in (302, 401, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert response.location.startswith("/staff/login"), (method, url, response.location)
        checked += 1
    assert checked >= 10


@pytest.fixture
def other_district(session, make_wave, make_user):
    """Everything Neukölln (08) has: a wave at two locations with one-time codes, a
    questionnaire draft, accounts. Returns the sample values that address them."""
    wave = make_wave("offer_feedback", locations=2)
    location = wave.locations[0]
    session.add(AccessCode(wave_id=wave.id, location_id=location.id, code="ACDE3467", batch=1))
    questionnaire = library_questionnaire("offer_feedback")
    draft = QuestionnaireDraft(
        district_id=wave.district_id,
        content=questionnaire.to_data(),
        updated_on=dt.date.today(),
        published_version_id=wave.questionnaire_version_id,
    )
    session.add(draft)
    text = Answer(question="change_more", text="Mehr Termine am Abend")  # a free text to review
    session.add(
        Response(
            wave_id=wave.id,
            location_id=location.id,
            language="de",
            submitted_on=dt.date.today(),
            questionnaire_version_id=wave.questionnaire_version_id,
            answers=[text],
        )
    )
    session.commit()
    account = make_user("staff", locations=[location], email="kollegin@neukoelln.example")
    first = questionnaire.questions[0]
    return {
        "values": {
            **DUMMY,
            "wave_id": wave.id,
            "location_id": location.id,
            "draft_id": draft.id,
            "version_id": wave.questionnaire_version_id,
            "user_id": account.id,
            "question": first.code,
            "option": first.options({})[0].code,
            "answer_id": text.id,
        },
        "wave": wave,
        "draft": draft,
        "account": account,
        "text": text,
        "names": [location.name, wave.name, account.email],
    }


def snapshot(session, found):
    session.expire_all()
    wave = session.get(Wave, found["wave"].id)
    return (
        (wave.name, wave.opens_on, wave.closes_on, wave.codes_required, [loc.id for loc in wave.locations]),
        session.get(QuestionnaireDraft, found["draft"].id).content,
        session.scalars(select(AccessCode.code).filter_by(wave_id=wave.id).order_by(AccessCode.code)).all(),
        (lambda u: (u.email, u.role, u.active, u.password_hash, [loc.id for loc in u.locations]))(
            session.get(User, found["account"].id)
        ),
        (session.get(Answer, found["text"].id).text, session.get(TextReview, found["text"].id)),
    )


@pytest.mark.parametrize("role", ["district_admin", "staff"])
def test_another_districts_objects_are_out_of_reach(app, client, session, make_user, other_district, role):
    outsider = make_user(role, district="01")  # Mitte
    staff = Staff(client)
    assert staff.login(outsider.email).status_code == 302
    before = snapshot(session, other_district)
    token = csrf_token(staff.get("/staff/password").get_data(as_text=True))
    object_ids = {"wave_id", "location_id", "draft_id", "version_id", "user_id", "answer_id"}
    checked = 0
    sent = {"csrf_token": token, "action": "release", "text": "redacted"}  # as a review would send
    for rule, method, url in requests_for(app, other_district["values"]):
        if rule.endpoint == "auth.logout":
            continue
        response = client.open(url, method=method, data=sent if method == "POST" else None)
        body = response.get_data(as_text=True)
        if object_ids & set(rule.arguments):
            assert response.status_code in (403, 404), (method, url, response.status_code)
            checked += 1
        else:  # lists and new-object forms of the outsider's own district
            assert response.status_code < 500, (method, url)
            for name in other_district["names"]:
                assert name not in body, (method, url, name)
    assert checked >= 5
    assert snapshot(session, other_district) == before, "an outsider's request changed something"


def test_staff_see_only_their_own_locations_within_the_district(client, session, make_user, make_wave):
    mine, theirs = make_wave(locations=1), make_wave(locations=1)
    mine.name, theirs.name = "Welle hier", "Welle dort"
    session.commit()
    user = make_user("staff", locations=mine.locations)
    staff = Staff(client)
    staff.login(user.email)
    assert staff.get(f"/staff/waves/{theirs.id}").status_code == 404
    assert staff.get(f"/staff/waves/{mine.id}").status_code == 200
    staff.get("/staff/locations")
    assert f"/s/{mine.locations[0].code}<" in staff.html
    assert f"/s/{theirs.locations[0].code}<" not in staff.html
