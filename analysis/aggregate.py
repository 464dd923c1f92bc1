"""Aggregation: pure functions from the tidy answers table to protected tables.

Everything here works on codes (answer codes, LOR codes, language codes); labels are
applied at render time. Every function returns a :class:`~analysis.disclosure.Protected`
table, i.e. its counts have been through :func:`analysis.disclosure.protect` before
anyone sees them; there is no public function that returns raw counts.

Counts are of *respondents*: a family that picked three difficulties counts once for
each of them, and once in the base ``n`` (the families who answered the question). A
breakdown repeats the whole-wave column of the plain table, with the same cells
suppressed.

Breakdowns (``by``):

``location``, ``region`` (district region of the location), ``home_region`` (what the
family said in ``district_region``), ``language``, ``assisted`` (``self`` /
``assisted``) split the families; ``_none`` collects those without a value.
``family_type`` (``single_parent``: caregivers "alone"; ``many_children``: 3 or more
children; ``on_benefits``: benefits "yes") and ``age_group`` (the age groups of the
children) are groups that overlap; the families outside each group are never shown
but are protected all the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.disclosure import (
    ALL,
    BASE,
    DEFAULT_RULES,
    CountTable,
    Protected,
    Relation,
    Rules,
    columns,
    compare,
    layout,
    protect,
)
from questionnaires import Questionnaire
from questionnaires.questions import ChoiceQuestion, FreeText, ListChoice, MultipleChoice, Number

NONE = "_none"
TEXT = "_text"  # the row of free-text answers given
PARTITIONS = ("location", "region", "home_region", "language", "assisted")
OVERLAPPING = ("family_type", "age_group")
BREAKDOWNS = PARTITIONS + OVERLAPPING
FAMILY_TYPES: dict[str, tuple[str, frozenset[str]]] = {
    "single_parent": ("caregivers", frozenset({"alone"})),
    "many_children": ("children_count", frozenset({"3", "4_plus"})),
    "on_benefits": ("benefits", frozenset({"yes"})),
}
AGE_QUESTION = "children_age"
HOME_QUESTION = "district_region"
NEEDS_QUESTIONS = ("difficulties", "wishes")
OFFER_PREFIX = "offer_"
OFFER_STAGES = ("unknown", "known_not_used", "used")


# -- who is in which group -----------------------------------------------------------------


def responses(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per response: ``response_id`` and its own facts (location, region, …)."""
    ids = answers["response_id"].to_numpy()
    if len(ids) and (ids[1:] >= ids[:-1]).all():  # the loader's order: one cheap pass
        first = answers[np.r_[True, ids[1:] != ids[:-1]]]
    else:
        first = answers.drop_duplicates("response_id")
    return pd.DataFrame(
        {
            "response_id": first["response_id"].to_numpy(),
            "location": _text_codes(first["location"]),
            "region": _text_codes(first["region"]),
            "language": _text_codes(first["language"]),
            "assisted": first["assisted"].map({True: "assisted", False: "self"}).to_numpy(),
        }
    )


def _text_codes(values: pd.Series) -> np.ndarray:
    return values.astype("object").where(values.notna(), NONE).to_numpy()


