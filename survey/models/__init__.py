"""Database models, one module per part of the domain."""

from survey.models.accounts import Role, User, user_locations
from survey.models.organisation import LOCATION_KINDS, District, DistrictRegion, Location
from survey.models.questionnaires import QuestionnaireDraft, QuestionnaireVersion
from survey.models.recordings import Recording
from survey.models.releases import WaveRelease
from survey.models.responses import Answer, Response, UsedSubmission
from survey.models.results import (
    MEASURE_STATUSES,
    Finding,
    Measure,
    MeasureUpdate,
    ResultLog,
    ResultSet,
)
from survey.models.reviews import TextReview
from survey.models.waves import AccessCode, Wave, wave_locations

__all__ = [
    "LOCATION_KINDS",
    "MEASURE_STATUSES",
    "Finding",
    "Measure",
    "MeasureUpdate",
    "ResultLog",
    "ResultSet",
    "AccessCode",
    "Answer",
    "District",
    "DistrictRegion",
    "Location",
    "QuestionnaireDraft",
    "QuestionnaireVersion",
    "Recording",
    "Role",
    "Response",
    "TextReview",
    "UsedSubmission",
    "User",
    "Wave",
    "WaveRelease",
    "user_locations",
    "wave_locations",
]
