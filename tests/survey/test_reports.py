"""Reports in the web app: district administrators read a wave's report and download it,
within their district only; an open wave shows whole-wave figures in batches of five;
every release is recorded; nothing below five is ever shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from survey.models import Answer, Response, WaveRelease
from survey.services.reports import slug
from tests.survey.family import Family
from tests.survey.staff import Staff

K = 5


def store(session, wave, count: int, answers: dict | None = None, location: int = 0, language: str = "de"):
    """``count`` responses at one of the wave's locations, each with the same answers
    (``{"benefits": "yes"}``; a list for several choices)."""
    for _ in range(count):
        rows = []
        for question, value in (answers or {"benefits": "yes"}).items():
            values = value if isinstance(value, list) else [value]
            rows += [Answer(question=question, choice=choice) for choice in values]
        session.add(
            Response(
                wave_id=wave.id,
                location_id=wave.locations[location].id,
                questionnaire_version_id=wave.questionnaire_version_id,
                language=language,
                submitted_on=dt.date.today(),
                answers=rows,
            )
        )
    session.commit()


@pytest.fixture
def manager(client, make_user):
    """A district administrator of Neukölln, logged in."""
    staff = Staff(client)
    assert staff.login(make_user("district_admin").email).status_code == 302
    return staff


def closed_wave(make_wave, **options):
    return make_wave(opens_in=-30, closes_in=-1, **options)


def releases(session, wave) -> list[WaveRelease]:
    session.expire_all()
    return session.scalars(select(WaveRelease).filter_by(wave_id=wave.id).order_by(WaveRelease.number)).all()


def report_part(html: str) -> str:
    return html.split('<div class="report"', 1)[1]


def test_download_names_are_plain_and_readable():
    assert slug("Frühjahr/Süd 2026: Straße") == "fruehjahr-sued-2026-strasse"
    assert slug("Ελληνικά") == "" and slug("  Welle 3 ") == "welle-3"


# -- reading and downloading ---------------------------------------------------------------


def test_a_district_administrator_reads_the_report_in_the_page(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    wave.name = "Herbstbefragung Rixdorf"
    session.commit()
    store(session, wave, 12, {"benefits": "yes", "wellbeing": "good", "difficulties": ["money", "housing"]})
    store(session, wave, 12, {"benefits": "no", "wellbeing": "bad"}, location=1, language="tr")
    response = manager.get(f"/reports/waves/{wave.id}?lang=de")
    assert response.status_code == 200
    html = manager.html
    assert "Herbstbefragung Rixdorf" in html
    assert "Based on 24 answers: the wave has closed." in html
    assert '<div class="report" lang="de" dir="ltr">' in html and "Familienbefragung" in html
    assert "<style" not in html and " style=" not in html and "<script" not in html
    charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="[^"]+" role="img"', html)
    assert len(charts) >= 5 and "data:image/png" not in html
    assert html.count("<table") == html.count("<caption") > 10
    assert "<th>" not in report_part(html)  # every header cell has its scope
    for kind in ("pdf", "xlsx", "csv"):
        assert f"/reports/waves/{wave.id}/report.{kind}?lang=de" in html
    assert [(r.kind, r.responses) for r in releases(session, wave)] == [("full", 24)]
    manager.get(f"/reports/waves/{wave.id}?lang=en")  # read again: the same release
    assert len(releases(session, wave)) == 1


def test_the_breakdowns_offered_are_those_of_the_wave(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    store(session, wave, 12, {"benefits": "yes", "caregivers": "alone"}, language="de")
    store(session, wave, 12, {"benefits": "no", "caregivers": "two_adults"}, language="ar", location=1)
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    offered = re.findall(r'<option value="([^"]+)"', manager.html)
    # the places, the language, and the questionnaire's own breakdown questions with two groups
    assert {"location", "language", "benefits", "caregivers"} <= set(offered)
    assert "assisted" not in offered  # nobody answered with help: one group only
    assert "age_group" not in offered and "family_type" not in offered


def test_the_reader_chooses_a_breakdown_and_the_language(session, make_wave, manager):
    wave = closed_wave(make_wave)
    store(session, wave, 12, language="de")
    store(session, wave, 12, {"benefits": "no"}, language="ar")
    manager.get(f"/reports/waves/{wave.id}?by=language&lang=en")
    assert manager.response.status_code == 200
    assert '<div class="report" lang="en"' in manager.html
    assert "by language" in manager.html
    assert '<option value="language" selected>' in manager.html
    assert 'value="en" checked' in manager.html
    assert f"/reports/waves/{wave.id}/report.pdf?lang=en&amp;by=language" in manager.html
    assert manager.get(f"/reports/waves/{wave.id}?by=name").status_code == 200  # not offered: ignored
    assert manager.get(f"/reports/waves/{wave.id}?lang=tr").status_code == 400


def test_a_district_administrator_downloads_pdf_xlsx_and_csv(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    wave.name = "Herbstbefragung Rixdorf"
    session.commit()
    store(session, wave, 14, {"benefits": "yes", "wellbeing": "good"})
    store(session, wave, 13, {"benefits": "no", "wellbeing": "middle"}, location=1)

    pdf = manager.get(f"/reports/waves/{wave.id}/report.pdf?lang=de&by=location")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "bericht-herbstbefragung-rixdorf-de-location.pdf" in pdf.headers["Content-Disposition"]
    pages = PdfReader(io.BytesIO(pdf.data)).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "Herbstbefragung Rixdorf" in text
    assert all(page.extract_text().strip() for page in pages)  # no blank page

    xlsx = manager.get(f"/reports/waves/{wave.id}/report.xlsx?lang=en")
    assert "report-herbstbefragung-rixdorf-en.xlsx" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames[0] == "Overview" and book.sheetnames[-1] == "All tables"
    overview = [c for row in book["Overview"].iter_rows(values_only=True) for c in row]
    assert "Herbstbefragung Rixdorf" in overview
    numbers = [
        c
        for sheet in book.worksheets[1:-1]
        for row in sheet.iter_rows(min_row=3)
        for c in row
        if isinstance(c.value, int | float)
    ]
    assert numbers and any(c.number_format == "0%" and 0 <= c.value <= 1 for c in numbers)
    assert not [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str) and re.fullmatch(r"\d+ ?%", c)
    ]  # no share stored as text

    data = manager.get(f"/reports/waves/{wave.id}/report.csv?lang=de&by=location")
    assert data.status_code == 200 and data.mimetype == "text/csv"
    assert data.data.startswith("\ufeff".encode())  # for a German Excel: UTF-8 with its mark
    rows = list(csv.DictReader(io.StringIO(data.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert {"Tabelle", "Anzahl", "Anteil (%)", "Gruppe"} <= set(rows[0])
    assert any("," in row["Anteil (%)"] for row in rows)  # decimal comma
    assert all(int(row["Anzahl"]) >= K for row in rows if row["Anzahl"])
    english = manager.get(f"/reports/waves/{wave.id}/report.csv?lang=en").get_data(as_text=True)
    english = english.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(english)))
    assert {"Table", "Count", "Share (%)"} <= set(rows[0]) and any("." in row["Share (%)"] for row in rows)


def test_a_small_wave_shows_no_count_below_five(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    store(session, wave, 7, {"benefits": "yes", "children_count": "2"})
    store(session, wave, 6, {"benefits": "no", "children_count": "1"}, location=1)
    store(session, wave, 11, {"benefits": "dont_know", "children_count": "1"}, location=1, language="tr")
    for by in ("", "location", "language", "benefits"):
        manager.get(f"/reports/waves/{wave.id}?by={by}&lang=en")
        report = report_part(manager.html)
        cells = re.findall(r"<td>([^<]*)</td>", report)  # counts, shares and marks; labels are <th>
        numbers = [int(cell.replace(",", "")) for cell in cells if re.fullmatch(r"[\d,]+", cell)]
        assert numbers and min(numbers) >= K
        assert "×" in report and "&lt; 5" not in report  # every hidden figure looks the same
        rows = list(
            csv.DictReader(
                io.StringIO(
                    manager.get(f"/reports/waves/{wave.id}/report.csv?by={by}&lang=en")
                    .get_data(as_text=True)
                    .lstrip("\ufeff")
                )
            )
        )
        assert all(int(row["Count"]) >= K for row in rows if row["Count"])
        assert all(int(row["Base (n)"]) >= K for row in rows if row["Base (n)"])


def test_an_open_wave_shows_whole_wave_figures_in_batches_then_everything_once_closed(
    session, make_wave, manager
):
    wave = make_wave(locations=2)
    store(session, wave, 12)
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "Interim results from 10 answers." in manager.html
    assert "<dt>Answers</dt><dd>10</dd>" in manager.html
    assert '<select id="report-by"' not in manager.html  # no breakdown while it runs
    store(session, wave, 3)
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "Interim results from 15 answers." in manager.html
    store(session, wave, 2, location=1)  # 17: still the 15 of the last whole batch
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "<dt>Answers</dt><dd>15</dd>" in manager.html
    assert [(r.kind, r.responses) for r in releases(session, wave)] == [("interim", 10), ("interim", 15)]

    wave.closes_on = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    # the 2 newest would differ from the last report by fewer than five: held back
    assert "Based on 15 answers: the wave has closed." in manager.html
    assert "2 newer answers are held back" in manager.html
    assert [(r.kind, r.responses) for r in releases(session, wave)][-1] == ("full", 15)
    store(session, wave, 3, location=1)  # answers stored late (an extension, say): 20 in all
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    last = releases(session, wave)[-1]
    assert (last.kind, last.responses) == ("full", 20)  # 5 more than the last report, in every group


def test_before_the_first_batch_there_is_nothing_to_read_or_download(client, session, make_wave, manager):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    for _ in range(30):
        if family.screen == "review":
            break
        family.skip()
    family.submit()
    assert family.status == 200
    store(session, wave, 3)
    manager.get(f"/reports/waves/{wave.id}")
    assert "No results yet" in manager.html and '<div class="report"' not in manager.html
    response = manager.get(f"/reports/waves/{wave.id}/report.pdf")
    assert response.status_code == 302 and response.location.startswith(f"/reports/waves/{wave.id}")
    assert session.scalar(select(func.count()).select_from(WaveRelease)) == 0
    store(session, wave, 1)
    manager.get(f"/reports/waves/{wave.id}")
    assert "Interim results from 5 answers" in manager.html
    assert manager.get(f"/reports/waves/{wave.id}/report.pdf").data.startswith(b"%PDF")


def test_two_waves_are_compared(session, make_wave, manager):
    spring = closed_wave(make_wave, locations=1)
    spring.name, spring.opens_on = "Frühjahr", dt.date.today() - dt.timedelta(days=200)
    store(session, spring, 12, {"wellbeing": "good"})
    store(session, spring, 6, {"wellbeing": "middle"})
    store(session, spring, 7, {"wellbeing": "bad"})
    autumn = closed_wave(make_wave, locations=1)
    autumn.name = "Herbst"
    session.commit()
    store(session, autumn, 6, {"wellbeing": "good"})
    store(session, autumn, 14, {"wellbeing": "middle"})
    store(session, autumn, 5, {"wellbeing": "bad"})
    manager.get(f"/reports/waves/{autumn.id}?lang=en")
    assert f'name="compare" value="{spring.id}"' in manager.html
    manager.get(f"/reports/waves/{autumn.id}?lang=en&compare={spring.id}")
    report = report_part(manager.html)
    assert "Compared with earlier surveys" in report and "compared with “Frühjahr”" in report
    assert '<table id="compare_wellbeing">' in report
    rows = list(
        csv.DictReader(
            io.StringIO(
                manager.get(f"/reports/waves/{autumn.id}/report.csv?lang=en&compare={spring.id}")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    compared = [row for row in rows if row["Table"] == "compare_wellbeing"]
    shares = {
        (row["Row (code)"], row["Group"]): float(row["Share (%)"]) for row in compared if row["Share (%)"]
    }
    changes = {
        row["Row (code)"]: float(row["Change (percentage points)"])
        for row in compared
        if row["Change (percentage points)"]
    }
    assert changes, "no change shown at all"
    for answer, change in changes.items():  # every change is the difference of two shown shares
        assert round(shares[(answer, "Herbst")] - shares[(answer, "Frühjahr")], 2) == change
    own = {
        row["Row (code)"]: row
        for row in rows
        if row["Table"] == "q_wellbeing" and row["Group (code)"] == "all"
    }
    for answer in changes:  # and each share is the wave's own published one
        assert float(own[answer]["Share (%)"]) == shares[(answer, "Herbst")]


# -- who may read --------------------------------------------------------------------------


def test_staff_get_403_on_reports_but_may_review_free_texts(client, session, make_wave, make_user):
    wave = closed_wave(make_wave)
    store(session, wave, 5)
    staff = Staff(client)
    staff.login(make_user("staff", locations=wave.locations).email)
    for url in (
        "/reports/",
        f"/reports/waves/{wave.id}",
        f"/reports/waves/{wave.id}/report.pdf",
        f"/reports/waves/{wave.id}/report.csv",
        f"/reports/waves/{wave.id}/report.xlsx",
    ):
        assert staff.get(url).status_code == 403, url
    staff.get("/staff/")
    assert 'href="/reports/"' not in staff.html and 'href="/reports/texts"' in staff.html
    assert staff.get(f"/reports/waves/{wave.id}/texts").status_code == 200


def test_a_district_administrator_of_mitte_gets_404_for_a_neukoelln_wave(
    client, session, make_wave, make_user
):
    wave = closed_wave(make_wave)
    store(session, wave, 10)
    staff = Staff(client)
    staff.login(make_user("district_admin", district="01").email)
    for url in (
        f"/reports/waves/{wave.id}",
        f"/reports/waves/{wave.id}/report.pdf",
        f"/reports/waves/{wave.id}/report.csv",
        f"/reports/waves/{wave.id}/texts",
    ):
        assert staff.get(url).status_code == 404, url
    staff.get("/reports/")
    assert staff.response.status_code == 200 and "Testwelle" not in staff.html
    assert 'href="/reports/"' in staff.get("/staff/").get_data(as_text=True)


def test_an_administrator_chooses_a_district_first(client, session, make_wave, make_user):
    wave = closed_wave(make_wave)
    store(session, wave, 5)
    staff = Staff(client)
    staff.login(make_user("admin").email)
    response = staff.get(f"/reports/waves/{wave.id}")
    assert response.status_code == 302 and response.location.endswith("/staff/district")
    staff.submit("/staff/district", {"district": str(wave.district_id)})
    assert staff.get(f"/reports/waves/{wave.id}").status_code == 200
    assert staff.get("/reports/").status_code == 200 and "Testwelle" in staff.html


def test_every_breakdown_reads_even_when_a_question_went_unanswered(session, make_wave, manager):
    """Nobody answered the number question here: its table shows it, nothing breaks."""
    wave = make_wave("offer_feedback", locations=2, opens_in=-10, closes_in=-1)
    for number in range(30):
        session.add(
            Response(
                wave_id=wave.id,
                location_id=wave.locations[number % 2].id,
                questionnaire_version_id=wave.questionnaire_version_id,
                language=("de", "ar", "tr")[number % 3],
                submitted_on=dt.date.today() - dt.timedelta(days=number % 9),
                assisted=number % 5 == 0,
                answers=[
                    Answer(question="usefulness", choice=("very_helpful", "helpful")[number % 2]),
                    Answer(question="come_again", choice="yes"),
                ],
            )
        )
    session.commit()
    manager.get(f"/reports/waves/{wave.id}?lang=de")
    offered = re.findall(r'<option value="([^"]+)"', manager.html)
    assert offered
    for by in ["", *offered]:
        response = manager.get(f"/reports/waves/{wave.id}?lang=de&by={by}")
        assert response.status_code == 200, by
        assert '<div class="report"' in manager.html


def test_the_threshold_is_a_setting(app, session, make_wave, manager):
    """A district that asks for k = 10 gets batches of ten and no count below ten."""
    wave = make_wave()
    store(session, wave, 12)
    store(session, wave, 14, {"benefits": "no"})
    app.config["REPORT_K"] = 10
    try:
        manager.get(f"/reports/waves/{wave.id}?lang=en")
    finally:
        app.config["REPORT_K"] = K
    assert "Interim results from 20 answers." in manager.html
    assert "steps of at least 10 answers" in manager.html
    report = report_part(manager.html)
    numbers = [int(c) for c in re.findall(r"<td>(\d+)</td>", report)]
    assert numbers and min(numbers) >= 10


# -- the command line gives the same report ------------------------------------------------------


def synthetic_answers(session, wave, count: int, seed: int) -> None:
    """``count`` synthetic responses of the wave's questionnaire, stored like real ones."""
    from analysis.synthetic import wave_answers
    from survey.services.questionnaires import questionnaire_of
    from survey.services.synthetic import store as store_answers

    places = [(place.code, place.region.code if place.region else None) for place in wave.locations]
    regions = [region.code for region in wave.district.regions]
    store_answers(
        session,
        wave,
        wave_answers(
            questionnaire_of(wave.questionnaire_version),
            count,
            locations=places,
            regions=regions,
            seed=seed,
            wave_id=wave.id,
            opens_on=wave.opens_on,
            days=10,
        ),
    )
    session.commit()


