"""Bytes and requests of the family pages as a phone's browser loads them.

Headless Chromium (Debian's, through Playwright) at 360×740, as a phone, opens the
family link /s/FZRIXD (the language page), picks the language and presses the button
(the start page, through the language form's redirect), then presses Start (the first
question page), in German and in English, against gunicorn on 127.0.0.1. Every request
the page makes is counted from Chromium's DevTools network events: HTML, CSS and
anything else, bytes as transferred (headers and body) and bodies as received.

Each language is walked twice:
  first visit  - the cache disabled, so every page is counted with its stylesheet,
                 as a phone that has never seen the page loads it (the goal's figure);
  in sequence  - one ordinary browser session with its cache, page after page.
Goal: at most 30 KB (30,000 bytes, transferred) per page, no request to another host.

Usage: .venv/bin/python bench/page_weight.py [--strict]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from common import BenchError, Gunicorn, app_env, database, exit_cleanly_on_signals, exit_on_problems, fail

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GOAL_BYTES = 30_000
LOCALES = {
    "de": "de-DE",
    "tr": "tr-TR",
    "ar": "ar-SY",
    "uk": "uk-UA",
    "ru": "ru-RU",
    "fa": "fa-AF",
    "en": "en-GB",
    "bg": "bg-BG",
    "ro": "ro-RO",
    "vi": "vi-VN",
}
DETAILED = ("de", "en")  # printed request by request, first visit and with cache
TIMEOUT_MS = 20_000


@dataclass
class Request:
    url: str
    method: str = "GET"
    kind: str = ""
    status: int = 0
    transferred: int = 0  # headers + body, as on the wire
    body: int = 0  # body bytes received over the network (decoded); 0 for a 304 or a cache hit
    gzipped: int = 0  # the body gzip -6 compressed, for comparison
    encoding: str = ""
    from_cache: bool = False
    failed: str = ""


@dataclass
class Page:
    name: str
    requests: list[Request] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(r, attribute) for r in self.requests)

    def hosts(self) -> list[str]:
        return sorted({urlsplit(r.url).netloc for r in self.requests})


class Recorder:
    """Collects the network events of one page (a CDP session) into Request records."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.live: dict[str, Request] = {}
        self.done: list[tuple[str, Request]] = []
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.requestServedFromCache", self._cached)

    def _sent(self, event: dict) -> None:
        rid = event["requestId"]
        redirect = event.get("redirectResponse")
        if redirect and rid in self.live:  # the same id continues after a redirect
            hop = self.live.pop(rid)
            hop.status = redirect["status"]
            hop.transferred = int(redirect.get("encodedDataLength") or 0)
            hop.kind = "redirect"
            self.done.append((rid + ":redirect", hop))
        request = event["request"]
        self.live[rid] = Request(url=request["url"], method=request["method"], kind=event.get("type", ""))

    def _received(self, event: dict) -> None:
        request = self.live.get(event["requestId"])
        if request is None:
            return
        response = event["response"]
        request.status = response["status"]
        request.kind = event.get("type", request.kind)
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        request.encoding = headers.get("content-encoding", "")
        request.from_cache = (
            request.from_cache
            or bool(response.get("fromDiskCache"))
            or bool(response.get("fromPrefetchCache"))
        )

    def _data(self, event: dict) -> None:
        request = self.live.get(event["requestId"])
        if request is not None and request.status != 304 and not request.from_cache:
            request.body += int(event.get("dataLength") or 0)  # only bodies sent over the network

    def _cached(self, event: dict) -> None:
        request = self.live.get(event["requestId"])
        if request is not None:
            request.from_cache = True

    def _finished(self, event: dict) -> None:
        rid = event["requestId"]
        request = self.live.pop(rid, None)
        if request is not None:
            request.transferred = int(event.get("encodedDataLength") or 0)
            self.done.append((rid, request))

    def _failed(self, event: dict) -> None:
        rid = event["requestId"]
        request = self.live.pop(rid, None)
        if request is not None:
            request.failed = event.get("errorText", "failed")
            self.done.append((rid, request))

    def take(self, name: str) -> Page:
        """The requests finished since the last call, as one page; bodies gzipped for comparison.
        Raises BenchError when the page itself did not come back with 200."""
        page = Page(name)
        documents = [r for _, r in self.done if r.kind == "Document"]
        if not documents or documents[-1].status != 200:
            found = ", ".join(f"{r.method} {urlsplit(r.url).path} {r.status or r.failed}" for r in documents)
            raise BenchError(f"{name}: the page did not load ({found or 'no document request'})")
        for rid, request in self.done:
            if not rid.endswith(":redirect") and not request.failed and request.body:
                try:
                    answer = self.cdp.send("Network.getResponseBody", {"requestId": rid})
                    raw = (
                        base64.b64decode(answer["body"])
                        if answer.get("base64Encoded")
                        else answer["body"].encode("utf-8")
                    )
                    request.gzipped = len(gzip.compress(raw, 6))
                except Exception:  # noqa: BLE001 - only the comparison figure is missing then
                    request.gzipped = 0
            page.requests.append(request)
        self.done = []
        return page


