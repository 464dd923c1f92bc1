"""What staff print for a wave tells the truth: the poster invites in the languages the
questionnaire offers, says until when the survey runs and that a code is needed; code
slips come in each of those languages; the wave page says the assisted link asks for a
code on a code wave."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask_babel import force_locale, format_date
from pypdf import PdfReader

from questionnaires.library import library_questionnaire
from survey.models import District
from survey.services.questionnaires import publish
from tests.survey.test_printing import ARABIC, words
from tests.survey.test_staff_waves import berlin_today, create, neukoelln, staff, the_wave  # noqa: F401

LANGUAGES = ["de", "ar", "tr"]


def only(value: Any, languages: list[str]) -> Any:
    """The questionnaire's data with the texts of ``languages`` only."""
    everything = {"de", "en", "tr", "ar", "uk", "ru", "fa", "bg", "ro", "vi"}
    if isinstance(value, dict):
        if value and set(value) <= everything and all(isinstance(v, str) for v in value.values()):
            return {k: v for k, v in value.items() if k in languages}
        return {k: only(v, languages) for k, v in value.items()}
    if isinstance(value, list):
        return [only(v, languages) for v in value]
    return value


@pytest.fixture
def three_languages(session, neukoelln):  # noqa: F811
    from questionnaires import questionnaire_from_dict

    data = only(library_questionnaire("family_needs").to_data(), LANGUAGES)
    data["languages"] = LANGUAGES
    district = session.query(District).filter_by(code="08").one()
    version = publish(session, questionnaire_from_dict(data), berlin_today(), district.id)
    session.commit()
    return version, neukoelln[1]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_poster_invites_in_the_questionnaires_languages_with_the_last_day_and_the_code(
    app,
    staff,  # noqa: F811
    session,
    three_languages,  # noqa: F811
):
    version, places = three_languages
    assert create(staff, version, places[:1], codes_required="y").status_code == 302
    wave = the_wave(session)
    poster = staff.get(f"/staff/waves/{wave.id}/locations/{places[0].id}/poster.pdf")
    assert poster.status_code == 200
    text = " ".join(pdf_text(poster.data).split())
    with app.test_request_context(), force_locale("de"):
        german_day = format_date(wave.closes_on, "long")
    assert "Sagen Sie uns, was Ihre Familie braucht" in text
    assert "Sie brauchen einen Code vom Team hier." in text and f"Bis {german_day}." in text
    assert "Ailenizin neye ihtiyacı olduğunu" in text and "tarihine kadar" in text
    assert "Розкажіть" not in text and "Spuneți" not in text, (
        "no invitation in a language families cannot choose"
    )

    staff.get(f"/staff/waves/{wave.id}")
    page = " ".join(re.sub(r"<[^>]+>", " ", staff.html).split())
    assert "the assisted survey asks for a code too" in page
    assert "in the questionnaire's languages (de, ar, tr)" in page


def test_code_slips_come_in_each_language_of_the_questionnaire(staff, session, three_languages):  # noqa: F811
    version, places = three_languages
    create(staff, version, places[:1], codes_required="y")
    wave = the_wave(session)
    page = f"/staff/waves/{wave.id}"
    staff.submit(f"{page}/locations/{places[0].id}/codes", {"count": "2"}, form_page=page)
    staff.get(page)
    for language in LANGUAGES:
        assert f"{page}/locations/{places[0].id}/codes/1-{language}.pdf" in staff.html
    arabic = staff.get(f"{page}/locations/{places[0].id}/codes/1-ar.pdf")
    assert arabic.status_code == 200
    assert PdfReader(io.BytesIO(arabic.data)).trailer["/Root"]["/Lang"] == "ar"
    lines = pdf_text(arabic.data).splitlines()
    expected = words(ARABIC)
    assert any(expected <= (words(line) | words(line, backwards=True)) for line in lines) or any(
        expected <= words(" ".join(lines[i : i + 4])) | words(" ".join(lines[i : i + 4]), backwards=True)
        for i in range(len(lines))
    ), "the Arabic invitation on the slip"
    assert "Sagen Sie uns" not in pdf_text(arabic.data)
    german = staff.get(f"{page}/locations/{places[0].id}/codes/1.pdf")
    assert "Sagen Sie uns" in " ".join(pdf_text(german.data).split())
    assert staff.get(f"{page}/locations/{places[0].id}/codes/1-uk.pdf").status_code == 404


def test_a_poster_in_ten_languages_with_the_last_day_and_the_code_keeps_every_line_apart(
    staff,  # noqa: F811
    session,
    neukoelln,  # noqa: F811
):
    from tests.survey.test_printing import painted_rectangles, text_blocks

    version, places = neukoelln
    create(staff, version, places[:1], codes_required="y")
    poster = staff.get(f"/staff/waves/{the_wave(session).id}/locations/{places[0].id}/poster.pdf").data
    _image, (_x0, bottom, _x1, top) = painted_rectangles(poster, 0)
    blocks = text_blocks(poster)
    for (_size, _x, above), (size, _x2, below) in zip(blocks, blocks[1:], strict=False):
        assert above - below >= size, "a line runs into the one above it"
    assert all(not bottom - size < y < top for size, _x, y in blocks)
    assert min(size for size, _x, _y in blocks) >= 6.5
    assert all(y >= 1.4 * 72 / 2.54 for _size, _x, y in blocks), "nothing below the margin"
