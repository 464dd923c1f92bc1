"""Releases: every set of figures a wave has published, and the rules for the next one.

Time is a dimension of a wave: a reader compares every release with every other. So
every release is recorded (:class:`Release`), and a new one is decided given all of them
(:func:`analysis.disclosure.decide`). The rules for when a new release may be made:

* **While a wave is open** its releases (*interim*) show the whole wave only, no
  breakdown, in batches: the first ``floor(n / k) * k`` answers, each release at least
  ``k`` answers more than the one before.
* **Once it has closed** a release (*full*) shows every breakdown. The groups of every
  breakdown are fixed by the first full release and kept by every later one.
* A new release is made only where **every group of every breakdown** (and the whole
  wave) has either not changed since every earlier release or grown by at least ``k``;
  otherwise the newest answers (the *tail*) are held back until it does. So comparing two
  releases never shows fewer than ``k`` families' answers.

Everything here is pure: :mod:`analysis.wave_reports` reads and records releases in the
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import groups as grouping_rules
from analysis import structure as st
from analysis.disclosure import FULL, INTERIM, Decision, Model, ReleasePlan, Rules, Undecidable, decide
from analysis.groups import Grouping, Steps
from analysis.tally import Microdata, microdata, number_ranges, seen_codes
from questionnaires import Questionnaire


@dataclass(frozen=True)
class WaveFacts:
    """What the structure of a wave's tables follows from, besides its questionnaire."""

    locations: tuple[str, ...]  # location codes of the wave
    regions: Mapping[str, str | None]  # location -> LOR code of its district region
    district_regions: tuple[str, ...]  # the district's region codes (for list questions)


@dataclass(frozen=True)
class Release:
    """A release as recorded: which answers, what was decided, and what it fixed."""

    number: int
    kind: str
    last_id: int
    responses: int
    made_on: dt.date
    k: int
    decision: Decision
    groupings: Mapping[str, Grouping] = field(default_factory=dict)
    bins: Mapping[str, tuple[tuple[st.Bound, st.Bound], ...]] = field(default_factory=dict)
    medians: Mapping[str, float] = field(default_factory=dict)
    held_back: int = 0
    quotable: tuple[str, ...] = ()  # languages with at least k answers: quotes in them may be shown

    @property
    def full(self) -> bool:
        return self.kind == FULL

    def plan(self) -> ReleasePlan:
        return ReleasePlan(self.kind, self.last_id)

    def to_data(self) -> dict:
        return {
            "kind": self.kind,
            "last_id": self.last_id,
            "responses": self.responses,
            "made_on": self.made_on.isoformat(),
            "k": self.k,
            "decision": self.decision.to_data(),
            "groupings": {key: g.to_data() for key, g in self.groupings.items()},
            "bins": {q: [list(b) for b in bins] for q, bins in self.bins.items()},
            "medians": dict(self.medians),
            "held_back": self.held_back,
            "quotable": list(self.quotable),
        }

    @classmethod
    def from_data(cls, number: int, data: Mapping) -> Release:
        rules = Rules(int(data["k"]))
        return cls(
            number=number,
            kind=str(data["kind"]),
            last_id=int(data["last_id"]),
            responses=int(data["responses"]),
            made_on=dt.date.fromisoformat(str(data["made_on"])),
            k=int(data["k"]),
            decision=Decision.from_data(data["decision"], rules),
            groupings={key: Grouping.from_data(key, g) for key, g in data.get("groupings", {}).items()},
            bins={q: tuple((b[0], b[1]) for b in bins) for q, bins in data.get("bins", {}).items()},
            medians={q: float(m) for q, m in data.get("medians", {}).items()},
            held_back=int(data.get("held_back", 0)),
            quotable=tuple(data.get("quotable", ())),
        )


def structure_for(
    questionnaire: Questionnaire,
    facts: WaveFacts,
    answers: pd.DataFrame,
    bins: Mapping[str, Sequence[tuple[st.Bound, st.Bound]]] | None = None,
) -> st.Structure:
    codes = [q.code for q in questionnaire.questions]
    seen = seen_codes(codes, answers)
    languages = sorted({str(v) for v in answers["language"].dropna().astype(object)})
    seen[st.LANGUAGE] = languages
    return st.build(
        questionnaire,
        facts.locations,
        facts.regions,
        questionnaire.languages,
        {"district_regions": facts.district_regions},
        bins,
        seen,
    )


