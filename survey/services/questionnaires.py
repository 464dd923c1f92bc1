"""Publishing questionnaires as immutable versions, and reading them back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, questionnaire_from_dict
from survey.models import QuestionnaireVersion


def publish(
    session: Session, questionnaire: Questionnaire, today: dt.date, district_id: int | None = None
) -> QuestionnaireVersion:
    """Freeze the questionnaire as a new version of the district (None: the system's own,
    as for the demo); the same content gives the same version."""
    content_hash = questionnaire.content_hash()
    existing = session.scalar(
        select(QuestionnaireVersion).filter_by(content_hash=content_hash, district_id=district_id)
    )
    if existing is not None:
        return existing
    latest = session.scalar(
        select(func.max(QuestionnaireVersion.number)).filter_by(
            code=questionnaire.code, district_id=district_id
        )
    )
    version = QuestionnaireVersion(
        code=questionnaire.code,
        number=(latest or 0) + 1,
        title=questionnaire.title.get(questionnaire.source_language, questionnaire.source_language),
        content=questionnaire.to_data(),
        content_hash=content_hash,
        published_on=today,
        district_id=district_id,
    )
    session.add(version)
    session.flush()
    return version


_parsed: dict[str, Questionnaire] = {}


def questionnaire_of(version: QuestionnaireVersion) -> Questionnaire:
    """The questionnaire a version holds (parsed once per process: versions never change,
    and their content hash names their content)."""
    questionnaire = _parsed.get(version.content_hash)
    if questionnaire is None:
        questionnaire = _parsed[version.content_hash] = questionnaire_from_dict(version.content)
    return questionnaire


def published_questionnaire(session: Session, content_hash: str) -> Questionnaire:
    """The questionnaire of a published version. Versions never change, so each is read
    and parsed once per process and kept by its content hash."""
    questionnaire = _parsed.get(content_hash)
    if questionnaire is None:
        version = session.scalar(select(QuestionnaireVersion).filter_by(content_hash=content_hash).limit(1))
        if version is None:
            raise KeyError(content_hash)
        questionnaire = questionnaire_of(version)
    return questionnaire
