"""Fixtures for the analysis tests: real responses stored the way the web app stores them."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import Engine

DAY = dt.date(2026, 10, 5)


@pytest.fixture
def engine(app: Flask) -> Engine:
    """The test database's engine (analysis is given an engine or a URL, never the app)."""
    return app.extensions["database"].engine
