"""How long the report's tables take, and how much memory, for 10 000 – 1 000 000 responses.

For each size a synthetic wave of the default questionnaire (about 18 answer rows per
response) is generated once and saved; then each measurement runs in its own process,
so that its peak memory (ru_maxrss) is its own:

* tables      every table of the report (aggregation + disclosure control), charts apart
* tables+pdf  the same and the whole PDF (charts drawn with matplotlib, reportlab)
* freq pandas the frequency tables of every choice question, whole wave and by region,
              language, location and self/assisted, through disclosure control
* freq count  the same counts in pandas without disclosure control
* freq duckdb the same counts in DuckDB (SQL over the same DataFrame, in process)

It prints wall time and peak RSS (and the RSS with only the data loaded) and the ratio
pandas / DuckDB. DuckDB's counts are checked against pandas' for the smallest size.

Usage: .venv/bin/python bench/analysis.py [--sizes 10000,100000] [--million] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BREAKDOWNS = (None, "region", "language", "location", "assisted")
SQL_GROUP = {
    "region": "region",
    "language": "language",
    "location": "location",
    "assisted": "CASE WHEN assisted THEN 'assisted' ELSE 'self' END",
}


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    return _status_mb("VmRSS:")


def peak_mb() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would carry the parent's over exec)."""
    return _status_mb("VmHWM:")


def wave(n: int, seed: int):
    from analysis import geography
    from analysis.load import WaveData, WaveInfo
    from analysis.synthetic import wave_answers
    from questionnaires.library import library_questionnaire

    questionnaire = library_questionnaire("family_needs")
    regions = {r.code: r.name for r in geography.district_regions("08")}
    codes = list(regions)
    places = [(f"ORT{i:02d}", codes[(i * 5) % len(codes)]) for i in range(10)]
    answers = wave_answers(questionnaire, n, locations=places, regions=codes, seed=seed)
    info = WaveInfo(
        1, f"Bench {n}", dt.date(2026, 9, 1), dt.date(2026, 9, 28), "08", "Neukölln", "family_needs", 1
    )
    return WaveData(info, questionnaire, answers, {c: f"Ort {c}" for c, _ in places}, regions)


def choice_questions(questionnaire) -> list[str]:
    from questionnaires.questions import ChoiceQuestion

    return [q.code for q in questionnaire.questions if isinstance(q, ChoiceQuestion)]


# -- the measurements (each in its own process) ------------------------------------------------


def measure(kind: str, path: Path) -> dict:
    data = pickle.loads(path.read_bytes())
    loaded = rss_mb()
    started = time.perf_counter()
    extra = {}
    if kind == "tables":
        from analysis.report import build

        build(data, "de")
    elif kind == "tables+pdf":
        from analysis.pdf import pdf
        from analysis.report import build

        extra["pdf_kb"] = len(pdf(build(data, "de"))) // 1024
    elif kind == "freq pandas":
        from analysis import aggregate

        for question in choice_questions(data.questionnaire):
            for by in BREAKDOWNS:
                aggregate.frequencies(data.answers, data.questionnaire, question, by)
    elif kind == "freq count":
        extra["cells"] = len(pandas_counts(data))
    elif kind == "freq duckdb":
        extra["cells"] = len(duckdb_counts(data))
    else:
        raise ValueError(kind)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "data_mb": loaded, **extra}


def pandas_counts(data) -> dict[tuple, int]:
    """(question, by, group, value) -> respondents; value "_n" is the base."""
    from analysis import aggregate

    out = {}
    groups = {by: aggregate.members(data.answers, by) for by in BREAKDOWNS if by}
    for question in choice_questions(data.questionnaire):
        chosen = aggregate._chosen(data.answers, question)
        for by in BREAKDOWNS:
            if by is None:
                counts = aggregate._count(chosen, [str(v) for v in chosen["value"].cat.categories], None, [])
                out.update({(question, "all", "all", str(r)): int(v) for r, v in counts["all"].items()})
            else:
                group_of, names = groups[by]
                codes = [str(v) for v in chosen["value"].cat.categories]
                counts = aggregate._count(chosen, codes, group_of, names)
                for group in counts.columns:
                    out.update(
                        {(question, by, str(group), str(r)): int(v) for r, v in counts[group].items() if v}
                    )
    return out


