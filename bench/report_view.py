"""How long a district administrator waits for a report page, over HTTP.

A fresh database gets the demo and one closed wave of N synthetic answers of the
library's family-needs questionnaire (``flask demo-data``); gunicorn serves the app with
the project's ``gunicorn.conf.py``. Logged in as the demo account, the script opens the
wave's report page for every breakdown it offers: the first view (the report is made:
for the first breakdown that includes the wave's release decision) and then repeat views
(the report as kept). It prints, per breakdown, the first view's time and the median of
the repeat views, and the page's size.

With ``--prepared`` the timer's ``flask prepare-reports`` runs first (its time is printed):
the first reader then finds the release made and the report kept.

Usage: .venv/bin/python bench/report_view.py [--database sqlite|postgresql] [--responses 1000]
       [--repeat 9] [--prepared]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import BenchError, Gunicorn, app_env, database, exit_cleanly_on_signals, flask  # noqa: E402


class Staff:
    """A logged-in browser without a browser: cookies and the form token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[float, str]:
        started = time.perf_counter()
        with self.opener.open(self.base + path, timeout=300) as response:
            body = response.read().decode("utf-8")
        return time.perf_counter() - started, body

    def login(self, email: str, password: str) -> None:
        _took, page = self.get("/staff/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if token is None:
            raise BenchError("no form token on the login page")
        data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email, "password": password})
        request = urllib.request.Request(
            self.base + "/staff/login", data=data.encode(), headers={"Origin": self.base}
        )
        with self.opener.open(request, timeout=60) as response:
            if "/staff/login" in response.url:
                raise BenchError("the demo login was refused")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--responses", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--prepared", action="store_true", help="run flask prepare-reports first")
    options = parser.parse_args()
    exit_cleanly_on_signals()
    with database(options.database) as url:
        env = app_env(url)
        added = flask(env, "demo-data", "--responses", str(options.responses), "--waves", "1", timeout=1200)
        wave = int(re.search(r"wave (\d+):", added).group(1))
        demo = flask(env, "demo")
        email, password = re.search(r"demo login (\S+), password (\S+),", demo).groups()
        if options.prepared:
            started = time.perf_counter()
            flask(env, "prepare-reports")
            print(f"flask prepare-reports: {time.perf_counter() - started:.1f} s (a process of its own)")
        with Gunicorn("wsgi:app", env, config=str(ROOT / "gunicorn.conf.py")) as server:
            staff = Staff(f"http://127.0.0.1:{server.port}")
            staff.login(email, password)
            _took, page = staff.get(f"/reports/waves/{wave}?lang=de")
            select = re.search(r'<select id="report-by" name="by">(.*?)</select>', page, re.S)
            offered = re.findall(r'<option value="([^"]*)"', select.group(1)) if select else [""]
            print(
                f"report page of a closed wave with {options.responses} answers, {options.database}, "
                f"gunicorn.conf.py; first view, then the median of {options.repeat} repeat views"
            )
            print(f"{'breakdown':<28} {'first':>9} {'repeat':>9} {'page':>10}")
            for breakdown in offered:
                path = f"/reports/waves/{wave}?lang=de&by={urllib.parse.quote(breakdown)}"
                if breakdown == "":
                    first = _took  # the very first view above: the release decision and the report
                else:
                    first, page = staff.get(path)
                repeats = []
                for _ in range(options.repeat):
                    took, page = staff.get(path)
                    repeats.append(took)
                if "report" not in page or "Traceback" in page:
                    raise BenchError(f"no report for {breakdown!r}")
                label = unescape(breakdown or "(none)")
                print(
                    f"{label:<28} {first * 1000:>7.0f} ms {statistics.median(repeats) * 1000:>6.1f} ms "
                    f"{len(page.encode()) / 1024:>7.0f} KB"
                )


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        print(f"bench/report_view.py: {error}", file=sys.stderr)
        sys.exit(1)
