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
from analysis.structure import BASE
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


def public_figure(publication: Publication, question: str, choice: str) -> PublicFigure | None:
    return next(
        (f for f in public_figures(publication) if (f.question, f.choice) == (question, choice)), None
    )
