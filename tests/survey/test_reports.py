"""Reports in the web app: district administrators read a wave's report and download it,
within their district only; an open wave shows its answers in batches of five; nothing
below five is ever shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from survey.models import Answer, Response
from survey.services.reports import BREAKDOWNS, K_STRICT, Basis, K, report_basis, slug
from tests.survey.family import Family
from tests.survey.staff import Staff


def store(session, wave, count: int, answers: dict | None = None, location: int = 0, language: str = "de"):
    """``count`` responses at one of the wave's locations, each with the same answers
    (``{"benefits": "yes"}``; a list for several choices)."""
    for _ in range(count):
        rows = []
        for question, value in (answers or {"benefits": "yes"}).items():
            values = value if isinstance(value, list) else [value]
            rows += [Answer(question=question, choice=choice) for choice in values]
        session.add(Response(wave_id=wave.id, location_id=wave.locations[location].id,
                             questionnaire_version_id=wave.questionnaire_version_id, language=language,
                             submitted_on=dt.date.today(), answers=rows))
    session.commit()


@pytest.fixture
def manager(client, make_user):
    """A district administrator of Neukölln, logged in."""
    staff = Staff(client)
    assert staff.login(make_user("district_admin").email).status_code == 302
    return staff


def closed_wave(make_wave, **options):
    return make_wave(opens_in=-30, closes_in=-1, **options)


# -- the batching rule -----------------------------------------------------------------------


@pytest.mark.parametrize(("total", "closed", "expected"), [
    (0, False, Basis(0, 5)),
    (4, False, Basis(0, 1)),
    (5, False, Basis(5, 5)),
    (12, False, Basis(10, 3)),
    (15, False, Basis(15, 5)),
    (12, True, Basis(12, None)),
    (15, True, Basis(15, None)),
    (3, True, Basis(3, None)),
])
def test_an_open_wave_is_reported_in_whole_batches_a_closed_one_whole(total, closed, expected):
    assert report_basis(total, closed) == expected


def test_two_successive_reports_of_an_open_wave_differ_by_at_least_k_answers():
    for k in (1, 5, 10):
        shown = [report_basis(total, closed=False, k=k).answers for total in range(200)]
        changes = [b - a for a, b in zip(shown, shown[1:], strict=False) if b != a]
        assert changes and all(change == k for change in changes)
        for total in range(50):
            basis = report_basis(total, closed=False, k=k)
            assert basis.answers <= total < basis.answers + k
            assert total + basis.next_after == basis.answers + k
    with pytest.raises(ValueError):
        report_basis(3, False, k=0)


def test_the_web_app_asks_analysis_for_what_it_can_do():
    from analysis.aggregate import BREAKDOWNS as ANALYSIS_BREAKDOWNS
    from analysis.disclosure import DEFAULT_RULES

    assert BREAKDOWNS == ANALYSIS_BREAKDOWNS
    assert (DEFAULT_RULES.k, DEFAULT_RULES.k_strict) == (K, K_STRICT)


def test_download_names_are_plain_and_readable():
    assert slug("Frühjahr/Süd 2026: Straße") == "fruehjahr-sued-2026-strasse"
    assert slug("Ελληνικά") == "" and slug("  Welle 3 ") == "welle-3"


# -- reading and downloading ---------------------------------------------------------------


def test_a_district_administrator_reads_the_report_in_the_page(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    wave.name = "Herbstbefragung Rixdorf"
    session.commit()
    store(session, wave, 12, {"benefits": "yes", "wellbeing": "good", "difficulties": ["money", "housing"]})
    store(session, wave, 8, {"benefits": "no", "wellbeing": "bad"}, location=1, language="tr")
    response = manager.get(f"/reports/waves/{wave.id}?lang=de")
    assert response.status_code == 200
    html = manager.html
    assert "Herbstbefragung Rixdorf" in html
    assert "Based on all 20 answers: the wave has closed." in html
    assert '<div class="report" lang="de" dir="ltr">' in html and "Familienbefragung" in html
    assert "<style" not in html and " style=" not in html and "<script" not in html
    assert 'href="/static/report.css"' in html
    images = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="[^"]+" aria-describedby="[^"]+">', html)
    assert len(images) >= 5
    assert html.count("<table") == html.count("<caption") > 10
    assert "<th>" not in html.split('<div class="report"')[1]  # every header cell has its scope
    assert "img-src 'self' data:" in response.headers["Content-Security-Policy"]
    for kind in ("pdf", "xlsx", "csv"):
        assert f"/reports/waves/{wave.id}/report.{kind}?lang=de" in html


def test_the_reader_chooses_a_breakdown_and_the_language(session, make_wave, manager):
    wave = closed_wave(make_wave)
    store(session, wave, 10, language="de")
    store(session, wave, 10, {"benefits": "no"}, language="ar")
    manager.get(f"/reports/waves/{wave.id}?by=language&lang=en")
    assert manager.response.status_code == 200
    assert '<div class="report" lang="en"' in manager.html
    assert "All questions by language" in manager.html
    assert '<option value="language" selected>' in manager.html
    assert 'value="en" checked' in manager.html
    assert f"/reports/waves/{wave.id}/report.pdf?lang=en&amp;by=language" in manager.html
    assert manager.get(f"/reports/waves/{wave.id}?by=name").status_code == 400
    assert manager.get(f"/reports/waves/{wave.id}?lang=tr").status_code == 400


def test_a_district_administrator_downloads_pdf_xlsx_and_csv(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    wave.name = "Herbstbefragung Rixdorf"
    session.commit()
    store(session, wave, 9, {"benefits": "yes", "wellbeing": "good"})
    store(session, wave, 6, {"benefits": "no", "wellbeing": "middle"}, location=1)

    pdf = manager.get(f"/reports/waves/{wave.id}/report.pdf?lang=de&by=location")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert "bericht-herbstbefragung-rixdorf-de-location.pdf" in pdf.headers["Content-Disposition"]
    assert pdf.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Herbstbefragung Rixdorf" in text

    xlsx = manager.get(f"/reports/waves/{wave.id}/report.xlsx?lang=en")
    assert xlsx.status_code == 200 and xlsx.headers["Content-Disposition"].startswith("attachment")
    assert "report-herbstbefragung-rixdorf-en.xlsx" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames[0] == "Info"
    assert "Herbstbefragung Rixdorf" in [c for row in book["Info"].iter_rows(values_only=True) for c in row]

    data = manager.get(f"/reports/waves/{wave.id}/report.csv?lang=de&by=location")
    assert data.status_code == 200 and data.mimetype == "text/csv"
    assert data.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(data.get_data(as_text=True))))
    assert any(row["table"] == "bd_benefits" for row in rows)
    assert all(int(row["count"]) >= 5 for row in rows if row["count"])


def test_a_small_wave_shows_no_count_below_five(session, make_wave, manager):
    wave = closed_wave(make_wave, locations=2)
    store(session, wave, 4, {"benefits": "yes", "children_count": "2"})
    store(session, wave, 3, {"benefits": "no", "children_count": "1"}, location=1)
    manager.get(f"/reports/waves/{wave.id}?by=location&lang=en")
    report = manager.html.split('<div class="report"', 1)[1]
    cells = re.findall(r"<td>([^<]*)</td>", report)  # counts, shares and marks; labels are <th>
    numbers = [int(cell.replace(",", "")) for cell in cells if re.fullmatch(r"[\d,]+", cell)]
    assert numbers and min(numbers) >= 5
    by_location = re.search(r'<table id="bd_location">.*?</table>', report, re.S).group(0)
    assert "&lt; 5" in by_location
    assert not re.search(r"<td>[0-4]</td>", report)  # no count 0–4 in any cell
    rows = list(csv.DictReader(io.StringIO(
        manager.get(f"/reports/waves/{wave.id}/report.csv?by=location").get_data(as_text=True))))
    assert all(int(row["count"]) >= 5 for row in rows if row["count"])
    assert any(row["mark"] == "< 5" for row in rows if row["table"] == "bd_location")


def test_an_open_wave_shows_its_answers_in_batches_of_five(session, make_wave, manager):
    wave = make_wave()
    store(session, wave, 12)
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "Based on 10 answers; the next update after 3 more." in manager.html
    assert "<dt>Answers</dt><dd>10</dd>" in manager.html
    exported = manager.get(f"/reports/waves/{wave.id}/report.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert {row["count"] for row in rows if row["table"] == "freq_benefits" and row["row"] == "_n"} == {"10"}

    store(session, wave, 3)
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "Based on 15 answers; the next update after 5 more." in manager.html

    store(session, wave, 2)  # 17: still the 15 of the last whole batch
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "<dt>Answers</dt><dd>15</dd>" in manager.html

    wave.closes_on = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    assert "Based on all 17 answers: the wave has closed." in manager.html
    assert "<dt>Answers</dt><dd>17</dd>" in manager.html


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
    assert "Based on 0 answers; the next update after 1 more." in manager.html
    assert "No results yet." in manager.html and '<div class="report"' not in manager.html
    response = manager.get(f"/reports/waves/{wave.id}/report.pdf")
    assert response.status_code == 302 and response.location.startswith(f"/reports/waves/{wave.id}")
    store(session, wave, 1)
    manager.get(f"/reports/waves/{wave.id}")
    assert "Based on 5 answers" in manager.html
    assert manager.get(f"/reports/waves/{wave.id}/report.pdf").data.startswith(b"%PDF")


# -- who may read --------------------------------------------------------------------------


def test_staff_get_403_on_reports_but_may_review_free_texts(client, session, make_wave, make_user):
    wave = closed_wave(make_wave)
    store(session, wave, 5)
    staff = Staff(client)
    staff.login(make_user("staff", locations=wave.locations).email)
    for url in ("/reports/", f"/reports/waves/{wave.id}", f"/reports/waves/{wave.id}/report.pdf",
                f"/reports/waves/{wave.id}/report.csv", f"/reports/waves/{wave.id}/report.xlsx"):
        assert staff.get(url).status_code == 403, url
    staff.get("/staff/")
    assert 'href="/reports/"' not in staff.html and 'href="/reports/texts"' in staff.html
    assert staff.get(f"/reports/waves/{wave.id}/texts").status_code == 200


def test_a_district_administrator_of_mitte_gets_404_for_a_neukoelln_wave(client, session, make_wave,
                                                                          make_user):
    wave = closed_wave(make_wave)
    store(session, wave, 10)
    staff = Staff(client)
    staff.login(make_user("district_admin", district="01").email)
    for url in (f"/reports/waves/{wave.id}", f"/reports/waves/{wave.id}/report.pdf",
                f"/reports/waves/{wave.id}/report.csv", f"/reports/waves/{wave.id}/texts"):
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
    district = wave.district_id
    staff.submit("/staff/district", {"district": str(district)})
    assert staff.get(f"/reports/waves/{wave.id}").status_code == 200
    assert staff.get("/reports/").status_code == 200 and "Testwelle" in staff.html


def test_every_breakdown_reads_even_when_a_question_went_unanswered(session, make_wave, manager):
    """Nobody answered the number question here: its table has a base of 0 and no answer
    rows, which must be shown as suppressed, not break the report."""
    wave = make_wave("offer_feedback", locations=2, opens_in=-10, closes_in=-1)
    for number in range(16):
        session.add(Response(
            wave_id=wave.id, location_id=wave.locations[number % 2].id,
            questionnaire_version_id=wave.questionnaire_version_id, language=("de", "ar", "tr")[number % 3],
            submitted_on=dt.date.today() - dt.timedelta(days=number % 9), assisted=number % 5 == 0,
            answers=[Answer(question="usefulness", choice=("very_helpful", "helpful")[number % 2]),
                     Answer(question="come_again", choice="yes")]))
    session.commit()
    for by in ["", *BREAKDOWNS]:
        response = manager.get(f"/reports/waves/{wave.id}?lang=de&by={by}")
        assert response.status_code == 200, by
        assert '<div class="report"' in manager.html


def test_the_threshold_is_a_setting(app, session, make_wave, manager):
    """A district that asks for k = 10 gets batches of ten and no count below ten."""
    wave = make_wave()
    store(session, wave, 12)
    app.config["REPORT_K"] = 10
    try:
        manager.get(f"/reports/waves/{wave.id}?lang=en")
    finally:
        app.config["REPORT_K"] = K
    assert "Based on 10 answers; the next update after 8 more." in manager.html
    assert "steps of 10 answers" in manager.html
    assert "&lt; 10" in manager.html and "&lt; 5" not in manager.html
