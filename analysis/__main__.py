"""The analysis command line.

    python -m analysis demo-data --database URL [--responses N] [--seed S] [--district 08]
    python -m analysis report --database URL --wave ID --lang de|en --format html|xlsx|csv|pdf --out FILE
                              [--previous ID] [--k 5]

``demo-data`` needs a database with the Mitsprache schema: migrate it first with the web
app (``MITSPRACHE_DATABASE_URL=URL flask --app wsgi migrate``); analysis never runs the
web app's code itself.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from analysis import schema


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo-data", help="fill a migrated database with a synthetic wave")
    demo.add_argument("--database", required=True, help="SQLAlchemy URL of a migrated Mitsprache database")
    demo.add_argument("--responses", type=int, default=1000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--district", default="08", help="2-digit LOR code of the district (default 08, Neukölln)"
    )

    report = commands.add_parser("report", help="write the report of a wave")
    report.add_argument("--database", required=True)
    report.add_argument("--wave", type=int, required=True)
    report.add_argument("--lang", choices=("de", "en"), default="de")
    report.add_argument("--format", choices=("html", "xlsx", "csv", "pdf"), default="html")
    report.add_argument("--out", required=True)
    report.add_argument(
        "--previous", type=int, help="an earlier wave of the same questionnaire to compare with"
    )
    report.add_argument(
        "--k", type=int, default=5, help="the threshold (twice it for cross-tables and free text)"
    )

    args = parser.parse_args(argv)
    if args.command == "demo-data":
        from analysis.demo import NotMigrated, fill

        if args.responses < 1:
            parser.error("--responses must be at least 1")
        with schema.using(args.database) as engine:
            try:
                fill(engine, args.responses, args.seed, args.district)
            except (NotMigrated, ValueError) as problem:
                print(f"error: {problem}", file=sys.stderr)
                return 2
        return 0

    from analysis.disclosure import Rules
    from analysis.load import load_wave
    from analysis.render import write
    from analysis.report import build

    with schema.using(args.database) as engine:
        try:
            data = load_wave(engine, args.wave)
            previous = load_wave(engine, args.previous) if args.previous else None
        except LookupError as problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    synthetic = data.wave.name.startswith("Demo: synthetische")
    built = build(data, args.lang, previous, Rules(k=args.k, k_strict=2 * args.k), synthetic=synthetic)
    write(built, args.format, args.out)
    print(f"{args.out}: {args.format} report of wave {args.wave} ({args.lang})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
