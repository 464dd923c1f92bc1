"""Fault campaign: what families see when something breaks, and whether any answer is lost.

Scenarios (``--only`` picks some, comma-separated):

  worker-kill   a gunicorn worker killed with SIGKILL several times while phones complete
                questionnaires. Every thank-you page must have its response stored, once,
                with all its answers (the stored answers are compared with what each
                phone sent).
  pg-outage     PostgreSQL stopped for a few seconds under the same load and started
                again: 5xx responses, lost and partial responses, and whether the first
                requests after the database is back succeed.
  slow-clients  20 clients that send one header line every 3 s (and reconnect when the
                server drops them) while one normal phone walks questionnaires: how many
                of its requests are answered, and how long they took.
  one-address   30 families behind one address (all requests from 127.0.0.1, as behind a
                family centre's router) completing one questionnaire each at a person's
                pace, with the app's own rate limit: how many 429s (after one, a family
                waits and sends the page again, twice at most), how many completed.

The database is a private PostgreSQL cluster that this script creates in a temporary
folder (initdb and pg_ctl from PG_BIN, default /usr/lib/postgresql/15/bin, on port 55432;
as root it runs them as the user "postgres") and removes afterwards — never the machine's
own server. ``--database sqlite`` uses a temporary SQLite file instead (no pg-outage then).
gunicorn serves on 127.0.0.1 with the repository's gunicorn.conf.py (``--config PATH``;
``--config none``: gunicorn's defaults with ``--workers 2``, i.e. the earlier production
command with sync workers). The first three scenarios run with the rate limiter off;
one-address with the app's own limits, or those MITSPRACHE_RATELIMIT_* in the environment
say (e.g. MITSPRACHE_RATELIMIT_STORAGE_URI=redis://… for counters the workers share).
Every loop is bounded in count and time; only 127.0.0.1.

Usage: .venv/bin/python bench/faults.py [--only worker-kill,pg-outage,slow-clients,one-address]
       [--config gunicorn.conf.py|none] [--database private|sqlite] [--pg-port 55432]
       [--phones 8] [--kills 5] [--kill-every 3] [--outage 5] [--slow 20] [--slow-seconds 40]
       [--families 30] [--think 3] [--retries-429 2] [--wait-429 20]
Exits non-zero only when the campaign cannot run or an answer was lost, stored twice or
stored in part; the availability figures are printed for comparison, not judged.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from common import _FIELD as HIDDEN_FIELD
from common import (
    CODES,
    GUNICORN,
    HOST,
    LANGUAGES,
    POST_HEADERS,
    ROOT,
    BenchError,
    Gunicorn,
    Phone,
    Result,
    app_env,
    database,
    ensure_postgres_database,
    exit_cleanly_on_signals,
    exit_on_problems,
    fail,
    load_answer_plan,
    percentile,
    prepare_database,
)

SCENARIOS = ("worker-kill", "pg-outage", "slow-clients", "one-address")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
Signature = tuple[str, str, frozenset]  # (family link code, language, {(question, value)})


# --------------------------------------------------------------------------- private PostgreSQL


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOST, port)) == 0


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder, on 127.0.0.1:``port``: it can
    be stopped and started without touching anything else. Removed when the block ends."""

    def __init__(self, port: int):
        if port == 5432:
            raise BenchError("5432 is the machine's own PostgreSQL: choose another --pg-port")
        self.port = port
        self.folder: Path | None = None
        self.user: str | None = None
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@{HOST}:{self.port}/mitsprache_faults"

    @property
    def data(self) -> Path:
        assert self.folder is not None
        return self.folder / "data"

    def _run(self, *command: str, timeout: float = 60) -> None:
        assert self.folder is not None
        with open(self.folder / "pg_ctl.out", "a") as out:
            done = subprocess.run(
                command,
                cwd=self.folder,
                user=self.user,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        if done.returncode != 0:
            raise BenchError(f"{Path(command[0]).name} failed ({done.returncode}):\n{self.log()}")

    def log(self) -> str:
        assert self.folder is not None
        text = ""
        for name in ("pg_ctl.out", "server.log"):
            with suppress(OSError):
                text += (self.folder / name).read_text()[-2000:]
        return text

    def __enter__(self) -> PrivatePostgres:
        for tool in ("initdb", "pg_ctl"):
            if not (PG_BIN / tool).exists():
                raise BenchError(f"{PG_BIN / tool} not found (set PG_BIN to PostgreSQL's bin folder)")
        if port_in_use(self.port):
            raise BenchError(f"port {self.port} is in use: choose another --pg-port")
        self.folder = Path(tempfile.mkdtemp(prefix="mitsprache-faults-pg-"))
        try:
            if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to "postgres"
                import pwd

                try:
                    account = pwd.getpwnam("postgres")
                except KeyError:
                    raise BenchError("running as root needs a 'postgres' user for the cluster") from None
                os.chown(self.folder, account.pw_uid, account.pw_gid)
                self.user = "postgres"
            self._run(
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
            self.start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def start(self) -> None:
        assert self.folder is not None
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST}"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", timeout=90
        )
        self.running = False

    def __exit__(self, *_exc) -> None:
        if self.folder is None:
            return
        if self.running:
            with suppress(BenchError, OSError, subprocess.TimeoutExpired):
                self.stop("fast")
            if self.running:
                with suppress(BenchError, OSError, subprocess.TimeoutExpired):
                    self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


