"""The report of a wave, as a format-free model, for any questionnaire.

:func:`build` lays out what a :class:`~analysis.publication.Publication` may show:
sections of paragraphs and tables (each table with its chart and a text alternative),
labelled in German or English. It reads figures only from the wave's latest release —
every number in a report is one the release decided may be published — and computes
nothing but shares of shown counts over shown bases. The renderers
(:mod:`analysis.render`, :mod:`analysis.pdf`) only lay the model out.

Every question appears by its type (see :mod:`analysis.structure`). What a question
means for the needs report comes from the questionnaire (``report: {role: …}``, one of
:class:`questionnaires.model.Role`): a section appears only when a question with its
role is in the wave — reach by home area and the map, needs ranked and by family type
(the questions on the household, the number and ages of children and on benefits), the
offers at a glance with what makes them hard to use, that and how families hear of
offers by language, how families are doing and whom they can ask. No question code is
named here. Every other question follows under "Further questions".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from analysis.chart_spec import Chart, alt_items
from analysis.disclosure import HIDDEN_MARK, SHOWN
from analysis.geography import ATTRIBUTION, RESIDENTS_ATTRIBUTION, children_by_region, district_regions
from analysis.groups import Grouping
from analysis.publication import Publication
from analysis.releases import Release
from analysis.structure import (
    ASSISTED,
    BASE,
    LANGUAGE,
    LOCATION,
    NO_REGION,
    NONE,
    NOT_ASKED,
    REGION,
    TEXT,
    VALUE,
    question_kind,
)
from analysis.texts import text
from questionnaires.model import Role
from questionnaires.questions import ChoiceQuestion, FreeText, MultipleChoice, Number, Question, Scale, YesNo

ALL = "_all"
FAMILY_ROLES = (Role.HOUSEHOLD, Role.CHILDREN_COUNT, Role.CHILDREN_AGES, Role.BENEFITS)
LANGUAGES = ("de", "en")


class Percent(float):
    """A share in per cent, for a spreadsheet cell formatted as a percentage."""


@dataclass
class Table:
    """One published table: header, rows of display texts (``values``: the same cells
    as numbers where they are numbers — counts as int, shares as :class:`Percent`), and
    its long form for exports."""

    id: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    long: list[dict] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""
    kind: str = "table"  # "quotes": released free texts, one per row, shown as a list
    values: list[list[object]] = field(default_factory=list)

    def cells(self) -> list[list[object]]:
        return self.values or [list(row) for row in self.rows]


@dataclass
class Section:
    id: str
    title: str
    blocks: list[str | Table] = field(default_factory=list)  # a str is a paragraph ("## " a heading)


@dataclass(frozen=True)
class MeasureEffect:
    """What a district did after an earlier wave, with the answer that would show its
    effect: that answer's published count and base then (in ``wave``) and now (this
    wave's release; None where a release does not show it). Texts are in the report's
    language."""

    what: str
    status: str  # planned, started, done, not_possible
    wave: str  # the earlier wave's name
    question: str
    choice: str
    before: tuple[int, int] | None
    now: tuple[int, int] | None


@dataclass
class Report:
    lang: str
    title: str
    cover: list[tuple[str, str]]
    notes: list[str]
    sections: list[Section]
    k: int

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


# -- what a reader can choose -------------------------------------------------------------------


def breakdowns(publication: Publication) -> list[str]:
    """The breakdowns the wave's latest full release offers: location, district region of
    the location (when there are several), language, assisted, and the questionnaire's
    own breakdown questions — each only where it has at least two groups."""
    release = publication.full
    if release is None or publication.release is not release:
        return []
    out = []
    for key, grouping in release.groupings.items():
        if not grouping.offered():
            continue
        out.append(key)
        if key == LOCATION and len(grouping.regions) >= 2:
            out.append(REGION)
    order = [LOCATION, REGION, LANGUAGE, ASSISTED]
    return sorted(
        out, key=lambda k: (order.index(k) if k in order else len(order), _question_order(publication, k))
    )


def _question_order(publication: Publication, key: str) -> int:
    codes = [q.code for q in publication.questionnaire.questions]
    return codes.index(key) if key in codes else -1


def comparable(current: Publication, earlier: Publication) -> list[str]:
    """Questions asked alike in both waves: the same code, the same kind of question, at
    least one answer code in common."""
    out = []
    for question in current.questionnaire.questions:
        if not question.takes_answer or not earlier.questionnaire.has_question(question.code):
            continue
        other = earlier.questionnaire.question(question.code)
        if question_kind(question) != question_kind(other):
            continue
        if (
            isinstance(question, ChoiceQuestion)
            and isinstance(other, ChoiceQuestion)
            and not (
                {c.code for c in question.choices} & {c.code for c in other.choices}
                or (isinstance(question, YesNo) and isinstance(other, YesNo))
            )
        ):
            continue
        out.append(question.code)
    return out


# -- labels and numbers ------------------------------------------------------------------------


class Labels:
    """Labels at render time: questionnaire texts, place names, language names, groups."""

    def __init__(self, publication: Publication, lang: str) -> None:
        self.p = publication
        self.q = publication.questionnaire
        self.lang = lang
        self.locale = Locale.parse(lang)

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def question(self, code: str) -> str:
        return self.q.question(code).text.get(self.lang, self.q.source_language)

    def choice(self, question: str, code: str) -> str:
        if code in (NONE, TEXT, VALUE):
            return self.t(code)
        if code == NOT_ASKED:
            return code
        definition = self.q.question(question)
        if isinstance(definition, YesNo):
            return self.t(code) if code in ("yes", "no") else code
        if isinstance(definition, ChoiceQuestion):
            for choice in definition.choices:
                if choice.code == code:
                    return choice.text.get(self.lang, self.q.source_language)
        if code in self.p.regions:
            return self.p.regions[code]
        if isinstance(definition, Number):
            return self.number_range(code)
        return code

    def number_range(self, code: str) -> str:
        low, _, high = code.partition("..")
        if "." in low + high:  # a question with decimals: its numbers as the reader writes them
            low, high = (format_decimal(float(b), locale=self.lang) if b else "" for b in (low, high))
        if not low and not high:
            return self.t("range_all")
        if not low:
            return self.t("range_to", high=high)
        if not high:
            return self.t("range_from", low=low)
        return low if low == high else self.t("range", low=low, high=high)

    def row(self, question: str, key: str, release: Release) -> str:
        """A row of a question's table: an answer, or a group of answers."""
        if key == BASE:
            return self.t("base")
        if key == "_value":
            return self.t("_value")
        grouping = release.groupings.get(question)
        group = next((g for g in grouping.groups if g.key == key), None) if grouping else None
        if group is None:
            return self.choice(question, key)
        return self._group_name(group, lambda c: self.choice(question, c))

    def _group_name(self, group, name) -> str:
        names = [name(c) for c in group.categories if c != NOT_ASKED]
        if len(names) == 1:
            return names[0]
        if group.lead is not None:
            others = [name(c) for c in group.categories if c not in (group.lead, NOT_ASKED)]
            return self.t("merged", first=name(group.lead), members=", ".join(others))
        return self.t("merged_other", members=", ".join(names))

    def category(self, dimension: str, code: str) -> str:
        if dimension == LOCATION:
            return self.p.locations.get(code, code)
        if dimension == LANGUAGE:
            name = self.locale.languages.get(code)
            return name[:1].upper() + name[1:] if name else code
        if dimension == ASSISTED:
            return self.t(code)
        return self.choice(dimension, code)

    def group(self, dimension: str, key: str, release: Release | None) -> str:
        if key == ALL:
            return self.t("all")
        if dimension == REGION:
            return self.region_group(key, release)
        grouping = release.groupings.get(dimension) if release else None
        if grouping is None:
            return self.category(dimension, key)
        group = next((g for g in grouping.groups if g.key == key), None)
        if group is None:
            return key
        return self._group_name(group, lambda c: self.category(dimension, c))

    def region_group(self, key: str, release: Release | None) -> str:
        grouping = release.groupings[LOCATION] if release else None
        regions = {self.p.location_regions.get(c) or NO_REGION for c in self._locations_of(key, grouping)}
        names = [self.region(r) for r in sorted(regions)]
        return names[0] if len(names) == 1 else self.t("merged_other", members=", ".join(names))

    def _locations_of(self, key: str, grouping: Grouping | None) -> list[str]:
        if grouping is None:
            return []
        groups = dict((g.key, g.categories) for g in grouping.groups)
        if key in groups:
            return list(groups[key])
        members = dict(grouping.regions).get(key, ())
        return [c for m in members for c in groups[m]]

    def region(self, code: str) -> str:
        if code == NO_REGION:
            return self.t("_noregion")
        return self.p.regions.get(code, code)

    def dimension(self, key: str) -> str:
        if key in (LOCATION, REGION, LANGUAGE, ASSISTED):
            return self.t(f"d_{key}")
        return f"„{self.question(key)}“" if self.lang == "de" else f"“{self.question(key)}”"


