"""When the database fails, a family pays nothing: a page in their language that keeps
their answers and sends them again with one tap; staff get a plain page. No server
default page anywhere, and the bare address leads to the staff pages."""

from __future__ import annotations

import re
from contextlib import contextmanager
from html import unescape

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import MultiDict

from survey.models import Response
from tests.survey.family import Family
from tests.survey.staff import Staff

_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


@contextmanager
def database_down(app):
    """Every statement fails as it would with the server gone."""
    engine = app.extensions["database"].engine

    def refuse(*_args, **_kwargs):
        raise OperationalError("statement", {}, ConnectionRefusedError("the database is down"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def stored(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Response.id)))


def test_a_family_sending_during_an_outage_keeps_the_answers_and_sends_again(app, client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "ar").start()
    family.answer("2")
    while family.screen != "review":
        family.skip()
    before = stored(session)
    with database_down(app):
        family.submit()
    assert family.status == 503 and family.response.headers["Retry-After"] == "30"
    assert '<html lang="ar" dir="rtl">' in family.html
    assert "إجاباتكم محفوظة" in family.html  # "your answers are kept", in Arabic
    assert stored(session) == before
    resend = MultiDict([(name, unescape(value)) for name, value in _HIDDEN.findall(family.html)])
    assert dict(resend)["nav"] == "submit" and dict(resend)["screen"] == "review"
    # the database is back: one tap sends the same form again, and it is stored once
    response = client.post(family.url, data=resend, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200 and stored(session) == before + 1
    again = client.post(family.url, data=resend, headers={"Sec-Fetch-Site": "same-origin"})
    assert again.status_code == 200 and stored(session) == before + 1


def test_a_question_page_during_an_outage_keeps_what_was_typed(app, client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "tr").start()
    with database_down(app):
        family.answer("2")
    assert family.status == 503 and '<html lang="tr"' in family.html
    resend = dict(_HIDDEN.findall(family.html))
    assert resend["answer"] == "2" and resend["nav"] == "next" and resend["progress"]
    response = client.post(
        family.url,
        data={k: unescape(v) for k, v in resend.items()},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200 and 'name="screen" value="children_age"' in response.get_data(True)


def test_opening_a_family_link_during_an_outage_offers_to_try_again(app, client, make_wave):
    wave = make_wave()
    with database_down(app):
        response = client.get(f"/s/{wave.locations[0].code}/uk")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert '<html lang="uk"' in page and f'href="http://localhost/s/{wave.locations[0].code}/uk"' in page


def test_staff_pages_during_an_outage_answer_a_plain_503(app, client, make_user):
    staff = Staff(client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    assert staff.login(make_user("district_admin").email).status_code == 302
    with database_down(app):
        response = client.get("/staff/waves")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert '<html lang="de">' in page and "Datenbank" in page


def test_no_server_default_page_anywhere(client, make_wave):
    wave = make_wave()
    code = wave.locations[0].code
    pages = {
        "/nowhere": 404,
        f"/s/{code}/ar/nowhere/else": 404,
        "/staff/nowhere": 404,
    }
    for path, status in pages.items():
        response = client.get(path, headers={"Accept-Language": "de"})
        page = response.get_data(as_text=True)
        assert response.status_code == status, path
        assert "Mitsprache" in page and "The requested URL was not found" not in page, path
    family = client.get(f"/s/{code}/ar/nowhere/else").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in family
    wrong_method = client.delete(f"/s/{code}/ar")
    assert wrong_method.status_code == 405 and '<html lang="ar"' in wrong_method.get_data(as_text=True)
    root = client.get("/")
    assert root.status_code == 302 and root.location.endswith("/staff/")


def test_a_request_too_large_gets_the_familys_page(app, client, make_wave, monkeypatch):
    wave = make_wave()
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    response = client.post(
        f"/s/{wave.locations[0].code}/fa",
        data={"answer": "x" * 5000},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 413 and '<html lang="fa" dir="rtl">' in response.get_data(as_text=True)


def test_an_unexpected_error_on_a_family_page_keeps_the_answers(app, client, make_wave, monkeypatch):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("survey.respond.views.step", broken)
    family.answer("2")
    assert family.status == 500 and "Ihre Antworten sind noch da" in family.html
    assert 'name="progress"' in family.html


def test_the_review_page_left_open_too_long_says_so_and_one_tap_sends(
    app, client, session, make_wave, monkeypatch
):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    while family.screen != "review":
        family.skip()
    before = stored(session)
    monkeypatch.setitem(app.config, "ANSWER_TOKEN_MAX_AGE", -1)
    family.submit()
    assert family.status == 200 and family.screen == "review"
    assert "Diese Seite war lange offen" in family.html and stored(session) == before
    monkeypatch.setitem(app.config, "ANSWER_TOKEN_MAX_AGE", 3600)
    family.submit()
    assert stored(session) == before + 1


def test_a_driver_error_of_the_quick_sent_already_check_is_an_outage_too(app, client, make_wave, monkeypatch):
    """The check on every screen talks to the driver directly; its errors answer 503 too."""
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "ru").start()
    engine = app.extensions["database"].engine
    driver_error = engine.dialect.loaded_dbapi.OperationalError

    def refuse():
        raise driver_error("the database is down")

    monkeypatch.setattr(engine, "raw_connection", refuse)
    family.answer("2")
    assert family.status == 503 and '<html lang="ru"' in family.html and 'name="progress"' in family.html


@pytest.mark.committing  # the request's real commit is what fails
def test_a_commit_the_database_refuses_stores_nothing_and_keeps_the_answers(
    app, client, session, make_wave, monkeypatch
):
    """The request's one commit fails (the server goes away between the last statement and
    the commit): the family gets the outage page in their language, not a thank-you page,
    and nothing of the response is stored; one tap stores it once the database is back."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "uk").start()
    family.answer("2")
    while family.screen != "review":
        family.skip()
    before = stored(session)
    engine = app.extensions["database"].engine

    def refuse(*_args):
        raise OperationalError("COMMIT", {}, ConnectionResetError("the database went away"))

    event.listen(engine, "commit", refuse)
    try:
        family.submit()
    finally:
        event.remove(engine, "commit", refuse)
    assert family.status == 503 and '<html lang="uk"' in family.html
    assert stored(session) == before
    resend = MultiDict([(name, unescape(value)) for name, value in _HIDDEN.findall(family.html)])
    response = client.post(family.url, data=resend, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200 and stored(session) == before + 1