# --------------------------------------------------------------------------- a phone that keeps a record


@dataclass
class Event:
    started: float
    ended: float
    method: str
    status: int | None  # None: no HTTP answer (timeout, connection refused or reset)
    error: str = ""


@dataclass
class Journal:
    """What all phones of a scenario sent and got back (thread-safe appends)."""

    events: list[Event] = field(default_factory=list)
    completed: list[Signature] = field(default_factory=list)  # the thank-you page came back
    unconfirmed: list[Signature] = field(default_factory=list)  # submitted, no thank-you page seen
    families_with_429: int = 0
    completed_after_429: int = 0
    resets: int = 0  # connections reset or closed under a request (the phone then retried once)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def statuses(self, events: list[Event] | None = None) -> Counter:
        return Counter(
            e.status if e.status is not None else f"no answer ({e.error})"
            for e in (self.events if events is None else events)
        )

    def fivexx(self, events: list[Event] | None = None) -> int:
        return sum(1 for e in (self.events if events is None else events) if e.status and e.status >= 500)


class _CountingConnection(http.client.HTTPConnection):
    """Counts the requests whose connection broke (a killed worker, a server that closed it)."""

    journal: Journal

    def getresponse(self):
        try:
            return super().getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            with self.journal.lock:
                self.journal.resets += 1
            raise


class RecordingPhone(Phone):
    """The family client of common.py, keeping what it sent (every answer of every screen,
    as the form carried it) and each request's status and time."""

    def __init__(
        self,
        port: int,
        seed: int,
        plan: dict,
        journal: Journal,
        timeout: float = 30,
        think: float = 0.0,
        retries_429: int = 0,
        wait_429: float = 0.0,
    ):
        super().__init__(port, seed, plan, timeout=timeout)
        self.conn.close()
        self.conn = _CountingConnection(HOST, port, timeout=timeout)
        self.conn.journal = journal
        self.journal, self.think = journal, think
        self.pace = random.Random(seed + 7919)  # its own dice: the answers stay those of seed
        self.sent: dict[str, list[str]] = {}
        self.submitted = False
        self.saw_429 = False
        # After "too many requests" a person waits a little and sends the page again.
        self.retries_429, self.wait_429, self.waited = retries_429, wait_429, 0.0
        self.deadline = float("inf")

    def _exchange(self, method: str, path: str, body: str | None, headers: dict, result: Result):
        if method == "POST":
            if self.think:  # reading the question and answering it
                time.sleep(self.think * self.pace.uniform(0.5, 1.5))
            form = parse_qsl(body or "", keep_blank_values=True)
            values = dict(form)
            screen, nav = values.get("screen", ""), values.get("nav", "")
            if nav == "submit":
                self.submitted = True
            elif screen not in ("start", "review"):
                self.sent[screen] = [v for k, v in form if k == "answer"] if nav == "next" else []
        for attempt in range(self.retries_429 + 1):
            started = time.monotonic()
            try:
                answer = super()._exchange(method, path, body, headers, result)
            except Exception as error:
                with self.journal.lock:
                    self.journal.events.append(
                        Event(started, time.monotonic(), method, None, type(error).__name__)
                    )
                raise
            with self.journal.lock:
                self.journal.events.append(Event(started, time.monotonic(), method, answer[0]))
            if answer[0] != 429:
                break
            self.saw_429 = True
            if attempt == self.retries_429 or time.monotonic() + self.wait_429 > self.deadline:
                break
            time.sleep(self.wait_429)
            self.waited += self.wait_429
        return answer

    def questionnaire(self, code: str, lang: str, result: Result, deadline: float) -> bool:
        self.sent, self.submitted, self.deadline = {}, False, deadline
        done = super().questionnaire(code, lang, result, deadline)
        signature = (code, lang, frozenset((q, v) for q, values in self.sent.items() for v in values))
        with self.journal.lock:
            if done:
                self.journal.completed.append(signature)
            elif self.submitted:
                self.journal.unconfirmed.append(signature)
        return done


