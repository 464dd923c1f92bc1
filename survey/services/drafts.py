"""Questionnaire drafts of a district: create, save, delete, publish. Each function owns
its transaction. The content is the questionnaire format's plain data; the views change
it with ``questionnaires.editing`` and hand the result here."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from survey.models import QuestionnaireDraft, QuestionnaireVersion
from survey.services.questionnaires import publish


def district_drafts(session: Session, district_id: int) -> list[QuestionnaireDraft]:
    return list(
        session.scalars(
            select(QuestionnaireDraft).filter_by(district_id=district_id).order_by(QuestionnaireDraft.id)
        )
    )


def code_taken(session: Session, district_id: int, code: str, draft_id: int | None = None) -> bool:
    """Another draft of the district has this questionnaire code (versions are numbered
    per code, so two drafts with one code would share their numbers)."""
    return any(
        draft.content.get("code") == code and draft.id != draft_id
        for draft in district_drafts(session, district_id)
    )


def create_draft(
    session: Session, district_id: int, content: dict[str, Any], today: dt.date
) -> QuestionnaireDraft:
    """A new draft of the district with this content (kept exactly as it is: an imported
    file's questionnaire stays identical, code included)."""
    draft = QuestionnaireDraft(district_id=district_id, content=copy.deepcopy(content), updated_on=today)
    session.add(draft)
    session.flush()
    return draft


def save_draft(session: Session, draft: QuestionnaireDraft, content: dict[str, Any], today: dt.date) -> None:
    draft.content = copy.deepcopy(content)  # a new object, so the JSON column is written
    draft.updated_on = today
    session.flush()


def delete_draft(session: Session, draft: QuestionnaireDraft) -> None:
    """The draft goes; its published versions stay (waves and responses point to them)."""
    session.delete(draft)
    session.flush()


def publish_draft(
    session: Session, draft: QuestionnaireDraft, questionnaire: Questionnaire, today: dt.date
) -> tuple[QuestionnaireVersion, bool]:
    """Freeze the draft's questionnaire as a version of its district. Returns the version
    and whether it is new (unchanged content gives the version published before)."""
    known = session.scalar(
        select(QuestionnaireVersion.id).filter_by(
            content_hash=questionnaire.content_hash(), district_id=draft.district_id
        )
    )
    version = publish(session, questionnaire, today, draft.district_id)
    draft.published_version_id = version.id
    session.flush()
    return version, known is None


def district_versions(
    session: Session, district_id: int, code: str | None = None
) -> list[QuestionnaireVersion]:
    """The district's published versions (of one questionnaire code), newest first."""
    query = select(QuestionnaireVersion).filter_by(district_id=district_id)
    if code is not None:
        query = query.filter_by(code=code)
    order = (QuestionnaireVersion.code, QuestionnaireVersion.number.desc())
    return list(session.scalars(query.order_by(*order)))


def district_version(session: Session, district_id: int, version_id: int) -> QuestionnaireVersion | None:
    return session.scalar(select(QuestionnaireVersion).filter_by(id=version_id, district_id=district_id))


def versions_in_use(session: Session, district_id: int) -> dict[QuestionnaireVersion, list[str]]:
    """The versions the district's waves use (its own, or ready ones of the system such as
    the demo's), with the names of those waves."""
    from survey.models import Wave

    used: dict[QuestionnaireVersion, list[str]] = {}
    waves = session.scalars(select(Wave).filter_by(district_id=district_id).order_by(Wave.opens_on, Wave.id))
    for wave in waves:
        used.setdefault(wave.questionnaire_version, []).append(wave.name)
    return used
