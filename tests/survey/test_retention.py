"""Answers kept only as long as needed: "today" moves past a closed wave's retention
period, the retention command deletes its raw answers, and its reports, published results
and comparisons stay as they were; the families' privacy page says how long."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select, text

from survey.models import Activity, Answer, KeptText, Response, TextReview
from survey.services.retention import run_retention
from tests.survey.staff import Staff
from tests.survey.test_text_review import review, store_texts

TODAY = dt.date.today()


@pytest.fixture
def manager(client, make_user):
    staff = Staff(client)
    staff.login(make_user("district_admin").email)
    return staff


def downloads(staff: Staff, wave, query: str = "lang=de") -> dict[str, str]:
    """The report as the page shows its tables and as the three downloads hold it."""
    page = staff.get(f"/reports/waves/{wave.id}?{query}").get_data(as_text=True)
    tables = re.findall(r"<table.*?</table>", page.split('<div class="report"', 1)[1], re.S)
    pdf = staff.get(f"/reports/waves/{wave.id}/report.pdf?{query}").data
    workbook = load_workbook(io.BytesIO(staff.get(f"/reports/waves/{wave.id}/report.xlsx?{query}").data))
    return {
        "html": "\n".join(tables),
        "csv": staff.get(f"/reports/waves/{wave.id}/report.csv?{query}").get_data(as_text=True),
        "xlsx": "\n".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell
        ),
        "pdf": " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " "),
    }


def count(session, model, **where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0


def test_a_wave_past_its_retention_has_no_raw_answers_and_the_same_report(
    app, session, make_wave, manager, submit
):
    wave = make_wave("offer_feedback", locations=2, opens_in=-60, closes_in=-31)
    wave.retention_days = 30  # due today
    session.commit()
    texts = store_texts(session, wave, [f"Mehr Termine am Abend, Nummer {n}" for n in range(12)])
    for n in range(12):
        submit(wave, {"usefulness": "very_helpful" if n % 3 else "not_helpful"}, location=1)
    for answer_id in texts[:11]:
        assert review(manager, wave, answer_id, "release").status_code == 303
    review(manager, wave, texts[11], "reject")
    later = make_wave("offer_feedback", opens_in=-20, closes_in=-1)
    for n in range(10):
        submit(later, {"usefulness": "very_helpful" if n % 2 else "not_helpful"})
    before = downloads(manager, wave)
    compared_before = downloads(manager, later, f"lang=de&compare={wave.id}")
    assert "Mehr Termine am Abend, Nummer 3" in before["pdf"]  # released texts are in the report

    with app.app_context():
        deleted = run_retention(session, TODAY, dt.datetime.now(), 5, 730)
    session.commit()
    assert [d.wave.id for d in deleted] == [wave.id] and deleted[0].texts_kept == 11

    assert count(session, Response, wave_id=wave.id) == 0
    assert session.scalar(select(func.count()).select_from(Answer).join(Response)) == count(
        session, Answer
    )  # no answer without its response
    assert count(session, TextReview) == 0 or all(
        review.answer.response.wave_id != wave.id for review in session.scalars(select(TextReview))
    )
    assert count(session, KeptText, wave_id=wave.id) == 11  # the released ones, as released
    assert count(session, Response, wave_id=later.id) == 10  # the later wave is not due yet

    after = downloads(manager, wave)
    assert after["csv"] == before["csv"] and after["html"] == before["html"]
    # beside the tables, only a note says that these are kept results now
    note = re.search(
        r"Die einzelnen Antworten wurden am .*? gelöscht \(Aufbewahrungsfrist\).*?Ergebnisse\.", after["xlsx"]
    )
    assert note is not None and note.group(0) not in before["xlsx"]
    assert after["xlsx"].replace(note.group(0) + "\n", "") == before["xlsx"]
    assert "Die einzelnen Antworten wurden am" in after["pdf"]
    assert after["pdf"].count("Nummer") == before["pdf"].count("Nummer")
    assert "Mehr Termine am Abend, Nummer 11" not in after["pdf"]  # the rejected one is gone
    assert downloads(manager, later, f"lang=de&compare={wave.id}")["csv"] == compared_before["csv"]

    logged = session.scalars(select(Activity).filter_by(action="answers_deleted")).all()
    assert [(entry.wave_id, entry.account) for entry in logged] == [(wave.id, "flask retention")]
    page = manager.get(f"/staff/waves/{wave.id}").get_data(as_text=True)
    assert "deleted on" in re.search(r"<dd data-retention>(.*?)</dd>", page).group(1)
    with app.app_context():
        assert run_retention(session, TODAY, dt.datetime.now(), 5, 730) == []  # once only


def test_published_results_stay_after_the_raw_answers_go(app, client, session, make_wave, manager, submit):
    wave = make_wave("offer_feedback", opens_in=-430, closes_in=-400)  # past the default 365 days
    for n in range(20):
        submit(wave, {"change": ["other_time"] if n < 14 else ["nothing"]})
    page = f"/reports/waves/{wave.id}/results"
    manager.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page)
    manager.submit(f"{page}/publication", {"action": "publish", "language": ["de"]}, form_page=page)
    code = wave.locations[0].code
    shown = client.get(f"/s/{code}/de/results").get_data(as_text=True)
    with app.app_context():
        assert [d.wave.id for d in run_retention(session, TODAY, dt.datetime.now(), 5, 730)] == [wave.id]
    session.commit()
    assert count(session, Response, wave_id=wave.id) == 0
    assert client.get(f"/s/{code}/de/results").get_data(as_text=True) == shown


def test_retention_is_set_per_district_and_per_wave(app, session, make_wave, manager):
    wave = make_wave("offer_feedback", opens_in=-10, closes_in=-1)
    page = manager.get(f"/staff/waves/{wave.id}").get_data(as_text=True)
    assert "365 days" in re.search(r"<dd data-retention>(.*?)</dd>", page).group(1)
    response = manager.submit(
        "/staff/data-protection/retention", {"days": "200"}, form_page="/staff/data-protection"
    )
    assert response.status_code == 303
    page = manager.get(f"/staff/waves/{wave.id}").get_data(as_text=True)
    assert "200 days" in re.search(r"<dd data-retention>(.*?)</dd>", page).group(1)
    response = manager.submit(
        f"/staff/waves/{wave.id}/retention", {"days": "30"}, form_page=f"/staff/waves/{wave.id}"
    )
    assert response.status_code == 303
    page = manager.get(f"/staff/waves/{wave.id}").get_data(as_text=True)
    due = f"{(wave.closes_on + dt.timedelta(days=31)):%b} {(wave.closes_on + dt.timedelta(days=31)).day},"
    assert "30 days" in page and due in page
    refused = manager.submit(
        f"/staff/waves/{wave.id}/retention", {"days": "-3"}, form_page=f"/staff/waves/{wave.id}"
    )
    assert refused.status_code == 303
    session.expire_all()
    assert wave.retention_days == 30  # unchanged
    # not due yet: the command leaves it
    with app.app_context():
        assert run_retention(session, TODAY, dt.datetime.now(), 5, 730) == []
        assert [
            d.wave.id
            for d in run_retention(session, TODAY + dt.timedelta(days=31), dt.datetime.now(), 5, 730)
        ] == [wave.id]


def test_the_privacy_page_says_how_long_answers_are_kept_in_every_language(client, session, make_wave):
    wave = make_wave("family_needs")
    wave.retention_days = 180
    session.commit()
    code = wave.locations[0].code
    german = client.get(f"/s/{code}/de/privacy").get_data(as_text=True)
    assert "Ihre Antworten werden 180 Tage nach dem Ende der Umfrage gelöscht." in german
    arabic = client.get(f"/s/{code}/ar/privacy").get_data(as_text=True)
    assert re.search(r"بعد (180|١٨٠) يومًا", arabic)


def test_old_log_entries_are_deleted(app, session, make_wave, manager):
    wave = make_wave("offer_feedback", opens_in=-10, closes_in=-1)
    manager.get(f"/reports/waves/{wave.id}?lang=de")
    entry = session.scalars(select(Activity).filter_by(action="report_viewed")).one()
    entry.made_at = dt.datetime.now() - dt.timedelta(days=731)
    session.commit()
    with app.app_context():
        run_retention(session, TODAY, dt.datetime.now(), 5, 730)
    session.commit()
    assert count(session, Activity, action="report_viewed") == 0


def database_bytes(url: str) -> bytes:
    """The SQLite database file and its write-ahead log, as they lie on the disk."""
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(file.read_bytes() for file in (path, Path(f"{path}-wal")) if file.exists())


@pytest.mark.committing
def test_the_command_leaves_no_trace_of_deleted_answers_in_the_database_file(app, session, make_wave, submit):
    from survey.extensions import db

    wave = make_wave("offer_feedback", opens_in=-60, closes_in=-40)
    wave.retention_days = 10
    session.commit()
    secret = "Geheimnis-" + "x7q" * 5
    store_texts(session, wave, [f"{secret} {n}" for n in range(6)])
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        assert secret.encode() in database_bytes(url)  # the texts are in the file before
    if url.startswith("postgresql"):
        with app.app_context():
            before = db.session.scalar(text("SELECT pg_relation_filenode('answer')"))
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert f"wave {wave.id} (Testwelle): raw answers deleted, 0 released texts kept" in result.output
    assert "6" not in result.output.replace(str(wave.id), "")  # no count of answers, below k or not
    session.expire_all()
    assert count(session, Response, wave_id=wave.id) == 0
    if url.startswith("sqlite"):
        assert secret.encode() not in database_bytes(url)
    else:
        with app.app_context():
            after = db.session.scalar(text("SELECT pg_relation_filenode('answer')"))
        assert after != before  # the table was rewritten: the old file with the rows is gone


def test_the_privacy_page_names_the_threshold_in_force(app, client, make_wave):
    wave = make_wave("family_needs")
    old = app.config["REPORT_K"]
    app.config["REPORT_K"] = 8
    try:
        page = client.get(f"/s/{wave.locations[0].code}/de/privacy").get_data(as_text=True)
    finally:
        app.config["REPORT_K"] = old
    assert "Gruppen von mindestens 8 Familien" in page


def test_a_wave_whose_answers_were_deleted_cannot_open_again(app, session, make_wave, manager):
    wave = make_wave("offer_feedback", opens_in=-60, closes_in=-40)
    wave.retention_days = 10
    session.commit()
    with app.app_context():
        run_retention(session, TODAY, dt.datetime.now(), 5, 730)
    session.commit()
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    page = f"/staff/waves/{wave.id}"
    response = manager.submit(f"{page}/extend", {"closes_on": later}, form_page=page)
    assert response.status_code == 422 and "cannot open again" in response.get_data(as_text=True)
    session.expire_all()
    assert wave.closes_on == TODAY - dt.timedelta(days=40)
