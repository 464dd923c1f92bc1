"""The audit: nothing a wave publishes — every table of every breakdown, every release
over time, the wave page — lets a reader pin a count below k.

Hypothesis builds random questionnaires (every question type, conditions, breakdown
questions) and random small waves (a language with one family, a location with three
answers, …), and lets them live: an open wave reported batch after batch, closing, an
extension with a second close. After every release, every figure of every report the
wave offers (each breakdown, the comparison of releases is the same figures) is read
back from the report itself, checked against what the release decided, and all of it
— with what the wave page told staff — goes into one integer system
(:mod:`tests.analysis.attack`), which must not pin any hidden count: neither a count
from 1 to k - 1 nor a hidden zero.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure import FULL, INTERIM, SHOWN, Rules
from analysis.load import WaveInfo
from analysis.public import public_breakdown, public_figures, tenths
from analysis.publication import Publication
from analysis.releases import WaveFacts, next_release, structure_for
from analysis.report import breakdowns, build
from analysis.synthetic import wave_answers
from analysis.tally import microdata
from questionnaires import questionnaire_from_dict
from tests.analysis.attack import Attack

K = 5
REGIONS = ("080101", "080102")
DAY = dt.date(2026, 10, 1)
RULES = Rules(K)


# -- random questionnaires and waves -------------------------------------------------------------


def _choices(prefix: str, count: int) -> list[dict]:
    return [{"code": f"{prefix}{i}", "text": {"de": f"{prefix} {i}"}} for i in range(count)]


@st.composite
def questionnaires(draw):
    """2 to 5 questions of random types; some break others down; one may be shown only
    after an answer to an earlier choice question."""
    questions = []
    kinds = draw(
        st.lists(
            st.sampled_from(["single", "yesno", "scale", "multiple", "number", "text"]),
            min_size=2,
            max_size=5,
        )
    )
    for number, kind in enumerate(kinds):
        code = f"q{number}"
        question: dict = {"code": code, "type": kind, "text": {"de": f"Frage {number}"}}
        if kind == "single":
            question["choices"] = _choices(f"{code}c", draw(st.integers(2, 4)))
        elif kind == "scale":
            question["choices"] = _choices(f"{code}s", 3)
        elif kind == "multiple":
            options = _choices(f"{code}m", draw(st.integers(2, 4)))
            if draw(st.booleans()):
                options[-1]["exclusive"] = True
            question["choices"] = options
            if draw(st.booleans()):
                question["max_choices"] = draw(st.integers(1, len(options)))
        elif kind == "number":
            question.update({"min": 0, "max": draw(st.integers(3, 12))})
            if draw(st.booleans()):  # numbers with decimals: ranges in steps of 0.1 or 0.01
                question["decimals"] = draw(st.integers(1, 2))
        if kind in ("single", "yesno", "multiple", "scale") and draw(st.booleans()):
            question["report"] = {"breakdown": True}
        questions.append(question)
    earlier = [q for q in questions[:-1] if q["type"] in ("single", "yesno", "multiple", "scale")]
    if earlier and len(questions) > 1 and draw(st.booleans()):
        target = draw(st.sampled_from(earlier))
        last = questions[-1]
        if questions.index(target) < len(questions) - 1:
            codes = [c["code"] for c in target.get("choices", [])] or ["yes", "no"]
            last["show_if"] = {
                "question": target["code"],
                "any_of": draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)),
            }
            last.pop("report", None)
    languages = ["de", *draw(st.lists(st.sampled_from(["tr", "ar", "vi"]), max_size=2, unique=True))]
    for question in questions:  # texts in every language, so every language is offered
        for holder in [question, *question.get("choices", [])]:
            holder["text"] = {lang: f"{holder['text']['de']} ({lang})" for lang in languages}
    return questionnaire_from_dict(
        {
            "code": "audit",
            "source_language": "de",
            "languages": languages,
            "title": {lang: "Audit" for lang in languages},
            "questions": questions,
        }
    )


@st.composite
def waves(draw):
    questionnaire = draw(questionnaires())
    locations = draw(
        st.sampled_from(
            [
                [("L1", REGIONS[0]), ("L2", REGIONS[0])],
                [("L1", REGIONS[0]), ("L2", REGIONS[1]), ("L3", REGIONS[1])],
                [("L1", REGIONS[0]), ("L2", None)],
            ]
        )
    )
    total = draw(st.integers(8, 60))
    answers = wave_answers(
        questionnaire,
        total,
        locations=locations,
        regions=REGIONS,
        seed=draw(st.integers(0, 10_000)),
        texts=0.4,
    )
    # a life: answers arrive, the report is read now and then, the wave closes, perhaps it
    # is extended and closes again
    looks = sorted(draw(st.lists(st.integers(1, total), max_size=4)))
    close = draw(st.integers(max(looks, default=1), total))
    reopen = draw(st.booleans()) and close < total
    schedule = [(n, False) for n in looks] + [(close, True)] + ([(total, True)] if reopen else [])
    return questionnaire, locations, answers, schedule


def live(questionnaire, locations, answers, schedule, rules=RULES):
    """Every release of a wave that follows ``schedule`` ((answers so far, closed?) …)."""
    facts = WaveFacts(tuple(code for code, _ in locations), dict(locations), REGIONS)
    releases = []
    for count, closed in schedule:
        so_far = answers[answers["response_id"] <= count]
        reached = frozenset(
            str(code)
            for code, n in so_far.drop_duplicates("response_id")["location"]
            .astype(object)
            .value_counts()
            .items()
            if n >= rules.k
        )
        new = next_release(questionnaire, facts, so_far, releases, closed, DAY, rules, reached)
        if new is not None:
            releases.append(new)
    return facts, releases


def published(questionnaire, locations, facts, releases, closed=True) -> Publication:
    info = WaveInfo(1, "Audit", DAY - dt.timedelta(days=30), DAY, "08", "Neukölln", "audit", 1)
    return Publication(
        info,
        questionnaire,
        {code: f"Ort {code}" for code, _ in locations},
        {r: f"Region {r}" for r in REGIONS},
        facts.regions,
        closed,
        releases[-1],
        tuple(releases),
        Rules(K),
    )


# -- checks --------------------------------------------------------------------------------------


def every_report_shows_only_released_figures(questionnaire, locations, facts, releases) -> None:
    """Each figure any report shows (every breakdown, German and English) is one its
    release decided may be shown, with the same value."""
    for upto in range(1, len(releases) + 1):
        publication = published(questionnaire, locations, facts, releases[:upto])
        release = publication.release
        decided = release.decision
        for breakdown in [None, *breakdowns(publication)]:
            report = build(publication, "de", breakdown=breakdown, today=DAY)
            for row in (r for table in report.tables() for r in table.long):
                for field in ("count", "base"):
                    value = row.get(field)
                    if value is None or row.get("table") in ("reach",) and field == "base":
                        continue
                    key = _key(row, field, release)
                    if key is None:
                        continue
                    assert decided.status.get(key) == SHOWN, (key, row)
                    assert decided.value[key] == value, (key, value)


def every_public_figure_is_released(questionnaire, locations, facts, releases) -> None:
    """What families are shown ("7 of 10 families") is a count and base the release shows,
    unchanged before rounding: so the results page adds nothing to what the attack below
    already finds unpinnable, alone or against earlier releases."""
    for upto in range(1, len(releases) + 1):
        publication = published(questionnaire, locations, facts, releases[:upto])
        release = publication.release
        decided = release.decision
        for figure in public_figures(publication):
            key = ("all", figure.question, figure.choice)
            assert decided.status.get(key) == SHOWN and decided.value[key] == figure.count, key
            base_key = ("all", figure.question, "_base")
            if _conditioned(release, figure.question):
                assert decided.status.get(base_key) == SHOWN and decided.value[base_key] == figure.base
            else:
                assert figure.base == release.responses
            assert figure.release == release.number and 0 <= figure.tenths <= 10
            codes = {name: code for code, name in publication.locations.items()}
            for group in public_breakdown(publication, figure.question, figure.choice, "location"):
                key = ("block", figure.question, "location", figure.choice, codes[group.group])
                assert release.full and decided.status.get(key) == SHOWN and decided.value[key] == group.count
                assert (
                    decided.value.get(("size", "location", codes[group.group]), 0) >= 2 * K
                )  # the public rule


def _key(row: dict, field: str, release) -> tuple | None:
    question, by, group = row.get("question"), row["by"], row["group"]
    if not question:  # a table of group sizes: the base of a share is the whole wave
        if field == "base" or group == "all":
            return ("n",)
        return ("size", by if by != "region" else "location", group)
    target = row["row"] if field == "count" else "_base"
    if target == "_base" and not _conditioned(release, question):
        return ("n",) if group == "all" else ("size", by if by != "region" else "location", group)
    if group == "all":
        return ("all", question, target)
    if by == "region":
        key = ("block", question, "location", target, group)
        if key in release.decision.status:
            return key
        members = dict(release.groupings["location"].regions).get(group, ())
        return ("block", question, "location", target, members[0]) if len(members) == 1 else None
    return ("block", question, by, target, group)


def _conditioned(release, question) -> bool:
    return ("all", question, "_base") in release.decision.status


def nothing_is_pinned(questionnaire, locations, answers, facts, releases) -> None:
    last = max(r.last_id for r in releases)
    seen = answers[answers["response_id"] <= max(last, int(answers["response_id"].max()))]
    structure = structure_for(questionnaire, facts, seen, releases[-1].bins)
    data = microdata(structure, seen)
    reached = frozenset(
        str(code)
        for code, n in seen.drop_duplicates("response_id")["location"].astype(object).value_counts().items()
        if n >= K
    )
    findings = Attack(structure, data, releases, K, reached).pinned()
    assert not findings, findings[:5]


def audit(questionnaire, locations, answers, schedule) -> list:
    facts, releases = live(questionnaire, locations, answers, schedule)
    if not releases:
        return releases
    every_report_shows_only_released_figures(questionnaire, locations, facts, releases)
    every_public_figure_is_released(questionnaire, locations, facts, releases)
    nothing_is_pinned(
        questionnaire, locations, answers[answers["response_id"] <= schedule[-1][0]], facts, releases
    )
    return releases


# -- the tests ------------------------------------------------------------------------------------


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(waves())
def test_no_hidden_count_of_a_random_wave_can_be_pinned(wave):
    audit(*wave)


def _wave(seed: int, total: int, kinds: str = "mixed"):
    questions = [
        {
            "code": "kids",
            "type": "single",
            "text": {"de": "Kinder"},
            "choices": _choices("k", 3),
            "report": {"breakdown": True},
        },
        {
            "code": "needs",
            "type": "multiple",
            "text": {"de": "Bedarf"},
            "max_choices": 2,
            "choices": [*_choices("n", 3), {"code": "none", "text": {"de": "nichts"}, "exclusive": True}],
        },
        {
            "code": "why",
            "type": "text",
            "text": {"de": "Warum"},
            "show_if": {"question": "needs", "any_of": ["n0"]},
        },
        {"code": "count", "type": "number", "text": {"de": "Wie oft"}, "min": 0, "max": 9},
        {"code": "fine", "type": "scale", "text": {"de": "Wie geht es"}, "choices": _choices("s", 3)},
    ]
    questionnaire = questionnaire_from_dict(
        {
            "code": "audit",
            "source_language": "de",
            "languages": ["de", "vi"],
            "title": {"de": "Audit", "vi": "Audit"},
            "questions": _in_both(questions),
        }
    )
    locations = [("L1", REGIONS[0]), ("L2", REGIONS[0]), ("L3", REGIONS[1])]
    answers = wave_answers(questionnaire, total, locations=locations, regions=REGIONS, seed=seed, texts=0.5)
    return questionnaire, locations, answers


def _in_both(questions: list[dict]) -> list[dict]:
    for question in questions:
        for holder in [question, *question.get("choices", [])]:
            holder["text"] = {"de": holder["text"]["de"], "vi": holder["text"]["de"] + " (vi)"}
    return questions


def test_an_open_wave_read_after_every_answer_then_closed():
    questionnaire, locations, answers = _wave(3, 37)
    schedule = [(n, False) for n in range(1, 36)] + [(37, True)]
    releases = audit(questionnaire, locations, answers, schedule)
    interim = [r for r in releases if r.kind == INTERIM]
    assert [r.responses for r in interim] == [5, 10, 15, 20, 25, 30, 35]
    final = releases[-1]
    assert final.kind == FULL and final.responses == 35 and final.held_back == 2  # 2 more than 35: held back


def test_close_extend_close_cycles_show_new_answers_only_in_groups_of_at_least_k():
    questionnaire, locations, answers = _wave(11, 60)
    schedule = [(30, True), (31, True), (32, True), (45, True), (60, True)]
    releases = audit(questionnaire, locations, answers, schedule)
    fulls = [r for r in releases if r.kind == FULL]
    assert fulls[0].responses == 30
    for before, after in zip(fulls, fulls[1:], strict=False):
        assert after.responses - before.responses >= K


@pytest.mark.parametrize("seed", [1, 2])
def test_a_closed_wave_with_small_groups(seed):
    questionnaire, locations, answers = _wave(seed, 23)
    audit(questionnaire, locations, answers, [(23, True)])


def test_a_release_never_mixes_thresholds():
    questionnaire, locations, answers = _wave(5, 20)
    facts, releases = live(questionnaire, locations, answers, [(10, False)])
    with pytest.raises(ValueError, match="k = 5"):
        next_release(questionnaire, facts, answers, releases, True, DAY, Rules(3))
    assert np.all([r.k == K for r in releases])


def test_compared_waves_show_only_what_each_wave_released():
    """A trend over three waves (one of another questionnaire version that drops a
    question and an answer): every count and base the comparison shows is one its own
    wave's release shows, so comparing adds no equation between hidden counts: the
    waves' families are different families, each wave's system is its own."""
    questionnaire, locations, _answers = _wave(1, 10)
    data = questionnaire.to_data()
    questions = [q for q in data["questions"] if q["code"] != "count"]
    for question in questions:
        if question["code"] == "needs":
            question["choices"] = [c for c in question["choices"] if c["code"] != "n2"]
    shorter = questionnaire_from_dict({**data, "questions": questions})
    publications = []
    for number, (version, seed, total) in enumerate(
        ((questionnaire, 21, 46), (shorter, 22, 40), (questionnaire, 23, 52)), start=1
    ):
        answers = wave_answers(version, total, locations=locations, regions=REGIONS, seed=seed, texts=0.3)
        releases = audit(version, locations, answers, [(total, True)])
        info = WaveInfo(
            number, f"Welle {number}", DAY - dt.timedelta(days=30), DAY, "08", "Neukölln", "audit", number
        )
        facts = WaveFacts(tuple(code for code, _ in locations), dict(locations), REGIONS)
        publications.append(
            Publication(
                info,
                version,
                {code: f"Ort {code}" for code, _ in locations},
                {r: f"Region {r}" for r in REGIONS},
                facts.regions,
                True,
                releases[-1],
                tuple(releases),
                RULES,
            )
        )
    report = build(publications[-1], "en", compare=publications[:-1], today=DAY)
    compared = [row for table in report.tables() if table.id.startswith("compare_") for row in table.long]
    assert {row["table"] for row in compared} >= {"compare_kids", "compare_needs", "compare_fine"}
    assert "compare_count" not in {row["table"] for row in compared}  # not asked in the second wave
    assert "n2" not in {row["row"] for row in compared if row["table"] == "compare_needs"}
    by_wave = {p.wave.id: p for p in publications}
    checked = 0
    for row in (r for r in compared if r["by"] == "wave"):
        release = by_wave[int(row["group"])].release
        question = row["table"].removeprefix("compare_")
        if row["count"] is not None:
            assert release.decision.status[("all", question, row["row"])] == SHOWN
            assert release.decision.value[("all", question, row["row"])] == row["count"]
            checked += 1
        if row["base"] is not None:
            base = ("all", question, "_base") if _conditioned(release, question) else ("n",)
            assert release.decision.value[base] == row["base"]
    assert checked > 20


@given(st.integers(1, 2000), st.integers(1, 2000))
def test_n_of_10_says_none_or_all_only_when_it_is_so(count, base):
    count = min(count, base)
    shown = tenths(count, base)
    assert (shown == 10) == (count == base)
    assert shown >= 1
    assert abs(shown / 10 - count / base) <= 0.1 or shown in (1, 9)