def duckdb_counts(data) -> dict[tuple, int]:
    import duckdb

    frame = data.answers[["response_id", "location", "region", "language", "assisted", "question", "choice"]]
    questions = choice_questions(data.questionnaire)
    con = duckdb.connect()
    con.register("answers", frame)
    out = {}
    wanted = ", ".join(f"'{q}'" for q in questions)
    for by in BREAKDOWNS:
        group = "'all'" if by is None else f"coalesce(CAST({SQL_GROUP[by]} AS VARCHAR), '_none')"
        name = by or "all"
        rows = con.execute(
            f"SELECT question, {group} AS g, choice, count(DISTINCT response_id) FROM answers "
            f"WHERE question IN ({wanted}) AND choice IS NOT NULL GROUP BY ALL"
        ).fetchall()
        out.update({(str(q), name, str(g), str(c)): int(n) for q, g, c, n in rows})
        rows = con.execute(
            f"SELECT question, {group} AS g, count(DISTINCT response_id) FROM answers "
            f"WHERE question IN ({wanted}) AND choice IS NOT NULL GROUP BY ALL"
        ).fetchall()
        out.update({(str(q), name, str(g), "_n"): int(n) for q, g, n in rows})
    con.close()
    return out


def run(kind: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--million", action="store_true", help="add 1 000 000 responses (takes minutes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, Path(args.data))))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    import duckdb
    import pandas

    print(
        f"analysis bench: pandas {pandas.__version__}, duckdb {duckdb.__version__}, Python "
        f"{sys.version.split()[0]}; one process per measurement; DuckDB may use every core, pandas one"
    )
    header = (
        f"{'responses':>10} {'answers':>11} {'measure':<12} {'seconds':>8} {'peak MB':>8} "
        f"{'data MB':>8}  note"
    )
    print(header)
    print("-" * len(header))
    folder = Path(tempfile.mkdtemp(prefix="mitsprache-analysis-bench-"))
    try:
        for n in sizes:
            started = time.perf_counter()
            data = wave(n, args.seed)
            rows = len(data.answers)
            path = folder / f"wave-{n}.pickle"
            path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            generated = time.perf_counter() - started
            if n == min(sizes):  # DuckDB must count what pandas counts
                expected, got = pandas_counts(data), duckdb_counts(data)
                differ = [k for k in set(expected) | set(got) if expected.get(k, 0) != got.get(k, 0)]
                if differ:
                    raise SystemExit(f"DuckDB and pandas disagree on {len(differ)} cells, e.g. {differ[:3]}")
            del data
            print(
                f"{n:>10,} {rows:>11,} {'generate':<12} {generated:>8.2f} {'':>8} {'':>8}  "
                "synthetic wave, saved"
            )
            results = {}
            for kind in ("tables", "tables+pdf", "freq pandas", "freq count", "freq duckdb"):
                result = results[kind] = run(kind, path)
                note = ""
                if "pdf_kb" in result:
                    note = f"PDF {result['pdf_kb']} KB"
                if "cells" in result:
                    note = f"{result['cells']:,} nonzero cells"
                print(
                    f"{n:>10,} {rows:>11,} {kind:<12} {result['seconds']:>8.2f} {result['peak_mb']:>8.0f} "
                    f"{result['data_mb']:>8.0f}  {note}"
                )
            duck = results["freq duckdb"]["seconds"]
            print(
                f"{n:>10,} {'':>11} {'ratio':<12} pandas with disclosure control / DuckDB = "
                f"{results['freq pandas']['seconds'] / duck:.1f}x; pandas counting alone / DuckDB = "
                f"{results['freq count']['seconds'] / duck:.1f}x"
            )
            path.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
