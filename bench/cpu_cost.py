"""Server CPU per screen and per questionnaire, beside a floor, plus memory and imports.

Two gunicorns with 2 (sync) workers each run side by side on 127.0.0.1: the app
(``wsgi:app``) and the floor (``bench/floor_app.py``: one compiled Jinja form template and
an itsdangerous-signed hidden field, nothing else, at the same URLs). In alternating
rounds the same family client (8 phones, whole questionnaires, a fixed count per round)
loads one of them; utime+stime of its master and workers from /proc/<pid>/stat before
and after the round, divided by the screens served, gives ms of CPU per screen.

Also printed: the memory of the app's gunicorn after the load (RSS and PSS summed over
master and workers, from /proc/<pid>/smaps_rollup), and whether the family pages import
pandas or matplotlib (checked in a separate ``python -c`` that imports wsgi and walks a
questionnaire with Flask's test client, and in the workers' memory maps).

Usage: .venv/bin/python bench/cpu_cost.py [--database sqlite|postgresql]
       [--questionnaires 80] [--phones 8] [--rounds 3] [--strict]
--strict makes a missed goal exit non-zero (by default goals are reported, not enforced).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

from common import (
    PYTHON,
    ROOT,
    BenchError,
    Gunicorn,
    app_env,
    cpu_seconds,
    database,
    exit_cleanly_on_signals,
    exit_on_problems,
    fail,
    load_average,
    median,
    memory_kib,
    run_load,
    spread,
)

GOAL_RATIO = 2.0
GOAL_MS_PER_QUESTIONNAIRE = 35.0
GOAL_MIB = 150.0
FORBIDDEN = ("pandas", "matplotlib")

IMPORT_CHECK = r"""
import json, random, sys
from werkzeug.datastructures import MultiDict
sys.path.insert(0, "bench")
import wsgi
from common import _FIELD, choose_answer, load_answer_plan
heavy = ("pandas", "matplotlib", "numpy")
loaded = lambda: sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy})
at_import = loaded()
client = wsgi.app.test_client()
plan, rng, statuses = load_answer_plan(), random.Random(7), []
statuses.append(client.get("/s/FZRIXD").status_code)
page = client.get("/s/FZRIXD/start?lang=de", follow_redirects=True)
statuses.append(page.status_code)
for _ in range(60):
    fields = dict(_FIELD.findall(page.get_data(as_text=True)))
    if "screen" not in fields:
        break
    form = MultiDict([("progress", fields["progress"]), ("screen", fields["screen"])])
    if fields["screen"] == "start":
        form.add("nav", "next")
    elif fields["screen"] == "review":
        form.add("nav", "submit")
    else:
        nav, values = choose_answer(plan, fields["screen"], rng)
        form.add("nav", nav)
        for value in values:
            form.add("answer", value)
    page = client.post("/s/FZRIXD/de", data=form, headers={"Sec-Fetch-Site": "same-origin"})
    statuses.append(page.status_code)
thanked = page.status_code == 200 and "progress" not in page.get_data(as_text=True)
print(json.dumps({"at_import": at_import, "after_requests": loaded(), "statuses": statuses,
                  "thanked": thanked, "modules": len(sys.modules)}))