class Format:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.lang)

    def percent(self, share: float) -> str:
        return format_percent(share / 100, locale=self.lang)

    def decimal(self, value: float, digits: int = 1) -> str:
        return format_decimal(round(value, digits), format="#,##0." + "0" * digits, locale=self.lang)

    def date(self, day: dt.date) -> str:
        return format_date(day, format="long", locale=self.lang)


class Figures:
    """The figures of one release, looked up by what they count."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.decision = release.decision

    def get(self, key: tuple) -> int | None:
        return self.decision.value.get(key) if self.decision.status.get(key) == SHOWN else None

    def has(self, key: tuple) -> bool:
        return key in self.decision.status

    def n(self) -> int:
        return self.release.responses

    def rows(self, question: str) -> list[str]:
        return [key[2] for key in self.decision.status if key[:2] == ("all", question) and len(key) == 3]

    def cell(self, question: str, row: str, dimension: str | None, column: str) -> tuple | None:
        """The key of a figure: the whole wave (``column`` ALL) or a group; None where the
        release has no such figure."""
        if column == ALL:
            return ("all", question, row)
        if dimension == REGION:
            key: tuple = ("block", question, LOCATION, row, column)
            if self.has(key):
                return key
            grouping = self.release.groupings[LOCATION]
            members = dict(grouping.regions).get(column, ())
            if len(members) == 1:
                return ("block", question, LOCATION, row, members[0])
            return None
        key = ("block", question, dimension, row, column)
        return key if self.has(key) else None

    def base(
        self, question: str, conditioned: bool, dimension: str | None, column: str
    ) -> tuple | int | None:
        if conditioned:
            return self.cell(question, BASE, dimension, column)
        if column == ALL:
            return self.n()
        return self.size(dimension, column)

    def size(self, dimension: str | None, column: str) -> int | None:
        if column == ALL:
            return self.n()
        if dimension == REGION:
            value = self.get(("size", LOCATION, column))
            if value is None:
                members = dict(self.release.groupings[LOCATION].regions).get(column, ())
                if len(members) == 1:
                    return self.get(("size", LOCATION, members[0]))
            return value
        return self.get(("size", dimension, column))

    def columns(self, dimension: str) -> list[str]:
        if dimension == REGION:
            return [key for key, _ in self.release.groupings[LOCATION].regions]
        return list(self.release.groupings[dimension].keys)


# -- tables ----------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, publication: Publication, lang: str, breakdown: str | None) -> None:
        self.p = publication
        release = publication.release
        assert release is not None
        self.release: Release = release
        self.f = Figures(release)
        self.lab = Labels(publication, lang)
        self.fmt = Format(lang)
        self.lang = lang
        self.breakdown = breakdown
        self.q = publication.questionnaire
        self.question_code = ""  # the question of the table being made (for the long form)

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def value(self, key: tuple | int | None) -> tuple[int | None, str]:
        """A figure and what a reader sees of it."""
        if key is None:
            return None, "–"
        if isinstance(key, int):
            return key, self.fmt.number(key)
        shown = self.f.get(key)
        return (shown, self.fmt.number(shown)) if shown is not None else (None, HIDDEN_MARK)

    def question_table(
        self,
        question: str,
        dimension: str | None = None,
        order: Sequence[str] | None = None,
        table_id: str | None = None,
        chart: bool = True,
        ranked: bool = False,
    ) -> Table:
        """A question's table: its rows (answers, "not stated", then n) for the whole
        wave and, with ``dimension``, per group — shares where count and base are shown."""
        definition = self.q.question(question)
        self.question_code = question
        conditioned = definition.show_if is not None
        rows = [r for r in self.f.rows(question) if r != BASE]
        if order is not None:
            rows = [r for r in order if r in rows] + [r for r in rows if r not in order]
        notes = [self.t("share_of_base")]
        if dimension is not None:
            full = self.p.full
            assert full is not None  # breakdowns are offered only from a full release
            if not full.groupings.get(dimension, None) and dimension != REGION:
                dimension = None
        if dimension is not None and not self._breaks_down(question, dimension):
            notes.append(
                self.t("note_own_breakdown")
                if dimension == question
                else self.t("note_linked_breakdown", by=self.lab.dimension(dimension))
            )
            dimension = None
        columns = [ALL] + (self.f.columns(dimension) if dimension else [])
        caption = self.lab.question(question)
        if dimension:
            caption = f"{caption} – {self.t('breakdown_by', dimension=self.lab.dimension(dimension))}"
        header = [self.t("answer"), self.t("count"), self.t("share")]
        if dimension:
            header = [self.t("answer"), *(self.lab.group(dimension, c, self.release) for c in columns)]
        body: list[list[str]] = []
        typed: list[list[object]] = []
        long: list[dict] = []
        table_id = table_id or (f"q_{question}" + (f"_by_{dimension}" if dimension else ""))
        bases = {c: self.value(self.f.base(question, conditioned, dimension, c)) for c in columns}
        shares: dict[str, float | None] = {}
        for row in rows:
            label = self.lab.row(question, row, self.release)
            line: list[str] = [label]
            vline: list[object] = [label]
            for column in columns:
                count, mark = self.value(self.f.cell(question, row, dimension, column))
                base = bases[column][0]
                share = 100.0 * count / base if count is not None and base else None
                if column == ALL:
                    shares[row] = share
                if dimension:
                    line.append(self.fmt.percent(share) if share is not None else mark)
                    vline.append(Percent(share) if share is not None else mark)
                else:
                    line += [mark, self.fmt.percent(share) if share is not None else "–"]
                    vline += [
                        count if count is not None else mark,
                        Percent(share) if share is not None else "–",
                    ]
                long.append(
                    self._long(table_id, caption, row, label, dimension, column, count, mark, share, base)
                )
            body.append(line)
            typed.append(vline)
        base_line: list[str] = [self.t("base")]
        base_values: list[object] = [self.t("base")]
        for column in columns:
            base, mark = bases[column]
            base_line += [mark] if dimension else [mark, ""]
            base_values += [base if base is not None else mark] + ([] if dimension else [""])
            long.append(
                self._long(table_id, caption, BASE, self.t("base"), dimension, column, base, mark, None, None)
            )
        body.append(base_line)
        typed.append(base_values)
        notes += self._notes(definition, shares)
        drawn = None
        if chart:
            drawn = self._chart(question, rows, columns, dimension, caption, long)
        if ranked:
            notes.insert(0, self.t("note_ranked"))
        return Table(table_id, caption, header, body, long, drawn, "".join(notes).strip(), values=typed)

    def _chart(
        self,
        question: str,
        rows: Sequence[str],
        columns: Sequence[str],
        dimension: str | None,
        caption: str,
        long: Sequence[dict],
    ) -> Chart:
        """Bars of the shares: all families, and each group beside them where a breakdown
        has at most four groups and the chart stays short (more would not be legible)."""
        share = {(r["row"], ALL if r["group"] == "all" else r["group"]): r["share"] for r in long}
        labels = tuple(self.lab.row(question, r, self.release) for r in rows)
        if dimension is None or not 2 <= len(columns) <= 5 or len(rows) * len(columns) > 30:
            values = tuple(share[(r, ALL)] for r in rows)
            marks = tuple("" if v is not None else HIDDEN_MARK for v in values)
            title = caption if dimension is None else f"{self.lab.question(question)} – {self.t('all')}"
            return Chart(
                "bars",
                title,
                labels,
                ((self.t("share"), values),),
                marks,
                "%",
                self.t(
                    "chart_alt_bars",
                    title=title,
                    items=alt_items(labels, values, marks, "%", self.t("not_shown")),
                ),
            )
        series = tuple(
            (
                self.lab.group(dimension, c, self.release) if c != ALL else self.t("all"),
                tuple(share[(r, c)] for r in rows),
            )
            for c in columns
        )
        items = "; ".join(
            f"{label}: "
            + ", ".join(
                f"{name} {values[i]:.0f} %" if values[i] is not None else f"{name} {self.t('not_shown')}"
                for name, values in series
            )
            for i, label in enumerate(labels)
        )
        return Chart(
            "waves",
            caption,
            labels,
            series,
            (self.t("not_shown"),),
            "%",
            self.t("chart_alt_waves", title=caption, items=items),
        )

    def _breaks_down(self, question: str, dimension: str) -> bool:
        key = LOCATION if dimension == REGION else dimension
        return any(k[:3] == ("block", question, key) for k in self.f.decision.status)

    def _long(self, table_id, caption, row, label, dimension, column, count, mark, share, base) -> dict:
        return {
            "table": table_id,
            "caption": caption,
            "question": self.question_code,
            "row": row,
            "row_label": label,
            "by": dimension or "all",
            "group": column if column != ALL else "all",
            "column_label": (
                self.lab.group(dimension or "", column, self.release) if column != ALL else self.t("all")
            ),
            "count": count,
            "mark": "" if count is not None else mark,
            "share": None if share is None else round(share, 2),
            "base": base,
        }

    def _notes(self, definition: Question, shares: Mapping[str, float | None]) -> list[str]:
        notes = []
        if definition.show_if is not None:
            condition = definition.show_if
            answers = ", ".join(
                f"„{self.lab.choice(condition.question, c)}“"
                if self.lang == "de"
                else f"“{self.lab.choice(condition.question, c)}”"
                for c in condition.any_of
            )
            notes.append(
                self.t("note_condition", question=self.lab.question(condition.question), answers=answers)
            )
        if isinstance(definition, MultipleChoice):
            limit = (
                self.t("note_up_to", max=definition.max_choices)
                if definition.max_choices
                else self.t("note_any")
            )
            notes.append(self.t("note_multiple", limit=limit))
            exclusive = next((c for c in definition.choices if c.exclusive), None)
            if exclusive is not None:
                notes.append(
                    self.t("note_exclusive", choice=exclusive.text.get(self.lang, self.q.source_language))
                )
        if isinstance(definition, Scale):
            best = [c.code for c in definition.choices[:2]]
            top = [share for c in best if (share := shares.get(c)) is not None]
            if len(top) == len(best):
                notes.append(self.t("note_top_two", share=self.fmt.percent(sum(top))))
        if isinstance(definition, Number):
            if self.release.bins.get(definition.code):
                notes.append(self.t("note_ranges", k=self.p.rules.k))
            median = self.release.medians.get(definition.code)
            if median is not None:
                notes.append(self.t("note_median", median=self.fmt.number(median)))
        return notes

    def respondents_table(self, dimension: str) -> Table:
        """Families per group of a breakdown (every group, merged where small)."""
        self.question_code = ""
        caption = self.t("by_dimension", dimension=self.lab.dimension(dimension))
        table_id = f"by_{dimension}"
        header = [self.t("group"), self.t("count"), self.t("share")]
        body, long, names, values, marks = [], [], [], [], []
        typed: list[list[object]] = []
        n = self.f.n()
        for column in self.f.columns(dimension):
            size = self.f.size(dimension, column)
            label = self.lab.group(dimension, column, self.release)
            share = 100.0 * size / n if size is not None and n else None
            mark = self.fmt.number(size) if size is not None else HIDDEN_MARK
            body.append([label, mark, self.fmt.percent(share) if share is not None else "–"])
            typed.append(
                [label, size if size is not None else mark, Percent(share) if share is not None else "–"]
            )
            long.append(
                self._long(
                    table_id,
                    caption,
                    "_families",
                    self.t("families"),
                    dimension,
                    column,
                    size,
                    mark,
                    share,
                    n,
                )
            )
            names.append(label)
            values.append(share)
            marks.append("" if share is not None else HIDDEN_MARK)
        body.append([self.t("all"), self.fmt.number(n), ""])
        typed.append([self.t("all"), n, ""])
        long.append(
            self._long(
                table_id,
                caption,
                "_families",
                self.t("families"),
                None,
                ALL,
                n,
                self.fmt.number(n),
                None,
                None,
            )
        )
        chart = Chart(
            "bars",
            caption,
            tuple(names),
            ((self.t("share"), tuple(values)),),
            tuple(marks),
            "%",
            self.t(
                "chart_alt_bars",
                title=caption,
                items=alt_items(names, values, marks, "%", self.t("not_shown")),
            ),
        )
        return Table(table_id, caption, header, body, long, chart, values=typed)

    def ranking(self, question: str) -> list[str]:
        """Rows by their shown whole-wave count, largest first; hidden ones and an exclusive
        answer last, in questionnaire order (the order never hints at a hidden count)."""
        definition = self.q.question(question)
        exclusive = {c.code for c in getattr(definition, "choices", ()) if c.exclusive}
        rows = [r for r in self.f.rows(question) if r not in (BASE, NONE)]
        shown = [r for r in rows if self.f.get(("all", question, r)) is not None and r not in exclusive]
        ranked = sorted(shown, key=lambda r: (-(self.f.get(("all", question, r)) or 0), rows.index(r)))
        return ranked + [r for r in rows if r not in ranked] + [NONE]


# -- the report ---------------------------------------------------------------------------------


def build(
    publication: Publication,
    lang: str = "de",
    breakdown: str | None = None,
    compare: Sequence[Publication] = (),
    texts: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    today: dt.date | None = None,
    measures: Sequence[MeasureEffect] = (),
) -> Report | None:
    """The report of a wave's latest release (None while there is none).

    ``breakdown``: one of :func:`breakdowns` (else none is applied). ``compare``: earlier
    waves' publications to compare with (their latest releases). ``texts``: free texts
    staff released for publication, per question, as (text, language of the answer) —
    shown only for a closed wave's full release, only in languages with at least k
    answers, only from ``k_strict`` texts per question, in alphabetical order."""
    if lang not in LANGUAGES:
        raise ValueError("reports are written in German (de) or English (en)")
    release = publication.release
    if release is None:
        return None
    if breakdown is not None and breakdown not in breakdowns(publication):
        breakdown = None
    b = _Builder(publication, lang, breakdown)
    q = publication.questionnaire
    rules = publication.rules
    roles: dict[str, list[str]] = {}
    for x in q.questions:
        if x.takes_answer and x.role:
            roles.setdefault(x.role, []).append(x.code)
    placed: set[str] = set()
    sections: list[Section] = []

    # cover
    wave = publication.wave
    offered = breakdowns(publication)
    languages = ""
    if LANGUAGE in offered:
        languages = ", ".join(
            f"{b.lab.group(LANGUAGE, c, release)} ({b.value(('size', LANGUAGE, c))[1]})"
            for c in b.f.columns(LANGUAGE)
        )
    cover = [
        (b.t("wave"), wave.name),
        (b.t("period"), f"{b.fmt.date(wave.opens_on)} – {b.fmt.date(wave.closes_on)}"),
        (b.t("district"), wave.district_name),
        (b.t("locations"), ", ".join(publication.locations.values())),
        (b.t("answers"), b.fmt.number(release.responses)),
        (
            b.t("questionnaire"),
            f"{q.title.get(lang, q.source_language)} ({q.code}, {wave.questionnaire_number})",
        ),
        (
            b.t("release"),
            b.t(
                "release_full" if release.full else "release_interim",
                number=release.number,
                date=b.fmt.date(release.made_on),
            ),
        ),
    ]
    if languages:
        cover.insert(4, (b.t("languages_used"), languages))
    if breakdown:
        cover.append((b.t("breakdown"), b.lab.dimension(breakdown)))
    if compare:
        cover.append((b.t("compared_with"), ", ".join(p.wave.name for p in compare)))
    notes = [b.t("suppression_note", k=rules.k)]
    if not release.full:
        notes.append(b.t("interim_note", k=rules.k))
    if release.held_back:
        notes.append(b.t("held_back_note", held=b.fmt.number(release.held_back)))
    if wave.answers_deleted_on is not None:
        notes.append(b.t("kept_only", date=b.fmt.date(wave.answers_deleted_on)))
    notes.append(b.t("generated", date=b.fmt.date(today or dt.date.today())))

    def table(question: str, **options) -> Table:
        placed.add(question)
        return b.question_table(question, breakdown, **options)

    # who answered
    reach = Section("reach", b.t("s_reach"), [b.t("reach_intro")])
    for dimension in (LOCATION, REGION, LANGUAGE, ASSISTED):
        if dimension in offered:
            reach.blocks.append(b.respondents_table(dimension))
    home = next((c for c in roles.get(Role.HOME_REGION, ()) if c in offered), None)
    reach_table = None
    if home is not None:
        reach.blocks.append(b.t("home_intro"))
        reach_table = _reach_table(b, home)
        reach.blocks.append(reach_table)
    for role in FAMILY_ROLES:
        for question in roles.get(role, ()):
            reach.blocks.append(table(question))
    sections.append(reach)

    # needs
    needs = roles.get(Role.NEEDS, [])
    if needs:
        section = Section(Role.NEEDS, b.t("s_needs"), [b.t("needs_intro")])
        family_dims = [c for role in FAMILY_ROLES for c in roles.get(role, ()) if c in offered]
        for question in needs:
            order: list[str] | None = b.ranking(question)
            section.blocks.append(table(question, order=order, ranked=True))
            for dimension in family_dims:
                if dimension == breakdown:
                    continue
                section.blocks.append(b.question_table(question, dimension, order=order, chart=False))
        sections.append(section)

    # offers
    offers = roles.get(Role.OFFER, [])
    hurdles = roles.get(Role.BARRIERS, [])
    if offers or hurdles:
        section = Section("offers", b.t("s_offers"), [b.t("funnel_intro")] if offers else [])
        if offers:
            section.blocks.append(_funnel(b, offers))
            for question in offers:
                section.blocks.append(table(question, chart=False))
        for question in hurdles:
            section.blocks.append(table(question, order=b.ranking(question), ranked=True))
        sections.append(section)

    # what makes offers hard to use, and how families hear of them, by language
    by_language = [c for c in (*hurdles, *roles.get(Role.CHANNELS, [])) if LANGUAGE in offered]
    if by_language:
        section = Section(Role.BARRIERS, b.t("s_barriers"), [b.t("barriers_intro")])
        for question in roles.get(Role.CHANNELS, []):
            if question not in placed:
                section.blocks.append(table(question, order=b.ranking(question), ranked=True))
        for question in by_language:
            if breakdown != LANGUAGE:
                section.blocks.append(
                    b.question_table(question, LANGUAGE, order=b.ranking(question), chart=False)
                )
        sections.append(section)

    # how families are doing, and whom they can ask
    doing = [*roles.get(Role.WELLBEING, []), *roles.get(Role.SUPPORT, [])]
    if doing:
        section = Section(Role.WELLBEING, b.t("s_wellbeing"), [b.t("wellbeing_intro")])
        for question in doing:
            section.blocks.append(table(question))
        sections.append(section)

    # map
    if home is not None and reach_table is not None:
        geo = district_regions(wave.district_code)
        if geo:
            section = Section("map", b.t("s_map"), [b.t("map_intro")])
            reach_table.chart = _map_chart(b, home, geo, reach_table)
            poverty = next(iter(roles.get(Role.BENEFITS, ())), None)
            if poverty is not None and b._breaks_down(poverty, home):
                section.blocks.append(_share_map(b, poverty, home, geo))
            sections.append(section)

    # every other question
    rest = [
        x.code for x in q.questions if x.takes_answer and x.code not in placed and not isinstance(x, FreeText)
    ]
    if rest:
        title = b.t("s_more_questions") if placed else b.t("s_questions")
        section = Section("questions", title, [] if placed else [b.t("questions_intro")])
        for question in rest:
            definition = q.question(question)
            order = b.ranking(question) if isinstance(definition, MultipleChoice) else None
            section.blocks.append(table(question, order=order, ranked=order is not None))
        sections.append(section)

    # compared with earlier waves
    if compare:
        sections.append(_comparison(b, compare))
    if measures:
        sections.append(_measures(b, measures))

    # free text
    free = Section("free_text", b.t("s_free_text"))
    asked = [x.code for x in q.questions if isinstance(x, FreeText)]
    if not asked:
        free.blocks.append(b.t("free_text_none"))
    else:
        free.blocks.append(b.t("free_text_intro", k=rules.k_strict))
        for question in asked:
            free.blocks.append(table(question, chart=False))
            quotes = _quotable(publication, (texts or {}).get(question, ()))
            if len(quotes) >= rules.k_strict:
                free.blocks.append(_quotes(b, question, quotes))
            else:
                free.blocks.append(b.t("texts_too_few", k=rules.k_strict))
    sections.append(free)

    sections.append(_annex(b))
    return Report(lang, b.t("title"), cover, notes, sections, rules.k)


def _quotable(publication: Publication, texts: Sequence[tuple[str, str]]) -> list[str]:
    """Released texts that may appear: only in a closed wave's full release, only in
    languages with at least k answers (a script names its group)."""
    release = publication.release
    if release is None or not release.full or not publication.closed:
        return []
    return [t for t, language in texts if t and t.strip() and language in release.quotable]


def _quotes(b: _Builder, question: str, released: Sequence[str]) -> Table:
    """The released texts in alphabetical order: an order that says nothing of who wrote
    them or when."""
    shown = sorted(released, key=str.casefold)
    table_id = f"texts_{question}"
    caption = b.t("released_texts", question=b.lab.question(question))
    return Table(
        table_id,
        caption,
        [b.t("text")],
        [[t] for t in shown],
        [
            {"table": table_id, "caption": caption, "row": str(n), "text": t}
            for n, t in enumerate(shown, start=1)
        ],
        kind="quotes",
    )


def _reach_table(b: _Builder, home: str) -> Table:
    """Families per home area, against the children living there (answers per 100
    children) — for areas that are district regions, or groups of them."""
    children = children_by_region()
    caption = b.t("reach_table")
    header = [b.t("home_area"), b.t("answers"), b.t("children"), b.t("per_100")]
    rows: list[list[str]] = []
    long: list[dict] = []
    typed: list[list[object]] = []
    release = b.release
    grouping = release.groupings[home]
    for group in grouping.groups:
        size = b.f.size(home, group.key)
        label = b.lab.group(home, group.key, release)
        regions = [c for c in group.categories if c in b.p.regions]
        kids = (
            sum(children.get(c, 0) for c in regions)
            if regions and len(regions) == len(group.categories)
            else None
        )
        per = 100.0 * size / kids if size is not None and kids else None
        rows.append(
            [
                label,
                b.fmt.number(size) if size is not None else HIDDEN_MARK,
                b.fmt.number(kids) if kids else "–",
                b.fmt.decimal(per) if per is not None else "–",
            ]
        )
        typed.append(
            [
                label,
                size if size is not None else HIDDEN_MARK,
                kids or "–",
                round(per, 1) if per is not None else "–",
            ]
        )
        long.append(
            {
                "table": "reach",
                "caption": caption,
                "row": group.key,
                "row_label": label,
                "by": home,
                "group": group.key,
                "column_label": label,
                "count": size,
                "mark": "" if size is not None else HIDDEN_MARK,
                "children": kids,
                "per_100_children": None if per is None else round(per, 3),
            }
        )
    return Table("reach", caption, header, rows, long, values=typed)


def _map_chart(b: _Builder, home: str, geo, reach_table: Table) -> Chart:
    per_region: dict[str, float | None] = {}
    for row in reach_table.long:
        group = next(g for g in b.release.groupings[home].groups if g.key == row["group"])
        if len(group.categories) == 1:
            per_region[group.categories[0]] = row["per_100_children"]
    values = tuple(per_region.get(r.code) for r in geo)
    names = tuple(r.name for r in geo)
    hidden = b.t("outside_region")
    return Chart(
        "map",
        b.t("map_caption", measure=b.t("per_100")),
        names,
        ((b.t("per_100"), values),),
        (hidden,),
        b.t("per_100"),
        b.t(
            "chart_alt_map",
            title=b.t("per_100"),
            items=alt_items(names, values, [hidden] * len(names), "", hidden),
        ),
        tuple(geo),
    )


def _share_map(b: _Builder, question: str, home: str, geo) -> Table:
    """The share of the first answer of ``question`` by home area, as a table and map."""
    rows = b.f.rows(question)
    first = rows[0]
    answer = b.lab.row(question, first, b.release)
    caption = b.t("map_share", answer=answer)
    result = b.question_table(question, home, table_id=f"map_{question}", chart=False)
    result.caption = caption
    shares: dict[str, float | None] = {}
    for row in result.long:
        if row["row"] != first or row["by"] != home or row["group"] == "all":
            continue
        group = next(g for g in b.release.groupings[home].groups if g.key == row["group"])
        if len(group.categories) == 1:
            shares[group.categories[0]] = row["share"]
    values = tuple(shares.get(r.code) for r in geo)
    names = tuple(r.name for r in geo)
    hidden = b.t("outside_region")
    result.chart = Chart(
        "map",
        b.t("map_caption", measure=caption),
        names,
        ((b.t("share"), values),),
        (hidden,),
        "%",
        b.t(
            "chart_alt_map", title=caption, items=alt_items(names, values, [hidden] * len(names), "%", hidden)
        ),
        tuple(geo),
    )
    return result


def _funnel(b: _Builder, offers: Sequence[str]) -> Table:
    """Every offer's answers side by side (all offers share their answer codes)."""
    caption = b.t("funnel")
    stages = [r for r in b.f.rows(offers[0]) if r not in (BASE, NONE)]
    stage_names = [b.lab.row(offers[0], s, b.release) for s in stages]
    header = [b.t("offer_column"), *stage_names, b.t("base")]
    rows, long, names, typed = [], [], [], []
    series: list[list[float | None]] = [[] for _ in stages]
    marks = []
    for offer in offers:
        b.question_code = offer
        conditioned = b.q.question(offer).show_if is not None
        base, base_mark = b.value(b.f.base(offer, conditioned, None, ALL))
        name = b.lab.question(offer)
        names.append(name)
        line = [name]
        vline: list[object] = [name]
        complete = True
        for i, stage in enumerate(stages):
            count, mark = b.value(("all", offer, stage))
            share = 100.0 * count / base if count is not None and base else None
            line.append(b.fmt.percent(share) if share is not None else mark)
            vline.append(Percent(share) if share is not None else mark)
            series[i].append(share)
            complete = complete and share is not None
            long.append(
                b._long(
                    "offers_funnel", caption, stage, stage_names[i], Role.OFFER, ALL, count, mark, share, base
                )
                | {"group": offer, "column_label": name}
            )
        if not complete:  # a bar is drawn whole or not at all
            for i in range(len(stages)):
                series[i][-1] = None
        marks.append("" if complete else b.t("not_shown"))
        line.append(base_mark)
        vline.append(base if base is not None else base_mark)
        rows.append(line)
        typed.append(vline)
    items = "; ".join(
        f"{name}: " + ", ".join(f"{stage_names[i]} {series[i][j]:.0f} %" for i in range(len(stages)))
        if series[0][j] is not None
        else f"{name}: {b.t('not_shown')}"
        for j, name in enumerate(names)
    )
    chart = Chart(
        "stacked",
        caption,
        tuple(names),
        tuple((stage_names[i], tuple(series[i])) for i in range(len(stages))),
        tuple(marks) + (b.t("not_shown"),),
        "%",
        b.t("chart_alt_stacked", title=caption, items=items),
    )
    return Table("offers_funnel", caption, header, rows, long, chart, b.t("funnel_intro"), values=typed)


