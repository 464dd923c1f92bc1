"""Completed questionnaires per second and per-screen latency under N concurrent phones.

gunicorn with 2 (sync) workers serves the app on 127.0.0.1; N threads, each one phone
with its own http.client connection, complete whole questionnaires (language screen,
start screen through the language form's redirect, 15 questions, review, submit) for a
fixed time, on SQLite and/or PostgreSQL. A screen is one page the family sees; its
latency runs from sending the request to having read the whole page (for the start
screen, both requests of the redirect). Questionnaires still unfinished when the time is
up are abandoned (their screens count, they do not).

Usage: .venv/bin/python bench/throughput.py [--database sqlite|postgresql|both]
       [--phones 8] [--seconds 10] [--rounds 3]
The phones run in this process and share the machine's 2 cores with the server.
"""

from __future__ import annotations

import argparse
import time

from common import (
    BenchError,
    Gunicorn,
    app_env,
    count_responses,
    cpu_seconds,
    database,
    exit_cleanly_on_signals,
    exit_on_problems,
    fail,
    load_average,
    median,
    percentile,
    process_cpu_seconds,
    run_load,
    spread,
)


def bench_database(kind: str, args: argparse.Namespace) -> list[str]:
    problems = []
    with database(kind) as url, Gunicorn("wsgi:app", app_env(url), name=kind) as server:
        warm, _ = run_load(server.port, phones=args.phones, duration=args.warmup, seed=99)
        if warm.errors:
            problems.append(f"{kind} warm-up: {warm.errors[0]}")
        rounds = []
        for number in range(1, args.rounds + 1):
            stored_before = count_responses(url)
            server_before, client_before = cpu_seconds(server.pids()), process_cpu_seconds()
            result, elapsed = run_load(
                server.port,
                phones=args.phones,
                duration=args.seconds,
                seed=number,
                max_seconds=args.seconds + 5,
            )
            server_cpu = cpu_seconds(server.pids()) - server_before
            client_cpu = process_cpu_seconds() - client_before
            stored = count_responses(url) - stored_before
            row = {
                "completed/s": result.completed / elapsed,
                "screens/s": result.screens / elapsed,
                "p50 ms": percentile(result.latencies, 0.50) * 1000,
                "p95 ms": percentile(result.latencies, 0.95) * 1000,
                "max ms": max(result.latencies, default=0) * 1000,
                "errors": len(result.errors),
                "server cores": server_cpu / elapsed,
                "client cores": client_cpu / elapsed,
            }
            rounds.append(row)
            print(
                f"  round {number}: {result.completed} completed, {result.screens} screens "
                f"({result.requests} requests) in {elapsed:.1f}s: "
                f"{row['completed/s']:.1f} completed/s, {row['screens/s']:.0f} screens/s, "
                f"p50 {row['p50 ms']:.1f} ms, p95 {row['p95 ms']:.1f} ms, max {row['max ms']:.0f} ms, "
                f"errors {row['errors']}; CPU used: gunicorn {row['server cores']:.2f} cores, "
                f"phones {row['client cores']:.2f} cores; load average {load_average()}",
                flush=True,
            )
            for error in result.errors[:3]:
                print(f"    error: {error}")
            if result.errors:
                problems.append(
                    f"{kind} round {number}: {len(result.errors)} errors, first: {result.errors[0]}"
                )
            if result.completed == 0:
                problems.append(f"{kind} round {number}: no questionnaire completed")
            if stored != result.completed:
                problems.append(
                    f"{kind} round {number}: {result.completed} thank-you pages but {stored} responses stored"
                )
        print(f"  {kind}, median of {len(rounds)} rounds (spread min–max):")
        for key, unit in (
            ("completed/s", ".1f"),
            ("screens/s", ".0f"),
            ("p50 ms", ".1f"),
            ("p95 ms", ".1f"),
            ("errors", ".0f"),
        ):
            values = [row[key] for row in rounds]
            print(f"    {key:<12} {format(median(values), unit):>8}   ({spread(values)})")
        per_cpu = [row["completed/s"] / row["server cores"] for row in rounds if row["server cores"] > 0]
        print(
            f"    gunicorn used {median([row['server cores'] for row in rounds]):.2f} of the 2 cores "
            f"(other work shares them); per gunicorn CPU-second: {median(per_cpu):.1f} completed "
            f"({spread(per_cpu)}), so about {2 * median(per_cpu):.0f} completed/s if it had both cores "
            f"to itself (an estimate, not a measurement)"
        )
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--phones", type=int, default=8, help="concurrent simulated phones (8)")
    parser.add_argument("--seconds", type=float, default=10, help="length of one round (10)")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds per database (3)")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds first (2)")
    args = parser.parse_args()
    exit_cleanly_on_signals()
    if not (1 <= args.phones <= 256 and 0 < args.seconds <= 600 and 1 <= args.rounds <= 20):
        fail("--phones 1..256, --seconds up to 600, --rounds 1..20")
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print(
        f"throughput: {args.phones} phones, gunicorn --workers 2 (sync), rounds of {args.seconds:g}s, "
        f"a questionnaire: language, start, each question, review, thank-you; "
        f"load average before {load_average()}"
    )
    problems = []
    started = time.monotonic()
    for kind in kinds:
        print(f"{kind}:", flush=True)
        try:
            problems += bench_database(kind, args)
        except BenchError as error:
            problems.append(f"{kind}: {error}")
            print(f"  {kind} failed: {error}", flush=True)
    print(f"(took {time.monotonic() - started:.0f}s)")
    exit_on_problems(problems)


if __name__ == "__main__":
    main()
