"""Database models, one module per part of the domain."""

from survey.models.accounts import Role, User, user_locations
from survey.models.activity import Activity
from survey.models.organisation import LOCATION_KINDS, District, DistrictRegion, Location
from survey.models.questionnaires import QuestionnaireDraft, QuestionnaireVersion
from survey.models.recordings import Recording
from survey.models.releases import ReportCache, WaveRelease, WaveReleaseCheck
from survey.models.responses import Answer, Response, UsedSubmission
from survey.models.results import (
    MEASURE_STATUSES,
    Finding,
    Measure,
    MeasureUpdate,
    ResultSet,
)
from survey.models.reviews import KeptText, TextReview
from survey.models.waves import AccessCode, Wave, wave_locations

__all__ = [
    "Activity",
    "KeptText",
    "LOCATION_KINDS",
    "MEASURE_STATUSES",
    "Finding",
    "Measure",
    "MeasureUpdate",
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
    "ReportCache",
    "WaveRelease",
    "WaveReleaseCheck",
    "user_locations",
    "wave_locations",
]
