"""The gettext catalogs: in step with the code, complete for families in every shipped
language, and with the same placeholders as the English text (a wrong one would break
the page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from survey.config import DEFAULTS
from survey.i18n import TRANSLATIONS

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
# Staff pages: German and English suffice there.
STAFF_ONLY = (
    "survey/staff/",
    "survey/reports/",
    "survey/auth/",
    "survey/templates/staff/",
    "survey/services/data_protection.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")


def extracted() -> dict[str, set[str]]:
    """msgid → the files it appears in, straight from the code."""
    found: dict[str, set[str]] = {}
    method_map = [("survey/**.py", "python"), ("survey/**/templates/**.html", "jinja2")]
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, set()).add(filename)
    return found


def catalog(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def family_facing(files: set[str]) -> bool:
    return any(not f.startswith(STAFF_ONLY) for f in files)


def test_the_catalog_template_is_in_step_with_the_code():
    with (TRANSLATIONS / "messages.pot").open("rb") as file:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}
    in_code = set(extracted())
    assert in_code - template == set(), "new texts in the code: run `make catalogs`"
    assert template - in_code == set(), "texts gone from the code: run `make catalogs`"


@pytest.mark.parametrize("language", DEFAULTS["LANGUAGES"])
def test_every_family_facing_text_is_translated(language):
    messages = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog(language) if m.id}
    missing = []
    for msgid, files in extracted().items():
        message = messages.get(msgid)
        strings = (
            message.string
            if message and isinstance(message.string, tuple)
            else ((message.string,) if message else ("",))
        )
        if family_facing(files) and (message is None or message.fuzzy or not all(strings)):
            missing.append(msgid)
    assert missing == [], f"{language}: untranslated or fuzzy"


@pytest.mark.parametrize("language", DEFAULTS["LANGUAGES"])
def test_translations_keep_the_placeholders(language):
    wrong = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if string and not set(PLACEHOLDER.findall(string)) <= expected:
                wrong.append((ids[0], string))
            if string and "%(" not in ids[-1] and "%(" in string:
                wrong.append((ids[0], string))
    assert wrong == []
