"""A flood from one client is slowed; the counters never hold the client's address."""

import pytest
from sqlalchemy import delete

from survey import create_app
from survey.extensions import db
from survey.models import Location, QuestionnaireVersion, Wave
from survey.ratelimit import reset_rate_limit


@pytest.fixture(params=[0, 1], ids=["direct", "behind a proxy"])
def limited_app(app, request):
    """The suite's database, served by an app that allows 5 family requests a minute
    (the suite's own app allows far more)."""
    limited = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                          "SECRET_KEY": "test-secret-key", "RATELIMIT_FAMILY_PAGES": "5 per minute",
                          "TRUSTED_PROXIES": request.param})
    yield limited
    with limited.app_context():
        for model in (Wave, Location, QuestionnaireVersion):
            db.session.execute(delete(model))
        db.session.commit()
        db.engine.dispose()


def phone_at(limited_app, address: str) -> dict:
    """How a request from ``address`` reaches the app: directly, or through the proxy."""
    if limited_app.config["TRUSTED_PROXIES"]:
        return {"environ_base": {"REMOTE_ADDR": "10.0.0.2"}, "headers": {"X-Forwarded-For": address}}
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_the_sixth_request_in_a_minute_is_turned_away_politely(limited_app, make_wave):
    code = make_wave().locations[0].code
    client = limited_app.test_client()
    first = phone_at(limited_app, "203.0.113.7")
    statuses = [client.get(f"/s/{code}/de", **first).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    page = client.get(f"/s/{code}/de", **first)
    assert "Bitte warten Sie eine Minute" in page.get_data(as_text=True)
    other = client.get(f"/s/{code}/de", **phone_at(limited_app, "198.51.100.9"))
    assert other.status_code == 200, "another phone is not slowed down"
    counters = repr(vars(limited_app.extensions["rate_limit"].limiter.storage))
    assert "family" in counters, "the counters are where this test looks"
    assert "203.0.113.7" not in counters and "198.51.100.9" not in counters
    reset_rate_limit(limited_app)
    assert client.get(f"/s/{code}/de", **first).status_code == 200