def latest(releases: Sequence[Release], full: bool | None = None) -> Release | None:
    chosen = [r for r in releases if full is None or r.full == full]
    return chosen[-1] if chosen else None


def next_release(
    questionnaire: Questionnaire,
    facts: WaveFacts,
    answers: pd.DataFrame,
    earlier: Sequence[Release],
    closed: bool,
    today: dt.date,
    rules: Rules,
    reached: frozenset[str] = frozenset(),
) -> Release | None:
    """The release to make now, or None when the latest one stands (or there is none).

    ``answers``: every stored answer of the wave (the tidy table); ``closed``: whether the
    wave has closed; ``reached``: locations the wave page has shown with at least k
    answers."""
    for release in earlier:
        if release.k != rules.k:
            raise ValueError(f"the wave's releases use k = {release.k}, not {rules.k}")
    ids = np.sort(answers["response_id"].drop_duplicates().to_numpy(dtype=np.int64))
    total = len(ids)
    before = latest(earlier)
    done = before.responses if before else 0
    first_full = latest([r for r in earlier if r.full]) is None
    if not closed:
        if not first_full:
            return None  # reopened after a full report: that report stands until it closes again
        count = total // rules.k * rules.k
        if count == 0 or count - done < rules.k:
            return None
        return _decided(questionnaire, facts, answers, ids, earlier, INTERIM, count, today, rules, reached)
    lowest = done + 1 if before is not None and before.full else max(done, 1)
    for count in range(total, lowest - 1, -1):
        if count < rules.k:
            return None
        if 0 < count - done < rules.k:
            continue  # fewer than k answers more than the last release: held back
        decided = _decided(
            questionnaire,
            facts,
            answers,
            ids,
            earlier,
            FULL,
            count,
            today,
            rules,
            reached,
            held_back=total - count,
        )
        if decided is not None:
            return decided
    return None


def _decided(
    questionnaire, facts, answers, ids, earlier, kind, count, today, rules, reached, held_back=0
) -> Release | None:
    last_id = int(ids[count - 1])
    included = answers[answers["response_id"] <= last_id]
    full_before = latest([r for r in earlier if r.full])
    bins = dict(full_before.bins) if full_before else {}
    if kind == FULL and full_before is None:
        plain = structure_for(questionnaire, facts, included)
        data = microdata(plain, included)
        for code, rows in plain.rows.items():
            if rows.kind == "number":
                bins[code] = number_ranges(data.value[code], rules.k, rows.decimals)
    structure = structure_for(questionnaire, facts, answers, bins)
    data = microdata(structure, answers)
    mask = data.ids <= last_id
    steps = Steps(rules.k, reached, frozenset(facts.locations))
    if grouping_rules.pins_a_count(count, [steps.bounds(c) for c in facts.locations]):
        return None
    groupings: dict[str, Grouping] = {}
    if kind == FULL:
        if full_before is not None:
            groupings = dict(full_before.groupings)
        else:
            sizes = {key: _category_sizes(data, key, mask) for key in structure.dimensions}
            groupings = grouping_rules.decide(structure, sizes, count, rules.group_minimum, steps)
        if not _grows_by_k(data, structure, groupings, earlier, last_id, rules.k):
            return None
    medians = _medians(data, structure, mask, rules.k) if kind == FULL else {}
    plans = [r.plan() for r in earlier] + [ReleasePlan(kind, last_id)]
    all_medians = {i: dict(r.medians) for i, r in enumerate(earlier) if r.medians}
    decision = None
    for shown_medians in [medians, {}] if medians else [{}]:
        all_medians[len(earlier)] = shown_medians
        model = Model(structure, data, groupings, plans, rules, all_medians)
        decision = _decide_withholding(model, [r.decision for r in earlier], kind == FULL)
        if decision is not None:
            medians = dict(shown_medians)
            break
    if decision is None:
        return None
    for question in list(medians):
        keys = [key for key in decision.status if key[:2] == ("all", question)]
        if any(decision.status[key] != "shown" for key in keys):
            del medians[question]
    _add_sizes(decision, data, structure, groupings, mask, count)
    quotable = _quotable(data, structure, mask, rules.k)
    return Release(
        number=len(earlier) + 1,
        kind=kind,
        last_id=last_id,
        responses=count,
        made_on=today,
        k=rules.k,
        decision=decision,
        groupings=groupings,
        bins=bins,
        medians=medians,
        held_back=held_back,
        quotable=quotable,
    )


