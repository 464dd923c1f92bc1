"""The app factory: configuration from the environment, and a safe production profile."""

import logging

import pytest

from survey import create_app
from survey.config import _local_secret_key
from survey.security import forget_client_addresses


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("MITSPRACHE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="MITSPRACHE_SECRET_KEY"):
        create_app({"PRODUCTION": True, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"})


def test_settings_come_from_prefixed_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("MITSPRACHE_DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    monkeypatch.setenv("MITSPRACHE_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("MITSPRACHE_PRODUCTION", "true")
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("env.sqlite")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_without_a_key_every_local_worker_reads_the_same_private_one(tmp_path):
    key = _local_secret_key(tmp_path)
    assert len(key) == 64 and _local_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_development_server_log_carries_no_client_address():
    forget_client_addresses()
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '192.0.2.44 - - [21/Nov/2026 10:00:00] "%s" %s %s',
        ("GET /s/FZRIXD/de HTTP/1.1", "200", "-"),
        None,
    )
    for log_filter in logging.getLogger("werkzeug").filters:
        log_filter.filter(record)
    assert "192.0.2.44" not in record.getMessage()
    assert "GET /s/FZRIXD/de" in record.getMessage()
