"""The frequency tables equal what plain SQL counts in the database (SQLite and PostgreSQL),
and every cell that differs from plain SQL is a suppressed one, for a reason."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from sqlalchemy import text

from analysis import aggregate
from analysis.disclosure import ALL, BASE, COMPLEMENT, SMALL, Protected
from analysis.load import load_wave
from questionnaires.library import library_questionnaire
from survey.models import District

NEEDS = library_questionnaire("family_needs")
LANGUAGES = ["de", "de", "de", "tr", "tr", "ar", "uk"]


def family(rng: random.Random, regions: list[str]) -> dict:
    """A plausible, valid set of answers (some questions skipped)."""
    answers: dict = {}

    def maybe(code, value):
        if rng.random() > 0.1:
            answers[code] = value

    maybe("children_count", rng.choice(["1", "2", "2", "3", "4_plus", "no_answer"]))
    maybe("children_age", rng.sample(["under_3", "3_5", "6_11", "12_17"], rng.randint(1, 2)))
    maybe("caregivers", rng.choice(["alone", "two_adults", "two_adults", "with_others"]))
    maybe("district_region", rng.choice([*regions, regions[0], "other_district"]))
    maybe("benefits", rng.choice(["yes", "yes", "no", "no", "dont_know"]))
    maybe("wellbeing", rng.choice(["very_good", "good", "middle", "middle", "bad"]))
    if rng.random() < 0.1:
        answers["difficulties"] = ["none"]
    else:
        maybe("difficulties", rng.sample(["money", "money", "housing", "stress", "paperwork", "health"], 2))
    for offer in ("offer_family_center", "offer_district_mothers", "offer_family_counselling"):
        maybe(offer, rng.choice(["unknown", "known_not_used", "used", "used"]))
    maybe("barriers", rng.sample(["not_informed", "times", "language", "costs"], rng.randint(1, 3)))
    maybe("wishes", rng.sample(["free_leisure", "help_forms", "counselling_own_language"], rng.randint(1, 2)))
    answers = {k: sorted(set(v)) if isinstance(v, list) else v for k, v in answers.items()}
    return answers


@pytest.fixture
def stored(session, make_wave, submit):
    """A wave of 90 responses at three locations in two district regions."""
    wave = make_wave(locations=3)
    district = session.query(District).filter_by(code="08").one()
    wave.locations[2].region = district.regions[1]
    session.commit()
    regions = [r.code for r in district.regions[:3]]
    rng = random.Random(7)
    for _ in range(90):
        submit(
            wave,
            family(rng, regions),
            location=rng.choice([0, 0, 1, 2]),
            language=rng.choice(LANGUAGES),
            assisted=rng.random() < 0.3,
        )
    return wave


def sql_counts(
    session, wave_id: int, question: str, group_sql: str | None = None, where: str = ""
) -> dict[tuple[str, str], int]:
    """(row, group) -> respondents, by plain SQL; row BASE is those who answered."""
    group = group_sql or "'all'"
    grouped = f", {group_sql}" if group_sql else ""
    joins = (
        "JOIN response r ON r.id = a.response_id JOIN location l ON l.id = r.location_id "
        "LEFT JOIN district_region d ON d.id = l.region_id"
    )
    filters = f"r.wave_id = :wave AND a.question = :question {where}"
    out = {}
    for row, grp, n in session.execute(
        text(
            f"SELECT a.choice, {group}, COUNT(DISTINCT a.response_id) FROM answer a {joins} "
            f"WHERE {filters} GROUP BY a.choice{grouped}"
        ),
        {"wave": wave_id, "question": question},
    ):
        out[(row, str(grp))] = n
    for grp, n in session.execute(
        text(
            f"SELECT {group}, COUNT(DISTINCT a.response_id) FROM answer a {joins} WHERE {filters}"
            + (f" GROUP BY {group_sql}" if group_sql else "")
        ),
        {"wave": wave_id, "question": question},
    ):
        out[(BASE, str(grp))] = n
    return out


def assert_matches(
    table: Protected, expected: dict[tuple[str, str], int], by: str, only: str | None = None
) -> None:
    checked = 0
    for (column_by, group), column in table.counts.items():
        if column_by != by or (only is not None and group != only):
            continue
        for row, shown in column.items():
            truth = expected.get((str(row), str(group)), 0)
            reason = table.reason(str(row), column_by, str(group))
            if shown is pd.NA:
                assert reason in (SMALL, COMPLEMENT, "withheld")
                if reason == SMALL:
                    assert truth < table.k
                else:
                    assert truth >= table.k or reason == "withheld"
            else:
                assert int(shown) == truth, (row, group)
                assert truth >= table.k
                base = table.counts.loc[BASE, (column_by, group)]
                if row != BASE and base is not pd.NA:
                    assert table.shares.loc[row, (column_by, group)] == pytest.approx(100 * truth / int(base))
            checked += 1
    assert checked > 0
    # every count below k is hidden, wherever it is
    for (row, group), n in expected.items():
        if n < table.k and (by, group) in table.counts.columns and row in table.counts.index:
            assert table.counts.loc[row, (by, group)] is pd.NA


@pytest.mark.parametrize(
    "question", ["benefits", "caregivers", "difficulties", "barriers", "wellbeing", "offer_family_center"]
)
def test_frequencies_equal_plain_sql(session, engine, stored, question):
    answers = load_wave(engine, stored.id).answers
    table = aggregate.frequencies(answers, NEEDS, question)
    expected = sql_counts(session, stored.id, question)
    assert_matches(table, expected, "all")
    assert sum(1 for _ in table.counts.index) == len(NEEDS.question(question).choices) + 1
    shown = table.counts[ALL].notna()
    assert shown.any()


BREAKDOWN_SQL = {
    "region": "d.code",
    "location": "l.code",
    "language": "r.language",
    "assisted": "CASE WHEN r.assisted THEN 'assisted' ELSE 'self' END",
}


@pytest.mark.parametrize("by", list(BREAKDOWN_SQL))
@pytest.mark.parametrize("question", ["benefits", "difficulties"])
def test_breakdowns_equal_plain_sql(session, engine, stored, question, by):
    answers = load_wave(engine, stored.id).answers
    table = aggregate.frequencies(answers, NEEDS, question, by)
    assert_matches(table, sql_counts(session, stored.id, question, BREAKDOWN_SQL[by]), by)
    assert_matches(table, sql_counts(session, stored.id, question), "all")
    # the whole-wave column is published exactly as in the plain table
    plain = aggregate.frequencies(answers, NEEDS, question)
    assert table.marks[ALL].tolist() == plain.marks[ALL].tolist()


@pytest.mark.parametrize(
    ("group", "condition"),
    [
        ("single_parent", "question = 'caregivers' AND choice = 'alone'"),
        ("many_children", "question = 'children_count' AND choice IN ('3', '4_plus')"),
        ("on_benefits", "question = 'benefits' AND choice = 'yes'"),
    ],
)
def test_family_types_equal_plain_sql(session, engine, stored, group, condition):
    answers = load_wave(engine, stored.id).answers
    table = aggregate.frequencies(answers, NEEDS, "wishes", "family_type")
    where = f"AND r.id IN (SELECT response_id FROM answer WHERE {condition})"
    counted = sql_counts(session, stored.id, "wishes", where=where)
    expected = {(row, group): n for (row, _), n in counted.items()}
    assert_matches(table, expected, "family_type", only=group)


def test_age_groups_and_the_funnel_equal_plain_sql(session, engine, stored):
    answers = load_wave(engine, stored.id).answers
    ages = aggregate.frequencies(answers, NEEDS, "benefits", "age_group")
    assert [g for b, g in ages.counts.columns if b == "age_group"] == ["under_3", "3_5", "6_11", "12_17"]
    for age in ("under_3", "3_5", "6_11", "12_17"):
        where = (
            "AND r.id IN (SELECT response_id FROM answer"
            f" WHERE question = 'children_age' AND choice = '{age}')"
        )
        counted = sql_counts(session, stored.id, "benefits", where=where)
        expected = {(row, age): n for (row, _), n in counted.items()}
        assert_matches(ages, expected, "age_group", only=age)

    funnel = aggregate.offers_funnel(answers, NEEDS)
    assert [g for _, g in funnel.counts.columns] == aggregate.offer_questions(NEEDS)
    for offer in ("offer_family_center", "offer_district_mothers", "offer_family_counselling"):
        expected = {(row, offer): n for (row, _), n in sql_counts(session, stored.id, offer).items()}
        assert_matches(funnel, expected, "offer", only=offer)


def test_respondents_per_language_equal_plain_sql(session, engine, stored):
    answers = load_wave(engine, stored.id).answers
    table = aggregate.respondents(answers, "language")
    expected = {
        (BASE, lang): n
        for lang, n in session.execute(
            text("SELECT language, COUNT(*) FROM response WHERE wave_id = :w GROUP BY language"),
            {"w": stored.id},
        )
    }
    assert_matches(table, expected, "language")
    assert table.counts.loc[BASE, ALL] == 90