def members(
    answers: pd.DataFrame, by: str, questionnaire: Questionnaire | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """``(response_id, group)`` pairs of a breakdown, and its groups in order."""
    people = responses(answers)
    if by in ("location", "region", "language", "assisted"):
        frame = people[["response_id", by]].rename(columns={by: "group"})
        groups = _ordered_groups(frame["group"])
        return frame, groups
    if by == "home_region":
        said = _chosen(answers, HOME_QUESTION).drop_duplicates("response_id")
        said["value"] = said["value"].astype(object)
        frame = people[["response_id"]].merge(said, on="response_id", how="left")
        frame = frame.rename(columns={"value": "group"}).fillna({"group": NONE})
        groups = _ordered_groups(frame["group"])
        return frame, groups
    if by == "family_type":
        parts = []
        for group, (question, codes) in FAMILY_TYPES.items():
            chosen = _chosen(answers, question)
            ids = chosen.loc[chosen["value"].isin(codes), "response_id"].unique()
            parts.append(pd.DataFrame({"response_id": ids, "group": group}))
        return pd.concat(parts, ignore_index=True), list(FAMILY_TYPES)
    if by == "age_group":
        chosen = _chosen(answers, AGE_QUESTION)
        codes = _question_codes(answers, AGE_QUESTION, questionnaire, chosen=chosen)
        return chosen.rename(columns={"value": "group"}), codes
    raise ValueError(f"unknown breakdown {by!r}; known: {', '.join(BREAKDOWNS)}")


def _ordered_groups(values: pd.Series) -> list[str]:
    present = {str(v) for v in pd.unique(values.to_numpy())}
    return sorted(present - {NONE}) + ([NONE] if NONE in present else [])


def _chosen(answers: pd.DataFrame, question: str) -> pd.DataFrame:
    """``(response_id, value)`` of one question, each pair once."""
    mask = (answers["question"] == question).to_numpy(dtype=bool)
    ids = answers["response_id"].to_numpy()[mask]
    choice = answers["choice"].array[mask]
    if pd.notna(choice).any():
        values = pd.Categorical(choice).remove_unused_categories()
    else:
        number = answers["number"].array[mask]
        if pd.notna(number).any():
            values = pd.array([None if pd.isna(v) else str(int(v)) for v in number], dtype=object)
        else:
            text = answers["text"].to_numpy()[mask]
            values = pd.array([None if t is None or t != t else TEXT for t in text], dtype=object)
    frame = pd.DataFrame({"response_id": ids, "value": values})
    return frame.dropna().drop_duplicates(ignore_index=True)


def _question_codes(
    answers: pd.DataFrame,
    question: str,
    questionnaire: Questionnaire | None,
    lists: Mapping[str, Sequence] | None = None,
    chosen: pd.DataFrame | None = None,
) -> list[str]:
    """The rows of a question's table: every answer code in questionnaire order."""
    chosen = _chosen(answers, question) if chosen is None else chosen
    seen = [str(v) for v in pd.unique(chosen["value"].astype(object))]
    if questionnaire is None or not questionnaire.has_question(question):
        return sorted(seen)
    definition = questionnaire.question(question)
    if isinstance(definition, FreeText):
        return [TEXT]
    if isinstance(definition, Number):
        return sorted(seen, key=int)
    if isinstance(definition, ChoiceQuestion):
        codes = [c.code for c in definition.options(lists or {})]
        if isinstance(definition, ListChoice) and not lists:
            codes = sorted(set(seen) - set(codes)) + codes
        return codes + sorted(set(seen) - set(codes))
    return sorted(seen)


def _single(questionnaire: Questionnaire | None, question: str) -> bool:
    """Whether a family gives at most one answer to the question (so answers add up to n)."""
    if questionnaire is None or not questionnaire.has_question(question):
        return False
    return not isinstance(questionnaire.question(question), MultipleChoice)


# -- counting (private: counts leave this module only through protect) ----------------------


def _count(
    chosen: pd.DataFrame, codes: list[str], group_of: pd.DataFrame | None, groups: list[str]
) -> pd.DataFrame:
    """Respondents per answer code (rows, then BASE) and group (columns)."""
    rows = [*codes, BASE]
    # ``chosen`` holds each (response, value) once, so counting rows counts respondents
    if group_of is None:
        counts = chosen.groupby("value", observed=True).size()
        column = [int(counts.get(code, 0)) for code in codes] + [chosen["response_id"].nunique()]
        return pd.DataFrame({"all": column}, index=rows)
    joined = chosen.merge(group_of, on="response_id", how="inner")
    table = joined.groupby(["value", "group"], observed=True).size().unstack(fill_value=0)
    base = joined.drop_duplicates(["response_id", "group"]).groupby("group", observed=True).size()
    table = table.reindex(index=codes, columns=groups, fill_value=0)
    table.loc[BASE] = base.reindex(groups, fill_value=0)
    return table.astype("int64")


def _overall_table(
    answers, questionnaire, question, lists, rules, free_text, chosen: pd.DataFrame
) -> tuple[CountTable, list[str]]:
    codes = _question_codes(answers, question, questionnaire, lists, chosen)
    counts = _count(chosen, codes, None, [])
    counts.columns = columns([ALL])
    single = _single(questionnaire, question)
    return CountTable(
        f"{question}", counts, layout(counts, rows_add_up=single), free_text=free_text, rows_add_up=single
    ), codes


def _is_text(questionnaire: Questionnaire | None, question: str) -> bool:
    return (
        questionnaire is not None
        and questionnaire.has_question(question)
        and isinstance(questionnaire.question(question), FreeText)
    )


# -- tables --------------------------------------------------------------------------------


def frequencies(
    answers: pd.DataFrame,
    questionnaire: Questionnaire | None,
    question: str,
    by: str | None = None,
    *,
    lists: Mapping[str, Sequence] | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Protected:
    """How many families gave each answer (and the base n of those who answered), for the
    whole wave and, with ``by``, per group of a breakdown. Shares are per cent of n, so
    for a multiple-choice question they are the share of families naming each answer."""
    free_text = _is_text(questionnaire, question)
    chosen = _chosen(answers, question)
    overall_table, codes = _overall_table(answers, questionnaire, question, lists, rules, free_text, chosen)
    overall = protect(overall_table, rules)
    if by is None:
        return overall
    group_of, groups = members(answers, by, questionnaire)
    inner = _count(chosen, codes, group_of, groups)
    single = _single(questionnaire, question)
    counts = pd.concat([overall_table.counts.droplevel(0, axis=1), inner], axis=1)
    counts.columns = columns([ALL, *((by, g) for g in groups)])
    hidden = None
    indicators: dict[tuple[str, str], tuple[str, str]] = {}
    if by in OVERLAPPING:
        whole = overall_table.counts[ALL]
        hidden = pd.DataFrame({(f"~{by}", g): whole - inner[g] for g in groups}, index=counts.index)
        hidden.columns = columns(hidden.columns)
        indicators = {(by, g): (f"~{by}", g) for g in groups}
    relations = layout(
        counts, rows_add_up=single, partitions=[by] if by in PARTITIONS else [], indicators=indicators
    )
    table = CountTable(
        f"{question} by {by}",
        counts,
        relations,
        hidden=hidden,
        breakdowns=1,
        free_text=free_text,
        fixed=overall.fixed(),
        rows_add_up=single,
    )
    return protect(table, rules)


def crosstab(
    answers: pd.DataFrame,
    questionnaire: Questionnaire | None,
    question: str,
    by: tuple[str, str],
    *,
    lists: Mapping[str, Sequence] | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Protected:
    """A question by two breakdowns that both split the families (k = 10). The table
    repeats both one-way tables, with their suppression, as its margins."""
    first, second = by
    if first not in PARTITIONS or second not in PARTITIONS or first == second:
        raise ValueError("a cross-table needs two different breakdowns that split the families")
    one = frequencies(answers, questionnaire, question, first, lists=lists, rules=rules)
    two = frequencies(answers, questionnaire, question, second, lists=lists, rules=rules)
    codes = [str(r) for r in one.counts.index if r != BASE]
    chosen = _chosen(answers, question)
    a, groups_a = members(answers, first)
    b, groups_b = members(answers, second)
    both = a.merge(b, on="response_id", suffixes=("_a", "_b"))
    both["group"] = both["group_a"].astype(str) + "|" + both["group_b"].astype(str)
    pairs = [f"{x}|{y}" for x in groups_a for y in groups_b]
    inner = _count(chosen, codes, both[["response_id", "group"]], pairs)
    name = f"{first}|{second}"
    margins = _count(chosen, codes, None, [])
    parts = {ALL: margins["all"]}
    for g in groups_a:
        parts[(first, g)] = inner[[f"{g}|{y}" for y in groups_b]].sum(axis=1)
    for g in groups_b:
        parts[(second, g)] = inner[[f"{x}|{g}" for x in groups_a]].sum(axis=1)
    for p in pairs:
        parts[(name, p)] = inner[p]
    counts = pd.DataFrame(parts, index=margins.index)
    counts.columns = columns(parts)
    single = _single(questionnaire, question)
    relations = list(layout(counts, rows_add_up=single, partitions=[first, second]))
    for row in counts.index:
        for g in groups_a:
            relations.append(Relation((row, first, g), tuple((row, name, f"{g}|{y}") for y in groups_b)))
        for g in groups_b:
            relations.append(Relation((row, second, g), tuple((row, name, f"{x}|{g}") for x in groups_a)))
    fixed = {**one.fixed(), **two.fixed()}
    table = CountTable(
        f"{question} by {first} and {second}",
        counts,
        tuple(relations),
        breakdowns=2,
        free_text=_is_text(questionnaire, question),
        fixed=fixed,
        rows_add_up=single,
    )
    return protect(table, rules)


def respondents(
    answers: pd.DataFrame,
    by: str | None = None,
    *,
    groups: Sequence[str] = (),
    rules: Rules = DEFAULT_RULES,
) -> Protected:
    """How many families answered (one base row), for the wave and per group of ``by``;
    ``groups`` are shown even where nobody answered (as below k, like any small count)."""
    ids = pd.DataFrame({"response_id": answers["response_id"].unique(), "value": "_"})
    counts = _count(ids, [], None, [])
    counts.columns = columns([ALL])
    overall = protect(CountTable("responses", counts, ()), rules)
    if by is None:
        return overall
    group_of, seen = members(answers, by)
    groups = [*groups, *(g for g in seen if g not in groups)] if by in PARTITIONS else seen
    inner = _count(ids, [], group_of, groups)
    both = pd.concat([counts.droplevel(0, axis=1), inner], axis=1)
    both.columns = columns([ALL, *((by, g) for g in groups)])
    hidden = None
    indicators: dict[tuple[str, str], tuple[str, str]] = {}
    if by in OVERLAPPING:
        hidden = pd.DataFrame({(f"~{by}", g): counts[ALL] - inner[g] for g in groups}, index=both.index)
        hidden.columns = columns(hidden.columns)
        indicators = {(by, g): (f"~{by}", g) for g in groups}
    relations = layout(
        both, rows_add_up=False, partitions=[by] if by in PARTITIONS else [], indicators=indicators
    )
    return protect(
        CountTable(f"responses by {by}", both, relations, hidden=hidden, breakdowns=1, fixed=overall.fixed()),
        rules,
    )


@dataclass(frozen=True)
class Ranking:
    """A needs question's table and the order to show its answers in: by the published
    whole-wave count, largest first; suppressed answers and "none of these" last, in
    questionnaire order (so the order never hints at a hidden count)."""

    table: Protected
    order: tuple[str, ...]


def needs_ranking(
    answers: pd.DataFrame,
    questionnaire: Questionnaire | None,
    question: str,
    by: str | None = None,
    *,
    rules: Rules = DEFAULT_RULES,
) -> Ranking:
    table = frequencies(answers, questionnaire, question, by, rules=rules)
    shown = table.counts[ALL].drop(index=BASE)
    exclusive = set()
    if questionnaire is not None and questionnaire.has_question(question):
        definition = questionnaire.question(question)
        if isinstance(definition, ChoiceQuestion):
            exclusive = {c.code for c in definition.choices if c.exclusive}
    codes = [str(c) for c in shown.index]
    ranked = sorted(
        (c for c in codes if shown[c] is not pd.NA and c not in exclusive),
        key=lambda c: (-int(shown[c]), codes.index(c)),
    )
    rest = [c for c in codes if c not in ranked]
    return Ranking(table, tuple(ranked + rest))


def offer_questions(questionnaire: Questionnaire) -> list[str]:
    return [q.code for q in questionnaire.questions if q.code.startswith(OFFER_PREFIX) and q.takes_answer]


def offers_funnel(
    answers: pd.DataFrame, questionnaire: Questionnaire, *, rules: Rules = DEFAULT_RULES
) -> Protected:
    """Per offer (columns): families who do not know it, know but do not use it, use it
    (rows), and n. Each offer's column is that offer's own single-choice table."""
    offers = offer_questions(questionnaire)
    parts = {}
    for offer in offers:
        chosen = _chosen(answers, offer)
        parts[("offer", offer)] = _count(chosen, list(OFFER_STAGES), None, [])["all"]
    counts = pd.DataFrame(parts, index=[*OFFER_STAGES, BASE])
    counts.columns = columns(parts)
    return protect(
        CountTable("offers funnel", counts, layout(counts, rows_add_up=True), rows_add_up=True), rules
    )


def wave_change(
    before: pd.DataFrame,
    after: pd.DataFrame,
    questionnaire_before: Questionnaire,
    questionnaire_after: Questionnaire,
    question: str,
    *,
    rules: Rules = DEFAULT_RULES,
) -> pd.DataFrame:
    """Change of one question between two waves of the same questionnaire: counts and
    shares of each wave as each wave's own report publishes them, and the differences
    where both are shown (see :func:`analysis.disclosure.compare`)."""
    if questionnaire_before.code != questionnaire_after.code:
        raise ValueError("waves can only be compared for the same questionnaire")
    for q in (questionnaire_before, questionnaire_after):
        if not q.has_question(question):
            raise ValueError(f"question {question!r} is not in both waves")
    if type(questionnaire_before.question(question)) is not type(questionnaire_after.question(question)):
        raise ValueError(f"question {question!r} changed its type between the waves")
    return compare(
        frequencies(before, questionnaire_before, question, rules=rules),
        frequencies(after, questionnaire_after, question, rules=rules),
    )


def reach(
    answers: pd.DataFrame, children: Mapping[str, int], *, rules: Rules = DEFAULT_RULES
) -> pd.DataFrame:
    """Families who answered per district region they live in (``home_region``), against
    the children living there: answers per 100 children, from shown counts only."""
    table = respondents(answers, "home_region", groups=list(children), rules=rules)
    rows = []
    for by, group in table.counts.columns:
        if by != "home_region":
            continue
        shown = table.counts.loc[BASE, (by, group)]
        kids = children.get(group)
        per_100 = (100.0 * int(shown) / kids) if shown is not pd.NA and kids else None
        rows.append((group, table.marks.loc[BASE, (by, group)], shown, kids, per_100))
    frame = pd.DataFrame(rows, columns=["region", "mark", "answers", "children", "per_100_children"])
    frame["answers"] = pd.array(frame["answers"], dtype="Int64")
    frame["children"] = pd.array(frame["children"], dtype="Int64")
    frame["per_100_children"] = pd.array(frame["per_100_children"], dtype="Float64")
    return frame
