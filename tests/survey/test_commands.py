"""The flask commands staff and operators use."""

import re
from pathlib import Path

from questionnaires.library import LIBRARY


def test_check_questionnaire_shows_each_languages_completeness(app, tmp_path: Path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["check-questionnaire", str(LIBRARY / "family_needs.yaml")])
    assert result.exit_code == 0
    assert "family_needs: 15 questions" in result.output
    assert "  ar: complete" in result.output and "  vi: complete" in result.output

    partial = tmp_path / "partial.yaml"
    partial.write_text(
        """
code: partial
source_language: de
languages: [de, ar]
title: {de: Kurz, ar: قصير}
questions:
  - {code: ok, type: yesno, text: {de: "Alles gut?"}}
""",
        encoding="utf-8",
    )
    result = runner.invoke(args=["check-questionnaire", str(partial)])
    assert result.exit_code == 0
    assert "  de: complete" in result.output
    assert "  ar: 1/2, missing: ok text" in result.output


def test_check_questionnaire_names_every_problem_and_fails(app, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "code: x\nsource_language: de\nlanguages: [de]\ntitle: T\n"
        "questions:\n  - {code: Bad, type: slider, text: x}\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["check-questionnaire", str(broken)])
    assert result.exit_code == 1
    assert "question #1 / code: must be 1-40 lower-case letters" in result.output
    assert "question #1 / type: unknown type 'slider'" in result.output


def test_demo_prints_each_family_link(app, session):
    result = app.test_cli_runner().invoke(args=["demo", "--base-url", "http://example.test:8080"])
    assert result.exit_code == 0
    assert "Familienzentrum Rixdorf: http://example.test:8080/s/FZRIXD" in result.output
    assert "Familienzentrum Gropiusstadt: http://example.test:8080/s/FZGROP" in result.output


def test_demo_prints_a_staff_login_that_works_until_the_next_start(app, session):
    from tests.survey.staff import Staff

    runner = app.test_cli_runner()
    passwords = []
    for _ in range(2):
        output = runner.invoke(args=["demo"]).output
        passwords.append(re.search(r"demo login (\S+), password (\S+),", output).groups())
    (email, old), (_, new) = passwords
    assert old != new
    staff = Staff(app.test_client())
    assert staff.login(email, old).status_code == 401
    assert staff.login(email, new).status_code == 302
    staff.get("/staff/waves")
    assert "Demo: Familienbefragung" in staff.html