def load(
    port: int,
    journal: Journal,
    phones: int,
    seconds: float,
    seed: int,
    timeout: float = 30,
    think: float = 0.0,
    each: int | None = None,
    spread: float = 0.0,
    retries_429: int = 0,
    wait_429: float = 0.0,
) -> Result:
    """``phones`` threads complete questionnaires until ``seconds`` have passed (or each has
    started ``each``); after a failed questionnaire a phone waits 0.2 s and starts again."""
    plan = load_answer_plan()
    deadline = time.monotonic() + seconds
    results = [Result() for _ in range(phones)]

    def phone_loop(index: int) -> None:
        phone = RecordingPhone(
            port,
            seed * 1000 + index,
            plan,
            journal,
            timeout=timeout,
            think=think,
            retries_429=retries_429,
            wait_429=wait_429,
        )
        result = results[index]
        try:
            if spread:
                time.sleep(min(spread * index / phones, max(0.0, deadline - time.monotonic())))
            turn = 0
            while time.monotonic() < deadline and (each is None or turn < each):
                code = CODES[(index + turn) % len(CODES)]
                lang = LANGUAGES[(index // len(CODES) + turn) % len(LANGUAGES)]
                if not phone.questionnaire(code, lang, result, deadline):
                    time.sleep(0.2)
                turn += 1
        except Exception as error:  # noqa: BLE001 - report, never hang the campaign
            result.errors.append(f"{type(error).__name__}: {error}")
        finally:
            phone.close()
            if phone.saw_429:
                with journal.lock:
                    journal.families_with_429 += 1
                    journal.completed_after_429 += bool(result.completed)

    threads = [threading.Thread(target=phone_loop, args=(i,), daemon=True) for i in range(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + timeout + 30))
    if any(thread.is_alive() for thread in threads):
        raise BenchError("a phone thread did not finish in time")
    total = Result()
    for result in results:
        total.add(result)
    return total


# --------------------------------------------------------------------------- the database's side


def last_response_id(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM response")).scalar_one())
    finally:
        engine.dispose()


def stored_since(url: str, after: int) -> list[Signature]:
    """Every response stored after ``after``, as (link code, language, its answers)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            responses = conn.execute(
                text(
                    "SELECT r.id, l.code, r.language FROM response r JOIN location l ON l.id = r.location_id"
                    " WHERE r.id > :after"
                ),
                {"after": after},
            ).all()
            answers: dict[int, set] = {row[0]: set() for row in responses}
            rows = conn.execute(
                text(
                    "SELECT response_id, question, choice, number, text FROM answer"
                    " WHERE response_id > :after"
                ),
                {"after": after},
            )
            for response_id, question, choice, number, free in rows:
                value = choice if choice is not None else str(number) if number is not None else free
                answers.setdefault(response_id, set()).add((question, value))
    finally:
        engine.dispose()
    return [(code, language, frozenset(answers[rid])) for rid, code, language in responses]


@dataclass
class Reconciled:
    completed: int
    stored: int
    whole: int  # stored exactly as a phone sent it, and its thank-you page came back
    lost: int  # thank-you page, but no such response stored
    unconfirmed_stored: int  # stored whole, but the phone never saw its thank-you page
    duplicates: int  # a submission stored more than once
    partial: int  # stored with only some of the answers a phone sent
    unknown: int  # stored, matches nothing that was sent

    def line(self) -> str:
        return (
            f"completed questionnaires (thank-you page) {self.completed}, stored responses "
            f"{self.stored}: whole {self.whole}, lost {self.lost}, partial {self.partial}, "
            f"stored twice {self.duplicates}, unmatched {self.unknown}, stored without a "
            f"thank-you page seen {self.unconfirmed_stored}"
        )

    def problems(self, scenario: str) -> list[str]:
        found = []
        for name in ("lost", "partial", "duplicates", "unknown"):
            if getattr(self, name):
                found.append(
                    f"{scenario}: {getattr(self, name)} {name} "
                    "(stored responses checked against what the phones sent)"
                )
        return found


def reconcile(journal: Journal, stored: list[Signature]) -> Reconciled:
    completed, unconfirmed, kept = Counter(journal.completed), Counter(journal.unconfirmed), Counter(stored)
    whole = completed & kept
    rest = kept - completed
    confirmed_late = rest & unconfirmed
    rest -= confirmed_late
    duplicates = sum(n for sig, n in rest.items() if sig in completed or sig in unconfirmed)
    rest = Counter({sig: n for sig, n in rest.items() if sig not in completed and sig not in unconfirmed})
    sent = list(completed) + list(unconfirmed)
    partial = sum(
        n
        for (code, lang, answers), n in rest.items()
        if any(code == c and lang == la and answers < a for c, la, a in sent)
    )
    return Reconciled(
        completed=sum(completed.values()),
        stored=len(stored),
        whole=sum(whole.values()),
        lost=sum((completed - kept).values()),
        unconfirmed_stored=sum(confirmed_late.values()),
        duplicates=duplicates,
        partial=partial,
        unknown=sum(rest.values()) - partial,
    )


# --------------------------------------------------------------------------- reporting


def status_line(counts: Counter) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{key}: {n}" for key, n in sorted(counts.items(), key=lambda kv: str(kv[0])))


def git_state() -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (no git)"
    state = f" with {len(changed)} changed tracked files" if changed else ", clean"
    return f"{commit or 'unknown'}{state}"


def gunicorn_settings(config: str) -> str:
    done = subprocess.run(
        [GUNICORN, "-c", config, "--print-config", "wsgi:app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    values = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    keys = ("worker_class", "threads", "timeout", "keepalive", "limit_request_fields", "accesslog")
    return ", ".join(f"{k} {values.get(k, '?')}" for k in keys)


# --------------------------------------------------------------------------- the scenarios


@dataclass
class Campaign:
    args: argparse.Namespace
    url: str
    pg: PrivatePostgres | None
    config: str  # passed to gunicorn -c ("/dev/null": gunicorn's own defaults)
    problems: list[str] = field(default_factory=list)

    @contextmanager
    def server(self, name: str, rate_limits: bool = False) -> Iterator[Gunicorn]:
        """gunicorn for one scenario. Without ``rate_limits`` the limiter is off (the load of
        a few phones would otherwise run into it); with them, the app's own limits apply,
        or what MITSPRACHE_RATELIMIT_* in this script's environment says."""
        environment = app_env(self.url)
        for key in [k for k in environment if k.startswith("MITSPRACHE_RATELIMIT_")]:
            if not rate_limits or key not in os.environ:
                del environment[key]
        if not rate_limits:
            environment["MITSPRACHE_RATELIMIT_ENABLED"] = "false"
        environment.pop("PORT", None)
        environment.pop("MITSPRACHE_BIND", None)
        with Gunicorn(
            "wsgi:app", environment, workers=self.args.workers, config=self.config, name=name
        ) as server:
            yield server


def worker_kill(c: Campaign) -> None:
    args = c.args
    seconds = args.kills * args.kill_every + 3
    print(
        f"worker-kill: {args.phones} phones for {seconds:g}s; a random worker gets SIGKILL every "
        f"{args.kill_every:g}s, {args.kills} times",
        flush=True,
    )
    with c.server("worker-kill") as server:
        before = last_response_id(c.url)
        journal = Journal()
        killed: list[int] = []
        dice = random.Random(5)

        def killer() -> None:
            for _ in range(args.kills):
                time.sleep(args.kill_every)
                workers = server.worker_pids()
                if workers:
                    victim = dice.choice(workers)
                    with suppress(ProcessLookupError):
                        os.kill(victim, signal.SIGKILL)
                        killed.append(victim)

        thread = threading.Thread(target=killer, daemon=True)
        thread.start()
        result = load(server.port, journal, args.phones, seconds, seed=11)
        thread.join(timeout=args.kill_every * args.kills + 10)
        time.sleep(1)
        check = reconcile(journal, stored_since(c.url, before))
        alive = len(server.worker_pids())
    print(f"  workers killed {len(killed)}, workers running afterwards {alive} of {args.workers}")
    print(
        f"  requests {len(journal.events)}; HTTP status: {status_line(journal.statuses())}; "
        f"connections broken under a request {journal.resets} (the phone sent it again once)"
    )
    print(f"  {check.line()}")
    print(
        f"  questionnaires broken off on the phones {len(result.errors)}"
        + (f" (first: {result.errors[0]})" if result.errors else ""),
        flush=True,
    )
    c.problems += check.problems("worker-kill")


def pg_outage(c: Campaign) -> None:
    args = c.args
    if c.pg is None:
        print("pg-outage: skipped (needs the private PostgreSQL, not --database sqlite)")
        return
    lead, tail = 4.0, 8.0
    print(
        f"pg-outage: {args.phones} phones; after {lead:g}s PostgreSQL is stopped (pg_ctl -m "
        f"{args.pg_stop}) for {args.outage:g}s, then started; load goes on {tail:g}s after",
        flush=True,
    )
    with c.server("pg-outage") as server:
        before = last_response_id(c.url)
        journal = Journal()
        outcome: dict[str, Result] = {}
        thread = threading.Thread(
            target=lambda: outcome.setdefault(
                "load", load(server.port, journal, args.phones, lead + args.outage + tail + 2, seed=23)
            ),
            daemon=True,
        )
        probe_form = start_form(server.port)
        thread.start()
        time.sleep(lead)
        stopped = time.monotonic()
        c.pg.stop(args.pg_stop)
        time.sleep(max(0.0, args.outage - (time.monotonic() - stopped)))
        c.pg.start()
        back = time.monotonic()
        probes = probe_after_recovery(server.port, probe_form)
        thread.join(timeout=lead + args.outage + tail + 90)
        if thread.is_alive():
            raise BenchError("pg-outage: the load did not finish")
        check = reconcile(journal, stored_since(c.url, before))
        server_log = server.full_log()
        errors = [line for line in server_log.splitlines() if "Error" in line or "Traceback" in line]
    during = [e for e in journal.events if stopped <= e.ended and e.started <= back]
    after = sorted((e for e in journal.events if e.started >= back), key=lambda e: e.started)
    before_events = [e for e in journal.events if e.ended < stopped]
    down = back - stopped
    first_ok = next((e.ended - back for e in after if e.status == 200 and e.method == "POST"), None)
    print(
        f"  database down {down:.1f}s (stop and start included); requests {len(journal.events)}; "
        f"HTTP status: {status_line(journal.statuses())}"
    )
    print(
        f"  5xx before {journal.fivexx(before_events)}, "
        f"while down {journal.fivexx(during)} of {len(during)}, after recovery {journal.fivexx(after)} "
        f"of {len(after)} (status after: {status_line(journal.statuses(after))})"
    )
    print(
        f"  first requests after recovery, one by one (a question page sent back, which reads the "
        f"database): {', '.join(probes)}"
    )
    if after:
        print(
            f"  the phones' first request after recovery: {after[0].method} -> "
            f"{after[0].status or after[0].error}; first successful POST {first_ok:.2f}s after recovery"
            if first_ok is not None
            else f"  the phones' first request after recovery: {after[0].method} -> "
            f"{after[0].status or after[0].error}; no successful POST after recovery"
        )
    print(f"  {check.line()}", flush=True)
    if errors:
        kinds = Counter(
            line.split(":")[0].strip() for line in errors if not line.startswith((" ", "Traceback", "["))
        )
        print(f"  server log: {len(errors)} error lines; exceptions: {dict(kinds.most_common(6))}")
    c.problems += check.problems("pg-outage")


def start_form(port: int) -> str:
    """The start screen's form (its signed progress field): POSTing it back needs the database."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", f"/s/{CODES[0]}/de", headers={"Accept-Language": "de"})
        html = conn.getresponse().read().decode()
    finally:
        conn.close()
    fields = dict(HIDDEN_FIELD.findall(html))
    if "progress" not in fields:
        raise BenchError("the start page has no progress field")
    return urlencode([("progress", unescape(fields["progress"])), ("screen", "start"), ("nav", "next")])


def probe_after_recovery(port: int, form: str, count: int = 6) -> list[str]:
    """Send the start screen back ``count`` times right after recovery, each on a new
    connection: the status (or error) and time of each."""
    seen = []
    for _ in range(count):
        started = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            conn.request("POST", f"/s/{CODES[0]}/de", body=form, headers=POST_HEADERS)
            response = conn.getresponse()
            response.read()
            outcome = str(response.status)
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        finally:
            conn.close()
        seen.append(f"{outcome} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    return seen


def slow_clients(c: Campaign) -> None:
    args = c.args
    print(
        f"slow-clients: {args.slow} clients send a request line, then one header line every "
        f"{args.slow_every:g}s (reconnecting when dropped), for {args.slow_seconds:g}s; one phone "
        f"walks questionnaires meanwhile (each request waits up to {args.request_timeout:g}s)",
        flush=True,
    )
    with c.server("slow-clients") as server:
        stop = threading.Event()
        counts = Counter()
        lock = threading.Lock()
        deadline = time.monotonic() + args.slow_seconds + 2

        def slow(index: int) -> None:
            while not stop.is_set() and time.monotonic() < deadline:
                sock = None
                try:
                    sock = socket.create_connection((HOST, server.port), timeout=5)
                    with lock:
                        counts["connections"] += 1
                    sock.sendall(f"GET /s/{CODES[0]} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
                    sock.settimeout(args.slow_every)
                    line = 0
                    while not stop.is_set() and time.monotonic() < deadline:
                        try:
                            data = sock.recv(4096)  # waits up to slow_every seconds
                            if not data:
                                raise ConnectionResetError("closed by the server")
                            status = data.split(b"\r\n", 1)[0].decode("latin-1")[:40]
                            with lock:
                                counts[f"answered {status!r}"] += 1
                            break
                        except TimeoutError:
                            pass
                        line += 1
                        sock.sendall(f"X-Slow-{index}-{line}: {'x' * 20}\r\n".encode())
                except OSError:
                    with lock:
                        counts["dropped by the server"] += 1
                    stop.wait(0.5)
                finally:
                    if sock is not None:
                        sock.close()

        threads = [threading.Thread(target=slow, args=(i,), daemon=True) for i in range(args.slow)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)  # they have connected and sent their first line
        journal = Journal()
        result = load(server.port, journal, 1, args.slow_seconds - 1.5, seed=31, timeout=args.request_timeout)
        stop.set()
        for thread in threads:
            thread.join(timeout=args.slow_every + 10)
    events = journal.events
    answered = [e for e in events if e.status is not None]
    latencies = [e.ended - e.started for e in events]
    print(
        f"  the normal phone: {len(answered)} of {len(events)} requests answered "
        f"({status_line(journal.statuses())}); completed questionnaires {result.completed}"
    )
    if latencies:
        print(
            f"  its latency per request: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
            + ("" if len(answered) == len(events) else " (a request without answer: its timeout)")
        )
    answers = ", ".join(f"{key} {n}" for key, n in sorted(counts.items()) if key.startswith("answered"))
    print(
        f"  slow clients: {counts['connections']} connections, dropped by the server without an "
        f"answer {counts['dropped by the server']}, {answers or 'none answered'}",
        flush=True,
    )


def one_address(c: Campaign) -> None:
    args = c.args
    limit = ", ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("MITSPRACHE_RATELIMIT_"))
    bound = min(300.0, args.think * 20 + 10 + 60)
    print(
        f"one-address: {args.families} families, all from {HOST}, each completes one questionnaire "
        f"taking about {args.think:g}s per screen, starting within 10s; after a 429 a family waits "
        f"{args.wait_429:g}s and sends the page again, at most {args.retries_429} times; at most "
        f"{bound:.0f}s; rate limits: {limit or 'the app defaults'}",
        flush=True,
    )
    with c.server("one-address", rate_limits=True) as server:
        before = last_response_id(c.url)
        journal = Journal()
        started = time.monotonic()
        result = load(
            server.port,
            journal,
            args.families,
            bound,
            seed=41,
            think=args.think,
            each=1,
            spread=10,
            retries_429=args.retries_429,
            wait_429=args.wait_429,
        )
        took = time.monotonic() - started
        check = reconcile(journal, stored_since(c.url, before))
    statuses = journal.statuses()
    print(
        f"  in {took:.0f}s: requests {len(journal.events)}, 429s {statuses.get(429, 0)}; "
        f"HTTP status: {status_line(statuses)}"
    )
    print(
        f"  families that completed {result.completed} of {args.families}; families that saw a 429 "
        f"{journal.families_with_429}, of which completed after waiting {journal.completed_after_429}"
    )
    print(f"  {check.line()}", flush=True)
    c.problems += check.problems("one-address")


RUNNERS = {
    "worker-kill": worker_kill,
    "pg-outage": pg_outage,
    "slow-clients": slow_clients,
    "one-address": one_address,
}


# --------------------------------------------------------------------------- main


@contextmanager
def campaign_database(args: argparse.Namespace) -> Iterator[tuple[str, PrivatePostgres | None]]:
    if args.database == "sqlite":
        with database("sqlite") as url:
            yield url, None
        return
    with PrivatePostgres(args.pg_port) as pg:
        ensure_postgres_database(pg.url)
        prepare_database(pg.url)
        yield pg.url, pg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"some of {','.join(SCENARIOS)}")
    parser.add_argument(
        "--config", default=None, help="gunicorn config file (default: gunicorn.conf.py if there), or 'none'"
    )
    parser.add_argument("--database", choices=["private", "sqlite"], default="private")
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--pg-stop", choices=["fast", "immediate"], default="fast")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--phones", type=int, default=8, help="phones under load (8)")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--kill-every", type=float, default=3)
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL is down (5)")
    parser.add_argument("--slow", type=int, default=20, help="slow clients (20)")
    parser.add_argument("--slow-every", type=float, default=3, help="seconds between their header lines")
    parser.add_argument("--slow-seconds", type=float, default=40)
    parser.add_argument(
        "--request-timeout", type=float, default=30, help="how long the normal phone waits for an answer (30)"
    )
    parser.add_argument("--families", type=int, default=30)
    parser.add_argument("--think", type=float, default=3, help="seconds per screen in one-address (3)")
    parser.add_argument("--retries-429", type=int, default=2, help="times a family resends after a 429 (2)")
    parser.add_argument("--wait-429", type=float, default=20, help="seconds it waits before that (20)")
    args = parser.parse_args()
    exit_cleanly_on_signals()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown or not chosen:
        fail(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    if not (
        1 <= args.workers <= 16
        and 1 <= args.phones <= 64
        and 0 <= args.kills <= 50
        and 0.5 <= args.kill_every <= 60
        and 0.5 <= args.outage <= 60
        and 1 <= args.slow <= 200
        and 1 <= args.slow_every <= 30
        and 5 <= args.slow_seconds <= 300
        and 1 <= args.request_timeout <= 120
        and 1 <= args.families <= 100
        and 0 <= args.think <= 10
        and 0 <= args.retries_429 <= 5
        and 0 <= args.wait_429 <= 60
    ):
        fail(
            "a bound is off: --workers 1..16, --phones 1..64, --kills 0..50, --outage up to 60, "
            "--slow 1..200, --slow-seconds 5..300, --families 1..100, --think up to 10, "
            "--retries-429 0..5, --wait-429 up to 60"
        )
    if args.config is None:
        args.config = "gunicorn.conf.py" if (ROOT / "gunicorn.conf.py").exists() else "none"
    config = "/dev/null" if args.config == "none" else str((ROOT / args.config).resolve())
    if config != "/dev/null" and not Path(config).exists():
        fail(f"no gunicorn config at {config}")

    print(f"faults: code at {ROOT}, commit {git_state()}")
    print(f"  gunicorn --workers {args.workers} -c {args.config}: {gunicorn_settings(config)}")
    where = f"private PostgreSQL on {HOST}:{args.pg_port}" if args.database == "private" else "SQLite"
    print(f"  database: {where}", flush=True)
    started = time.monotonic()
    problems: list[str] = []
    try:
        with campaign_database(args) as (url, pg):
            campaign = Campaign(args, url, pg, config)
            for name in chosen:
                begun = time.monotonic()
                try:
                    RUNNERS[name](campaign)
                except BenchError as error:
                    campaign.problems.append(f"{name}: {error}")
                    print(f"  {name} failed: {error}", flush=True)
                print(f"  ({name} took {time.monotonic() - begun:.0f}s)", flush=True)
            problems = campaign.problems
    except BenchError as error:
        problems.append(str(error))
    print(f"(took {time.monotonic() - started:.0f}s)")
    exit_on_problems(problems)


if __name__ == "__main__":
    sys.exit(main())
