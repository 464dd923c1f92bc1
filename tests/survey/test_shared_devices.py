"""A tablet at the family centre: after one family, nothing of its answers is reachable."""

from sqlalchemy import func, select

from survey.models import Response
from tests.survey.family import Family


def test_kiosk_mode_returns_to_the_language_choice_after_the_thank_you(client, session, make_wave):
    code = make_wave().locations[0].code
    language_page = client.get(f"/s/{code}?kiosk=1").get_data(as_text=True)
    assert '<input type="hidden" name="kiosk" value="1">' in language_page
    assert client.get(f"/s/{code}/start?lang=de&kiosk=1").location.endswith(f"/s/{code}/de?kiosk=1")
    family = Family(client, code, "de")
    family.url = f"/s/{code}/de?kiosk=1"
    family.open()
    family.url = f"/s/{code}/de"
    family.press("next").answer("3")
    while family.screen != "review":
        family.skip()
    family.submit()
    assert f'<meta http-equiv="refresh" content="30;url=/s/{code}?kiosk=1">' in family.html
    assert "Die nächste Person kann in 30 Sekunden beginnen." in family.html


def test_after_sending_the_back_button_never_shows_the_answers_again(client, session, make_wave):
    code = make_wave().locations[0].code
    family = Family(client, code, "de").start()
    family.answer("3")
    on_question_two = dict(family.fields)
    family.answer(["6_11"])
    while family.screen != "review":
        family.skip()
    family.submit()
    # the next person presses "back" and resends an earlier page of the previous family
    family.fields = on_question_two
    family.press("back", answer=["12_17"])
    assert family.status == 200 and "Danke!" in family.html
    assert 'value="3" checked' not in family.html and "6_11" not in family.html
    assert session.scalar(select(func.count()).select_from(Response)) == 1
