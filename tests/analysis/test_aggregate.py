"""Aggregation on hand-made and synthetic answer tables (no database)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import aggregate
from analysis.disclosure import ALL, BASE, Protected
from analysis.load import COLUMNS, tidy
from analysis.synthetic import wave_answers
from questionnaires.library import library_questionnaire

NEEDS = library_questionnaire("family_needs")
REGIONS = ["081001", "081002", "081003", "081004"]
PLACES = [("FZA1", "081001"), ("FZB2", "081004")]


def families(*people: dict) -> pd.DataFrame:
    """A tidy table from ``{"language": .., "location": .., "assisted": .., "answers": {..}}``."""
    rows = []
    for number, person in enumerate(people, start=1):
        place = person.get("location", PLACES[0])
        facts = (
            number,
            1,
            place[0],
            place[1],
            person.get("language", "de"),
            "2026-10-01",
            person.get("assisted", False),
        )
        answers = person.get("answers", {})
        if not answers:
            rows.append((*facts, None, None, None, None))
        for question, value in answers.items():
            for choice in value if isinstance(value, list) else [value]:
                rows.append((*facts, question, choice, None, None))
    return tidy(pd.DataFrame(rows, columns=list(COLUMNS)))


def test_a_multiple_choice_question_counts_families_and_shares_are_of_those_who_answered():
    answers = families(
        *[{"answers": {"difficulties": ["money", "housing"]}}] * 6,
        *[{"answers": {"difficulties": ["money"]}}] * 6,
        *[{"answers": {"benefits": "yes"}}] * 3,
    )
    table = aggregate.frequencies(answers, NEEDS, "difficulties")
    assert table.counts.loc["money", ALL] == 12
    assert table.counts.loc["housing", ALL] == 6
    assert table.counts.loc[BASE, ALL] == 12
    assert table.shares.loc["money", ALL] == pytest.approx(100.0)
    assert table.shares.loc["housing", ALL] == pytest.approx(50.0)
    assert table.marks.loc["stress", ALL] == "< 5"  # nobody named it: shown as below five


def test_family_types_follow_the_answers():
    single = {"caregivers": "alone", "benefits": "yes", "wishes": ["help_forms"]}
    large = {"children_count": "4_plus", "benefits": "no", "wishes": ["free_leisure"]}
    answers = families(
        *[{"answers": single}] * 6,
        *[{"answers": large}] * 7,
        *[{"answers": {"children_count": "2", "wishes": ["free_leisure"]}}] * 9,
    )
    group_of, groups = aggregate.members(answers, "family_type")
    assert groups == ["single_parent", "many_children", "on_benefits"]
    sizes = group_of.groupby("group").size()
    assert (sizes["single_parent"], sizes["many_children"], sizes["on_benefits"]) == (6, 7, 6)
    table = aggregate.frequencies(answers, NEEDS, "wishes", "family_type")
    # 16 free_leisure overall, 7 of them from large families (the other 9 are shown nowhere)
    assert table.counts.loc["free_leisure", ALL] == 16
    assert table.counts.loc["free_leisure", ("family_type", "many_children")] == 7
    # all 6 who wish help with forms are single parents: showing 6 of 6 would tell that no
    # one else did, so the single parents' 6 is hidden
    assert table.counts.loc["help_forms", ALL] == 6
    assert table.marks.loc["help_forms", ("family_type", "single_parent")] == "×"


def test_the_ranking_order_never_hints_at_a_hidden_count():
    answers = families(
        *[{"answers": {"wishes": ["help_forms", "free_leisure"]}}] * 8,
        *[{"answers": {"wishes": ["free_leisure"]}}] * 4,
        *[{"answers": {"wishes": ["parent_meeting"]}}] * 3,
        *[{"answers": {"wishes": ["homework_help"]}}] * 1,
    )
    ranking = aggregate.needs_ranking(answers, NEEDS, "wishes")
    assert ranking.order[:2] == ("free_leisure", "help_forms")
    hidden = [c for c in ranking.order[2:]]
    # the hidden ones (3 and 1) stay in questionnaire order, not by their size
    codes = [c.code for c in NEEDS.question("wishes").choices]
    assert hidden == [c for c in codes if c not in ("free_leisure", "help_forms")]


def test_the_offers_funnel_has_one_column_per_offer_and_adds_up():
    data = wave_answers(NEEDS, 600, locations=PLACES, regions=REGIONS, seed=2)
    funnel = aggregate.offers_funnel(data, NEEDS)
    assert isinstance(funnel, Protected)
    assert list(funnel.counts.index) == ["unknown", "known_not_used", "used", BASE]
    for column in funnel.counts.columns:
        shown = funnel.counts[column]
        if shown.notna().all():
            assert shown.iloc[:3].sum() == shown[BASE]


def test_a_cross_table_of_two_breakdowns_uses_ten_and_repeats_both_one_way_tables():
    data = wave_answers(NEEDS, 800, locations=PLACES, regions=REGIONS, seed=3)
    cross = aggregate.crosstab(data, NEEDS, "benefits", ("region", "language"))
    assert cross.k == 10
    by_region = aggregate.frequencies(data, NEEDS, "benefits", "region")
    by_language = aggregate.frequencies(data, NEEDS, "benefits", "language")
    for one in (by_region, by_language):
        for column in one.counts.columns:
            assert cross.marks[column].tolist() == one.marks[column].tolist()
    inner = [c for c in cross.counts.columns if c[0] == "region|language"]
    for column in inner:
        shown = cross.counts[column].dropna()
        assert (shown >= 10).all()
    with pytest.raises(ValueError):
        aggregate.crosstab(data, NEEDS, "benefits", ("region", "family_type"))


def test_wave_change_needs_the_same_questionnaire_and_shows_changes_of_shown_figures():
    first = wave_answers(NEEDS, 400, locations=PLACES, regions=REGIONS, seed=4)
    second = wave_answers(NEEDS, 500, locations=PLACES, regions=REGIONS, seed=5)
    change = aggregate.wave_change(first, second, NEEDS, NEEDS, "wellbeing")
    before = aggregate.frequencies(first, NEEDS, "wellbeing")
    after = aggregate.frequencies(second, NEEDS, "wellbeing")
    for row in change.index:
        if change.loc[row, "change"] is not pd.NA:
            assert change.loc[row, "change"] == after.counts.loc[row, ALL] - before.counts.loc[row, ALL]
    assert change.loc[BASE, "before"] == before.counts.loc[BASE, ALL]
    with pytest.raises(ValueError):
        aggregate.wave_change(first, second, NEEDS, library_questionnaire("offer_feedback"), "wellbeing")


def test_reach_per_hundred_children_uses_shown_counts_only():
    answers = families(
        *[{"answers": {"district_region": "081001"}}] * 12,
        *[{"answers": {"district_region": "081002"}}] * 2,
        *[{"answers": {"district_region": "081003"}}] * 6,
    )
    frame = aggregate.reach(answers, {"081001": 600, "081002": 400, "081003": 300}).set_index("region")
    assert frame.loc["081001", "per_100_children"] == pytest.approx(2.0)
    assert frame.loc["081002", "answers"] is pd.NA and frame.loc["081002", "per_100_children"] is pd.NA
    assert frame.loc["081002", "mark"] in ("< 5", "×")


def test_synthetic_families_are_plausible():
    data = wave_answers(NEEDS, 3000, locations=PLACES, regions=REGIONS, seed=6)
    assert data["response_id"].nunique() == 3000
    languages = aggregate.respondents(data, "language").counts.loc[BASE]
    assert languages[("language", "de")] > languages[("language", "tr")] > languages[("language", "vi")]
    benefits = aggregate.frequencies(data, NEEDS, "benefits", "family_type").shares
    assert benefits.loc["yes", ("family_type", "single_parent")] > benefits.loc["yes", ALL] + 5
    wishes = data[data["question"] == "difficulties"].groupby("response_id").size()
    assert wishes.max() <= 3


def test_an_unknown_breakdown_is_an_error():
    with pytest.raises(ValueError):
        aggregate.frequencies(families({"answers": {"benefits": "yes"}}), NEEDS, "benefits", "shoe_size")
