"""The report for district decision-makers, as a format-free model.

:func:`build` turns a wave's answers into sections of paragraphs and tables (each table
from a :class:`~analysis.disclosure.Protected`, with its chart and a text alternative),
labelled in German or English. The renderers (:mod:`analysis.render`,
:mod:`analysis.pdf`) only lay this model out; none of them sees a raw count.

The sections follow DOMAIN.md "What district decision-makers read": cover, reach,
needs ranking, offers funnel, barriers and channels by language, wellbeing and support
(across waves), map, free text, annex.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from analysis import aggregate
from analysis.charts import Chart, alt_items
from analysis.disclosure import ALL, BASE, DEFAULT_RULES, Protected, Rules
from analysis.geography import ATTRIBUTION, RESIDENTS_ATTRIBUTION, children_by_region, district_regions
from analysis.load import WaveData
from analysis.texts import FIELDS, text
from questionnaires.questions import ChoiceQuestion, FreeText, Info, YesNo


@dataclass
class Table:
    """One published table: header, rows of display texts, and its long form for exports."""

    id: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    long: list[dict] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""
    kind: str = "table"  # "quotes": released free texts, one per row, shown as a list


@dataclass
class Section:
    id: str
    title: str
    blocks: list[str | Table] = field(default_factory=list)  # a str is a paragraph


@dataclass
class Report:
    lang: str
    title: str
    cover: list[tuple[str, str]]
    notes: list[str]
    sections: list[Section]
    k: int
    k_strict: int

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


class _Labels:
    """Labels at render time: questionnaire texts, place names, language names."""

    def __init__(self, data: WaveData, lang: str) -> None:
        self.data = data
        self.lang = lang
        self.q = data.questionnaire
        self.locale = Locale.parse(lang)

    def question(self, code: str) -> str:
        return self.q.question(code).text.get(self.lang, self.q.source_language)

    def answer(self, question: str, code: str) -> str:
        if code == aggregate.TEXT:
            return text(self.lang, "texts_given")
        if question == aggregate.HOME_QUESTION and code in self.data.regions:
            return self.data.regions[code]
        if self.q.has_question(question):
            definition = self.q.question(question)
            if isinstance(definition, YesNo):
                return {
                    "yes": "Ja" if self.lang == "de" else "Yes",
                    "no": "Nein" if self.lang == "de" else "No",
                }.get(code, code)
            if isinstance(definition, ChoiceQuestion):
                for choice in definition.choices:
                    if choice.code == code:
                        return choice.text.get(self.lang, self.q.source_language)
        return code

    def group(self, by: str, code: str) -> str:
        if (by, code) == ALL:
            return text(self.lang, "all")
        if code == aggregate.NONE:
            return text(self.lang, "_none")
        if by in ("region", "home_region"):
            if code in self.data.regions:
                return self.data.regions[code]
            return self.answer(aggregate.HOME_QUESTION, code)
        if by == "location":
            return self.data.locations.get(code, code)
        if by == "language":
            return self.language(code)
        if by in ("assisted", "family_type"):
            return text(self.lang, code)
        if by == "age_group":
            return self.answer(aggregate.AGE_QUESTION, code)
        if by == "offer":
            return self.question(code)
        return code

    def language(self, code: str) -> str:
        name = self.locale.languages.get(code)
        return name[:1].upper() + name[1:] if name else code


class _Format:
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


# -- tables from protected results -----------------------------------------------------------


def _long(
    table_id: str,
    caption: str,
    result: Protected,
    row_label: Callable[[str], str],
    column_label: Callable[[str, str], str],
) -> list[dict]:
    out = []
    for by, group in result.counts.columns:
        for row in result.counts.index:
            count = result.counts.loc[row, (by, group)]
            share = result.shares.loc[row, (by, group)]
            out.append(
                {
                    "table": table_id,
                    "caption": caption,
                    "row": str(row),
                    "row_label": row_label(str(row)),
                    "by": by,
                    "group": group,
                    "column_label": column_label(by, group),
                    "count": None if count is pd.NA else int(count),
                    "mark": "" if count is not pd.NA else str(result.marks.loc[row, (by, group)]),
                    "share": None if share is pd.NA else round(float(share), 2),
                }
            )
    return out


def frequency_table(
    table_id: str,
    caption: str,
    result: Protected,
    labels: _Labels,
    fmt: _Format,
    question: str,
    order: Sequence[str] | None = None,
    chart: str | None = "bars",
    field_column: bool = False,
) -> Table:
    lang = labels.lang
    rows_order = list(order) if order is not None else [str(r) for r in result.counts.index if r != BASE]
    columns = list(result.counts.columns)
    breakdown = len(columns) > 1

    def row_label(code: str) -> str:
        return text(lang, "n") if code == BASE else labels.answer(question, code)

    if not breakdown:
        header = [text(lang, "answer"), text(lang, "count"), text(lang, "share")]
        if field_column:
            header.append(text(lang, "field"))
        rows = []
        for code in rows_order:
            count = result.counts.loc[code, ALL]
            share = result.shares.loc[code, ALL]
            line = [
                row_label(code),
                fmt.number(int(count)) if count is not pd.NA else str(result.marks.loc[code, ALL]),
                fmt.percent(float(share)) if share is not pd.NA else "–",
            ]
            if field_column:
                area = FIELDS.get(question, {}).get(code)
                line.append(text(lang, f"f_{area}") if area else "")
            rows.append(line)
        base = result.counts.loc[BASE, ALL] if BASE in result.counts.index else pd.NA
        if BASE in result.counts.index:
            rows.append(
                [
                    row_label(BASE),
                    fmt.number(int(base)) if base is not pd.NA else str(result.marks.loc[BASE, ALL]),
                    "",
                ]
                + ([""] if field_column else [])
            )
    else:
        header = [text(lang, "answer"), *(labels.group(by, g) for by, g in columns)]
        rows = []
        for code in [*rows_order, BASE]:
            if code not in result.counts.index:
                continue
            line = [row_label(code)]
            for column in columns:
                count = result.counts.loc[code, column]
                share = result.shares.loc[code, column]
                if count is pd.NA:
                    line.append(str(result.marks.loc[code, column]))
                elif code == BASE or share is pd.NA:
                    line.append(fmt.number(int(count)))
                else:
                    line.append(fmt.percent(float(share)))
            rows.append(line)
    drawn = None
    if chart == "bars":
        codes = [c for c in rows_order]
        values = tuple(
            None if result.shares.loc[c, ALL] is pd.NA else float(result.shares.loc[c, ALL]) for c in codes
        )
        marks = tuple(str(result.marks.loc[c, ALL]) for c in codes)
        names = tuple(row_label(c) for c in codes)
        hidden = text(lang, "not_shown")
        drawn = Chart(
            "bars",
            caption,
            names,
            ((text(lang, "share"), values),),
            marks,
            "%",
            text(lang, "chart_alt_bars", title=caption, items=alt_items(names, values, marks, "%", hidden)),
        )
    note = text(lang, "share_of_n") if breakdown or result.counts.index.size > 1 else ""
    return Table(
        table_id,
        caption,
        header,
        rows,
        _long(table_id, caption, result, row_label, labels.group),
        drawn,
        note,
    )


def respondents_table(
    table_id: str, caption: str, result: Protected, labels: _Labels, fmt: _Format, by: str, chart: bool = True
) -> Table:
    lang = labels.lang
    columns = [c for c in result.counts.columns if c[0] == by]
    total = result.counts.loc[BASE, ALL]
    header = [
        text(lang, by if by in ("language", "location") else "respondents"),
        text(lang, "count"),
        text(lang, "share"),
    ]
    rows, values, marks, names = [], [], [], []
    for column in columns:
        count = result.counts.loc[BASE, column]
        share = (
            (100.0 * int(count) / int(total)) if count is not pd.NA and total is not pd.NA and total else None
        )
        name = labels.group(*column)
        rows.append(
            [
                name,
                fmt.number(int(count)) if count is not pd.NA else str(result.marks.loc[BASE, column]),
                fmt.percent(share) if share is not None else "–",
            ]
        )
        values.append(share)
        marks.append(str(result.marks.loc[BASE, column]))
        names.append(name)
    rows.append(
        [
            text(lang, "all"),
            fmt.number(int(total)) if total is not pd.NA else str(result.marks.loc[BASE, ALL]),
            "",
        ]
    )
    drawn = None
    if chart:
        drawn = Chart(
            "bars",
            caption,
            tuple(names),
            ((text(lang, "share"), tuple(values)),),
            tuple(marks),
            "%",
            text(
                lang,
                "chart_alt_bars",
                title=caption,
                items=alt_items(names, values, marks, "%", text(lang, "not_shown")),
            ),
        )

    def row_label(code: str) -> str:
        return text(lang, "respondents")

    return Table(
        table_id, caption, header, rows, _long(table_id, caption, result, row_label, labels.group), drawn
    )


def funnel_table(result: Protected, labels: _Labels, fmt: _Format) -> Table:
    lang = labels.lang
    caption = text(lang, "funnel")
    first = aggregate.offer_questions(labels.q)[0]
    stages = list(aggregate.OFFER_STAGES)
    stage_names = [labels.answer(first, s) for s in stages]
    header = [text(lang, "offer"), *stage_names, text(lang, "n")]
    rows, names = [], []
    series: list[list[float | None]] = [[] for _ in stages]
    marks = []
    for column in result.counts.columns:
        name = labels.group(*column)
        names.append(name)
        line = [name]
        for i, stage in enumerate(stages):
            count = result.counts.loc[stage, column]
            share = result.shares.loc[stage, column]
            line.append(
                fmt.percent(float(share))
                if share is not pd.NA
                else (fmt.number(int(count)) if count is not pd.NA else str(result.marks.loc[stage, column]))
            )
            series[i].append(None if share is pd.NA else float(share))
        base = result.counts.loc[BASE, column]
        line.append(fmt.number(int(base)) if base is not pd.NA else str(result.marks.loc[BASE, column]))
        rows.append(line)
        complete = all(result.shares.loc[s, column] is not pd.NA for s in stages)
        marks.append("" if complete else text(lang, "not_shown"))
        if not complete:  # a funnel bar is drawn whole or not at all
            for i in range(len(stages)):
                series[i][-1] = None
    items = "; ".join(
        f"{name}: " + ", ".join(f"{stage_names[i]} {series[i][j]:.0f} %" for i in range(len(stages)))
        if series[0][j] is not None
        else f"{name}: {text(lang, 'not_shown')}"
        for j, name in enumerate(names)
    )
    chart = Chart(
        "stacked",
        caption,
        tuple(names),
        tuple((stage_names[i], tuple(series[i])) for i in range(len(stages))),
        tuple(marks) + (text(lang, "not_shown"),),
        "%",
        text(lang, "chart_alt_stacked", title=caption, items=items),
    )

    def row_label(code: str) -> str:
        return text(lang, "n") if code == BASE else labels.answer(first, code)

    return Table(
        "offers_funnel",
        caption,
        header,
        rows,
        _long("offers_funnel", caption, result, row_label, labels.group),
        chart,
        text(lang, "funnel_intro"),
    )


def change_table(
    table_id: str, question: str, change: pd.DataFrame, labels: _Labels, fmt: _Format, before_name: str
) -> Table:
    lang = labels.lang
    caption = text(lang, "compare_title", question=labels.question(question), before=before_name)
    header = [text(lang, "answer"), text(lang, "before"), text(lang, "after"), text(lang, "change")]
    rows, long = [], []
    codes = [c for c in change.index if c != BASE]
    for code in [*codes, BASE]:
        line = change.loc[code]
        label = text(lang, "n") if code == BASE else labels.answer(question, code)
        if code == BASE:
            cells = [fmt.number(int(v)) if v is not pd.NA else "–" for v in (line["before"], line["after"])]
            delta = line["change"]
            cells.append(
                ("+" if delta is not pd.NA and delta > 0 else "") + fmt.number(int(delta))
                if delta is not pd.NA
                else "–"
            )
        else:
            cells = [
                fmt.percent(float(v)) if v is not pd.NA else "–"
                for v in (line["before_share"], line["after_share"])
            ]
            points = line["change_points"]
            cells.append(
                ("+" if points is not pd.NA and points > 0 else "") + fmt.decimal(float(points))
                if points is not pd.NA
                else "–"
            )
        rows.append([label, *cells])
        long.append(
            {
                "table": table_id,
                "caption": caption,
                "row": code,
                "row_label": label,
                **{k: (None if line[k] is pd.NA else float(line[k])) for k in change.columns},
            }
        )
    before = tuple(
        None if change.loc[c, "before_share"] is pd.NA else float(change.loc[c, "before_share"])
        for c in codes
    )
    after = tuple(
        None if change.loc[c, "after_share"] is pd.NA else float(change.loc[c, "after_share"]) for c in codes
    )
    names = tuple(labels.answer(question, c) for c in codes)
    items = "; ".join(
        f"{n}: {f'{b:.0f} %' if b is not None else text(lang, 'not_shown')} → "
        f"{f'{a:.0f} %' if a is not None else text(lang, 'not_shown')}"
        for n, b, a in zip(names, before, after, strict=True)
    )
    chart = Chart(
        "waves",
        caption,
        names,
        ((text(lang, "before"), before), (text(lang, "after"), after)),
        (text(lang, "not_shown"),),
        "%",
        text(lang, "chart_alt_waves", title=caption, items=items),
    )
    return Table(table_id, caption, header, rows, long, chart, text(lang, "share_of_n"))


def breakdown_section(data: WaveData, by: str, labels: _Labels, fmt: _Format, rules: Rules) -> Section:
    """Every question that takes a choice or a number, broken down by ``by``."""
    lang = labels.lang
    answers, q = data.answers, data.questionnaire
    name = text(lang, f"b_{by}")
    section = Section(
        "breakdown", text(lang, "s_breakdown", by=name), [text(lang, "breakdown_intro", by=name, k=rules.k)]
    )
    section.blocks.append(
        respondents_table(
            f"bd_{by}",
            f"{text(lang, 'answers')} {name}",
            aggregate.respondents(answers, by, rules=rules),
            labels,
            fmt,
            by,
            chart=False,
        )
    )
    for question in q.questions:
        if not question.takes_answer or isinstance(question, FreeText | Info):
            continue
        result = aggregate.frequencies(answers, q, question.code, by, rules=rules)
        section.blocks.append(
            frequency_table(
                f"bd_{question.code}",
                f"{labels.question(question.code)} – {name}",
                result,
                labels,
                fmt,
                question.code,
                chart=None,
            )
        )
    return section


def quotes_table(question: str, released: Sequence[str], labels: _Labels, shuffle: random.Random) -> Table:
    """Released free texts of one question: the texts alone, in random order."""
    lang = labels.lang
    shown = list(released)
    shuffle.shuffle(shown)
    table_id = f"texts_{question}"
    caption = text(lang, "released_texts", question=labels.question(question))
    return Table(
        table_id,
        caption,
        [text(lang, "text")],
        [[t] for t in shown],
        [
            {"table": table_id, "caption": caption, "row": str(number), "text": t}
            for number, t in enumerate(shown, start=1)
        ],
        kind="quotes",
    )


# -- the report -------------------------------------------------------------------------------


BREAKDOWNS = aggregate.BREAKDOWNS


def build(
    data: WaveData,
    lang: str = "de",
    previous: WaveData | None = None,
    rules: Rules = DEFAULT_RULES,
    today: dt.date | None = None,
    synthetic: bool = False,
    breakdown: str | None = None,
    texts: Mapping[str, Sequence[str]] | None = None,
    shuffle: random.Random | None = None,
) -> Report:
    """The report of a wave.

    ``breakdown`` (one of :data:`BREAKDOWNS`) adds a section with every question broken
    down by it. ``texts``: free texts that staff have reviewed and released, per question
    code, as plain strings (the caller decides what is released; nothing else about them
    reaches the report). A question's texts are shown only when there are at least
    ``rules.k_strict`` of them, in random order (``shuffle``, default a fresh generator).
    """
    if lang not in ("de", "en"):
        raise ValueError("reports are written in German (de) or English (en)")
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {breakdown!r}; known: {', '.join(BREAKDOWNS)}")
    labels = _Labels(data, lang)
    fmt = _Format(lang)
    answers = data.answers
    q = data.questionnaire
    has = q.has_question
    sections: list[Section] = []

    # 1 cover
    total = aggregate.respondents(answers, rules=rules)
    by_language = aggregate.respondents(answers, "language", rules=rules)
    languages = ", ".join(
        f"{labels.group(*c)} ({fmt.number(int(v)) if v is not pd.NA else by_language.marks.loc[BASE, c]})"
        for c, v in by_language.counts.loc[BASE].items()
        if c != ALL
    )
    n = total.counts.loc[BASE, ALL]
    cover = [
        (text(lang, "wave"), data.wave.name),
        (text(lang, "period"), f"{fmt.date(data.wave.opens_on)} – {fmt.date(data.wave.closes_on)}"),
        (text(lang, "district"), data.wave.district_name),
        (text(lang, "locations"), ", ".join(data.locations.values())),
        (text(lang, "languages_used"), languages),
        (text(lang, "answers"), fmt.number(int(n)) if n is not pd.NA else str(total.marks.loc[BASE, ALL])),
        (
            text(lang, "questionnaire"),
            f"{q.title.get(lang, q.source_language)} ({q.code}, {data.wave.questionnaire_number})",
        ),
    ]
    if breakdown is not None:
        cover.append((text(lang, "breakdown"), text(lang, f"b_{breakdown}")))
    notes = [text(lang, "suppression_note", k=rules.k, k_strict=rules.k_strict)]
    if synthetic:
        notes.append(text(lang, "synthetic"))
    notes.append(text(lang, "generated", date=fmt.date(today or dt.date.today())))

    # 2 reach
    reach = Section("reach", text(lang, "s_reach"), [text(lang, "reach_intro")])
    children = children_by_region()
    region_codes = [r.code for r in district_regions(data.wave.district_code)]
    reach_frame = aggregate.reach(answers, {c: children.get(c, 0) for c in region_codes}, rules=rules)
    reach_frame = reach_frame.set_index("region")
    rows, long = [], []
    for code in [*region_codes, *[c for c in reach_frame.index if c not in region_codes]]:
        if code not in reach_frame.index:
            continue
        line = reach_frame.loc[code]
        shown = line["answers"]
        kids = line["children"]
        per = line["per_100_children"]
        rows.append(
            [
                labels.group("home_region", code),
                fmt.number(int(shown)) if shown is not pd.NA else str(line["mark"]),
                fmt.number(int(kids)) if kids is not pd.NA and code in children else "–",
                fmt.decimal(float(per)) if per is not pd.NA else "–",
            ]
        )
        long.append(
            {
                "table": "reach",
                "caption": text(lang, "reach_table"),
                "row": code,
                "row_label": labels.group("home_region", code),
                "count": None if shown is pd.NA else int(shown),
                "mark": "" if shown is not pd.NA else str(line["mark"]),
                "children": None if kids is pd.NA else int(kids),
                "per_100_children": None if per is pd.NA else round(float(per), 3),
            }
        )
    reach_table = Table(
        "reach",
        text(lang, "reach_table"),
        [text(lang, "region"), text(lang, "answers"), text(lang, "children"), text(lang, "per_100")],
        rows,
        long,
    )
    reach.blocks.append(reach_table)
    for question in ("benefits", "caregivers", "children_count"):
        if has(question):
            result = aggregate.frequencies(answers, q, question, rules=rules)
            reach.blocks.append(
                frequency_table(f"freq_{question}", labels.question(question), result, labels, fmt, question)
            )
    reach.blocks.append(
        respondents_table("by_language", text(lang, "by_language"), by_language, labels, fmt, "language")
    )
    reach.blocks.append(
        respondents_table(
            "by_assisted",
            text(lang, "by_assisted"),
            aggregate.respondents(answers, "assisted", rules=rules),
            labels,
            fmt,
            "assisted",
        )
    )
    reach.blocks.append(
        respondents_table(
            "by_location",
            text(lang, "by_location"),
            aggregate.respondents(answers, "location", rules=rules),
            labels,
            fmt,
            "location",
            chart=False,
        )
    )
    sections.append(reach)

    # 2a every question by the breakdown the reader chose
    if breakdown is not None:
        sections.append(breakdown_section(data, breakdown, labels, fmt, rules))

    # 3 needs
    needs = Section("needs", text(lang, "s_needs"), [text(lang, "needs_intro")])
    for question in aggregate.NEEDS_QUESTIONS:
        if not has(question):
            continue
        ranking = aggregate.needs_ranking(answers, q, question, rules=rules)
        needs.blocks.append(
            frequency_table(
                f"rank_{question}",
                labels.question(question),
                ranking.table,
                labels,
                fmt,
                question,
                ranking.order,
                field_column=True,
            )
        )
        for by, key in (("family_type", "by_family_type"), ("age_group", "by_age_group")):
            if by == "age_group" and not has(aggregate.AGE_QUESTION):
                continue
            result = aggregate.frequencies(answers, q, question, by, rules=rules)
            needs.blocks.append(
                frequency_table(
                    f"{question}_{by}",
                    f"{labels.question(question)} – {text(lang, key)}",
                    result,
                    labels,
                    fmt,
                    question,
                    ranking.order,
                    chart=None,
                )
            )
    sections.append(needs)

    # 4 offers
    offers = Section("offers", text(lang, "s_offers"), [text(lang, "funnel_intro")])
    if aggregate.offer_questions(q):
        offers.blocks.append(funnel_table(aggregate.offers_funnel(answers, q, rules=rules), labels, fmt))
    if has("barriers"):
        ranking = aggregate.needs_ranking(answers, q, "barriers", rules=rules)
        offers.blocks.append(
            frequency_table(
                "rank_barriers",
                labels.question("barriers"),
                ranking.table,
                labels,
                fmt,
                "barriers",
                ranking.order,
            )
        )
    sections.append(offers)

    # 5 barriers and channels by language
    barriers = Section("barriers", text(lang, "s_barriers"), [text(lang, "barriers_intro")])
    for question in ("barriers", "channels"):
        if has(question):
            result = aggregate.frequencies(answers, q, question, "language", rules=rules)
            barriers.blocks.append(
                frequency_table(
                    f"{question}_language",
                    f"{labels.question(question)} – {text(lang, 'by_language_group')}",
                    result,
                    labels,
                    fmt,
                    question,
                    chart=None,
                )
            )
    sections.append(barriers)

    # 6 wellbeing and support, across waves
    wellbeing = Section("wellbeing", text(lang, "s_wellbeing"), [text(lang, "wellbeing_intro")])
    for question in ("wellbeing", "support_person"):
        if not has(question):
            continue
        result = aggregate.frequencies(answers, q, question, rules=rules)
        wellbeing.blocks.append(
            frequency_table(f"freq_{question}", labels.question(question), result, labels, fmt, question)
        )
        if (
            previous is not None
            and previous.questionnaire.code == q.code
            and previous.questionnaire.has_question(question)
        ):
            change = aggregate.wave_change(
                previous.answers, answers, previous.questionnaire, q, question, rules=rules
            )
            wellbeing.blocks.append(
                change_table(f"change_{question}", question, change, labels, fmt, previous.wave.name)
            )
    sections.append(wellbeing)

    # 7 map
    geo = district_regions(data.wave.district_code)
    if geo:
        section = Section("map", text(lang, "s_map"), [text(lang, "map_intro")])
        values = tuple(
            None
            if code not in reach_frame.index or reach_frame.loc[code, "per_100_children"] is pd.NA
            else float(reach_frame.loc[code, "per_100_children"])
            for code in (r.code for r in geo)
        )
        names = tuple(r.name for r in geo)
        hidden = text(lang, "not_shown")
        reach_table.chart = Chart(
            "map",
            text(lang, "map_caption", measure=text(lang, "per_100")),
            names,
            ((text(lang, "per_100"), values),),
            (hidden,),
            text(lang, "per_100"),
            text(
                lang,
                "chart_alt_map",
                title=text(lang, "per_100"),
                items=alt_items(names, values, [hidden] * len(names), "", hidden),
            ),
            tuple(geo),
        )
        if has("benefits") and has(aggregate.HOME_QUESTION):
            by_home = aggregate.frequencies(answers, q, "benefits", "home_region", rules=rules)
            shares = tuple(
                None
                if ("home_region", r.code) not in by_home.shares.columns
                or by_home.shares.loc["yes", ("home_region", r.code)] is pd.NA
                else float(by_home.shares.loc["yes", ("home_region", r.code)])
                for r in geo
            )
            caption = text(lang, "map_benefits")
            table = frequency_table(
                "benefits_home_region", caption, by_home, labels, fmt, "benefits", chart=None
            )
            table.chart = Chart(
                "map",
                text(lang, "map_caption", measure=caption),
                names,
                ((text(lang, "share"), shares),),
                (hidden,),
                "%",
                text(
                    lang,
                    "chart_alt_map",
                    title=caption,
                    items=alt_items(names, shares, [hidden] * len(names), "%", hidden),
                ),
                tuple(geo),
            )
            section.blocks.append(table)
        sections.append(section)

    # 8 free text
    free = Section("free_text", text(lang, "s_free_text"))
    texts_q = [x.code for x in q.questions if isinstance(x, FreeText)]
    if not texts_q:
        free.blocks.append(text(lang, "free_text_none"))
    else:
        free.blocks.append(text(lang, "free_text_intro", k=rules.k_strict))
        for question in texts_q:
            result = aggregate.frequencies(answers, q, question, rules=rules)
            free.blocks.append(
                frequency_table(
                    f"text_{question}", labels.question(question), result, labels, fmt, question, chart=None
                )
            )
            released = [t for t in (texts or {}).get(question, ()) if t and t.strip()]
            if len(released) >= rules.k_strict:
                free.blocks.append(quotes_table(question, released, labels, shuffle or random.Random()))
            else:
                free.blocks.append(text(lang, "texts_too_few", k=rules.k_strict))
    sections.append(free)

    # 9 annex
    annex = Section("annex", text(lang, "s_annex"))
    annex.blocks += [
        f"## {text(lang, 'method')}",
        text(lang, "method_text"),
        f"## {text(lang, 'rules')}",
        text(lang, "rules_text", k=rules.k, k_strict=rules.k_strict),
        f"## {text(lang, 'questions')}",
    ]
    wording = []
    for number, question in enumerate((x for x in q.questions if x.takes_answer), start=1):
        choices = ""
        if isinstance(question, ChoiceQuestion) and question.choices and not isinstance(question, YesNo):
            choices = " · ".join(c.text.get("de", q.source_language) for c in question.choices)
        wording.append([str(number), question.code, question.text.get("de", q.source_language), choices])
    annex.blocks.append(
        Table(
            "questions",
            text(lang, "questions"),
            ["#", "Code", text(lang, "wording"), text(lang, "choices")],
            wording,
        )
    )
    fields_rows = [
        [labels.question(question), labels.answer(question, code), text(lang, f"f_{area}")]
        for question, mapping in FIELDS.items()
        if has(question)
        for code, area in mapping.items()
    ]
    annex.blocks += [f"## {text(lang, 'fields')}"]
    annex.blocks.append(
        Table(
            "fields",
            text(lang, "fields"),
            [text(lang, "question"), text(lang, "answer"), text(lang, "field")],
            fields_rows,
        )
    )
    annex.blocks += [
        f"## {text(lang, 'sources')}",
        text(lang, "source_lor", lor=ATTRIBUTION),
        text(lang, "source_residents", residents=RESIDENTS_ATTRIBUTION),
    ]
    sections.append(annex)

    return Report(lang, text(lang, "title"), cover, notes, sections, rules.k, rules.k_strict)
