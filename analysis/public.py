"""Figures for the families' results page: "7 of 10 families chose this answer".

Every public figure is taken from the wave's latest release (see :mod:`analysis.publication`):
a whole-wave count of one answer and the number of families it is a share of, both shown
in that release, rounded to tenths for families. So a public figure is a coarsening of
figures the wave's one disclosure decision has already published: it can add nothing a
reader could subtract (no breakdown, no count of an unfinished batch, no free text).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.publication import Publication
from analysis.report import Figures
from analysis.structure import BASE, LOCATION, REGION
from questionnaires.questions import ChoiceQuestion, ListChoice


@dataclass(frozen=True)
class PublicFigure:
    question: str
    choice: str
    count: int
    base: int  # the families who were asked the question
    release: int

    @property
    def tenths(self) -> int:
        return tenths(self.count, self.base)


def tenths(count: int, base: int) -> int:
    """``count`` of ``base`` as "n of 10", rounded half up; 0 and 10 only when exact, so
    "none" and "all" are never said of a figure that is not."""
    if base <= 0 or count <= 0:
        return 0
    if count >= base:
        return 10
    return min(9, max(1, (20 * count + base) // (2 * base)))


def public_figures(publication: Publication) -> list[PublicFigure]:
    """Every answer of every choice question whose whole-wave count and base the latest
    release shows, in the questionnaire's order."""
    release = publication.release
    if release is None:
        return []
    figures = Figures(release)
    found: list[PublicFigure] = []
    for question in publication.questionnaire.questions:
        if not isinstance(question, ChoiceQuestion) or isinstance(question, ListChoice):
            continue  # a list question (the district regions) says where families live, not what they need
        if question.show_if is not None:
            base = figures.get(("all", question.code, BASE))
        else:
            base = release.responses
        if not base:
            continue
        for row in figures.rows(question.code):
            if row.startswith("_"):
                continue  # "not stated", "not asked", the base: no answer to report
            count = figures.get(("all", question.code, row))
            if count is not None:
                found.append(PublicFigure(question.code, row, count, base, release.number))
    return found


BREAKDOWNS = (LOCATION, REGION)  # the public rule: no group finer than a location or region


@dataclass(frozen=True)
class GroupFigure:
    group: str  # the location's or district region's name
    count: int
    base: int

    @property
    def tenths(self) -> int:
        return tenths(self.count, self.base)


def public_breakdown(
    publication: Publication, question: str, choice: str, by: str
) -> tuple[GroupFigure, ...]:
    """The figure of ``question`` = ``choice`` per location or district region, where the
    latest release is a full one that breaks the wave down so (every group has at least
    2k answers) and shows the group's count and base. Only groups that are one location
    or one region: a merged group has no name a family would know. Empty when fewer than
    two groups are left."""
    release = publication.release
    if by not in BREAKDOWNS or release is None or not release.full or LOCATION not in release.groupings:
        return ()
    figures = Figures(release)
    conditioned = publication.questionnaire.question(question).show_if is not None
    if by == LOCATION:
        names = {
            group.key: publication.locations.get(group.categories[0], "")
            for group in release.groupings[LOCATION].groups
            if len(group.categories) == 1
        }
    else:
        names = {key: publication.regions.get(key, "") for key in figures.columns(REGION)}
    found: list[GroupFigure] = []
    for key, name in names.items():
        cell = figures.cell(question, choice, by, key)
        base = figures.base(question, conditioned, by, key)
        count = figures.get(cell) if cell is not None else None
        size = figures.get(base) if isinstance(base, tuple) else base
        if name and count is not None and size:
            found.append(GroupFigure(name, count, size))
    return tuple(found) if len(found) >= 2 else ()
