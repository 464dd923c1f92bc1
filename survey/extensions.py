"""Extensions, created without an app and bound in ``create_app``."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from survey.database import Database

db = Database()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
