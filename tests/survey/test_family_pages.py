"""A family answering over HTTP, as a phone browser without JavaScript would."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from questionnaires import load_questionnaire
from survey.models import Answer, Response
from survey.respond.progress import Progress, ProgressSigner
from tests.survey.family import Family

GERMAN_PATH = [
    ("children_count", "2"),
    ("children_age", ["under_3", "6_11"]),
    ("caregivers", "alone"),
    ("district_region", None),  # skipped
    ("benefits", "yes"),
    ("wellbeing", "bad"),
    ("difficulties", ["money", "housing"]),
    ("offer_family_center", "used"),
    ("offer_district_mothers", "unknown"),
    ("offer_family_counselling", "known_not_used"),
    ("offer_education_package", "unknown"),
    ("barriers", ["times", "no_childcare"]),
    ("channels", ["family_center"]),
    ("support_person", "sometimes"),
    ("wishes", ["course_with_childcare", "parent_meeting", "homework_help"]),
]


def responses(session) -> list[Response]:
    session.expire_all()
    return list(session.scalars(select(Response)))


def walk(family: Family, path) -> Family:
    family.start()
    for code, value in path:
        assert family.screen == code, family.html
        family.skip() if value is None else family.answer(value)
        assert family.status == 200, family.error
    assert family.screen == "review"
    return family


def test_a_family_answers_the_default_questionnaire_in_german(client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").open()
    assert 'lang="de"' in family.html and "Die Umfrage ist anonym" in family.html
    family.press("next")
    assert "Frage 1 von 15" in family.html
    assert "Wie viele Kinder leben bei Ihnen?" in family.html
    family = walk(Family(client, wave.locations[0].code, "de"), GERMAN_PATH)
    assert "Prüfen Sie Ihre Antworten" in family.html
    assert "Übersprungen" in family.html  # the skipped region
    family.submit()
    assert '<h1 tabindex="-1" autofocus data-say="Vorlesen">Danke!</h1>' in family.html
    assert "Ihre Antworten helfen, Angebote besser zu machen." in family.html
    [response] = responses(session)
    assert (response.language, response.location_id) == ("de", wave.locations[0].id)
    assert response.wave_id == wave.id
    stored = {(a.question, a.choice) for a in response.answers}
    expected = {
        (code, choice)
        for code, value in GERMAN_PATH
        if value is not None
        for choice in (value if isinstance(value, list) else [value])
    }
    assert stored == expected


def test_a_family_answers_in_english_and_can_change_an_answer_on_the_review(client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "en").start()
    assert "Question 1 of 15" in family.html and "How many children live with you?" in family.html
    family.answer("1")
    while family.screen != "review":
        family.skip()
    assert "Check your answers" in family.html and "Skipped" in family.html
    family.press(edit="children_count")
    assert family.screen == "children_count" and 'value="1" checked' in family.html
    family.press("review", answer="3")
    assert family.screen == "review"
    family.submit()
    assert "Thank you!" in family.html
    [response] = responses(session)
    assert response.language == "en"
    assert [(a.question, a.choice) for a in response.answers] == [("children_count", "3")]


def test_the_language_page_names_each_language_in_itself_and_preselects_the_phones(client, make_wave):
    wave = make_wave()
    page = client.get(f"/s/{wave.locations[0].code}", headers={"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert 'value="en" checked' in html and 'value="de">' in html
    assert ">Deutsch<" in html and ">English<" in html
    chosen = client.get(f"/s/{wave.locations[0].code}/start?lang=de")
    assert chosen.status_code == 302 and chosen.location.endswith(f"/s/{wave.locations[0].code}/de")


def test_a_questionnaire_in_no_shipped_language_gets_a_friendly_404(client, make_wave):
    polish = load_questionnaire("""
code: polish_only
source_language: pl
languages: [pl]
title: Krótko
questions:
  - {code: ok, type: yesno, text: "Wszystko dobrze?"}
""")
    code = make_wave(polish).locations[0].code
    page = client.get(f"/s/{code}", headers={"Accept-Language": "de"})
    assert page.status_code == 404
    assert "Diese Umfrage gibt es nicht in dieser Sprache." in page.get_data(as_text=True)


def test_the_link_code_is_not_case_sensitive(client, make_wave):
    wave = make_wave()
    assert client.get(f"/s/{wave.locations[0].code.lower()}/de").status_code == 200


@pytest.mark.parametrize(
    "accept, sentence", [("de", "Diesen Link kennen wir nicht"), ("en", "We do not know this link")]
)
def test_an_unknown_link_gets_a_friendly_404_in_the_phones_language(client, accept, sentence):
    page = client.get("/s/NOPE99", headers={"Accept-Language": accept})
    assert page.status_code == 404
    assert sentence in page.get_data(as_text=True)


def test_a_closed_or_not_yet_open_wave_says_so_with_410(client, make_wave):
    closed = make_wave(opens_in=-30, closes_in=-1)
    future = make_wave(opens_in=3, closes_in=30)
    for wave in (closed, future):
        page = client.get(f"/s/{wave.locations[0].code}/de")
        assert page.status_code == 410
        assert "Diese Umfrage ist beendet" in page.get_data(as_text=True)


def test_a_language_is_offered_only_when_the_questionnaire_is_complete_in_it(client, make_wave):
    half_done = load_questionnaire("""
