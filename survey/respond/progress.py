"""The family's answers so far, carried in a signed hidden field instead of a session.

The server keeps nothing between pages and sets no cookie. The token is signed (so
answers cannot be forged), timestamped (a page left open too long must be confirmed
again) and carries a random nonce that makes the final submit count only once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


@dataclass
class Progress:
    wave: int
    location: int
    version: int
    started: str  # ISO date the family began; no time of day
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    answers: dict[str, Any] = field(default_factory=dict)
    assisted: bool = False
    kiosk: bool = False  # a shared tablet: return to the start after the thank-you page
    access: str = ""  # the one-time code the family entered, when the wave needs one

    def started_on(self) -> dt.date:
        return dt.date.fromisoformat(self.started)


class ProgressInvalid(Exception):
    """The token is forged, damaged, for another survey, or far too old."""


class ProgressExpired(Exception):
    """The token is genuine but the page was open too long; the answers are still good."""

    def __init__(self, progress: Progress):
        super().__init__("page open too long")
        self.progress = progress


class ProgressSigner:
    def __init__(self, secret_key: str, max_age: int, max_days: int):
        self._serializer = URLSafeTimedSerializer(secret_key, salt="mitsprache.progress")
        self.max_age = max_age
        self.max_days = max_days

    def dump(self, progress: Progress) -> str:
        return self._serializer.dumps(vars(progress))

    def load(self, token: str, today: dt.date) -> Progress:
        try:
            data = self._serializer.loads(token, max_age=self.max_age)
        except SignatureExpired as expired:
            data = self._serializer.load_payload(expired.payload) if expired.payload else None
            raise ProgressExpired(self._check(data, today)) from None
        except BadSignature:
            raise ProgressInvalid from None
        return self._check(data, today)

    def _check(self, data: Any, today: dt.date) -> Progress:
        try:
            progress = Progress(**data)
            if not isinstance(progress.answers, dict):
                raise TypeError("answers")
            too_old = (today - progress.started_on()).days > self.max_days
        except (TypeError, ValueError) as error:
            raise ProgressInvalid from error
        if too_old:
            raise ProgressInvalid
        return progress
