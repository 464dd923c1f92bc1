"""Extensions, created without an app and bound in ``create_app``."""

from flask_babel import Babel

from survey.database import Database

db = Database()
babel = Babel()
