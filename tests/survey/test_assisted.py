"""Assisted answering: a staff member's signed link marks the response as assisted, and
nothing else about who helped; a made-up or stale link does not."""

from __future__ import annotations

from urllib.parse import urlsplit

from survey.models import Response
from survey.respond.assisted import assisted_link
from tests.survey.family import Family


def answer_through(client, link: str, code: str) -> Family:
    """Follow a family link from the language page to the thank-you page, in Ukrainian."""
    parts = urlsplit(link)
    chosen = client.get(f"/s/{code}/start?lang=uk&{parts.query}")
    family = Family(client, code, "uk", query="?" + urlsplit(chosen.location).query)
    family.start().answer("helpful")
    while family.screen != "review":
        family.skip()
    return family.submit()


def test_an_assisted_link_marks_the_response_assisted(app, client, session, make_wave):
    wave = make_wave("offer_feedback")
    code = wave.locations[0].code
    with app.test_request_context():
        link = assisted_link(code)
    assert "assist=" in link
    family = answer_through(client, link, code)
    assert family.status == 200
    [response] = session.query(Response).filter_by(wave_id=wave.id).all()
    assert response.assisted is True


def test_the_start_page_says_that_someone_helps(app, client, session, make_wave):
    wave = make_wave("offer_feedback")
    code = wave.locations[0].code
    with app.test_request_context():
        query = urlsplit(assisted_link(code)).query
    html = client.get(f"/s/{code}/de?{query}").get_data(as_text=True)
    assert 'class="notice"' in html
    assert 'class="notice"' not in client.get(f"/s/{code}/de").get_data(as_text=True)


def test_a_forged_or_foreign_assist_link_counts_as_a_family_alone(app, client, session, make_wave):
    wave = make_wave("offer_feedback", locations=2)
    here, elsewhere = (location.code for location in wave.locations)
    with app.test_request_context():
        other_place = assisted_link(elsewhere)
    answer_through(client, other_place.replace(elsewhere, here), here)
    answer_through(client, f"/s/{here}?assist=made-up", here)
    responses = session.query(Response).filter_by(wave_id=wave.id).all()
    assert [r.assisted for r in responses] == [False, False]
