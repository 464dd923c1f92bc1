"""Shared pieces of the benchmarks: databases, gunicorn, /proc readings and a family
client that walks the whole questionnaire over http.client, as a phone without
JavaScript would (GET the pages, POST each form back with its hidden fields).

Benchmarks only ever talk to 127.0.0.1, and every loop here is bounded in count and time.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn")
HOST = "127.0.0.1"
CODES = ("FZRIXD", "FZGROP")  # the demo's family links
LANGUAGES = ("de", "en")
QUESTIONNAIRE = ROOT / "questionnaires" / "library" / "family_needs.yaml"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/mitsprache_bench"
SECRET_KEY = "bench-secret-key-not-for-production"


class BenchError(Exception):
    """Something went wrong: the script prints it and exits non-zero."""


# --------------------------------------------------------------------------- databases


def postgres_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_POSTGRES


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database if it is missing (never touches any other database)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://", 1))
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(f"no database name in {url}")
    if name == "test":
        raise BenchError("the database 'test' belongs to the test suite; use another one")
    admin = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL is not reachable at {admin}: {error}") from None


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MITSPRACHE_DATABASE_URL=database_url,
        MITSPRACHE_SECRET_KEY=SECRET_KEY,
        # the limiter stays on (its cost is part of every screen), with room for the load
        MITSPRACHE_RATELIMIT_FAMILY_PAGES="1000000 per minute",
        MITSPRACHE_RATELIMIT_NEW_FORMS="1000000 per minute",
        MITSPRACHE_RATELIMIT_FAMILY_SCREENS="1000000 per minute",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def flask(env: dict[str, str], *command: str, timeout: float = 120) -> str:
    """Run a ``flask`` command of the app; its output, or BenchError when it fails."""
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise BenchError(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def prepare_database(database_url: str) -> None:
    """Migrate the schema and make sure the demo survey is there and open."""
    env = app_env(database_url)
    for command in ("migrate", "demo"):
        flask(env, command)


@contextmanager
def temp_dir(prefix: str = "mitsprache-bench-"):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def database(kind: str):
    """Yields a migrated database URL with the demo survey: a fresh SQLite file in a temp
    folder (removed afterwards), or the PostgreSQL benchmark database (kept)."""
    if kind == "sqlite":
        with temp_dir() as folder:
            url = f"sqlite:///{folder / 'bench.sqlite'}"
            prepare_database(url)
            yield url
    elif kind == "postgresql":
        url = postgres_url()
        ensure_postgres_database(url)
        prepare_database(url)
        yield url
    else:
        raise BenchError(f"unknown database {kind!r}")


# --------------------------------------------------------------------------- processes


def exit_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end the script like Ctrl-C does, so that every ``with`` block
    (gunicorn, temp folders) is left in order."""

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the benchmark dies without cleaning up."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# --------------------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with 2 workers on a free port of 127.0.0.1; stopped (with its workers)
    when the ``with`` block ends, whatever happened inside it."""

    def __init__(
        self,
        app: str,
        env: dict[str, str],
        workers: int = 2,
        cwd: Path = ROOT,
        check_path: str = "/s/FZRIXD",
        name: str = "app",
        config: str | None = None,
        extra: tuple[str, ...] = (),
    ):
        self.app, self.env, self.workers, self.cwd = app, env, workers, cwd
        self.check_path, self.name = check_path, name
        # config: a gunicorn config file ("-c"); without one gunicorn reads ./gunicorn.conf.py
        # when it exists. extra: further command-line options. --workers and --bind win.
        self.config, self.extra = config, tuple(extra)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._log = None

    def __enter__(self) -> Gunicorn:
        self._log = tempfile.TemporaryFile(mode="w+")
        self.port = free_port()
        command = [
            GUNICORN,
            *(["-c", self.config] if self.config else []),
            "--workers",
            str(self.workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--log-level",
            "warning",
            *self.extra,
            self.app,
        ]
        self.process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log(self) -> str:
        return self.full_log()[-4000:]

    def full_log(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read()

    def _wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        problem = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise BenchError(f"gunicorn ({self.name}) exited with {code}:\n{self.log()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", self.check_path)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200 and len(self.worker_pids()) == self.workers:
                    return
                problem = f"status {response.status}"
            except OSError as error:
                problem = str(error)
            time.sleep(0.1)
        raise BenchError(
            f"gunicorn ({self.name}) did not answer within {timeout}s ({problem}):\n{self.log()}"
        )

    def worker_pids(self) -> list[int]:
        return children(self.pid)

    def pids(self) -> list[int]:
        return [self.pid, *self.worker_pids()]

    def stop(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group this script created for it
                process.wait(timeout=5)
        if process is not None and process.poll() is not None:
            # a worker left behind by a killed master: still the process group made for it here
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None


# --------------------------------------------------------------------------- /proc

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:  # field 4, ppid
            found.append(int(entry))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the given processes (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def memory_kib(pids: list[int]) -> dict[str, int]:
    """Summed RSS, PSS and USS-like private memory (kB) from /proc/<pid>/smaps_rollup."""
    totals = {"rss": 0, "pss": 0, "private": 0}
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            value = rest.split()
            if not value or not value[0].isdigit():
                continue
            if key == "Rss":
                totals["rss"] += int(value[0])
            elif key == "Pss":
                totals["pss"] += int(value[0])
            elif key in ("Private_Clean", "Private_Dirty"):
                totals["private"] += int(value[0])
    return totals


# --------------------------------------------------------------------------- the family client

_FIELD = re.compile(r'<input type="hidden" name="(progress|screen)" value="([^"]*)">')
POST_HEADERS = {
    "Content-Type": "application/x-www-form-urlencoded",
    "Sec-Fetch-Site": "same-origin",
    "Origin": "null",
}
ACCEPT_LANGUAGE = {"de": "de-DE,de;q=0.9,en;q=0.5", "en": "en-GB,en;q=0.9"}


def load_answer_plan() -> dict[str, dict]:
    """Question code -> type, choice codes and limits, read from the questionnaire's YAML."""
    import yaml

    data = yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))
    plan = {}
    for question in data["questions"]:
        choices = question.get("choices") or []
        plan[question["code"]] = {
            "type": question["type"],
            "codes": [str(c["code"]) for c in choices if not c.get("exclusive")],
            "exclusive": [str(c["code"]) for c in choices if c.get("exclusive")],
            "max": int(question.get("max_choices") or len(choices) or 1),
            "from_list": question.get("choices_from"),
        }
    return plan


