"""Extensions, created without an app and bound in ``create_app``."""

from flask_babel import Babel
from flask_limiter import Limiter

from survey.database import Database
from survey.security import client_key

db = Database()
babel = Babel()
limiter = Limiter(key_func=client_key, default_limits=[], headers_enabled=False)
