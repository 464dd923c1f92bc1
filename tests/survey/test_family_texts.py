"""What a family reads back and types: free text with its limit, masked contact details
in the family's language, and answers on the review page in their own direction."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import select

from survey.models import Answer
from tests.survey.family import Family

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@cache
def translated(language: str, msgid: str) -> str:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        message = read_po(po, locale=language).get(msgid)
    assert message is not None and message.string, (language, msgid)
    return message.string


def to_free_text(family: Family) -> Family:
    family.start()
    while family.screen != "change":
        family.skip()
    return family.answer(["other_time"])


def textarea(family: Family) -> str:
    found = re.search(r"<textarea[^>]*>([^<]*)</textarea>", family.html)
    assert found, family.html
    return found.group(1)


def test_a_long_text_is_not_cut_but_kept_with_a_message(client, session, make_wave):
    code = make_wave(questionnaire="offer_feedback").locations[0].code
    family = to_free_text(Family(client, code, "de"))
    assert family.screen == "change_more"
    assert "maxlength" not in family.html  # a browser would cut a pasted text silently
    assert "Sie können bis zu 300 Zeichen schreiben." in family.html
    long = ("Wörter " * 60).strip()  # 419 characters
    family.answer(long)
    assert family.status == 422 and family.screen == "change_more"
    assert family.error == "Bitte schreiben Sie höchstens 300 Zeichen. Jetzt sind es 419."
    assert textarea(family) == long
    assert 'aria-invalid="true"' in family.html


def test_masked_contact_details_read_in_the_familys_language_and_are_stored_as_codes(
    client, session, make_wave
):
    code = make_wave(questionnaire="offer_feedback").locations[0].code
    family = to_free_text(Family(client, code, "ar"))
    family.answer("اتصلوا بي 0176 1234567 أو a@b.de")
    while family.screen != "review":
        family.skip()
    phone, email = translated("ar", "[Phone]"), translated("ar", "[E-mail]")
    assert phone != "[Telefon]" and email != "[E-Mail]"
    assert f"اتصلوا بي {phone} أو {email}" in family.html
    assert "[Telefon]" not in family.html and "[E-Mail]" not in family.html

    family.press(edit="change_more")  # back to the text: the masks in Arabic, sent again
    assert textarea(family) == f"اتصلوا بي {phone} أو {email}"
    family.press("review", answer=textarea(family))
    family.submit()
    stored = session.scalars(select(Answer.text).where(Answer.question == "change_more")).all()
    assert stored == ["اتصلوا بي [Telefon] أو [E-Mail]"]


def test_review_answers_keep_their_own_direction_on_a_right_to_left_page(client, session, make_wave):
    code = make_wave().locations[0].code
    family = Family(client, code, "ar").start()
    while family.screen != "channels":
        family.skip()
    family.answer(["kita_school", "friends_family"])
    while family.screen != "review":
        family.skip()
    row = re.search(r"<dd><span class=\"answers\">(.*?)</span>", family.html)
    assert row, family.html
    answers = re.findall(r'<bdi lang="(\w+)" dir="(\w+)">([^<]*)</bdi>', row.group(1))
    assert [(lang, direction) for lang, direction, _ in answers] == [("ar", "rtl"), ("ar", "rtl")]
    assert answers[0][2] == "Kita أو المدرسة"
    assert translated("ar", ", ") in row.group(1)