def _decide_withholding(model: Model, earlier: Sequence[Decision], full: bool) -> Decision | None:
    """Decide; where a question's figure cannot be protected, hide its family's
    breakdowns whole in this release and try again (a full release only: an interim one
    has none)."""
    withheld: set = set()
    while True:
        try:
            return decide(model, earlier, withheld)
        except Undecidable as problem:
            question = problem.question
            if not full or question is None or question not in model.structure.rows:
                return None
            family = model.structure.family_of(question)
            if family in withheld:
                return None
            withheld.add(family)


def _add_sizes(
    decision: Decision,
    data: Microdata,
    structure: st.Structure,
    groupings: Mapping[str, Grouping],
    mask: np.ndarray,
    count: int,
) -> None:
    """Every group's size (all at least k by construction) and the number of answers."""
    decision.status[("n",)] = "shown"
    decision.value[("n",)] = count
    for key, grouping in groupings.items():
        if not grouping.offered():
            continue
        sizes = _category_sizes(data, key, mask)
        by_group = {g.key: sum(sizes[c] for c in g.categories) for g in grouping.groups}
        for group, size in by_group.items():
            decision.status[("size", key, group)] = "shown"
            decision.value[("size", key, group)] = size
        for region, members in grouping.regions:
            decision.status[("size", key, region)] = "shown"
            decision.value[("size", key, region)] = sum(by_group[m] for m in members)


def _category_sizes(data: Microdata, key: str, mask: np.ndarray) -> dict[str, int]:
    dim = data.structure.dimensions[key]
    counts = data.column_indicators(key)[mask].sum(axis=0)
    return {c: int(round(counts[i])) for i, c in enumerate(dim.categories)}


def _grows_by_k(
    data: Microdata,
    structure: st.Structure,
    groupings: Mapping[str, Grouping],
    earlier: Sequence[Release],
    last_id: int,
    k: int,
) -> bool:
    """Every group (and every district region, and the families outside an overlapping
    group) either unchanged since every earlier full release or at least k more."""
    fulls = [r for r in earlier if r.full]
    if not fulls:
        return True
    sizes_now = _all_group_sizes(data, structure, groupings, data.ids <= last_id)
    for release in fulls:
        then = _all_group_sizes(data, structure, groupings, data.ids <= release.last_id)
        for key, value in sizes_now.items():
            change = value - then[key]
            if 0 < change < k:
                return False
    return True


def _all_group_sizes(
    data: Microdata, structure: st.Structure, groupings: Mapping[str, Grouping], mask: np.ndarray
) -> dict[tuple[str, str], int]:
    total = int(mask.sum())
    out = {("all", "all"): total}
    for key, grouping in groupings.items():
        sizes = _category_sizes(data, key, mask)
        by_group = {g.key: sum(sizes[c] for c in g.categories) for g in grouping.groups}
        for group, size in by_group.items():
            out[(key, group)] = size
            if structure.dimensions[key].overlap:
                out[(key, "_outside_" + group)] = total - size
        for region, members in grouping.regions:
            out[(key, region)] = sum(by_group[m] for m in members)
    return out


def _medians(data: Microdata, structure: st.Structure, mask: np.ndarray, k: int) -> dict[str, float]:
    """The whole wave's median of each number question, where it is a number a family can
    type (whole, or with the question's decimals) and at least k families gave exactly
    that number (so it names no small group)."""
    out = {}
    for code, rows in structure.rows.items():
        if rows.kind != "number" or not rows.bins:
            continue
        values = data.value[code][mask]
        values = values[~np.isnan(values)]
        if len(values) < k:
            continue
        median = round(float(np.median(values)), rows.decimals)
        if np.isclose(median, np.median(values)) and int(np.isclose(values, median).sum()) >= k:
            out[code] = median
    return out


def _quotable(data: Microdata, structure: st.Structure, mask: np.ndarray, k: int) -> tuple[str, ...]:
    languages = structure.dimensions[st.LANGUAGE].categories
    counts = np.bincount(data.language_of[mask], minlength=len(languages))
    return tuple(code for code, count in zip(languages, counts, strict=True) if count >= k)
