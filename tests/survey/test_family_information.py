"""Switching language mid-way, plain-language information pages, read-aloud recordings."""

import re
from pathlib import Path

from tests.survey.family import Family


def test_switching_language_keeps_the_answers_and_the_screen(client, session, make_wave):
    wave = make_wave()
    code = wave.locations[0].code
    family = Family(client, code, "de").start()
    family.answer("2")
    assert f'formaction="/s/{code}/en"' in family.html
    family.url = f"/s/{code}/en"
    family.press("stay", answer=["under_3"])
    assert family.screen == "children_age" and "How old are the children?" in family.html
    assert 'value="under_3" checked' in family.html
    family.back()
    assert family.screen == "children_count" and 'value="2" checked' in family.html


def test_the_privacy_notice_and_accessibility_statement_exist_in_each_language(client, session, make_wave):
    code = make_wave().locations[0].code
    start = client.get(f"/s/{code}/de").get_data(as_text=True)
    assert f'href="/s/{code}/de/privacy?back=start"' in start
    assert f'href="/s/{code}/de/accessibility?back=start"' in start
    german = client.get(f"/s/{code}/de/privacy").get_data(as_text=True)
    assert "Was mit Ihren Antworten passiert" in german and "Die Uhrzeit speichern wir nicht" in german
    english = client.get(f"/s/{code}/en/accessibility").get_data(as_text=True)
    assert "Something did not work?" in english
    assert "mailto:" in english and "November 21, 2026" in english
    assert "21. November 2026" in client.get(f"/s/{code}/de/accessibility").get_data(as_text=True)
    assert client.get(f"/s/{code}/xx/privacy").status_code == 404
    assert client.get("/s/NOPE99/de/privacy").status_code == 404


def test_there_is_a_start_text_in_leichte_sprache(client, session, make_wave):
    code = make_wave().locations[0].code
    page = client.get(f"/s/{code}/leichte-sprache")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="de"' in html
    assert "Anonym bedeutet: Wir fragen nicht nach Ihrem Namen." in html
    assert f'href="/s/{code}/de"' in html


def test_read_aloud_buttons_are_there_but_hidden_until_the_phone_can_speak(client, session, make_wave):
    family = Family(client, make_wave().locations[0].code, "de").start()
    html = family.html
    assert html.count('class="read-aloud" hidden') == 1 + 5  # the question and its 5 choices
    assert 'data-read="question-text" data-lang="de"' in html
    script_url = re.search(r'<script src="(/assets/family\.[0-9a-f]{12}\.js)" defer></script>', html)
    assert script_url, html
    with client.get(script_url.group(1)) as served:
        script = served.get_data(as_text=True)
    assert "localService" in script, "only voices on the phone itself may read"


def test_a_recording_by_staff_is_used_and_served(app, client, session, make_wave):
    family = Family(client, make_wave().locations[0].code, "de")
    folder = Path(app.instance_path) / "audio" / "family_needs" / "de"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "children_count.mp3").write_bytes(b"ID3 fake mp3")
    try:
        html = family.start().html
        url = "/s/audio/family_needs/de/children_count.mp3"
        assert f'data-audio="{url}"' in html
        with client.get(url) as served:
            assert served.status_code == 200 and served.data == b"ID3 fake mp3"
        assert client.get("/s/audio/family_needs/de/../../../secret_key").status_code == 404
    finally:
        (folder / "children_count.mp3").unlink()


def test_information_from_a_question_leads_back_to_that_question_with_its_answers(client, session, make_wave):
    code = make_wave().locations[0].code
    family = Family(client, code, "ar").start()
    family.answer("2")
    assert family.screen == "children_age"
    for topic in ("privacy", "accessibility"):
        assert f'formaction="/s/{code}/ar/{topic}"' in family.html  # a button of the answer form
    family.url = f"/s/{code}/ar/privacy"
    family.press("about", answer=["under_3", "6_11"])  # chosen on the screen, not yet sent
    assert family.status == 200 and 'lang="ar" dir="rtl"' in family.html
    assert (
        '<ul class="plain">' in family.html and f'<form method="post" action="/s/{code}/ar">' in family.html
    )
    kept = re.findall(r'<input type="hidden" name="answer" value="([^"]*)">', family.html)
    assert kept == ["under_3", "6_11"]
    family.url = f"/s/{code}/ar"
    family.press("stay", answer=kept)  # "Back to the survey": the form as the page holds it
    assert family.screen == "children_age"
    assert 'value="under_3" checked' in family.html and 'value="6_11" checked' in family.html
    family.back()
    assert family.screen == "children_count" and 'value="2" checked' in family.html


def test_information_from_another_site_is_refused(client, session, make_wave):
    code = make_wave().locations[0].code
    refused = client.post(
        f"/s/{code}/de/privacy", data={"progress": "x"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert refused.status_code == 403


def test_leichte_sprache_is_offered_on_german_pages_and_the_language_page_only(client, session, make_wave):
    code = make_wave().locations[0].code
    easy = f'href="/s/{code}/leichte-sprache"'
    assert easy in client.get(f"/s/{code}", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert easy in client.get(f"/s/{code}/de").get_data(as_text=True)
    assert easy in Family(client, code, "de").start().html
    for language in ("tr", "ar", "en"):
        assert easy not in client.get(f"/s/{code}/{language}").get_data(as_text=True), language
        assert easy not in Family(client, code, language).start().html, language


def test_the_accessibility_statement_gives_the_enforcement_office_with_address_and_link(
    app, client, session, make_wave
):
    code = make_wave().locations[0].code
    html = client.get(f"/s/{code}/en/accessibility").get_data(as_text=True)
    assert app.config["ENFORCEMENT_OFFICE"] in html
    assert app.config["ENFORCEMENT_OFFICE_ADDRESS"] in html
    assert f'<a href="{app.config["ENFORCEMENT_OFFICE_URL"]}"' in html


def test_the_kiosk_thank_you_page_does_not_say_close_this_page(client, session, make_wave):
    code = make_wave().locations[0].code
    for query, says_close in (("?kiosk=1", False), ("", True)):
        family = Family(client, code, "en", query=query).open().press("next")
        while family.screen != "review":
            family.skip()
        family.submit()
        assert "Thank you!" in family.html
        assert ("You can close this page now." in family.html) == says_close, query
