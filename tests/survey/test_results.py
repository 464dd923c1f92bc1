"""Results back to families: a district administrator composes findings from the report's
published figures, adds what the district does, publishes in complete languages; families
read them at their location's link, in their language, without a script or a cookie."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from survey.models import Activity
from tests.survey.staff import Staff
from tests.survey.test_printing import decoded, painted_rectangles

TODAY = dt.date.today()


@pytest.fixture
def closed_wave(make_wave, submit):
    """The feedback questionnaire, closed yesterday, 20 answers: 14 want another time."""
    wave = make_wave("offer_feedback", opens_in=-30, closes_in=-1)
    for n in range(20):
        change = ["other_time"] if n < 14 else ["nothing"]
        submit(
            wave, {"change": change, "come_again": "yes" if n % 2 else "no"}, language="ar" if n < 8 else "de"
        )
    return wave


@pytest.fixture
def admin(client, make_user):
    staff = Staff(client)
    staff.login(make_user("district_admin").email)
    return staff


def publish_with_one_measure(admin: Staff, wave, languages=("de", "ar")) -> None:
    page = f"/reports/waves/{wave.id}/results"
    assert admin.get(page).status_code == 200
    assert (
        admin.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page).status_code == 303
    )
    finding = re.search(r'id="finding-(\d+)"', admin.get(page).get_data(True)).group(1)
    measure = {
        "status": "started",
        "starts_on": "2027-01-15",
        "what-de": "Beratung auch am Abend",
        "what-ar": "استشارة في المساء أيضاً",
    }
    response = admin.submit(f"{page}/findings/{finding}/measures", measure, form_page=page)
    assert response.status_code == 303
    data = {"action": "publish", "language": list(languages)}
    assert admin.submit(f"{page}/publication", data, form_page=page).status_code == 303


def test_a_family_reads_the_published_results_in_arabic(client, admin, closed_wave, session):
    publish_with_one_measure(admin, closed_wave)
    code = closed_wave.locations[0].code
    family = client.get(f"/s/{code}", headers={"Accept-Language": "ar"})
    assert family.status_code == 302 and family.location.endswith(f"/s/{code}/results")
    choose = client.get(f"/s/{code}/results", headers={"Accept-Language": "ar"})
    assert f'href="/s/{code}/ar/results"' in choose.get_data(True)
    page = client.get(f"/s/{code}/ar/results")
    html = page.get_data(True)
    assert page.status_code == 200 and '<html lang="ar" dir="rtl">' in html
    assert "استشارة في المساء أيضاً" in html  # the measure, in Arabic
    assert "7" in re.search(r'class="sentence"[^>]*><strong>([^<]*)</strong>', html).group(
        1
    )  # 14 of 20 → 7 of 10
    assert "Set-Cookie" not in page.headers
    scripts = re.findall(r'<script src="([^"]*)"', html)
    assert len(scripts) == 1 and re.fullmatch(r"/assets/family\.\w+\.js", scripts[0])  # read aloud, optional
    assert "Beratung auch am Abend" not in html  # never another language's text
    # a language not published is not shown
    assert client.get(f"/s/{code}/tr/results").status_code == 404
    logged = session.scalars(select(Activity.action).filter_by(wave_id=closed_wave.id)).all()
    assert logged[-1] == "results_published" and "results_finding_added" in logged


def test_a_status_update_reaches_the_families(client, admin, closed_wave):
    publish_with_one_measure(admin, closed_wave)
    page = f"/reports/waves/{closed_wave.id}/results"
    html = admin.get(page).get_data(True)
    finding, measure = re.search(r'/findings/(\d+)/measures/(\d+)"', html).groups()
    update = {
        "status": "done",
        "what-de": "Beratung auch am Abend",
        "what-ar": "استشارة في المساء أيضاً",
        "update-de": "Seit Januar jeden Dienstag bis 19 Uhr",
        "update-ar": "منذ يناير كل ثلاثاء حتى الساعة 7 مساءً",
    }
    assert (
        admin.submit(f"{page}/findings/{finding}/measures/{measure}", update, form_page=page).status_code
        == 303
    )
    family = client.get(f"/s/{closed_wave.locations[0].code}/ar/results").get_data(True)
    assert "منذ يناير كل ثلاثاء حتى الساعة 7 مساءً" in family
    assert "status-done" in family


def test_a_language_with_missing_texts_cannot_be_published(client, admin, closed_wave):
    page = f"/reports/waves/{closed_wave.id}/results"
    admin.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page)
    finding = re.search(r'id="finding-(\d+)"', admin.get(page).get_data(True)).group(1)
    admin.submit(
        f"{page}/findings/{finding}/measures",
        {"status": "planned", "what-de": "Abends offen"},
        form_page=page,
    )
    admin.submit(f"{page}/publication", {"action": "publish", "language": ["de", "ar"]}, form_page=page)
    code = closed_wave.locations[0].code
    assert client.get(f"/s/{code}/ar/results").status_code == 404
    assert client.get(f"/s/{code}/de/results").status_code == 404  # refused as a whole: nothing published
    admin.submit(f"{page}/publication", {"action": "publish", "language": ["de"]}, form_page=page)
    assert "Abends offen" in client.get(f"/s/{code}/de/results").get_data(True)


def test_a_figure_can_only_come_from_the_published_report(admin, closed_wave):
    page = f"/reports/waves/{closed_wave.id}/results"
    html = admin.get(page).get_data(True)
    assert 'value="change other_time"' in html
    # a made-up answer code, or a number typed in, is refused and stores nothing
    response = admin.submit(f"{page}/findings", {"finding": "change invented", "count": "3"}, form_page=page)
    assert response.status_code == 303
    assert 'class="finding-edit"' not in admin.get(page).get_data(True)


def test_withdrawn_results_are_gone_for_families(client, admin, closed_wave):
    publish_with_one_measure(admin, closed_wave)
    page = f"/reports/waves/{closed_wave.id}/results"
    admin.submit(f"{page}/publication", {"action": "withdraw"}, form_page=page)
    code = closed_wave.locations[0].code
    assert client.get(f"/s/{code}/ar/results").status_code == 404
    assert client.get(f"/s/{code}").status_code == 410  # closed, and nothing to show


def test_the_results_poster_carries_a_qr_code_to_the_results_page(admin, closed_wave):
    publish_with_one_measure(admin, closed_wave)
    location = closed_wave.locations[0]
    response = admin.get(
        f"/reports/waves/{closed_wave.id}/results/poster.pdf",
        query_string={"location": location.id, "lang": ["de"]},
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    image, _box = painted_rectangles(response.data, 0)
    assert decoded(image) == [f"http://localhost/s/{location.code}/results"]
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "7 von 10 Familien" in text and "Beratung auch am Abend" in text
    assert "10 ﻋﺎﺋﻼﺕ" not in text and "ﺍﺳﺘﺸﺎﺭﺓ" not in text  # German only, as chosen
    both = admin.get(
        f"/reports/waves/{closed_wave.id}/results/poster.pdf",
        query_string={"location": location.id, "lang": ["ar", "de"]},
    )
    assert "ﺍﺳﺘﺸﺎﺭﺓ" in PdfReader(io.BytesIO(both.data)).pages[0].extract_text()


def test_an_open_waves_language_page_offers_the_last_results(client, admin, closed_wave, make_wave, session):
    code = closed_wave.locations[0].code
    next_wave = make_wave("offer_feedback")
    next_wave.locations = [closed_wave.locations[0]]
    session.commit()
    before = client.get(f"/s/{code}", headers={"Accept-Language": "de"})
    assert before.status_code == 200, before.get_data(True)
    assert f"/s/{code}/results" not in before.get_data(True)  # nothing published yet
    publish_with_one_measure(admin, closed_wave)
    after = client.get(f"/s/{code}", headers={"Accept-Language": "de"}).get_data(True)
    assert f'href="/s/{code}/results"' in after and 'name="lang"' in after  # the survey, and the results


def test_the_district_page_lists_every_published_result(client, admin, closed_wave):
    assert client.get("/s/results/08").status_code == 404  # nothing published yet
    publish_with_one_measure(admin, closed_wave)
    page = client.get("/s/results/08", headers={"Accept-Language": "ar"})
    html = page.get_data(True)
    code = closed_wave.locations[0].code
    assert page.status_code == 200 and '<html lang="ar" dir="rtl">' in html
    assert f'href="/s/{code}/ar/results"' in html and closed_wave.locations[0].name in html
    assert client.get("/s/results/01").status_code == 404  # another district has none


def test_the_results_page_is_small(client, admin, closed_wave):
    publish_with_one_measure(admin, closed_wave)
    page = client.get(f"/s/{closed_wave.locations[0].code}/ar/results")
    assert len(page.data) <= 30_000


def test_a_finding_per_location_shows_each_place_with_enough_answers(
    client, admin, make_wave, submit, session
):
    wave = make_wave("offer_feedback", locations=2, opens_in=-30, closes_in=-1)
    for place, wanting in ((0, 9), (1, 6)):  # of 12 answers each: 9 and 6 want another time
        for n in range(12):
            submit(wave, {"change": ["other_time"] if n < wanting else ["nothing"]}, location=place)
    page = f"/reports/waves/{wave.id}/results"
    admin.submit(f"{page}/findings", {"finding": "change other_time", "by": "location"}, form_page=page)
    html = admin.get(page).get_data(True)
    assert "Familienzentrum 1: 9 / 12 · Familienzentrum 2: 6 / 12" in html
    finding = re.search(r'id="finding-(\d+)"', html).group(1)
    admin.submit(
        f"{page}/findings/{finding}/measures",
        {"status": "planned", "what-de": "Abends offen"},
        form_page=page,
    )
    admin.submit(f"{page}/publication", {"action": "publish", "language": ["de"]}, form_page=page)
    family = client.get(f"/s/{wave.locations[1].code}/de/results").get_data(True)
    groups = re.search(r'<ul class="groups">(.*?)</ul>', family, re.S).group(1)
    assert "Familienzentrum 1</bdi>: 8 von 10 Familien" in groups  # 9 of 12, rounded
    assert "Familienzentrum 2</bdi>: 5 von 10 Familien" in groups  # 6 of 12


def test_a_breakdown_into_groups_too_small_is_refused(admin, closed_wave):
    page = f"/reports/waves/{closed_wave.id}/results"  # one location: nothing to break down
    response = admin.submit(
        f"{page}/findings", {"finding": "change other_time", "by": "location"}, form_page=page
    )
    assert response.status_code == 303
    assert 'class="finding-edit"' not in admin.get(page).get_data(True)


def test_a_measure_shows_its_effect_in_the_next_waves_report_and_results(
    client, admin, closed_wave, make_wave, submit, session
):
    """Measure after wave 1 ("evening advice"), linked to "another time" (7 of 10 then);
    in wave 2 at the same place 3 of 10 say so: the report and the families see both."""
    page = f"/reports/waves/{closed_wave.id}/results"
    admin.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page)
    finding = re.search(r'id="finding-(\d+)"', admin.get(page).get_data(True)).group(1)
    measure = {
        "status": "done",
        "effect": "change other_time",
        "what-de": "Beratung auch am Abend",
        "what-ar": "استشارة في المساء أيضاً",
    }
    assert admin.submit(f"{page}/findings/{finding}/measures", measure, form_page=page).status_code == 303
    admin.submit(f"{page}/publication", {"action": "publish", "language": ["de", "ar"]}, form_page=page)

    later = make_wave("offer_feedback", opens_in=-10, closes_in=-1)
    later.locations = [closed_wave.locations[0]]
    session.commit()
    for n in range(20):
        answers = {"change": ["other_time"] if n < 6 else ["nothing"], "come_again": "yes" if n % 2 else "no"}
        submit(later, answers)

    report = admin.get(f"/reports/waves/{later.id}?lang=de").get_data(True)
    effects = re.search(
        r"<table[^>]*>\s*<caption[^>]*>Maßnahmen und die Antwort.*?</table>", report, re.S
    ).group(0)
    assert "Beratung auch am Abend" in effects and "umgesetzt" in effects
    assert re.search(r"70\W*%\s*\(14 / 20\)", effects) and re.search(r"30\W*%\s*\(6 / 20\)", effects)
    pdf = admin.get(f"/reports/waves/{later.id}/report.pdf?lang=de").data
    printed = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Maßnahmen aus früheren Befragungen" in printed and "Beratung auch am Abend" in printed
    # the earlier wave's own report has no later wave to show
    assert "Maßnahmen aus früheren" not in admin.get(f"/reports/waves/{closed_wave.id}?lang=de").get_data(
        True
    )

    later_page = f"/reports/waves/{later.id}/results"
    admin.submit(f"{later_page}/findings", {"finding": "come_again no"}, form_page=later_page)
    admin.submit(
        f"{later_page}/publication", {"action": "publish", "language": ["de", "ar"]}, form_page=later_page
    )
    html = client.get(f"/s/{closed_wave.locations[0].code}/ar/results").get_data(True)
    block = re.search(r'<ul class="measures effects">(.*?)</ul>', html, re.S).group(1)
    assert "استشارة في المساء أيضاً" in block
    change = " ".join(re.findall(r'<p class="change">(.*?)</p>', block, re.S))
    digits = [int(d) for d in re.findall(r"\d+", change.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))]
    assert digits == [7, 10, 3, 10], change  # before 7 of 10, now 3 of 10
    german = client.get(f"/s/{closed_wave.locations[0].code}/de/results").get_data(True)
    assert "Vorher: 7 von 10 Familien" in german and "Jetzt: 3 von 10 Familien" in german


def test_an_effect_must_be_an_answer_of_the_questionnaire(admin, closed_wave):
    page = f"/reports/waves/{closed_wave.id}/results"
    admin.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page)
    finding = re.search(r'id="finding-(\d+)"', admin.get(page).get_data(True)).group(1)
    bad = {"status": "planned", "effect": "change invented", "what-de": "Abends offen"}
    admin.submit(f"{page}/findings/{finding}/measures", bad, form_page=page)
    html = admin.get(page).get_data(True)
    assert "Abends offen" not in html and 'class="measure"' not in html


def test_results_in_leichte_sprache(client, admin, closed_wave):
    page = f"/reports/waves/{closed_wave.id}/results"
    admin.submit(f"{page}/findings", {"finding": "change other_time"}, form_page=page)
    html = admin.get(page).get_data(True)
    assert "Leichte Sprache" in html and 'name="what-de-x-ls"' in html
    finding = re.search(r'id="finding-(\d+)"', html).group(1)
    measure = {
        "status": "planned",
        "what-de": "Beratung auch am Abend",
        "what-de-x-ls": "Sie können auch am Abend kommen.",
    }
    admin.submit(f"{page}/findings/{finding}/measures", measure, form_page=page)
    admin.submit(f"{page}/publication", {"action": "publish", "language": ["de", "de-x-ls"]}, form_page=page)
    code = closed_wave.locations[0].code
    choose = client.get(f"/s/{code}/results").get_data(True)
    assert f'href="/s/{code}/leichte-sprache/results"' in choose and f'href="/s/{code}/de/results"' in choose
    easy = client.get(f"/s/{code}/leichte-sprache/results", headers={"Accept-Language": "en"})
    text = easy.get_data(True)
    assert easy.status_code == 200 and '<html lang="de" dir="ltr">' in text
    assert "Sie können auch am Abend kommen." in text and "Beratung auch am Abend" not in text
    assert (
        "Was Familien gesagt haben" in text and "What families said" not in text
    )  # the app's texts in German
    german = client.get(f"/s/{code}/de/results").get_data(True)
    assert "Beratung auch am Abend" in german and f'href="/s/{code}/leichte-sprache/results"' in german
    poster = admin.get(
        f"/reports/waves/{closed_wave.id}/results/poster.pdf",
        query_string={"location": closed_wave.locations[0].id, "lang": ["de-x-ls"]},
    )
    printed = " ".join(PdfReader(io.BytesIO(poster.data)).pages[0].extract_text().split())
    assert "Geplant – Sie können auch am Abend kommen." in printed