@contextmanager
def phone_page(browser, lang: str, cache: bool = True) -> Iterator[tuple[Any, Recorder]]:
    """A page on a 360 px phone that reads ``lang``, with its network recorded; the
    context is closed afterwards."""
    version = browser.version.split(".")[0]
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=LOCALES[lang],
        user_agent=f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{version}.0.0.0 Mobile Safari/537.36",
    )
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        cdp = context.new_cdp_session(page)
        recorder = Recorder(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": not cache})
        yield page, recorder
    finally:
        context.close()


def walk(browser, base: str, lang: str, cache: bool) -> list[Page]:
    """Language page -> start page -> first question page, as a phone in ``lang``."""
    with phone_page(browser, lang, cache) as (page, recorder):
        pages = []

        page.goto(f"{base}/s/FZRIXD", wait_until="load")
        page.wait_for_load_state("networkidle")
        pages.append(recorder.take("language page"))

        page.check(f"input[name=lang][value={lang}]")
        with page.expect_navigation(wait_until="load"):
            page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        pages.append(recorder.take("start page"))
        if f"/s/FZRIXD/{lang}" not in page.url:
            raise BenchError(f"the language form led to {page.url}")

        with page.expect_navigation(wait_until="load"):
            page.click("button[name=nav][value=next]")
        page.wait_for_load_state("networkidle")
        pages.append(recorder.take("first question"))
        if page.locator("input[name=screen]").get_attribute("value") in (None, "start"):
            raise BenchError("pressing Start did not lead to the first question")
        return pages


def describe(page: Page) -> str:
    parts = []
    for r in page.requests:
        what = f"{r.method} {urlsplit(r.url).path} {r.status or r.failed}"
        what += f" {r.transferred} B" + (" (cache)" if r.from_cache else "")
        parts.append(what)
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit non-zero when a goal is missed")
    args = parser.parse_args()
    exit_cleanly_on_signals()
    started = time.monotonic()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail("playwright is not installed in the venv")

    problems, missed = [], []
    results: dict[tuple[str, bool], list[Page]] = {}
    try:
        with (
            database("sqlite") as url,
            Gunicorn("wsgi:app", app_env(url)) as server,
            sync_playwright() as playwright,
        ):
            base = f"http://127.0.0.1:{server.port}"
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, timeout=TIMEOUT_MS
            )
            try:
                print(
                    f"page_weight: Chromium {browser.version} headless, 360×740 phone, against {base} "
                    f"(gunicorn, 2 workers)"
                )
                for lang in LOCALES:
                    for cache in (False, True) if lang in DETAILED else (False,):
                        results[(lang, cache)] = walk(browser, base, lang, cache)
            finally:
                browser.close()
    except (BenchError, PlaywrightError) as error:
        fail(f"{type(error).__name__}: {error}")

    encodings = {r.encoding or "none" for pages in results.values() for p in pages for r in p.requests}
    print(
        f"bytes: 'transferred' = headers + body as received from the server; Content-Encoding seen: "
        f"{', '.join(sorted(encodings))} ({'uncompressed' if encodings == {'none'} else 'compressed'}); "
        f"'gzip' = what the bodies would be gzipped, for comparison only"
    )
    for lang in LOCALES:
        for cache in (False, True) if lang in DETAILED else (False,):
            label = "in sequence, with cache" if cache else "first visit (cache disabled)"
            print(f"{lang}, {label}:")
            for page in results[(lang, cache)]:
                html = sum(r.body for r in page.requests if r.kind == "Document")
                css = sum(r.body for r in page.requests if r.kind == "Stylesheet")
                other = page.total("body") - html - css
                transferred = page.total("transferred")
                hosts = page.hosts()
                network = [r for r in page.requests if not r.from_cache]
                print(
                    f"  {page.name:<15} {len(page.requests)} requests ({len(network)} over the network), "
                    f"{transferred:6,} B transferred "
                    f"(bodies: HTML {html:,} + CSS {css:,} + other {other:,}; "
                    f"gzip {page.total('gzipped'):,}), hosts: {', '.join(hosts)}"
                )
                if lang in DETAILED:
                    print(f"      {describe(page)}")
                failed = [r for r in page.requests if r.failed or r.status >= 400]
                if failed:
                    problems.append(f"{lang} {page.name}: failed requests {describe(Page('x', failed))}")
                if not cache and transferred > GOAL_BYTES:
                    missed.append(f"{lang} {page.name}: {transferred:,} B > {GOAL_BYTES:,} B")
                foreign = [h for h in hosts if not h.startswith("127.0.0.1:")]
                if foreign:
                    missed.append(f"{lang} {page.name}: requests to {', '.join(foreign)}")
    worst = max(
        (p.total("transferred"), lang, p.name)
        for (lang, cache), pages in results.items()
        if not cache
        for p in pages
    )
    print(
        f"goal: <= {GOAL_BYTES:,} B per page with its CSS, only 127.0.0.1 -> "
        f"{'NOT MET: ' + '; '.join(missed) if missed else 'met'} "
        f"(heaviest first visit: {worst[1]} {worst[2]}, {worst[0]:,} B)"
    )
    print(f"(took {time.monotonic() - started:.0f}s)")
    if missed and args.strict:
        problems.append("goal missed")
    exit_on_problems(problems)


if __name__ == "__main__":
    main()