def _measures(b: _Builder, measures: Sequence[MeasureEffect]) -> Section:
    """Earlier waves' measures beside their answer's share then and now."""
    caption = b.t("measures_caption")
    header = [b.t("measure"), b.t("status"), b.t("answer"), b.t("then"), b.t("now")]
    rows, typed, long = [], [], []

    def share(figure: tuple[int, int] | None) -> tuple[str, object]:
        if figure is None or not figure[1]:
            return b.t("not_shown"), b.t("not_shown")
        count, base = figure
        value = 100 * count / base
        return f"{b.fmt.percent(value)} ({count} / {base})", Percent(value)

    for effect in measures:
        answer = f"{b.lab.question(effect.question)} – {b.lab.choice(effect.question, effect.choice)}"
        before, now = share(effect.before), share(effect.now)
        what = f"{effect.what} ({effect.wave})"
        status = b.t(f"status_{effect.status}")
        rows.append([what, status, answer, before[0], now[0]])
        typed.append([what, status, answer, before[1], now[1]])
        long.append(
            {
                "table": "measures",
                "caption": caption,
                "row": what,
                "column": answer,
                "status": effect.status,
                "before_count": effect.before[0] if effect.before else "",
                "before_base": effect.before[1] if effect.before else "",
                "count": effect.now[0] if effect.now else "",
                "base": effect.now[1] if effect.now else "",
            }
        )
    table = Table("measures", caption, header, rows, long, values=typed)
    return Section("measures", b.t("s_measures"), [b.t("measures_intro"), table])


