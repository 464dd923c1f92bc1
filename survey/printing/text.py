"""Text on printed pages: the invitation, the fonts, right-to-left shaping and fitting a
line into the width it has.

The fonts are the DejaVu fonts that matplotlib ships (Latin with Romanian and
Vietnamese letters, Cyrillic, and Arabic with the Persian letters), so every language
prints with real glyphs and no system fonts. reportlab draws glyphs one after another:
it neither joins Arabic letters nor orders right-to-left text, so Arabic and Persian
lines are shaped (arabic-reshaper) and put in visual order (python-bidi) before drawing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


def _matplotlib_fonts() -> Path:
    """Found without importing matplotlib, which the web processes never load."""
    spec = find_spec("matplotlib")
    assert spec is not None and spec.origin is not None, "matplotlib is a dependency"
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


FONTS = _matplotlib_fonts()
SANS, SANS_BOLD, MONO_BOLD = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono-Bold"
DASHES = {"–", "—", "-"}
_RIGHT_TO_LEFT_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@dataclass(frozen=True)
class Invitation:
    """The one-line invitation to the survey in one language, as printed on a poster."""

    language: str
    text: str
    direction: Literal["ltr", "rtl"] = "ltr"
    details: str = ""  # until when it runs, whether a code is needed

    @property
    def full(self) -> str:
        return f"{self.text} {self.details}" if self.details else self.text


@cache
def register_fonts() -> None:
    """Register the fonts with reportlab (once per process)."""
    for name in (SANS, SANS_BOLD, MONO_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))


def visual(text: str, direction: str | None = None) -> str:
    """The text as it is drawn from left to right: Arabic-script letters in their joined
    forms, right-to-left runs reversed. The paragraph direction is ``direction`` ("ltr" or
    "rtl"), or, when it is not given, that of the first letter with a direction. Text
    without right-to-left letters is returned as it is (composed, as the fonts have the
    composed letters)."""
    text = unicodedata.normalize("NFC", text)
    if direction != "rtl" and not _RIGHT_TO_LEFT_LETTERS.search(text):
        return text
    base = {"rtl": "R", "ltr": "L"}.get(direction or "")
    return get_display(arabic_reshaper.reshape(text), base_dir=base)


def width(text: str, font: str, size: float) -> float:
    """The width in points of a line already in visual order."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def fitting_size(text: str, font: str, size: float, available: float, smallest: float = 6) -> float:
    """The font size at which the line fits ``available`` points: ``size`` when it fits,
    else smaller (never below ``smallest``)."""
    needed = width(text, font, size)
    if needed <= available:
        return size
    return max(smallest, size * available / needed)


def wrap(text: str, font: str, size: float, available: float) -> list[str]:
    """Break the text (in logical order) into lines that fit ``available`` points; a dash
    stays at the end of the line before it, never starts one."""
    lines: list[str] = []
    for word in _words(unicodedata.normalize("NFC", text)):
        if lines and width(f"{lines[-1]} {word}", font, size) <= available:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _words(text: str) -> list[str]:
    """The words of the text, a lone dash joined to the word before it."""
    words: list[str] = []
    for word in text.split():
        if word in DASHES and words:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words