"""


def check_imports(url: str, worker_pids: list[int]) -> tuple[list[str], list[str]]:
    """(lines to print, problems)."""
    lines, problems = [], []
    installed = [
        name
        for name in FORBIDDEN
        if subprocess.run(
            [PYTHON, "-c", f"import importlib.util as u; raise SystemExit(u.find_spec({name!r}) is None)"],
            cwd=ROOT,
            capture_output=True,
        ).returncode
        == 0
    ]
    done = subprocess.run(
        [PYTHON, "-c", IMPORT_CHECK], cwd=ROOT, env=app_env(url), capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        problems.append(f"the import check failed:\n{done.stderr[-2000:]}")
        return lines, problems
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if not found["thanked"] or any(status >= 400 for status in found["statuses"]):
        problems.append(f"the import check's questionnaire went wrong: statuses {found['statuses']}")
    mapped = set()
    for pid in worker_pids:
        for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
            mapped.update(name for name in (*FORBIDDEN, "numpy") if f"/{name}/" in line)
    heavy = sorted(set(found["after_requests"]) | mapped)
    forbidden = [name for name in heavy if name in FORBIDDEN]
    lines.append(
        f"imports: after `import wsgi` and a whole questionnaire ({len(found['statuses'])} requests "
        f"with the test client, {found['modules']} modules loaded): "
        f"{', '.join(found['after_requests']) or 'no pandas, matplotlib or numpy'}; "
        f"in the gunicorn workers' memory maps after the load: "
        f"{', '.join(sorted(mapped)) or 'none of them'}"
    )
    lines.append(
        f"  installed in the venv: {', '.join(installed) or 'neither pandas nor matplotlib'}"
        + (
            ""
            if installed
            else " (so the check can only pass; it guards against them "
            "being added and imported on the family pages)"
        )
    )
    lines.append(f"  goal: no pandas or matplotlib on family pages -> {'NOT MET' if forbidden else 'met'}")
    if forbidden:
        problems.append(f"goal missed: family pages load {', '.join(forbidden)}")
    return lines, problems


def measure(server: Gunicorn, args: argparse.Namespace, seed: int) -> dict:
    before = cpu_seconds(server.pids())
    result, elapsed = run_load(
        server.port, phones=args.phones, count=args.questionnaires, seed=seed, max_seconds=args.max_seconds
    )
    cpu = cpu_seconds(server.pids()) - before
    if result.errors:
        raise BenchError(f"{server.name}: {len(result.errors)} errors, first: {result.errors[0]}")
    if result.completed != args.questionnaires:
        raise BenchError(
            f"{server.name}: only {result.completed} of {args.questionnaires} questionnaires "
            f"completed in {elapsed:.0f}s"
        )
    return {
        "cpu": cpu,
        "screens": result.screens,
        "requests": result.requests,
        "elapsed": elapsed,
        "completed": result.completed,
        "bytes": result.bytes,
        "ms/screen": cpu / result.screens * 1000,
        "ms/questionnaire": cpu / result.completed * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="the app's database (sqlite: its work is inside the measured processes)",
    )
    parser.add_argument("--questionnaires", type=int, default=80, help="completed per round (80)")
    parser.add_argument("--phones", type=int, default=8, help="concurrent simulated phones (8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server (3)")
    parser.add_argument("--max-seconds", type=float, default=60, help="time bound of one round (60)")
    parser.add_argument("--strict", action="store_true", help="exit non-zero when a goal is missed")
    args = parser.parse_args()
    exit_cleanly_on_signals()
    if not (1 <= args.questionnaires <= 10000 and 1 <= args.phones <= 256 and 1 <= args.rounds <= 20):
        fail("--questionnaires 1..10000, --phones 1..256, --rounds 1..20")

    started = time.monotonic()
    problems: list[str] = []
    print(
        f"cpu_cost: {args.phones} phones, {args.questionnaires} whole questionnaires per round, "
        f"{args.rounds} rounds each, alternating app and floor; app on {args.database}; "
        f"gunicorn --workers 2 (sync); load average before {load_average()}"
        + (
            "\n  (PostgreSQL's own CPU is not counted: only gunicorn's master and workers)"
            if args.database == "postgresql"
            else ""
        ),
        flush=True,
    )
    try:
        with (
            database(args.database) as url,
            Gunicorn("wsgi:app", app_env(url), name="app") as app,
            Gunicorn(
                "floor_app:app",
                dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
                cwd=ROOT / "bench",
                name="floor",
            ) as floor,
        ):
            for server in (app, floor):  # warm up: imports, compiled templates, connections
                run_load(
                    server.port,
                    phones=args.phones,
                    count=2 * args.phones,
                    seed=99,
                    max_seconds=args.max_seconds,
                )
            rounds: dict[str, list[dict]] = {"app": [], "floor": []}
            for number in range(1, args.rounds + 1):
                for server in (app, floor):
                    row = measure(server, args, seed=number)
                    rounds[server.name].append(row)
                    size = row["bytes"] / row["requests"] / 1024
                    print(
                        f"  round {number} {server.name:<5}: {row['cpu']:.2f}s CPU for {row['screens']} "
                        f"screens ({row['requests']} requests, {size:.1f} KiB each) "
                        f"in {row['elapsed']:.1f}s -> {row['ms/screen']:.2f} ms/screen, "
                        f"{row['ms/questionnaire']:.1f} ms/questionnaire; load average {load_average()}",
                        flush=True,
                    )
            memory = memory_kib(app.pids())
            floor_memory = memory_kib(floor.pids())
            import_lines, import_problems = check_imports(url, app.worker_pids())
    except BenchError as error:
        fail(str(error))

    def med(name: str, key: str) -> float:
        return median([row[key] for row in rounds[name]])

    app_screen, floor_screen = med("app", "ms/screen"), med("floor", "ms/screen")
    ratios = [a["ms/screen"] / f["ms/screen"] for a, f in zip(rounds["app"], rounds["floor"], strict=True)]
    ratio = median(ratios)
    per_questionnaire = med("app", "ms/questionnaire")
    screens_each = med("app", "screens") / args.questionnaires
    print(f"median of {args.rounds} rounds (spread min–max):")
    print(
        f"  app   CPU per screen        {app_screen:6.2f} ms   "
        f"({spread([r['ms/screen'] for r in rounds['app']])})"
    )
    print(
        f"  floor CPU per screen        {floor_screen:6.2f} ms   "
        f"({spread([r['ms/screen'] for r in rounds['floor']])})"
    )
    print(
        f"  app / floor                 {ratio:6.2f} x    "
        f"(per round: {', '.join(f'{r:.2f}' for r in ratios)})"
        f"   goal <= {GOAL_RATIO:g}x -> {'met' if ratio <= GOAL_RATIO else 'NOT MET'}"
    )
    print(
        f"  app   CPU per questionnaire {per_questionnaire:6.1f} ms   "
        f"({screens_each:.0f} screens; {spread([r['ms/questionnaire'] for r in rounds['app']])})"
        f"   goal < {GOAL_MS_PER_QUESTIONNAIRE:g} ms -> "
        f"{'met' if per_questionnaire < GOAL_MS_PER_QUESTIONNAIRE else 'NOT MET'}"
    )
    print(f"  floor CPU per questionnaire {med('floor', 'ms/questionnaire'):6.1f} ms")
    mib = memory["pss"] / 1024
    print(
        f"memory of the app's gunicorn (master + 2 workers) after the load: "
        f"PSS {mib:.1f} MiB, RSS {memory['rss'] / 1024:.1f} MiB "
        f"(private {memory['private'] / 1024:.1f} MiB)"
        f"   goal <= {GOAL_MIB:g} MiB (PSS) -> {'met' if mib <= GOAL_MIB else 'NOT MET'}"
    )
    print(
        f"  floor's gunicorn for comparison: PSS {floor_memory['pss'] / 1024:.1f} MiB, "
        f"RSS {floor_memory['rss'] / 1024:.1f} MiB"
    )
    for line in import_lines:
        print(line)
    print(f"(took {time.monotonic() - started:.0f}s)")

    goals_missed = [
        name
        for name, missed in (
            ("CPU ratio", ratio > GOAL_RATIO),
            ("CPU per questionnaire", per_questionnaire >= GOAL_MS_PER_QUESTIONNAIRE),
            ("memory", mib > GOAL_MIB),
        )
        if missed
    ]
    problems += [p for p in import_problems if not p.startswith("goal missed")]
    if any(p.startswith("goal missed") for p in import_problems):
        goals_missed.append("imports")
    if goals_missed:
        print(
            f"goals missed: {', '.join(goals_missed)}"
            + ("" if args.strict else " (reported; --strict makes them fail)")
        )
        if args.strict:
            problems.append(f"goals missed: {', '.join(goals_missed)}")
    exit_on_problems(problems)


if __name__ == "__main__":
    main()