def _comparison(b: _Builder, earlier: Sequence[Publication]) -> Section:
    """Per question asked alike: each wave's shares (from its own latest release) and
    the change; over three or more waves a table and chart of the whole course."""
    section = Section("compare", b.t("s_compare"), [b.t("compare_intro")])
    waves = [*earlier, b.p]
    for other in earlier:
        shared = comparable(b.p, other)
        if not shared:
            section.blocks.append(b.t("compare_none"))
    shared = (
        [c for c in comparable(b.p, earlier[0]) if all(c in comparable(b.p, o) for o in earlier)]
        if earlier
        else []
    )
    for question in shared:
        definition = b.q.question(question)
        conditioned = [w.questionnaire.question(question).show_if is not None for w in waves]
        figures = [Figures(w.release) if w.release else None for w in waves]
        own = [r for r in b.f.rows(question) if r != BASE]
        rows = [
            r
            for r in own
            if all(
                f is not None
                and r in f.rows(question)
                and _members(w.release, question, r) == _members(b.release, question, r)
                for w, f in zip(waves, figures, strict=True)
            )
        ]
        left_out = [
            b.lab.row(question, r, f.release)
            for f in figures
            if f is not None
            for r in f.rows(question)
            if r != BASE and r not in rows
        ]
        left_out = list(dict.fromkeys(left_out))
        if not rows:
            section.blocks.append(b.t("compare_no_rows", question=b.lab.question(question)))
            continue
        title = (
            b.t("compare_title", question=b.lab.question(question), before=earlier[-1].wave.name)
            if len(earlier) == 1
            else b.t("trend_title", question=b.lab.question(question), count=len(waves))
        )
        header = [b.t("answer")]
        for w in waves:
            header.append(w.wave.name)
        header.append(b.t("difference"))
        body, long, typed = [], [], []
        table_id = f"compare_{question}"
        series: list[list[float | None]] = [[] for _ in waves]
        for row in rows:
            label = b.lab.row(question, row, b.release)
            line = [label]
            vline: list[object] = [label]
            shares = []
            for i, (w, f) in enumerate(zip(waves, figures, strict=True)):
                assert f is not None
                count = f.get(("all", question, row))
                base_key = ("all", question, BASE) if conditioned[i] else f.n()
                base = f.get(base_key) if isinstance(base_key, tuple) else base_key
                share = 100.0 * count / base if count is not None and base else None
                shares.append(share)
                series[i].append(share)
                line.append(b.fmt.percent(share) if share is not None else HIDDEN_MARK)
                vline.append(Percent(share) if share is not None else HIDDEN_MARK)
                long.append(
                    {
                        "table": table_id,
                        "caption": title,
                        "row": row,
                        "row_label": label,
                        "by": "wave",
                        "group": str(w.wave.id),
                        "column_label": w.wave.name,
                        "count": count,
                        "mark": "" if count is not None else HIDDEN_MARK,
                        "base": base,
                        "share": None if share is None else round(share, 2),
                    }
                )
            change = shares[-1] - shares[-2] if shares[-1] is not None and shares[-2] is not None else None
            line.append(
                ("+" if change and change > 0 else "") + b.fmt.decimal(change) if change is not None else "–"
            )
            vline.append(round(change, 1) if change is not None else "–")
            typed.append(vline)
            long.append(
                {
                    "table": table_id,
                    "caption": title,
                    "row": row,
                    "row_label": label,
                    "by": "difference",
                    "group": "difference",
                    "column_label": b.t("difference"),
                    "change_points": None if change is None else round(change, 2),
                }
            )
            body.append(line)
        labels = tuple(b.lab.row(question, r, b.release) for r in rows)
        chart = Chart(
            "waves",
            title,
            labels,
            tuple((w.wave.name, tuple(s)) for w, s in zip(waves, series, strict=True)),
            (b.t("not_shown"),),
            "%",
            b.t(
                "chart_alt_waves",
                title=title,
                items="; ".join(
                    f"{label}: "
                    + ", ".join(
                        f"{w.wave.name} {s[i]:.0f} %"
                        if s[i] is not None
                        else f"{w.wave.name} {b.t('not_shown')}"
                        for w, s in zip(waves, series, strict=True)
                    )
                    for i, label in enumerate(labels)
                ),
            ),
        )
        del definition
        note = b.t("compare_left_out", rows="; ".join(left_out)) if left_out else ""
        section.blocks.append(Table(table_id, title, header, body, long, chart, note, values=typed))
    return section


