"""How long a closed wave's report takes, by the number of answers.

For each size a synthetic closed wave of the library's family-needs questionnaire is
made (ten locations in Neukölln's district regions) and taken through the steps every
report takes, each timed separately, a few times; the script prints the median of each:

* release   the disclosure decision over every figure of the wave
            (``analysis.releases.next_release``: groups, certificates for each hidden count)
* tables    every table of the report, without a breakdown and by location
* pdf       the whole PDF with its charts (matplotlib, reportlab)
* xlsx      the workbook

The wave is generated in memory, so the figures are the analysis alone, without the
database (loading a wave is one query per table).

Usage: .venv/bin/python bench/analysis.py [--sizes 300,1000,3000] [--repeat 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DAY = dt.date(2026, 10, 1)


def wave(n: int, seed: int):
    from analysis import geography
    from analysis.disclosure import Rules
    from analysis.load import WaveInfo
    from analysis.publication import Publication
    from analysis.releases import WaveFacts
    from analysis.synthetic import wave_answers
    from questionnaires.library import library_questionnaire

    questionnaire = library_questionnaire("family_needs")
    regions = {r.code: r.name for r in geography.district_regions("08")}
    codes = list(regions)
    places = [(f"ORT{i:02d}", codes[(i * 5) % len(codes)]) for i in range(10)]
    answers = wave_answers(questionnaire, n, locations=places, regions=codes, seed=seed)
    facts = WaveFacts(tuple(code for code, _ in places), dict(places), tuple(codes))
    info = WaveInfo(
        1,
        f"Bench {n}",
        DAY - dt.timedelta(days=28),
        DAY - dt.timedelta(days=1),
        "08",
        "Neukölln",
        "family_needs",
        1,
    )

    def publication(release) -> Publication:
        return Publication(
            info,
            questionnaire,
            {c: f"Ort {c}" for c, _ in places},
            regions,
            facts.regions,
            True,
            release,
            (release,),
            Rules(5),
        )

    return questionnaire, facts, answers, publication


def timed(step, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(n: int, seed: int, repeat: int) -> tuple[float, ...]:
    """The median seconds of each step for a wave of ``n`` answers."""
    from analysis.disclosure import Rules
    from analysis.pdf import pdf
    from analysis.releases import next_release
    from analysis.render import xlsx
    from analysis.report import build

    questionnaire, facts, answers, publication = wave(n, seed)
    release_s, release = timed(
        lambda: next_release(questionnaire, facts, answers, [], True, DAY, Rules(5)), repeat
    )
    assert release is not None, f"no release for {n} answers"
    published = publication(release)
    tables_s, report = timed(lambda: build(published, "de", today=DAY), repeat)
    by_s, _ = timed(lambda: build(published, "de", breakdown="location", today=DAY), repeat)
    pdf_s, _ = timed(lambda: pdf(report), repeat)
    xlsx_s, _ = timed(lambda: xlsx(report, io.BytesIO()), repeat)
    return release_s, tables_s, by_s, pdf_s, xlsx_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    columns = ("release s", "tables s", "by location s", "pdf s", "xlsx s")
    print(f"{'answers':>8} " + " ".join(f"{c:>14}" for c in columns))
    for n in (int(size) for size in args.sizes.split(",")):
        figures = measure(n, args.seed, args.repeat)
        print(f"{n:>8} " + " ".join(f"{f:>14.2f}" for f in figures), flush=True)
    print(f"(medians of {args.repeat} runs each; python bench/analysis.py --sizes {args.sizes})")


if __name__ == "__main__":
    main()
