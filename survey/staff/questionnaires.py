"""Questionnaires of the district: the ready library, import, the editor, publishing."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from survey.auth.access import acting_district_id
from survey.extensions import db
from survey.models import QuestionnaireDraft
from survey.staff import blueprint


@blueprint.get("/questionnaires")
def questionnaires() -> str:
    drafts = db.session.scalars(
        select(QuestionnaireDraft).filter_by(district_id=acting_district_id()).order_by(QuestionnaireDraft.id)
    ).all()
    return render_template("staff/questionnaires.html", drafts=drafts)