def _members(release: Release | None, question: str, row: str) -> frozenset[str]:
    """The answers a row of a question's table counts: one, or those of a merged group
    (the same key may stand for other answers in another wave)."""
    grouping = release.groupings.get(question) if release is not None else None
    group = next((g for g in grouping.groups if g.key == row), None) if grouping else None
    return frozenset(group.categories) if group is not None else frozenset((row,))


def _annex(b: _Builder) -> Section:
    rules = b.p.rules
    q = b.q
    annex = Section("annex", b.t("s_annex"))
    annex.blocks += [
        f"## {b.t('method')}",
        b.t("method_text"),
        f"## {b.t('rules')}",
        b.t("rules_text", k=rules.k, k_group=rules.group_minimum, k_strict=rules.k_strict),
        f"## {b.t('questions')}",
    ]
    wording = []
    for number, question in enumerate((x for x in q.questions if x.takes_answer), start=1):
        choices = ""
        if isinstance(question, ChoiceQuestion) and question.choices and not isinstance(question, YesNo):
            choices = " · ".join(c.text.get(q.source_language, q.source_language) for c in question.choices)
        wording.append(
            [str(number), question.code, question.text.get(q.source_language, q.source_language), choices]
        )
    annex.blocks.append(
        Table("questions", b.t("questions"), ["#", "Code", b.t("wording"), b.t("choices")], wording)
    )
    fields_rows = [
        [b.lab.question(x.code), c.text.get(b.lang, q.source_language), b.t(f"f_{c.field}")]
        for x in q.questions
        if isinstance(x, ChoiceQuestion)
        for c in x.choices
        if c.field
    ]
    if fields_rows:
        annex.blocks += [f"## {b.t('fields')}"]
        annex.blocks.append(
            Table("fields", b.t("fields"), [b.t("question"), b.t("answer"), b.t("field")], fields_rows)
        )
    annex.blocks += [
        f"## {b.t('sources')}",
        b.t("source_lor", lor=ATTRIBUTION),
        b.t("source_residents", residents=RESIDENTS_ATTRIBUTION),
    ]
    return annex
