"""A staff member in the browser without JavaScript, over HTTP: logs in and sends forms
with the CSRF token the page carries, as a browser would."""

from __future__ import annotations

import re
from html import unescape

from tests.conftest import PASSWORD

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return unescape(match.group(1) or match.group(2))


class Staff:
    """Reads the staff pages in English (its browser asks for it), so tests can quote the
    texts as the code has them; the German pages are checked by the catalog tests."""

    def __init__(self, client, language: str = "en"):
        self.client = client
        self.response = None
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language

    @property
    def html(self) -> str:
        return self.response.get_data(as_text=True)

    def get(self, url: str, **kwargs):
        self.response = self.client.get(url, **kwargs)
        return self.response

    def submit(self, url: str, data: dict | None = None, *, form_page: str | None = None, **kwargs):
        """Open the page with the form (``form_page``, default ``url``), then post ``data``
        with the page's CSRF token."""
        page = self.client.get(form_page or url)
        fields = {"csrf_token": csrf_token(page.get_data(as_text=True)), **(data or {})}
        self.response = self.client.post(url, data=fields, **kwargs)
        return self.response

    def login(self, email: str, password: str = PASSWORD):
        return self.submit("/staff/login", {"email": email, "password": password})

    def logout(self):
        return self.submit("/staff/logout", form_page="/staff/")
