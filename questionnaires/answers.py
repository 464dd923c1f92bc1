"""What a family typed, made safe to store: digits, contact masking, answer errors."""

import re
from dataclasses import dataclass, field

# Arabic-Indic (U+0660..0669) and Persian/Extended Arabic-Indic (U+06F0..06F9) digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]{2,}")
# A phone number: an optional +, then at least six digits that may be split by spaces,
# dots, slashes, dashes or brackets.
_PHONE = re.compile(r"(?:\+|\b00)?\(?\d(?:[\s./()\-]{0,2}\d){5,}")

EMAIL_MASK = "[E-Mail]"
PHONE_MASK = "[Telefon]"


# C0 and C1 control characters other than tab and line feed (NUL cannot even be stored
# in PostgreSQL); carriage returns become line feeds first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Typed text without control characters, with plain line breaks."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def normalize_digits(text: str) -> str:
    """Turn Arabic-Indic and Persian digits into ASCII digits."""
    return text.translate(_DIGITS)


def mask_contacts(text: str) -> str:
    """Replace e-mail addresses and phone numbers so they are never stored."""
    text = _EMAIL.sub(EMAIL_MASK, text)
    return _PHONE.sub(PHONE_MASK, normalize_digits(text))


@dataclass(frozen=True)
class AnswerError(Exception):
    """An answer that cannot be accepted.

    ``code`` names the problem; ``params`` fill in the message. The web layer turns
    both into a sentence in the family's language.
    """

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.params}" if self.params else self.code