REGION_CODE = "081004"  # a district region of Neukölln (LOR 2021)


def choose_answer(plan: dict, screen: str, rng: random.Random) -> tuple[str, list[str]]:
    """What a family presses on a screen: (nav, answer values)."""
    question = plan.get(screen)
    if question is None or rng.random() < 0.05:
        return "skip", []
    kind = question["type"]
    if kind == "multiple":
        if question["exclusive"] and rng.random() < 0.1:
            return "next", [rng.choice(question["exclusive"])]
        count = rng.randint(1, min(question["max"], len(question["codes"])))
        return "next", rng.sample(question["codes"], count)
    if question["from_list"]:
        return "next", [REGION_CODE]
    if kind == "yesno":
        return "next", [rng.choice(["yes", "no"])]
    return "next", [rng.choice(question["codes"])]


@dataclass
class Result:
    """What one phone (or all of them) saw."""

    completed: int = 0
    screens: int = 0
    requests: int = 0
    bytes: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds per screen
    errors: list[str] = field(default_factory=list)

    def add(self, other: Result) -> None:
        self.completed += other.completed
        self.screens += other.screens
        self.requests += other.requests
        self.bytes += other.bytes
        self.latencies.extend(other.latencies)
        self.errors.extend(other.errors)


class Phone:
    """One phone: a keep-alive http.client connection (gunicorn's sync workers close it
    after each response; http.client then opens a new one for the next request)."""

    def __init__(self, port: int, seed: int, plan: dict, timeout: float = 30):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.rng = random.Random(seed)
        self.plan = plan

    def close(self) -> None:
        self.conn.close()

    def _exchange(self, method: str, path: str, body: str | None, headers: dict, result: Result):
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()  # a kept-alive connection that the server had closed: once more
                if attempt == 2:
                    raise
        result.requests += 1
        result.bytes += len(data)
        return response.status, response.getheader("Location"), data.decode("utf-8", "replace")

    def questionnaire(self, code: str, lang: str, result: Result, deadline: float) -> bool:
        """Walk one whole questionnaire: language page, start page (via the redirect the
        language form leads to), every question, review, submit. Adds every screen to
        ``result``; returns True when the thank-you page came back."""
        base = f"/s/{code}"
        get_headers = {"Accept-Language": ACCEPT_LANGUAGE[lang], "Accept": "text/html"}

        def screen(requests: list[tuple[str, str, str | None, dict]], expect: tuple[int, ...]):
            started = time.perf_counter()
            for method, path, body, headers in requests:
                status, location, html = self._exchange(method, path, body, headers, result)
                if status in (301, 302, 303) and location:
                    requests.append(("GET", urlsplit(location).path, None, get_headers))
                    if len(requests) > 5:
                        raise BenchError("too many redirects")
                    continue
            result.latencies.append(time.perf_counter() - started)
            result.screens += 1
            if status not in expect:
                raise BenchError(f"{method} {path}: status {status}")
            return html

        try:
            screen([("GET", base, None, get_headers)], (200,))
            html = screen([("GET", f"{base}/start?lang={lang}", None, get_headers)], (200,))
            fields = dict(_FIELD.findall(html))
            for _ in range(60):  # a questionnaire has far fewer screens; bounds a loop gone wrong
                if time.monotonic() > deadline:
                    return False
                if "progress" not in fields:
                    raise BenchError(f"no progress field on screen after {fields}")
                name = unescape(fields["screen"])
                form = [("progress", unescape(fields["progress"])), ("screen", name)]
                if name == "start":
                    form.append(("nav", "next"))
                elif name == "review":
                    form.append(("nav", "submit"))
                else:
                    nav, values = choose_answer(self.plan, name, self.rng)
                    form.append(("nav", nav))
                    form.extend(("answer", value) for value in values)
                html = screen([("POST", f"{base}/{lang}", urlencode(form), POST_HEADERS)], (200,))
                if name == "review":
                    if _FIELD.search(html):
                        raise BenchError("submit did not lead to the thank-you page")
                    result.completed += 1
                    return True
                fields = dict(_FIELD.findall(html))
            raise BenchError("more than 60 screens in one questionnaire")
        except (BenchError, OSError, http.client.HTTPException) as error:
            result.errors.append(f"{type(error).__name__}: {error}")
            self.conn.close()
            return False


