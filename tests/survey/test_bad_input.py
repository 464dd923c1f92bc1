"""Whatever a client sends to the family pages, the answer is a page or a 4xx, never a
500, and nothing is stored that a family did not send whole."""

import random

from sqlalchemy import func, select

from survey.models import Answer, Response
from tests.survey.family import Family

JUNK = [
    "",
    " ",
    "0",
    "-1",
    "9" * 30,
    "\x00",
    "﷽",
    "<script>",
    "'; drop table answer; --",
    "%(x)s",
    "ä" * 400,
    "١٢",
    "none",
    "money",
    "yes",
    "review",
    "start",
    "children_count",
    "081004",
    "🙂",
    "\ud7ff",
]


def test_a_barrage_of_malformed_family_requests_never_gets_a_500(client, session, make_wave):
    wave = make_wave()
    code = wave.locations[0].code
    family = Family(client, code, "de").start()
    real_token = family.fields["progress"]
    rng = random.Random(20261121)
    screens = ["start", "review", "children_count", "difficulties", "district_region", "wellbeing", "nope"]
    statuses = []
    for _ in range(400):
        token = rng.choice([real_token, real_token[:-2], real_token + "x", "", rng.choice(JUNK)])
        data = {
            "progress": token,
            "screen": rng.choice(screens + JUNK),
            "nav": rng.choice(["next", "back", "skip", "stay", "review", "submit", ""] + JUNK),
            "answer": [rng.choice(JUNK) for _ in range(rng.randint(0, 12))],
        }
        if rng.random() < 0.3:
            data["edit"] = rng.choice(screens + JUNK)
        language = rng.choice(["de", "ar", "en", "xx", "DE", "../de"])
        headers = rng.choice(
            [{}, {"Sec-Fetch-Site": "same-origin"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}]
        )
        status = client.post(f"/s/{code}/{language}", data=data, headers=headers).status_code
        statuses.append(status)
        assert status < 500, (data, language, headers)
    assert {200, 400, 403, 404, 422} <= set(statuses), "the barrage reached every kind of answer"
    # a few of those sent the real token with nav=submit from the review: those may store
    # one response (the same form), never more, and never a half one
    responses = session.scalar(select(func.count()).select_from(Response))
    assert responses <= 1
    orphans = session.scalar(
        select(func.count()).select_from(Answer).where(Answer.response_id.not_in(select(Response.id)))
    )
    assert orphans == 0


def test_control_characters_in_free_text_are_removed_before_storage(client, session, make_wave):
    wave = make_wave("offer_feedback")
    family = Family(client, wave.locations[0].code, "de").start()
    family.skip()  # usefulness
    family.skip()  # times attended
    family.skip()  # keep
    family.answer(["more_often"])
    family.answer("Abends\x00 bitte\x07\r\nund am Wochenende\x1b")
    family.answer("yes")
    assert family.screen == "review"
    family.submit()
    assert family.status == 200
    texts = session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert texts == ["Abends bitte\nund am Wochenende"]
