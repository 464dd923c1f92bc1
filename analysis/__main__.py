"""The analysis command line.

    python -m analysis report --database URL --wave ID [--lang de|en] [--format html|xlsx|csv|pdf]
                              --out FILE [--by BREAKDOWN] [--compare ID ...]

It applies exactly the rules of the web reports (:mod:`analysis.publication`, the one
door): the threshold k comes from ``MITSPRACHE_REPORT_K`` (default 5) as in the web app,
and a report made here is a release of the wave like any other — it is recorded in
the database and counts for every later one. Synthetic answers for a demo or a test are
made by the web app's own publishing path: ``flask --app wsgi demo-data``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from analysis import schema


def today() -> dt.date:
    """Today where the surveys run (``MITSPRACHE_TIMEZONE``, as in the web app)."""
    return dt.datetime.now(ZoneInfo(os.environ.get("MITSPRACHE_TIMEZONE", "Europe/Berlin"))).date()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="write the report of a wave (and record its release)")
    report.add_argument("--database", required=True, help="SQLAlchemy URL of a migrated Mitsprache database")
    report.add_argument("--wave", type=int, required=True)
    report.add_argument("--lang", choices=("de", "en"), default="de")
    report.add_argument("--format", choices=("html", "xlsx", "csv", "pdf"), default="html")
    report.add_argument("--out", required=True)
    report.add_argument("--by", help="break every question down by this (see the web report's choices)")
    report.add_argument("--compare", type=int, nargs="*", default=[], help="earlier waves to compare with")
    args = parser.parse_args(argv)

    from analysis.publication import rules_from, wave_report
    from analysis.render import write
    from analysis.report import breakdowns

    rules = rules_from()
    day = today()
    with schema.using(args.database) as engine, engine.begin() as connection:
        try:
            made = wave_report(
                connection, args.wave, args.lang, day, rules, breakdown=args.by, compare=tuple(args.compare)
            )
        except (LookupError, ValueError) as problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    if made.report is None:
        print(f"error: wave {args.wave} has no results yet (fewer than {rules.k} answers)", file=sys.stderr)
        return 2
    if args.by and args.by not in breakdowns(made.publication):
        offered = ", ".join(breakdowns(made.publication)) or "none"
        print(
            f"error: wave {args.wave} offers no breakdown {args.by!r} (offered: {offered})", file=sys.stderr
        )
        return 2
    built, release = made.report, made.publication.release
    assert release is not None
    write(built, args.format, args.out)
    print(
        f"{args.out}: {args.format} report of wave {args.wave} ({args.lang}), release {release.number} "
        f"({release.kind}, {release.responses} answers)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
