"""How heavy a report is in the staff page, and how long it takes to write it.

A synthetic closed wave of the library's family-needs questionnaire (as bench/analysis.py
makes it: ten locations in Neukölln's district regions) is released and its report built
once per breakdown; then the report part of the staff page (``analysis.render.fragment``)
is written a few times. The script prints, per breakdown, the fragment's size in bytes
(UTF-8, and gzip-compressed as a server would send it), how many charts it holds and the
median milliseconds to write it (the tables are built beforehand; this is the HTML and
its charts alone).

When the charts were PNG pictures in ``data:`` URIs (matplotlib), 1000 answers gave
659,331 B (425,609 gzipped) and 1,722 ms without a breakdown, 679,232 B and 1,724 ms by
location, 679,712 B and 1,947 ms by region, 673,120 B and 1,385 ms by language (median
of 3 runs). As inline SVG: about 118,000-139,000 B (19,000-20,000 gzipped) and 9-11 ms.

Usage: .venv/bin/python bench/report_weight.py [--answers 1000] [--repeat 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] != str(ROOT):  # first, or bench/analysis.py would hide the analysis package
    sys.path.insert(0, str(ROOT))

BREAKDOWNS = (None, "location", "region", "language")


def main() -> None:
    from analysis.disclosure import Rules
    from analysis.releases import next_release
    from analysis.render import fragment
    from analysis.report import breakdowns, build
    from bench.analysis import DAY, wave

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    questionnaire, facts, answers, publication = wave(args.answers, args.seed)
    release = next_release(questionnaire, facts, answers, [], True, DAY, Rules(5))
    assert release is not None, f"no release for {args.answers} answers"
    published = publication(release)
    offered = breakdowns(published)

    print(f"{'breakdown':>10} {'bytes':>10} {'gzip bytes':>11} {'charts':>7} {'ms':>8}")
    for breakdown in BREAKDOWNS:
        if breakdown is not None and breakdown not in offered:
            print(f"{breakdown:>10} (not offered)")
            continue
        report = build(published, "de", breakdown=breakdown, today=DAY)
        times, text = [], ""
        for _ in range(args.repeat):
            start = time.perf_counter()
            text = fragment(report)
            times.append(time.perf_counter() - start)
        data = text.encode("utf-8")
        charts = text.count("<figure")
        ms = statistics.median(times) * 1000
        name = breakdown or "none"
        print(f"{name:>10} {len(data):>10,} {len(gzip.compress(data, 6)):>11,} {charts:>7} {ms:>8.1f}")
    print(
        f"(median of {args.repeat} runs; {args.answers} answers; "
        f"python bench/report_weight.py --answers {args.answers} --repeat {args.repeat})"
    )


if __name__ == "__main__":
    main()
