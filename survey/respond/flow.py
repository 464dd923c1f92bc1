"""How a family moves through the questionnaire: one question per screen.

Pure functions over the questionnaire and the answers so far; no Flask, no database.
Given the screen the family was on and the button it pressed, :func:`step` returns the
answers as they are now and what to show next (or that the response is to be stored).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from questionnaires import AnswerError, Choice, Question, Questionnaire

START = "start"
REVIEW = "review"
RESUME = "resume"  # show the screen again, unchanged (family.js, after the phone's Back)


@dataclass(frozen=True)
class Screen:
    name: str  # START, REVIEW, or a question code
    error: AnswerError | None = None
    typed: list[str] = field(default_factory=list)  # what was sent, when it was not accepted
    from_review: bool = False  # opened from the review page: "next" leads back there

    @property
    def is_question(self) -> bool:
        return self.name not in (START, REVIEW)


@dataclass(frozen=True)
class Step:
    answers: dict[str, Any]
    screen: Screen
    submit: bool = False


def first_screen(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> str:
    return _following(questionnaire, answers, -1)


def step(
    questionnaire: Questionnaire,
    lists: Mapping[str, Sequence[Choice]],
    answers: Mapping[str, Any],
    screen: str,
    nav: str,
    raw: list[str],
    edit: str | None = None,
) -> Step:
    answers = dict(answers)
    visible = [q.code for q in questionnaire.visible_questions(answers)]

    if nav == RESUME:  # the phone's Back, Forward or reload: this screen as it was
        if screen in (START, REVIEW) or screen in visible:
            return Step(answers, Screen(screen))
        return Step(answers, Screen(first_screen(questionnaire, answers)))

    if screen == START:
        if nav == "stay":
            return Step(answers, Screen(START))
        return Step(answers, Screen(first_screen(questionnaire, answers)))

    if screen == REVIEW:
        if edit in visible:
            return Step(answers, Screen(edit, from_review=True))
        if nav == "back":
            return Step(answers, Screen(visible[-1] if visible else START))
        if nav == "submit":
            missing = first_missing_required(questionnaire, answers)
            if missing:
                return Step(answers, Screen(missing, AnswerError("required")))
            return Step(questionnaire.kept_answers(answers), Screen(REVIEW), submit=True)
        return Step(answers, Screen(REVIEW))

    if screen not in visible:  # a screen that does not (or no longer) exist
        return Step(answers, Screen(first_screen(questionnaire, answers)))

    question = questionnaire.question(screen)
    position = questionnaire.questions.index(question)
    if nav == "stay":  # another language: the same screen, with what was chosen on it
        _keep_if_valid(question, lists, answers, raw)
        return Step(answers, Screen(screen, typed=list(raw)))
    if nav == "back":
        _keep_if_valid(question, lists, answers, raw)
        return Step(answers, Screen(_preceding(questionnaire, answers, position)))
    if nav == "skip" and not question.required:
        answers.pop(screen, None)
        return Step(answers, Screen(_following(questionnaire, answers, position)))
    try:
        answer = question.parse(raw if nav != "skip" else [], lists)
    except AnswerError as error:
        return Step(answers, Screen(screen, error, list(raw), from_review=nav == "review"))
    _set(answers, question, answer)
    if nav == "review":
        return Step(answers, Screen(REVIEW))
    return Step(answers, Screen(_following(questionnaire, answers, position)))


def first_missing_required(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> str | None:
    return next(
        (q.code for q in questionnaire.answerable(answers) if q.required and q.code not in answers),
        None,
    )


def position(questionnaire: Questionnaire, answers: Mapping[str, Any], code: str) -> tuple[int, int]:
    """("question 3 of 12"): the place among the questions that take an answer.

    The total never grows under the family's feet: a question shown only after a certain
    answer counts as long as the question it depends on is still ahead (or on this
    screen); once that is passed, it counts only if it will be shown. So the total can
    only shrink as the family goes on."""
    order = {q.code: index for index, q in enumerate(questionnaire.questions)}
    here = order.get(code, -1)

    def may_be_shown(question: Question) -> bool:
        condition = question.show_if
        if condition is None:
            return True
        trigger = questionnaire.question(condition.question)
        if order[trigger.code] >= here:  # not decided yet
            return may_be_shown(trigger)
        return condition.holds(answers) and may_be_shown(trigger)

    codes = [q.code for q in questionnaire.questions if q.takes_answer and may_be_shown(q)]
    return (codes.index(code) + 1 if code in codes else 0), len(codes)


def _set(answers: dict[str, Any], question: Question, answer: Any) -> None:
    if answer is None:
        answers.pop(question.code, None)
    elif question.takes_answer:
        answers[question.code] = answer


def _keep_if_valid(
    question: Question, lists: Mapping[str, Sequence[Choice]], answers: dict[str, Any], raw: list[str]
) -> None:
    """Going back keeps what was chosen on this screen, if it can be accepted."""
    try:
        answer = question.parse(raw, lists)
    except AnswerError:
        return
    _set(answers, question, answer)


def _following(questionnaire: Questionnaire, answers: Mapping[str, Any], position: int) -> str:
    for question in questionnaire.questions[position + 1 :]:
        if question.show_if is None or question.show_if.holds(answers):
            return question.code
    return REVIEW


def _preceding(questionnaire: Questionnaire, answers: Mapping[str, Any], position: int) -> str:
    for question in reversed(questionnaire.questions[:position]):
        if question.show_if is None or question.show_if.holds(answers):
            return question.code
    return START
