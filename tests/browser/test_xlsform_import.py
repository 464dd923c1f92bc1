"""A district administrator imports a KoboToolbox form in a real Chromium: German and
Arabic labels, a group, a condition, several answers, a repeat and device metadata. The
import report names what did not map by row; the draft shows both languages and the
condition; its XLSForm download converts with pyxform. Screenshots go to
test-artifacts/xlsform-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from tests.browser.test_staff_flow import ADMIN, Browser, demo_password, log_in
from tests.survey.test_xlsform_import import xlsx

pytestmark = pytest.mark.browser


def test_a_staff_member_imports_an_xlsform_and_reads_its_report(
    own_server, desktop, artifacts, tmp_path: Path
):
    staff = Browser(desktop.new_page(), own_server, artifacts)
    log_in(staff, ADMIN, demo_password(own_server))
    staff.link("Questionnaires")
    staff.link("Import a file")
    form = tmp_path / "kobo-form.xlsx"
    form.write_bytes(xlsx())
    staff.page.get_by_label("Questionnaire file (YAML or XLSForm)").set_input_files(str(form))
    staff.button("Import")

    assert staff.heading() == "Import report"
    assert (
        "kobo-form.xlsx is imported as a new draft: 4 questions in Deutsch (de), العربية (ar)"
        in staff.flash()
    )
    rows = staff.page.locator("table.xlsform-notes tbody tr")
    repeat = rows.filter(has_text="The repeat “child”")
    assert repeat.locator("td").nth(1).inner_text() == "5"
    assert repeat.locator("td").nth(3).inner_text() == "left out"
    staff.shot("xlsform-report")

    staff.link("Open the draft “Familien fragen”")
    assert staff.heading() == "Familien fragen"
    assert (
        "Only after the answer “Ja” to “Leben Kinder bei Ihnen?”"
        in staff.page.locator("ol.questions").inner_text()
    )
    staff.shot("xlsform-draft")
    staff.page.get_by_role("link", name="Was ist gerade schwer?").click()
    assert staff.page.locator('textarea[lang="ar"], input[lang="ar"]').first.input_value() == "ما الصعب الآن؟"

    staff.page.go_back()
    exported = staff.download(staff.page.get_by_role("link", name="Export as XLSForm"))
    path = tmp_path / "export.xlsx"
    path.write_bytes(exported)
    assert "ما الصعب الآن؟" in convert(xlsform=str(path), validate=False).xform
