"""Bytes and requests of a whole questionnaire, per language, as a phone loads it.

Headless Chromium (Debian's, through Playwright) at 360×740 with JavaScript on, as an
ordinary phone browser with its cache, against gunicorn on 127.0.0.1: the family link
(language page), the start page, every question of the demo questionnaire (the first
choice tapped where there are choices, the others skipped), the review page and
"Send" up to the thank-you page. Every request is counted from Chromium's DevTools
network events, bytes as transferred (headers and body, compressed where the server
compressed). The phone's cache starts empty for each language.

Goal: one request per screen after the first, at most 60 KB (60,000 bytes) on the wire
for the whole questionnaire, no request to another host.

Usage: .venv/bin/python bench/family_bytes.py [--languages de,ar] [--strict]
"""

from __future__ import annotations

import argparse
import time
from urllib.parse import urlsplit

from common import BenchError, Gunicorn, app_env, database, exit_cleanly_on_signals, exit_on_problems, fail
from page_weight import CHROMIUM, CHROMIUM_FLAGS, LOCALES, TIMEOUT_MS, Page, phone_page

GOAL_BYTES = 60_000
CODE = "FZRIXD"


def answer_the_screen(page) -> str:
    """Tap the first choice of a question (if it has choices) and press its next button;
    on the review page press Send. Returns the screen's name."""
    screen = page.locator("input[name=screen]").get_attribute("value") or ""
    if screen == "review":
        button = "button[name=nav][value=submit]"
    elif page.locator("input[name=answer][type=radio], input[name=answer][type=checkbox]").count():
        page.locator("label.choice").first.click()
        button = "main .actions button[name=nav][value=next]"
    else:
        button = "main .actions button[name=nav][value=skip]"
    with page.expect_navigation(wait_until="load"):
        page.locator(button).first.click()
    return screen


def whole_questionnaire(browser, base: str, lang: str) -> list[Page]:
    with phone_page(browser, lang) as (page, recorder):
        pages = []
        page.goto(f"{base}/s/{CODE}", wait_until="load")
        page.wait_for_load_state("networkidle")
        pages.append(recorder.take("language"))
        page.check(f"input[name=lang][value={lang}]")
        with page.expect_navigation(wait_until="load"):
            page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        pages.append(recorder.take("start"))
        with page.expect_navigation(wait_until="load"):
            page.click("button[name=nav][value=next]")
        for _ in range(40):
            page.wait_for_load_state("networkidle")
            if not page.locator("input[name=screen]").count():
                pages.append(recorder.take("thank-you"))
                return pages
            pages.append(recorder.take(page.locator("input[name=screen]").get_attribute("value") or "?"))
            answer_the_screen(page)
        raise BenchError(f"{lang}: no thank-you page after 40 screens")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(LOCALES), help="comma-separated, e.g. de,ar")
    parser.add_argument("--strict", action="store_true", help="exit non-zero when a goal is missed")
    args = parser.parse_args()
    languages = [lang for lang in args.languages.split(",") if lang]
    unknown = [lang for lang in languages if lang not in LOCALES]
    if unknown:
        fail(f"unknown languages: {', '.join(unknown)}")
    exit_cleanly_on_signals()
    started = time.monotonic()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail("playwright is not installed in the venv")

    problems, missed = [], []
    results: dict[str, list[Page]] = {}
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
                    f"family_bytes: Chromium {browser.version} headless, 360×740 phone, JavaScript on, {base}"
                )
                for lang in languages:
                    results[lang] = whole_questionnaire(browser, base, lang)
            finally:
                browser.close()
    except (BenchError, PlaywrightError) as error:
        fail(f"{type(error).__name__}: {error}")

    print("language  screens  requests (over the network)  bytes on the wire  HTML bodies  encodings")
    for lang, pages in results.items():
        requests = [r for p in pages for r in p.requests]
        network = [r for r in requests if not r.from_cache]  # a 304 is a round trip too
        wire = sum(r.transferred for r in requests)
        html = sum(r.body for r in requests if r.kind == "Document")
        encodings = sorted({r.encoding or "none" for r in requests if r.body})
        per_screen = [(p.name, [r for r in p.requests if not r.from_cache]) for p in pages[2:]]
        extra = [f"{name}: {len(sent)}" for name, sent in per_screen if len(sent) > 1]
        print(
            f"{lang:<9} {len(pages):>7}  {len(requests):>8} ({len(network):>3})           {wire:>17,}  "
            f"{html:>11,}  {', '.join(encodings)}"
        )
        if extra:
            print(f"          screens with more than one request: {'; '.join(extra)}")
        failed = [r for r in requests if r.failed or r.status >= 400]
        if failed:
            problems.append(f"{lang}: failed requests {[urlsplit(r.url).path for r in failed]}")
        foreign = sorted({urlsplit(r.url).netloc for r in requests} - {urlsplit(base).netloc})
        if foreign:
            missed.append(f"{lang}: requests to {', '.join(foreign)}")
        if wire > GOAL_BYTES:
            missed.append(f"{lang}: {wire:,} B > {GOAL_BYTES:,} B")
        if extra:
            missed.append(f"{lang}: {len(extra)} screens need more than one request")
    print(
        f"goal: one request per screen after the first, <= {GOAL_BYTES:,} B for the whole questionnaire, "
        f"only 127.0.0.1 -> {'NOT MET: ' + '; '.join(missed) if missed else 'met'}"
    )
    print(f"(took {time.monotonic() - started:.0f}s)")
    if missed and args.strict:
        problems.append("goal missed")
    exit_on_problems(problems)


if __name__ == "__main__":
    main()
