"""Families answer: language choice, one question per screen, review, thank-you."""

from flask import Blueprint

blueprint = Blueprint("respond", __name__, template_folder="templates", url_prefix="/s")

from survey.respond import results, views  # noqa: E402,F401  (registers the routes)
