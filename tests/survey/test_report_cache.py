"""A report is made once and served again until what it is made from changes: a completed
batch of k answers, a free text released, the wave closing. Nothing else makes it anew —
not a repeated view, not an answer that completes no batch, not another worker."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

import analysis.report
from survey.models import ReportCache, WaveRelease
from tests.survey.staff import Staff
from tests.survey.test_text_review import review, store_texts


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The reports made (one entry per ``analysis.report.build`` call, its language)."""
    made: list[str] = []
    build = analysis.report.build

    def counted(publication, lang="de", *args, **kwargs):
        made.append(lang)
        return build(publication, lang, *args, **kwargs)

    monkeypatch.setattr(analysis.report, "build", counted)
    return made


@pytest.fixture
def manager(client, make_user):
    staff = Staff(client)
    staff.login(make_user("district_admin").email)
    return staff


def view(manager: Staff, wave, query: str = "lang=de") -> str:
    response = manager.get(f"/reports/waves/{wave.id}?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_report_is_made_again_only_when_what_it_shows_can_change(
    session, make_wave, manager, builds, submit
):
    wave = make_wave("offer_feedback", opens_in=-30, closes_in=3)
    texts = store_texts(session, wave, [f"Mehr Termine am Abend, bitte {n}" for n in range(10)])
    view(manager, wave)
    assert builds == ["de"]  # 10 answers: the first report
    view(manager, wave)
    view(manager, wave, "lang=de&by=location")  # a breakdown the open wave does not offer: the same report
    assert builds == ["de"]

    for _ in range(4):  # 14 answers: no batch of 5 more yet
        submit(wave, {"usefulness": "very_helpful"})
    view(manager, wave)
    assert builds == ["de"]

    submit(wave, {"usefulness": "very_helpful"})  # 15: a batch completes
    view(manager, wave)
    view(manager, wave)
    assert builds == ["de", "de"]

    view(manager, wave, "lang=en")  # another language is another report, made once
    view(manager, wave, "lang=en")
    assert builds == ["de", "de", "en"]

    assert review(manager, wave, texts[0], "release").status_code == 303
    view(manager, wave)
    assert builds == ["de", "de", "en", "de"]

    wave.closes_on = dt.date.today() - dt.timedelta(days=1)  # the wave closes
    session.commit()
    view(manager, wave)
    view(manager, wave)
    assert builds == ["de", "de", "en", "de", "de"]
    assert session.scalar(select(func.count()).select_from(WaveRelease).filter_by(wave_id=wave.id)) == 3

    # only the reports of the wave's latest inputs are kept
    kept = session.scalars(select(ReportCache.inputs).filter_by(wave_id=wave.id)).all()
    assert len(kept) == 1


def test_downloads_are_kept_too(session, make_wave, manager, builds, submit):
    wave = make_wave("offer_feedback", opens_in=-30, closes_in=-1)
    for n in range(12):
        submit(wave, {"usefulness": "very_helpful" if n % 2 else "not_helpful"})
    first = manager.get(f"/reports/waves/{wave.id}/report.pdf?lang=de")
    again = manager.get(f"/reports/waves/{wave.id}/report.pdf?lang=de")
    assert first.status_code == again.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data == again.data and builds == ["de"]
    csv = manager.get(f"/reports/waves/{wave.id}/report.csv?lang=de").get_data(as_text=True)
    assert "very_helpful" in csv or "Sehr hilfreich" in csv
    assert builds == ["de", "de"]


def test_a_wave_whose_answers_allow_no_new_release_is_not_decided_again(
    session, make_wave, manager, submit, monkeypatch
):
    """A closed wave with a full report and fewer than k answers more (a reopened and
    closed again wave) keeps its report without the answers being read again."""
    wave = make_wave("offer_feedback", opens_in=-30, closes_in=-1)
    for _ in range(10):
        submit(wave, {"usefulness": "very_helpful"})
    view(manager, wave)
    import analysis.publication

    read: list[int] = []
    load = analysis.publication.load_wave

    def counted(connection, wave_id, *args, with_answers=True, **kwargs):
        read.append(with_answers)
        return load(connection, wave_id, *args, with_answers=with_answers, **kwargs)

    monkeypatch.setattr(analysis.publication, "load_wave", counted)
    wave.closes_on = dt.date.today() + dt.timedelta(days=1)  # reopened
    session.commit()
    for _ in range(3):
        submit(wave, {"usefulness": "very_helpful"})
    wave.closes_on = dt.date.today() - dt.timedelta(days=1)  # closed again: 3 < k more
    session.commit()
    view(manager, wave)
    view(manager, wave)
    assert read == [False, False]  # the answers themselves were not read


def test_prepared_reports_spare_the_first_reader_the_wait(app, session, make_wave, manager, builds, submit):
    wave = make_wave("offer_feedback", opens_in=-30, closes_in=-1)
    for n in range(12):
        submit(wave, {"usefulness": "very_helpful" if n % 2 else "not_helpful"})
    result = app.test_cli_runner().invoke(args=["prepare-reports"])
    assert result.exit_code == 0 and "reports made" in result.output, result.output
    assert sorted(builds) == ["de", "en"]  # the release decided, the page's report kept in both
    assert session.scalar(select(func.count()).select_from(WaveRelease).filter_by(wave_id=wave.id)) == 1
    view(manager, wave)
    view(manager, wave, "lang=en")
    assert sorted(builds) == ["de", "en"]  # nothing made while the reader waits
    again = app.test_cli_runner().invoke(args=["prepare-reports"])
    assert "0 reports made" in again.output
