"""What a wave can publish: its breakdowns, and the rows every question's tables have.

Everything here follows from the questionnaire and the wave's facts (locations, their
district regions, languages), never from a particular questionnaire's codes:

* a **dimension** splits the families into categories: the location (with the district
  region of the location above it), the language of the answers, answered alone or with
  help, and every question marked ``report: {breakdown: true}`` (its answers; a multiple
  choice question gives categories that overlap);
* a question's **rows** are its *atoms*, the answers a family can give: each choice (in
  questionnaire order, a scale in scale order), the ranges of a number question, "wrote
  something" for free text; then :data:`NONE` (saw the question, gave no answer) and,
  for a question shown only after a condition, :data:`NOT_ASKED`. The base of every
  question is the families who saw it: every atom but :data:`NOT_ASKED`;
* questions linked by conditions form a **family**: their tables are decided together,
  because the base of a conditioned question is a sum of answers to its condition.

Codes only, never labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from questionnaires import Questionnaire
from questionnaires.questions import (
    ChoiceQuestion,
    FreeText,
    ListChoice,
    MultipleChoice,
    Number,
    Question,
)

#: A bound of a number question's range (whole, or with decimals); None: open.
Bound = int | float | None

NONE = "_none"  # saw the question and gave no answer
NOT_ASKED = "_notasked"  # did not see the question: its condition did not hold
TEXT = "_text"  # wrote something (free text)
VALUE = "_value"  # gave a number (before the ranges of a number question are fixed)
BASE = "_base"  # the families who saw the question (every atom but NOT_ASKED)
ALL = "_all"  # the whole wave, as a column

LOCATION = "location"
REGION = "region"
LANGUAGE = "language"
ASSISTED = "assisted"
NO_REGION = "_noregion"  # a location without a district region
ASSISTED_CATEGORIES = ("self", "assisted")
PLACE_DIMENSIONS = (LOCATION, REGION, LANGUAGE, ASSISTED)


@dataclass(frozen=True)
class Rows:
    """The rows of one question's tables.

    ``kind``: ``single`` (one atom per family: single choice, yes/no, scale, list),
    ``multiple`` (each option is a row of its own; a family may be in several),
    ``number`` or ``text``. ``atoms``: every row a family can fall in, in report order,
    ending with NONE and (if ``conditioned``) NOT_ASKED. For ``multiple`` the options
    come first and a family that chose some is counted in each of them.
    """

    question: str
    kind: str
    atoms: tuple[str, ...]
    conditioned: bool
    options: tuple[str, ...] = ()  # multiple: the option rows
    max_choices: int | None = None  # multiple
    exclusive: str | None = None  # multiple: the option that excludes every other
    bins: tuple[tuple[Bound, Bound], ...] = ()  # number: (low, high); None: open
    decimals: int = 0  # number: digits after the point a family may type

    @property
    def shown(self) -> tuple[str, ...]:
        """The atoms a table shows (NOT_ASKED never is: the base says who saw it)."""
        return tuple(a for a in self.atoms if a != NOT_ASKED)

    def index(self, atom: str) -> int:
        return self.atoms.index(atom)


@dataclass(frozen=True)
class Dimension:
    """A breakdown: families by category. ``overlap``: a family can be in several
    categories (a multiple choice question); else each family is in exactly one."""

    key: str
    categories: tuple[str, ...]
    overlap: bool = False
    question: str | None = None
    max_members: int = 1  # overlap: the most categories one family can be in
    parent: Mapping[str, str] = field(default_factory=dict)  # location -> region

    def index(self, category: str) -> int:
        return self.categories.index(category)


@dataclass(frozen=True)
class Family:
    """Questions linked by conditions (a question and every question shown after it)."""

    questions: tuple[str, ...]


@dataclass(frozen=True)
class Structure:
    questionnaire: Questionnaire
    rows: Mapping[str, Rows]  # every answerable question, in questionnaire order
    dimensions: Mapping[str, Dimension]  # location, language, assisted, breakdown questions
    families: tuple[Family, ...]
    regions: Mapping[str, str]  # location -> region code (or NO_REGION)

    def family_of(self, question: str) -> Family:
        return next(f for f in self.families if question in f.questions)

    def breaks_down(self, question: str, dimension: str) -> bool:
        """Whether reports show ``question`` by ``dimension``: never by itself, nor by a
        question of its own family (its answers would be its condition's, or empty)."""
        dim = self.dimensions[dimension]
        return dim.question is None or dim.question not in self.family_of(question).questions


def question_kind(question: Question) -> str:
    if isinstance(question, MultipleChoice):
        return "multiple"
    if isinstance(question, Number):
        return "number"
    if isinstance(question, FreeText):
        return "text"
    return "single"


def choice_codes(question: ChoiceQuestion, lists: Mapping[str, Sequence[str]]) -> list[str]:
    """A choice question's codes in order; a list question's listed codes first."""
    listed = (
        list(lists.get(question.choices_from, ()))
        if isinstance(question, ListChoice) and question.choices_from
        else []
    )
    return [*listed, *(c.code for c in question.choices if c.code not in listed)]


def question_rows(
    question: Question,
    lists: Mapping[str, Sequence[str]],
    bins: Sequence[tuple[Bound, Bound]] = (),
    seen: Sequence[str] = (),
) -> Rows:
    """The rows of ``question``. ``seen``: stored codes the questionnaire does not list
    (kept, after the listed ones, so that no answer is lost); ``bins``: the ranges of a
    number question (none yet: one row for every number given)."""
    kind = question_kind(question)
    conditioned = question.show_if is not None
    tail = (NONE, NOT_ASKED) if conditioned else (NONE,)
    if kind == "number":
        atoms = tuple(_bin_code(b) for b in bins) or (VALUE,)
        assert isinstance(question, Number)
        return Rows(
            question.code, kind, atoms + tail, conditioned, bins=tuple(bins), decimals=question.decimals
        )
    if kind == "text":
        return Rows(question.code, kind, (TEXT, *tail), conditioned)
    assert isinstance(question, ChoiceQuestion)
    codes = choice_codes(question, lists)
    codes += [c for c in seen if c not in codes and not c.startswith("_")]
    if kind == "multiple":
        assert isinstance(question, MultipleChoice)
        exclusive = next((c.code for c in question.choices if c.exclusive), None)
        return Rows(
            question.code,
            kind,
            (*codes, *tail),
            conditioned,
            options=tuple(codes),
            max_choices=question.max_choices,
            exclusive=exclusive,
        )
    return Rows(question.code, kind, (*codes, *tail), conditioned)


def _bin_code(bounds: tuple[Bound, Bound]) -> str:
    low, high = bounds
    return f"{'' if low is None else low}..{'' if high is None else high}"


def families(questionnaire: Questionnaire) -> tuple[Family, ...]:
    """Connected parts of the condition graph among the answerable questions."""
    answerable = [q for q in questionnaire.questions if q.takes_answer]
    parent = {q.code: q.code for q in answerable}

    def root(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    for question in answerable:
        if question.show_if is not None and question.show_if.question in parent:
            parent[root(question.code)] = root(question.show_if.question)
    groups: dict[str, list[str]] = {}
    for question in answerable:
        groups.setdefault(root(question.code), []).append(question.code)
    return tuple(Family(tuple(codes)) for codes in groups.values())


def build(
    questionnaire: Questionnaire,
    locations: Sequence[str],
    regions: Mapping[str, str | None],
    languages: Sequence[str],
    lists: Mapping[str, Sequence[str]],
    bins: Mapping[str, Sequence[tuple[Bound, Bound]]] | None = None,
    seen: Mapping[str, Sequence[str]] | None = None,
) -> Structure:
    """The structure of a wave: ``locations`` (codes), ``regions`` (location -> LOR code
    of its district region, or None), ``languages`` the answers may be in, ``lists``
    (``district_regions`` -> the district's region codes), the ranges of number questions
    once fixed, and stored codes per question or dimension that the questionnaire lacks."""
    seen = seen or {}
    rows = {
        q.code: question_rows(q, lists, (bins or {}).get(q.code, ()), seen.get(q.code, ()))
        for q in questionnaire.questions
        if q.takes_answer
    }
    parent = {loc: regions.get(loc) or NO_REGION for loc in locations}
    dims: dict[str, Dimension] = {
        LOCATION: Dimension(LOCATION, tuple(locations), parent=parent),
        LANGUAGE: Dimension(LANGUAGE, tuple(dict.fromkeys([*languages, *seen.get(LANGUAGE, ())]))),
        ASSISTED: Dimension(ASSISTED, ASSISTED_CATEGORIES),
    }
    for question in questionnaire.questions:
        if not question.breakdown:
            continue
        own = rows[question.code]
        if own.kind == "multiple":
            categories = (*own.options, *own.atoms[len(own.options) :])
            most = own.max_choices or len(own.options)
            dims[question.code] = Dimension(
                question.code, categories, overlap=True, question=question.code, max_members=most
            )
        else:
            dims[question.code] = Dimension(question.code, own.atoms, question=question.code)
    return Structure(questionnaire, rows, dims, families(questionnaire), parent)
