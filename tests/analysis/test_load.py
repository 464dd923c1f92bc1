"""The loader: stored answers of a wave as one tidy table, from the database and from CSV."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from analysis.load import COLUMNS, from_csv, load_wave, responses_of, to_csv

from .conftest import DAY


def rows(frame: pd.DataFrame) -> list[tuple]:
    def plain(value):
        missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
        return None if missing else value

    return [tuple(plain(v) for v in row) for row in frame.astype(object).itertuples(index=False)]


def test_a_wave_becomes_one_row_per_answer_with_the_response_facts(engine, make_wave, submit):
    wave = make_wave(locations=2)
    other = make_wave()
    first, second = wave.locations
    region = first.region.code
    submit(
        wave, {"children_count": "3", "children_age": ["under_3", "6_11"], "benefits": "yes"}, language="ar"
    )
    submit(wave, {}, location=1, assisted=True)  # everything skipped: still a response
    submit(wave, {"district_region": region, "wellbeing": "bad"}, language="uk")
    submit(other, {"children_count": "1"})

    data = load_wave(engine, wave.id)

    frame = data.answers
    assert tuple(frame.columns) == COLUMNS
    ids = sorted(frame["response_id"].unique())
    assert len(ids) == 3
    day = pd.Timestamp(DAY)
    assert rows(frame.drop(columns="response_id")) == [
        (wave.id, first.code, region, "ar", day, False, "children_count", "3", None, None),
        (wave.id, first.code, region, "ar", day, False, "children_age", "under_3", None, None),
        (wave.id, first.code, region, "ar", day, False, "children_age", "6_11", None, None),
        (wave.id, first.code, region, "ar", day, False, "benefits", "yes", None, None),
        (wave.id, second.code, second.region.code, "de", day, True, None, None, None, None),
        (wave.id, first.code, region, "uk", day, False, "district_region", region, None, None),
        (wave.id, first.code, region, "uk", day, False, "wellbeing", "bad", None, None),
    ]
    assert list(frame["response_id"]) == [ids[0]] * 4 + [ids[1]] + [ids[2]] * 2
    assert len(responses_of(frame)) == 3

    assert data.questionnaire.code == "family_needs"
    assert data.questionnaire.has_question("offer_family_center")
    assert (data.wave.id, data.wave.district_code, data.wave.district_name) == (wave.id, "08", "Neukölln")
    assert (data.wave.opens_on, data.wave.closes_on) == (wave.opens_on, wave.closes_on)
    assert data.locations == {first.code: first.name, second.code: second.name}
    assert region in data.regions and all(code.startswith("08") for code in data.regions)
    assert len(data.regions) == len(first.district.regions)


@pytest.mark.committing  # by URL, analysis opens a connection of its own
def test_numbers_and_texts_are_kept_and_the_url_works_too(app, make_wave, submit):
    wave = make_wave(questionnaire="offer_feedback")
    submit(
        wave,
        {
            "times_attended": "12",
            "change": ["other_time"],
            "change_more": 'Später, bitte; "gern"\nmehr',
            "come_again": "yes",
        },
    )

    data = load_wave(app.config["DATABASE_URL"], wave.id)

    frame = data.answers.set_index("question")
    assert frame.loc["times_attended", "number"] == 12
    assert frame.loc["change_more", "text"] == 'Später, bitte; "gern"\nmehr'
    assert frame.loc["come_again", "choice"] == "yes"
    assert str(frame["number"].dtype) == "Float64"  # a number may have decimals


def test_an_empty_wave_gives_an_empty_table_with_the_same_columns(engine, make_wave):
    wave = make_wave()
    frame = load_wave(engine, wave.id).answers
    assert frame.empty and tuple(frame.columns) == COLUMNS


def test_an_unknown_wave_is_an_error(engine, make_wave):
    with pytest.raises(LookupError):
        load_wave(engine, 987654)


def test_csv_export_reads_back_identically(engine, make_wave, submit):
    wave = make_wave(questionnaire="offer_feedback", locations=2)
    submit(
        wave, {"usefulness": "helpful", "times_attended": "3", "keep": ["people", "language"]}, language="fa"
    )
    submit(
        wave,
        {"change": ["nothing"], "change_more": 'Ein Komma, ein "Zitat"\nund: نعم'},
        location=1,
        assisted=True,
    )
    submit(wave, {})
    frame = load_wave(engine, wave.id).answers

    buffer = io.StringIO()
    to_csv(frame, buffer)
    text = buffer.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    again = from_csv(io.StringIO(text))

    pd.testing.assert_frame_equal(again, frame)


def test_csv_keeps_codes_that_look_like_numbers_or_missing_values(tmp_path):
    frame = pd.DataFrame(
        {
            "response_id": [1, 2],
            "wave_id": [1, 1],
            "location": ["0001", "NA"],
            "region": ["081004", None],
            "language": ["de", "en"],
            "submitted_on": ["2026-01-02", "2026-01-03"],
            "assisted": [True, False],
            "question": ["children_count", "benefits"],
            "choice": ["3", "no"],
            "number": [None, None],
            "text": [None, None],
        }
    )
    path = tmp_path / "answers.csv"
    to_csv(frame, path)
    again = from_csv(path)
    assert list(again["location"]) == ["0001", "NA"]
    assert list(again["choice"]) == ["3", "no"]
    assert again["region"].isna().tolist() == [False, True]
    assert again["assisted"].tolist() == [True, False]


def test_analysis_never_imports_the_web_app():
    code = (
        "import sys, analysis, analysis.load, analysis.disclosure, analysis.publication, analysis.report,"
        " analysis.render, analysis.pdf, analysis.__main__\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('survey', 'flask', 'flask_babel'))\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_family_pages_never_import_pandas_or_matplotlib(tmp_path):
    code = (
        "import sys\nfrom survey import create_app\n"
        f"app = create_app({{'TESTING': True, 'SECRET_KEY': 'x', 'DATABASE_URL': 'sqlite:///{tmp_path}/x.db'}})\n"
        "app.test_client().get('/')\n"
        "heavy = ('pandas', 'matplotlib', 'analysis', 'reportlab')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
