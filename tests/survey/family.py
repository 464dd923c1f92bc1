"""A family answering over HTTP, as a browser without JavaScript would: it reads the
hidden fields of each page and posts the form back with the button it pressed."""

from __future__ import annotations

import re
from html import unescape

_FIELD = re.compile(r'<input type="hidden" name="(progress|screen)" value="([^"]*)">')
_ERROR = re.compile(r'<p class="error" id="error"[^>]*>([^<]*)</p>')


class Family:
    def __init__(self, client, code: str, language: str, query: str = ""):
        self.client = client
        self.url = f"/s/{code}/{language}"
        self.query = query  # of the first page only, e.g. "?access=…" from a printed slip
        self.fields: dict[str, str] = {}
        self.response = None

    @property
    def html(self) -> str:
        return self.response.get_data(as_text=True)

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def screen(self) -> str | None:
        return self.fields.get("screen")

    @property
    def error(self) -> str | None:
        found = _ERROR.search(self.html)
        return unescape(found.group(1)) if found else None

    def open(self) -> Family:
        return self._read(self.client.get(self.url + self.query))

    def press(
        self,
        nav: str | None = None,
        answer: str | list[str] | None = None,
        edit: str | None = None,
        headers: dict | None = None,
        **fields,
    ) -> Family:
        data = dict(self.fields)
        if nav:
            data["nav"] = nav
        if edit:
            data["edit"] = edit
        if answer is not None:
            data["answer"] = answer
        data.update(fields)
        sent = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}
        sent.update(headers or {})
        return self._read(self.client.post(self.url, data=data, headers=sent))

    def start(self) -> Family:
        return self.open().press("next")

    def answer(self, value: str | list[str]) -> Family:
        return self.press("next", answer=value)

    def skip(self) -> Family:
        return self.press("skip")

    def back(self) -> Family:
        return self.press("back")

    def submit(self) -> Family:
        return self.press("submit")

    def _read(self, response) -> Family:
        self.response = response
        found = dict(_FIELD.findall(response.get_data(as_text=True)))
        if found:
            self.fields = {key: unescape(value) for key, value in found.items()}
        return self