code: half_done
source_language: de
languages: [de, ar, pl]
title: {de: Kurz, ar: قصير, pl: Krótko}
questions:
  - code: ok
    type: yesno
    text: {de: "Alles gut?", pl: "Wszystko dobrze?"}
""")
    code = make_wave(half_done).locations[0].code
    choice = client.get(f"/s/{code}").get_data(as_text=True)
    assert 'value="de"' in choice
    assert 'value="ar"' not in choice, "Arabic texts are missing"
    assert 'value="pl"' not in choice, "the app's own texts are not translated into Polish"
    assert client.get(f"/s/{code}/de").status_code == 200
    for language in ("ar", "pl", "xx"):
        assert client.get(f"/s/{code}/{language}").status_code == 404


def test_invalid_answers_get_a_message_next_to_the_question_and_keep_the_answers(client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    family.answer("7")
    assert (family.status, family.screen) == (422, "children_count")
    assert family.error == "Bitte wählen Sie eine Antwort von dieser Seite."
    family.answer(["1", "2"])
    assert family.error == "Bitte wählen Sie nur eine Antwort."
    family.answer("2")
    family.answer(["under_3"])
    for _ in range(4):
        family.skip()
    assert family.screen == "difficulties"
    family.answer(["money", "housing", "health", "stress"])
    assert family.status == 422
    assert family.error == "Bitte wählen Sie höchstens 3 Antworten."
    assert all(f'value="{c}" checked' in family.html for c in ("money", "housing", "health", "stress"))
    assert 'aria-describedby="hint error"' in family.html
    family.answer(["money", "none"])
    assert family.error == "„Nichts davon“ geht nicht zusammen mit anderen Antworten."
    assert responses(session) == []


def test_number_and_text_errors_in_english_keep_what_was_typed(client, session, make_wave):
    wave = make_wave("offer_feedback")
    family = Family(client, wave.locations[0].code, "en").start()
    family.answer("very_helpful")
    family.answer("lots")
    assert (family.status, family.error) == (422, "Please write a number, for example 3.")
    assert 'value="lots"' in family.html
    family.answer("٣")  # Arabic-Indic three
    assert family.screen == "keep"
    family.skip()
    family.answer(["more_often"])
    assert family.screen == "change_more"
    family.answer("a" * 301)
    assert family.error == "Please write at most 300 characters. Now there are 301."
    assert "a" * 301 + "</textarea>" in family.html
    family.answer("Call me: 0176 1234567")
    family.answer("yes")
    family.submit()
    [response] = responses(session)
    values = {a.question: (a.choice, a.number, a.text) for a in response.answers}
    assert values["times_attended"] == (None, 3, None)
    assert values["change_more"] == (None, None, "Call me: [Telefon]")


def test_a_double_submit_stores_one_response(client, session, make_wave):
    wave = make_wave()
    family = walk(Family(client, wave.locations[0].code, "de"), [(c, None) for c, _ in GERMAN_PATH])
    review = dict(family.fields)
    family.submit()
    assert "Danke!" in family.html
    family.fields = review  # the back button, then "Absenden" again
    family.submit()
    assert family.status == 200 and "Danke!" in family.html
    assert len(responses(session)) == 1


def test_a_tampered_token_stores_nothing_and_says_so(client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    family.fields["progress"] = family.fields["progress"][:-3] + "abc"
    family.answer("2")
    assert family.status == 400
    assert "Wir konnten diese Seite nicht prüfen" in family.html
    assert family.press("submit", progress="").status == 400
    assert responses(session) == []


def test_a_token_from_another_location_is_refused(client, session, make_wave):
    wave = make_wave(locations=2)
    first, second = (location.code for location in wave.locations)
    family = Family(client, first, "de").start()
    family.url = f"/s/{second}/de"
    assert family.answer("2").status == 400


def test_a_page_left_open_too_long_keeps_the_answers_and_asks_to_confirm(
    app, client, session, make_wave, monkeypatch
):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    family.answer("2")
    monkeypatch.setitem(app.config, "ANSWER_TOKEN_MAX_AGE", -1)
    family.answer(["under_3"])
    assert family.status == 200 and family.screen == "children_age"
    assert "Diese Seite war lange offen" in family.html
    assert 'value="under_3" checked' in family.html
    monkeypatch.setitem(app.config, "ANSWER_TOKEN_MAX_AGE", 3600)
    family.answer(["under_3"])
    assert family.screen == "caregivers"


def test_a_questionnaire_started_over_a_week_ago_must_start_again(app, client, session, make_wave):
    wave = make_wave()
    signer = ProgressSigner(app.config["SECRET_KEY"], 3600, app.config["ANSWER_MAX_DAYS"])
    old = Progress(
        wave=wave.id,
        location=wave.locations[0].id,
        version=wave.questionnaire_version_id,
        started=(dt.date.today() - dt.timedelta(days=30)).isoformat(),
    )
    family = Family(client, wave.locations[0].code, "de")
    family.fields = {"progress": signer.dump(old), "screen": "review"}
    assert family.submit().status == 400
    assert responses(session) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": None, "Origin": "https://elsewhere.example"},
    ],
)
def test_a_form_posted_from_another_site_is_refused(client, session, make_wave, headers):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    sent = {k: v for k, v in headers.items() if v is not None}
    response = client.post(family.url, data={**family.fields, "nav": "next", "answer": "2"}, headers=sent)
    assert response.status_code == 403


def test_a_client_that_is_not_a_browser_gets_4xx_never_500(client, session, make_wave):
    wave = make_wave()
    url = f"/s/{wave.locations[0].code}/de"
    family = Family(client, wave.locations[0].code, "de").start()
    cases = [
        {},
        {"progress": "x"},
        {"progress": family.fields["progress"], "screen": "children_count", "nav": "next", "answer": "\x00"},
        {"progress": family.fields["progress"], "screen": "wishes", "nav": "next", "answer": ["a"] * 500},
        {"progress": family.fields["progress"], "screen": "review", "nav": "submit", "edit": "nope"},
        {
            "progress": family.fields["progress"],
            "screen": "children_count",
            "nav": "next",
            "answer": "9" * 5000,
        },
    ]
    for data in cases:
        status = client.post(url, data=data).status_code
        assert 200 <= status < 500, (data, status)
    assert client.post(url, data="not a form", content_type="application/json").status_code == 400
    assert client.put(url).status_code == 405


def test_a_wave_that_closes_while_a_family_answers_stores_nothing(client, session, make_wave):
    wave = make_wave()
    family = walk(Family(client, wave.locations[0].code, "de"), [(c, None) for c, _ in GERMAN_PATH])
    wave.closes_on = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    assert family.submit().status == 410
    assert session.scalar(select(func.count()).select_from(Answer)) == 0


def test_family_pages_set_no_cookie_and_send_strict_headers(client, session, make_wave):
    wave = make_wave()
    code = wave.locations[0].code
    family = Family(client, code, "de")
    pages = [
        client.get(f"/s/{code}"),
        family.open().response,
        family.press("next").response,
        family.answer("9").response,
        client.get("/s/NOPE99"),
    ]
    for page in pages:
        assert "Set-Cookie" not in page.headers
        csp = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "http" not in csp
        assert "unsafe-inline" not in csp
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["Cache-Control"] == "no-store"
    assert client.get_cookie("session") is None


def test_pages_reference_nothing_from_another_host(client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    for _ in range(15):
        html = family.html
        assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!doctype", "")
        family.skip()


def test_a_family_answers_in_arabic_right_to_left(client, session, make_wave):
    wave = make_wave("offer_feedback")
    family = Family(client, wave.locations[0].code, "ar").open()
    assert '<html lang="ar" dir="rtl">' in family.html
    assert "<bdi>Familienzentrum 1</bdi>" in family.html, "German names are isolated in Arabic text"
    family.press("next").answer("helpful")
    assert "كم مرة جئتم إلى هنا؟" in family.html
    family.answer("كثير")
    assert (family.status, family.error) == (422, "يُرجى كتابة رقم، مثلًا 3.")
    family.answer("١٢")
    while family.screen != "review":
        family.skip()
    family.submit()
    [response] = responses(session)
    assert response.language == "ar"
    assert {(a.question, a.choice, a.number) for a in response.answers} == {
        ("usefulness", "helpful", None),
        ("times_attended", None, 12),
    }


def test_the_demo_keeps_exactly_one_wave_open_when_the_library_changes(app, session):
    from dataclasses import replace

    from questionnaires import Text
    from survey.dates import today
    from survey.extensions import db
    from survey.models import Wave
    from survey.services import demo
    from survey.services.waves import find_family_link

    with app.app_context():
        first = demo.ensure_demo(db.session, today())
        changed = replace(demo.library_questionnaire("family_needs"), title=Text({"de": "Neu", "en": "New"}))
        original = demo.library_questionnaire
        demo.library_questionnaire = lambda code: changed
        try:
            demo.ensure_demo(db.session, today())
        finally:
            demo.library_questionnaire = original
        open_waves = [w for w in db.session.query(Wave) if w.is_open(today())]
        assert len(open_waves) == 1
        link = find_family_link(db.session, first[0].code, today())
        newest = max(db.session.query(Wave), key=lambda w: w.id)
        assert link.open_wave(today()).id == newest.id
        assert newest.questionnaire_version.title == "Neu"
