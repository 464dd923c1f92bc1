"""The ready library: questionnaires staff can start from."""

from functools import cache
from pathlib import Path

from questionnaires.loader import load_questionnaire
from questionnaires.model import Questionnaire

LIBRARY = Path(__file__).parent


def library_codes() -> list[str]:
    return sorted(path.stem for path in LIBRARY.glob("*.yaml"))


@cache
def library_questionnaire(code: str) -> Questionnaire:
    if code not in library_codes():
        raise KeyError(code)
    return load_questionnaire(LIBRARY / f"{code}.yaml")
