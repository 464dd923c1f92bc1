"""Fixtures for the analysis tests: real responses stored the way the web app stores them."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import Engine

DAY = dt.date(2026, 10, 5)


@pytest.fixture
def engine(app: Flask, session) -> Engine:
    """The test database's engine (analysis is given an engine or a URL, never the app):
    the test's own single connection, so it reads what the test stored."""
    return app.extensions["database"].engine
