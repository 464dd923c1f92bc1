"""Fixtures for the real-browser tests: the demo survey served over HTTP, one headless
Chromium for the session, and a fresh "phone" (360×740, no JavaScript) for each test.

Chromium is Debian's (or the one named by $CHROMIUM); Playwright never downloads one.
Without Chromium the tests skip locally and fail under CI=true (see ``require``).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from survey import create_app
from survey.database import make_engine
from survey.migrations import upgrade
from tests.conftest import require

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The network here is closed: keep Chromium from phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}  # an office screen, for the staff pages


class SlowNetwork:
    """WSGI middleware: once armed, the next POST is handled by the app as usual, but its
    answer only goes back to the phone when released, as on a slow mobile connection.

    Lets a test tap a button a second time while the first tap's page is still on its
    way, without any sleeping: ``handled`` is set when the app has answered the first.
    """

    def __init__(self, app: Flask):
        self.app = app.wsgi_app
        self.lock = threading.Lock()
        self.armed = False
        self.handled = threading.Event()
        self.release = threading.Event()
        self.held: bytes = b""

    def arm(self) -> None:
        with self.lock:
            self.armed, self.held = True, b""
            self.handled.clear()
            self.release.clear()

    def __call__(self, environ, start_response):
        with self.lock:
            hold = self.armed and environ["REQUEST_METHOD"] == "POST"
            if hold:
                self.armed = False
        if not hold:
            return self.app(environ, start_response)
        answer: list = []
        result = self.app(environ, lambda status, headers, exc_info=None: answer.extend((status, headers)))
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.held = body
        self.handled.set()
        self.release.wait(timeout=30)
        start_response(*answer)
        return [body]


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    url: str  # http://127.0.0.1:<port>, no trailing slash
    engine: Engine  # the test's own connection to the app's database, for assertions
    network: SlowNetwork

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc


@contextmanager
def serving_demo(folder: Path, **config) -> Iterator[LiveServer]:
    """The app with the demo survey and its own SQLite database in ``folder``, served by a
    real HTTP server in a thread; ``config`` adds to or overrides the app's settings."""
    from survey.dates import today
    from survey.extensions import db
    from survey.services.demo import ensure_demo

    url = f"sqlite:///{folder / 'browser.sqlite'}"
    upgrade(url)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "browser-test-secret-key",
            "RATELIMIT_ENABLED": False,
            **config,
        }
    )
    app.instance_path = str(folder / "instance")
    with app.app_context():
        ensure_demo(db.session, today())
        db.session.commit()

    network = SlowNetwork(app)
    server = make_server("127.0.0.1", 0, network, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    engine = make_engine(url)
    try:
        address = f"http://127.0.0.1:{server.server_port}"
        yield LiveServer(app=app, url=address, engine=engine, network=network)
    finally:
        network.release.set()
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        engine.dispose()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app with the demo survey, served by a real HTTP server in a thread."""
    with serving_demo(tmp_path_factory.mktemp("browser")) as server:
        yield server


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Another demo server with a database of its own, for one test module: for staff
    tests whose changes (the demo wave closed, new waves, accounts, stored answers) must
    not reach the family tests on ``live_server``. Family links are not cached, so a
    change shows on the very next family page."""
    with serving_demo(tmp_path_factory.mktemp("own"), FAMILY_LINK_CACHE_SECONDS=0) as server:
        yield server


@pytest.fixture(autouse=True)
def no_responses_yet(live_server: LiveServer) -> None:
    """Every test starts without stored responses, so it can count exactly its own."""
    from survey.models import Answer, Response, UsedSubmission

    with live_server.engine.begin() as connection:
        for model in (Answer, Response, UsedSubmission):
            connection.execute(delete(model))


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (a fresh profile is made per launch)."""
    found = Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None
    require(found, f"Chromium not found at {CHROMIUM} (set $CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        require(False, "the playwright package is not installed")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def locale(request: pytest.FixtureRequest) -> str:
    """The phone's language (Accept-Language); parametrize ``locale`` to change it."""
    return getattr(request, "param", "de-DE")


@pytest.fixture
def javascript(request: pytest.FixtureRequest) -> bool:
    """Whether the phone runs the page's JavaScript; parametrize ``javascript`` to switch it on."""
    return getattr(request, "param", False)


@pytest.fixture
def phone(chromium, locale: str, javascript: bool):
    """A new browser context shaped like a small phone, with JavaScript off unless asked."""
    context = chromium.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        locale=locale,
    )
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """A demo server of the test's own, whose family links see staff changes at once."""
    with serving_demo(tmp_path, FAMILY_LINK_CACHE_SECONDS=0) as served:
        yield served


@pytest.fixture
def german(chromium):
    """Staff pages in German on an office screen, JavaScript off."""
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False, locale="de-DE")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def desktop(chromium, javascript: bool):
    """A new browser context the size of an office screen, for the staff pages, with
    JavaScript off unless asked. Its language is English: the staff pages are in German
    or English, and their German catalogue is not filled in yet."""
    context = chromium.new_context(
        viewport=DESKTOP, java_script_enabled=javascript, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
