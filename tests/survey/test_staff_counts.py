"""Counts staff can read, and none that could be set against a report: when the answers
of a wave came in (per week and per day, in steps of k), which questionnaires the
district's waves use, and why a report's number can be lower than the wave page's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from analysis.progress import steps
from survey.models import Response, Wave
from tests.survey.staff import Staff
from tests.survey.test_reports import store

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def manager(client, make_user) -> Staff:
    staff = Staff(client)
    assert staff.login(make_user("district_admin").email).status_code == 302
    return staff


def answered(session, wave: Wave, per_day: dict[dt.date, int]) -> None:
    for day, count in per_day.items():
        store(session, wave, count)
        for response in session.scalars(
            select(Response).filter_by(wave_id=wave.id, submitted_on=dt.date.today())
        ):
            response.submitted_on = day
        session.commit()


def test_the_steps_are_the_running_total_in_multiples_of_k_as_it_stood_each_evening():
    per_day = {
        MONDAY: 3,
        MONDAY + dt.timedelta(1): 4,
        MONDAY + dt.timedelta(3): 6,
        MONDAY + dt.timedelta(8): 1,
    }
    assert [(s.day, s.at_least) for s in steps(per_day, 5)] == [
        (MONDAY + dt.timedelta(1), 5),
        (MONDAY + dt.timedelta(3), 10),
    ]
    assert steps({MONDAY: 4}, 5) == []
    assert [(s.day, s.at_least) for s in steps({MONDAY: 12}, 5)] == [(MONDAY, 10)]


def test_the_wave_page_shows_per_week_and_per_day_when_each_step_of_five_was_reached(
    session, make_wave, manager
):
    wave = make_wave(opens_in=-20)
    answered(
        session,
        wave,
        {MONDAY: 3, MONDAY + dt.timedelta(1): 4, MONDAY + dt.timedelta(3): 6, MONDAY + dt.timedelta(8): 1},
    )
    manager.get(f"/staff/waves/{wave.id}")
    page = manager.html
    week = re.search(rf'<tr data-week="{MONDAY.isoformat()}">(.*?)</tr>', page, re.S).group(1)
    assert "at least 10" in week
    tuesday = re.search(rf'data-day="{(MONDAY + dt.timedelta(1)).isoformat()}">([^<]*)<', page).group(1)
    thursday = re.search(rf'data-day="{(MONDAY + dt.timedelta(3)).isoformat()}">([^<]*)<', page).group(1)
    assert tuesday.endswith("at least 5") and thursday.endswith("at least 10")
    assert f'data-day="{MONDAY.isoformat()}"' not in page, "a day below the next step is not shown"
    assert f'data-week="{(MONDAY + dt.timedelta(7)).isoformat()}"' not in page, "nor a week without a step"
    arrivals = re.sub(r"<[^>]+>", " ", page.split('class="arrivals"')[1].split("</table>")[0])
    arrivals = re.sub(r"\d{1,2} \w{3} \d{4}|\w{3} \d{1,2}, \d{4}", "", arrivals)  # the dates
    assert not re.search(r"\b(1|3|4|6|7|13|14)\b", arrivals), "no exact count of a day or week"
    assert "could be worked back to fewer than 5 families" in re.sub(r"\s+", " ", page)


def test_the_questionnaire_list_names_the_questionnaire_the_districts_wave_uses(session, make_wave, manager):
    wave = make_wave()
    wave.questionnaire_version.district_id = None  # a ready questionnaire of the system, as in the demo
    session.commit()
    manager.get("/staff/questionnaires")
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", manager.html))
    assert "None yet." not in page and "Nothing is published yet." not in page
    assert "Your waves use the published questionnaires listed" in page
    row = re.search(r"<tr>\s*<th scope=\"row\">[^<]*</th>.*?</tr>", manager.html, re.S).group(0)
    assert wave.questionnaire_version.title in row and "Testwelle" in row
    export = manager.get(f"/staff/questionnaires/versions/{wave.questionnaire_version_id}/export")
    assert export.status_code == 200


def test_a_report_explains_why_its_number_is_lower_than_the_wave_pages(session, make_wave, manager):
    wave = make_wave()
    store(session, wave, 4)
    manager.get(f"/reports/waves/{wave.id}?lang=en")
    text = re.sub(r"\s+", " ", manager.html)
    assert "results come in batches of at least 5 answers" in text
    manager.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    manager.get(f"/reports/waves/{wave.id}?lang=de")
    assert "in Paketen von mindestens 5 Antworten" in re.sub(r"\s+", " ", manager.html)


def test_a_district_with_published_versions_but_no_draft_is_not_told_none_yet(session, make_wave, manager):
    make_wave()  # publishes the district's own version; no draft
    for wave in session.scalars(select(Wave)):
        session.delete(wave)
    session.commit()
    manager.get("/staff/questionnaires")
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", manager.html))
    assert "None yet." not in page and "Your published questionnaires are listed" in page