def command_line_csv(app, tmp_path, wave, *options: str) -> str:
    from analysis.__main__ import main

    out = tmp_path / f"wave-{wave.id}.csv"
    assert (
        main(
            [
                "report",
                "--database",
                app.config["DATABASE_URL"],
                "--wave",
                str(wave.id),
                "--lang",
                "en",
                "--format",
                "csv",
                "--out",
                str(out),
                *options,
            ]
        )
        == 0
    )
    return out.read_bytes().decode("utf-8-sig")


def web_csv(manager, wave, query: str) -> str:
    response = manager.get(f"/reports/waves/{wave.id}/report.csv?lang=en&{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True).lstrip("\ufeff")


@pytest.mark.committing  # the command line reads the database on a connection of its own
def test_the_command_line_and_the_web_page_give_the_same_tables_of_a_closed_wave(
    app, session, make_wave, manager, tmp_path
):
    spring = closed_wave(make_wave, locations=2)
    spring.name, spring.opens_on = "Frühjahr", dt.date.today() - dt.timedelta(days=200)
    synthetic_answers(session, spring, 60, seed=3)
    autumn = closed_wave(make_wave, locations=2)
    autumn.name = "Herbst"
    synthetic_answers(session, autumn, 90, seed=4)
    # the web page first (it makes and records the release), then the command line
    web = web_csv(manager, autumn, f"by=location&compare={spring.id}")
    cli = command_line_csv(app, tmp_path, autumn, "--by", "location", "--compare", str(spring.id))
    assert cli == web
    tables = {row["Table"] for row in csv.DictReader(io.StringIO(web))}
    assert {"compare_benefits", "by_location"} <= tables and any(t.startswith("q_") for t in tables)
    broken_down = {
        row["Breakdown (code)"] for row in csv.DictReader(io.StringIO(web)) if row["Table"].startswith("q_")
    }
    assert "location" in broken_down
    # the command line first with another breakdown: the same release, the same tables
    cli = command_line_csv(app, tmp_path, autumn, "--by", "language")
    assert cli == web_csv(manager, autumn, "by=language")
    assert [r.kind for r in releases(session, autumn)] == ["full"]


@pytest.mark.committing  # the command line reads the database on a connection of its own
def test_the_command_line_and_the_web_page_give_the_same_tables_of_an_open_wave(
    app, session, make_wave, manager, tmp_path
):
    wave = make_wave(locations=2)
    synthetic_answers(session, wave, 23, seed=5)
    cli = command_line_csv(app, tmp_path, wave)
    assert cli == web_csv(manager, wave, "")
    assert [(r.kind, r.responses) for r in releases(session, wave)] == [("interim", 20)]
    synthetic_answers(session, wave, 5, seed=6)
    web = web_csv(manager, wave, "")
    assert command_line_csv(app, tmp_path, wave) == web
    assert [(r.kind, r.responses) for r in releases(session, wave)] == [("interim", 20), ("interim", 25)]
