"""Database models, one module per part of the domain."""

from survey.models.organisation import District, DistrictRegion, Location
from survey.models.questionnaires import QuestionnaireVersion
from survey.models.responses import Answer, Response, UsedSubmission
from survey.models.waves import Wave, wave_locations

__all__ = [
    "Answer",
    "District",
    "DistrictRegion",
    "Location",
    "QuestionnaireVersion",
    "Response",
    "UsedSubmission",
    "Wave",
    "wave_locations",
]
