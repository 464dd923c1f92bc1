"""A flood from one client is slowed, a family centre full of families is not; the counters
never hold the client's address nor a family's token, and every worker shares them.

Screens of one questionnaire count for its form (a keyed hash of the signed token's nonce),
starting a form (and any post with a missing or forged token) counts for the client address,
and every request counts for the address under a ceiling far above a busy centre.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from survey import create_app
from survey.dates import today
from survey.extensions import db
from survey.models import Location, QuestionnaireVersion, Response, Wave
from survey.ratelimit import reset_rate_limit
from survey.respond.rendering import signer
from tests.conftest import require
from tests.survey.family import Family

pytestmark = pytest.mark.committing  # other apps (workers) on the same database

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
CENTRE = "203.0.113.7"  # a family centre's Wi-Fi: one address for every phone in it


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_store():
    """A Redis database of the tests' own (``TEST_REDIS_URL``), emptied before and after."""
    require(redis_reachable(), f"Redis is not reachable at {REDIS_URL} (TEST_REDIS_URL)")
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    yield store
    store.flushdb()
    store.close()


@pytest.fixture
def make_app(app, session):
    """Factory: an app on the suite's database with the production limits (overridden by
    ``settings``), as a separate worker would be; engines and stores closed afterwards."""
    made = []

    def make(**settings):
        config = {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "test-secret-key",
            "FAMILY_LINK_CACHE_SECONDS": 0,
        }
        config.update(settings)
        made.append(create_app(config))
        return made[-1]

    yield make
    for worker in made:
        store = worker.extensions["rate_limit"].limiter.storage.storage
        connections = getattr(store, "connection_pool", None)
        if connections is not None:  # Redis: close them
            connections.disconnect()
        with worker.app_context():
            db.engine.dispose()


def phone(worker, address: str = CENTRE):
    """A test client whose requests come from ``address``."""
    client = worker.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def statuses(client, path: str, times: int) -> list[int]:
    return [client.get(path).status_code for _ in range(times)]


# -- counted in memory (no Redis needed) ------------------------------------------------


@pytest.fixture(params=[0, 1], ids=["direct", "behind a proxy"])
def limited_app(app, request):
    """The suite's database, served by an app that lets each address start 5 forms a
    minute (the suite's own app allows far more)."""
    limited = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "test-secret-key",
            "RATELIMIT_NEW_FORMS": "5 per minute",
            "TRUSTED_PROXIES": request.param,
        }
    )
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


def test_the_sixth_new_form_in_a_minute_is_turned_away_politely(limited_app, make_wave):
    code = make_wave().locations[0].code
    client = limited_app.test_client()
    first = phone_at(limited_app, "203.0.113.7")
    statuses = [client.get(f"/s/{code}/de", **first).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    page = client.get(f"/s/{code}/de", **first)
    assert "Bitte warten Sie ein paar Minuten" in page.get_data(as_text=True)
    other = client.get(f"/s/{code}/de", **phone_at(limited_app, "198.51.100.9"))
    assert other.status_code == 200, "another phone is not slowed down"
    counters = repr(vars(limited_app.extensions["rate_limit"].limiter.storage))
    assert "new-form" in counters, "the counters are where this test looks"
    assert "203.0.113.7" not in counters and "198.51.100.9" not in counters
    reset_rate_limit(limited_app)
    assert client.get(f"/s/{code}/de", **first).status_code == 200


def test_forged_tokens_count_as_new_forms_and_a_family_answering_goes_on(make_app, make_wave):
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_NEW_FORMS="3 per minute")
    family = Family(phone(worker), code, "de").start()  # its first page: one new form
    assert family.status == 200 and family.screen == "children_count"
    flood = phone(worker)
    forged = [
        flood.post(
            f"/s/{code}/de",
            data={"progress": token, "screen": "start", "nav": "next"},
            headers={"Sec-Fetch-Site": "same-origin"},
        ).status_code
        for token in ("", "garbage", family.fields["progress"] + "x")
    ]
    assert forged == [400, 400, 429], "missing and forged tokens are new forms, the third is one too many"
    assert flood.get(f"/s/{code}/de").status_code == 429, "no new form from this address..."
    family.skip()
    assert family.status == 200 and family.screen != "children_count", "...but the family answers on"


def test_one_family_past_its_screens_is_slowed_and_its_neighbour_is_not(make_app, make_wave):
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_FAMILY_SCREENS="5 per minute")
    eager, neighbour = Family(phone(worker), code, "de").start(), Family(phone(worker), code, "de").start()
    seen = [eager.press("stay").status for _ in range(5)]  # its first screen was one of 5
    assert seen == [200] * 4 + [429]
    assert neighbour.skip().status == 200