def run_load(
    port: int,
    phones: int = 8,
    duration: float | None = None,
    count: int | None = None,
    max_seconds: float = 120,
    seed: int = 1,
) -> tuple[Result, float]:
    """``phones`` threads complete whole questionnaires until ``duration`` seconds have
    passed (questionnaires unfinished then are abandoned) or ``count`` questionnaires
    have been started; never longer than ``max_seconds``. Returns (result, elapsed)."""
    if duration is None and count is None:
        raise ValueError("give a duration or a count")
    plan = load_answer_plan()
    start = time.monotonic()
    deadline = start + min(duration if duration is not None else max_seconds, max_seconds)
    remaining = [count if count is not None else 10**9]
    lock = threading.Lock()
    results = [Result() for _ in range(phones)]

    def take() -> bool:
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def phone_loop(index: int) -> None:
        phone = Phone(port, seed * 1000 + index, plan)
        result = results[index]
        turn = 0
        try:
            while time.monotonic() < deadline and take():
                code = CODES[(index + turn) % len(CODES)]
                lang = LANGUAGES[(index // len(CODES) + turn) % len(LANGUAGES)]
                phone.questionnaire(code, lang, result, deadline)
                turn += 1
                if len(result.errors) > 50:  # the server is broken: stop hammering it
                    break
        except Exception as error:  # noqa: BLE001 - report, never hang the benchmark
            result.errors.append(f"{type(error).__name__}: {error}")
        finally:
            phone.close()

    threads = [threading.Thread(target=phone_loop, args=(i,), daemon=True) for i in range(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 60))
    elapsed = time.monotonic() - start
    if any(thread.is_alive() for thread in threads):
        raise BenchError("a phone thread did not finish in time")
    total = Result()
    for result in results:
        total.add(result)
    return total, elapsed


# --------------------------------------------------------------------------- figures


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    """'min–max (±x% around the median)' of the rounds, to show how noisy they were."""
    if not values:
        return "-"
    mid = median(values)
    if len(values) < 2:
        return "one round"
    if max(values) == min(values):
        return "the same in every round"
    if not mid:
        return f"{min(values):.3g}–{max(values):.3g}"
    half = (max(values) - min(values)) / 2 / mid * 100
    return f"{min(values):.3g}–{max(values):.3g}, ±{half:.0f}%"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def fail(message: str) -> None:
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def exit_on_problems(problems: list[str]) -> None:
    """Print each problem and exit non-zero if there are any."""
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)


def count_responses(database_url: str) -> int:
    """Stored responses: the benchmarks check that every thank-you page stored one."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM response")).scalar_one())
    finally:
        engine.dispose()


def process_cpu_seconds() -> float:
    """CPU of this process (the simulated phones), to show what the client took."""
    times = os.times()
    return times.user + times.system
