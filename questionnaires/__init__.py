"""The questionnaire format: the contract every other layer reads.

A questionnaire is per-language data with stable codes. Load it with
:func:`load_questionnaire` (YAML text, a file, or a plain dict); every problem is
reported as a :class:`FormatProblem` naming the question, the field and the language.
Pure Python: no Flask, no database.
"""

from questionnaires.answers import AnswerError
from questionnaires.loader import (
    FormatError,
    FormatProblem,
    load_questionnaire,
    questionnaire_from_dict,
)
from questionnaires.model import Choice, Condition, Questionnaire, Text
from questionnaires.questions import QUESTION_TYPES, Question

__all__ = [
    "QUESTION_TYPES",
    "AnswerError",
    "Choice",
    "Condition",
    "FormatError",
    "FormatProblem",
    "Question",
    "Questionnaire",
    "Text",
    "load_questionnaire",
    "questionnaire_from_dict",
]