def test_in_production_counters_in_each_workers_memory_are_warned_about(tmp_path, caplog):
    production = {
        "PRODUCTION": True,
        "SECRET_KEY": "x" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite",
    }
    with caplog.at_level(logging.WARNING):
        create_app(production)
    assert "RATELIMIT_STORAGE_URI is memory://" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({**production, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"})
        create_app(production | {"PRODUCTION": False})
    assert "RATELIMIT_STORAGE_URI" not in caplog.text


def test_a_store_that_cannot_be_reached_never_stops_a_family(make_app, make_wave, caplog, monkeypatch):
    monkeypatch.setattr("survey.ratelimit._last_report", 0.0)  # logged at most once a minute
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")  # nothing listens on port 1
    with caplog.at_level(logging.ERROR):
        family = Family(phone(worker), code, "de").start()
    assert family.status == 200 and family.screen == "children_count"
    assert "rate-limit store unreachable" in caplog.text


# -- counted in Redis, shared by every worker -------------------------------------------


def test_thirty_families_behind_one_address_all_finish(make_app, make_wave, redis_store, session):
    """The production limits, one address, thirty phones answering at the same time."""
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_STORAGE_URI=REDIS_URL)
    families = [Family(phone(worker), code, "de") for _ in range(30)]
    for family in families:
        family.open()
        assert family.status == 200
    for family in families:
        family.press("next")
    seen = set()
    answering = list(families)
    while answering:  # one screen each in turn, as phones in one room would
        for family in answering:
            family.skip()
            seen.add(family.status)
        answering = [family for family in answering if family.screen != "review"]
    for family in families:
        seen.add(family.submit().status)
    assert seen == {200}
    assert all("Danke!" in family.html for family in families)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Response)) == 30
    with worker.app_context():
        nonces = [signer().load(family.fields["progress"], today()).nonce for family in families]
    keys = [key.decode() for key in redis_store.keys("*")]
    assert any("/form/" in key for key in keys) and any("/new-form/" in key for key in keys)
    assert not any(CENTRE in key or any(nonce in key for nonce in nonces) for key in keys)
    assert all(0 < redis_store.ttl(key) <= 600 for key in keys), "a counter lasts its window, no longer"


def test_one_address_starting_form_after_form_is_stopped_at_the_ceiling(make_app, make_wave, redis_store):
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_STORAGE_URI=REDIS_URL)
    assert worker.config["RATELIMIT_NEW_FORMS"] == "60 per 10 minutes"
    assert statuses(phone(worker), f"/s/{code}/de", 61) == [200] * 60 + [429]
    assert statuses(phone(worker, "198.51.100.9"), f"/s/{code}/de", 1) == [200]


def test_one_form_sending_screen_after_screen_is_stopped_at_its_limit(make_app, make_wave, redis_store):
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_STORAGE_URI=REDIS_URL)
    assert worker.config["RATELIMIT_FAMILY_SCREENS"] == "60 per minute"
    family = Family(phone(worker), code, "de").open()
    seen = [family.press("next" if n == 0 else "stay").status for n in range(61)]
    assert seen == [200] * 60 + [429]
    assert Family(phone(worker), code, "de").start().status == 200, "another family on the same Wi-Fi"


def test_two_workers_share_the_counts(make_app, make_wave, redis_store):
    code = make_wave().locations[0].code
    limits = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_NEW_FORMS": "4 per minute",
        "RATELIMIT_FAMILY_SCREENS": "4 per minute",
    }
    one, two = make_app(**limits), make_app(**limits)
    forms = [phone(worker).get(f"/s/{code}/de").status_code for worker in (one, two, one, two, one, two)]
    assert forms == [200, 200, 200, 200, 429, 429]

    # one family whose screens land on either worker, as behind a load balancer
    family = Family(phone(one, "198.51.100.9"), code, "de").open()
    seen = []
    for worker in (two, one, two, one, two):
        family.client = phone(worker, "198.51.100.9")
        seen.append(family.press("stay" if seen else "next").status)
    assert seen == [200, 200, 200, 200, 429]


SECOND_PROCESS = """
import sys
from survey import create_app
worker = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1], "SECRET_KEY": "test-secret-key",
                     "RATELIMIT_STORAGE_URI": sys.argv[2], "RATELIMIT_NEW_FORMS": "4 per minute"})
client = worker.test_client()
client.environ_base["REMOTE_ADDR"] = sys.argv[4]
print(",".join(str(client.get(sys.argv[3]).status_code) for _ in range(3)))
"""


def test_a_worker_in_another_process_counts_the_same_client(app, make_app, make_wave, redis_store):
    """Each gunicorn worker is its own process: the names of the counters must not depend
    on anything a process makes up for itself."""
    code = make_wave().locations[0].code
    worker = make_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_NEW_FORMS="4 per minute")
    assert statuses(phone(worker), f"/s/{code}/de", 2) == [200, 200]
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            SECOND_PROCESS,
            app.config["DATABASE_URL"],
            REDIS_URL,
            f"/s/{code}/de",
            CENTRE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout.split() == ["200,200,429"]
    assert statuses(phone(worker), f"/s/{code}/de", 1) == [429]


def test_failed_logins_are_counted_across_workers(make_app, make_user, redis_store):
    """Ten failed logins on one account, spread over two workers, pause it on both: the
    configured 10 means 10 however many processes serve."""
    from tests.survey.staff import Staff

    user = make_user("staff")
    workers = [make_app(RATELIMIT_STORAGE_URI=REDIS_URL) for _ in range(2)]
    people = [Staff(phone(worker)) for worker in workers]
    for attempt in range(10):
        response = people[attempt % 2].login(user.email, "a wrong password")
        assert response.status_code == 401, attempt
    for person in people:  # the eleventh, on either worker, is refused even when right
        assert person.login(user.email).status_code != 302
