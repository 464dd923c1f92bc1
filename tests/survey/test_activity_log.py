"""A record of who did what with the data: every action a district administrator takes
on reports, free texts, results, questionnaires, waves and accounts leaves exactly one
entry, which that district's administrators read and download, and nobody else; the
data-protection page states the settings the app actually runs with."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from survey.models import Activity, QuestionnaireDraft
from tests.survey.staff import Staff
from tests.survey.test_text_review import review, store_texts

TODAY = dt.date.today()


@pytest.fixture
def manager(client, make_user):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    staff = Staff(client)
    staff.login(make_user("district_admin", email="leitung@neukoelln.example").email)
    return staff


def new_entries(session, seen: int) -> list[str]:
    session.expire_all()
    return [entry.action for entry in session.scalars(select(Activity).order_by(Activity.id)).all()[seen:]]


def test_every_action_leaves_exactly_one_entry(client, session, make_wave, make_user, manager, submit):
    wave = make_wave("offer_feedback", locations=2, opens_in=-30, closes_in=-1)
    texts = store_texts(session, wave, [f"Abends mehr Zeit {n}" for n in range(12)])
    for _ in range(8):
        submit(wave, {"change": ["nothing"]}, location=1)

    def did(expected: str, response) -> None:
        assert response.status_code in (200, 302, 303), (expected, response.status_code)

    seen = 0

    def check(expected: str) -> None:
        nonlocal seen
        found = new_entries(session, seen)
        assert found == [expected], (expected, found)
        seen += 1

    did("report_viewed", manager.get(f"/reports/waves/{wave.id}?lang=de"))
    check("report_viewed")
    did("report_downloaded", manager.get(f"/reports/waves/{wave.id}/report.pdf?lang=de"))
    check("report_downloaded")
    did("text_released", review(manager, wave, texts[0], "release", text="Abends mehr Zeit"))
    check("text_released")
    did("text_rejected", review(manager, wave, texts[1], "reject"))
    check("text_rejected")
    page = f"/reports/waves/{wave.id}/results"
    did(
        "results_finding_added",
        manager.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page),
    )
    check("results_finding_added")
    did(
        "results_published",
        manager.submit(f"{page}/publication", {"action": "publish", "language": ["de"]}, form_page=page),
    )
    check("results_published")
    did("results_withdrawn", manager.submit(f"{page}/publication", {"action": "withdraw"}, form_page=page))
    check("results_withdrawn")

    did(
        "-",
        manager.submit(
            "/staff/questionnaires/library",
            {"questionnaire": "family_needs"},
            form_page="/staff/questionnaires",
        ),
    )
    assert new_entries(session, seen) == []  # a draft is not yet a publication
    draft = session.scalars(select(QuestionnaireDraft).order_by(QuestionnaireDraft.id.desc())).first()
    did(
        "questionnaire_published",
        manager.submit(
            f"/staff/questionnaires/drafts/{draft.id}/publish",
            {},
            form_page=f"/staff/questionnaires/drafts/{draft.id}",
        ),
    )
    check("questionnaire_published")

    running = make_wave("offer_feedback", opens_in=-1, closes_in=20)
    session.commit()
    seen = len(new_entries(session, 0))
    did(
        "wave_closed",
        manager.submit(f"/staff/waves/{running.id}/close", {}, form_page=f"/staff/waves/{running.id}"),
    )
    check("wave_closed")
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    did(
        "wave_extended",
        manager.submit(
            f"/staff/waves/{running.id}/extend", {"closes_on": later}, form_page=f"/staff/waves/{running.id}"
        ),
    )
    check("wave_extended")
    did(
        "wave_changed",
        manager.submit(
            f"/staff/waves/{running.id}/retention", {"days": "90"}, form_page=f"/staff/waves/{running.id}"
        ),
    )
    check("wave_changed")
    account = {
        "email": "neu@bezirk.example",
        "name": "Neue Kollegin",
        "role": "staff",
        "password": "first password 123",
    }
    did("account_created", manager.submit("/staff/accounts/new", account, form_page="/staff/accounts/new"))
    check("account_created")
    new = session.scalar(select(Activity).filter_by(action="account_created"))
    assert new.detail == "neu@bezirk.example"

    # a refused action leaves nothing
    manager.submit(
        f"/staff/waves/{running.id}/retention", {"days": "-1"}, form_page=f"/staff/waves/{running.id}"
    )
    manager.submit(f"{page}/findings", {"finding": "change invented"}, form_page=page)
    assert new_entries(session, seen) == []

    entries = session.scalars(select(Activity)).all()
    assert {entry.account for entry in entries} == {"leitung@neukoelln.example"}
    assert all(entry.district_id == wave.district_id for entry in entries)

    # the district's administrators read it on a page and download it
    log = manager.get("/staff/activity").get_data(as_text=True)
    assert log.count("leitung@neukoelln.example") == len(entries)
    assert "Report downloaded" in log and "Free text released" in log
    csv = manager.get("/staff/activity.csv").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == len(entries) + 1 and "report_downloaded" in csv
    assert "Abends mehr Zeit" not in log + csv  # no family data

    # another district's administrator sees none of it; staff may not look
    manager.logout()
    mitte = Staff(client)
    mitte.login(make_user("district_admin", district="01").email)
    assert "leitung@neukoelln.example" not in mitte.get("/staff/activity").get_data(as_text=True)
    assert "leitung@neukoelln.example" not in mitte.get("/staff/activity.csv").get_data(as_text=True)
    mitte.logout()
    staff = Staff(client)
    staff.login(make_user("staff").email)
    assert staff.get("/staff/activity").status_code == 403
    assert staff.get("/staff/data-protection").status_code == 403


def test_the_data_protection_page_names_the_settings_in_force(app, session, make_wave, manager):
    wave = make_wave("offer_feedback", opens_in=-10, closes_in=-1)
    wave.retention_days = 90
    session.commit()
    old_k = app.config["REPORT_K"]
    app.config["REPORT_K"] = 7
    try:
        page = manager.get("/staff/data-protection").get_data(as_text=True)
        markdown = manager.get("/staff/data-protection.md").get_data(as_text=True)
    finally:
        app.config["REPORT_K"] = old_k
    for text in (page, markdown):
        assert "k = 7" in text and "14" in text
        assert "365 days" in text  # the district's default
        assert "Testwelle" in text and "90" in text
        assert "response.submitted_on" in text and "the day it was sent (no time)" in text
        assert "730 days" in text  # the activity log
    kind = "SQLite file" if app.config["DATABASE_URL"].startswith("sqlite") else "PostgreSQL database"
    assert kind in page and "postgres@" not in page  # where, never the credentials
    assert markdown.startswith("# Data protection:")


def test_every_stored_column_is_described():
    from survey.services.data_protection import STORED, stored_fields

    assert [name for name, _what in stored_fields()] == list(STORED)


def test_the_command_writes_the_facts_as_markdown(app, session, tmp_path):
    target = tmp_path / "datenschutz.md"
    result = app.test_cli_runner().invoke(
        args=["data-protection", "--district", "08", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Datenschutz: Neukölln") and f"k = {app.config['REPORT_K']}" in text
    assert re.search(r"gelöscht 365 Tage nach dem letzten Tag", text)
