"""Fewer bytes and requests on prepaid data: static files under content-hashed names
cached for a year, gzip on the family pages (never on staff pages), a meta description,
and a robots.txt that keeps survey links out of search engines."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

from survey.assets import without_comments
from tests.survey.family import Family

STATIC = Path(__file__).resolve().parents[2] / "survey" / "static"
ASSET = re.compile(r'(?:href|src)="(/assets/(\w+)\.([0-9a-f]{12})\.(css|js))"')


def test_static_files_have_content_hashed_names_and_are_kept_a_year(client, session, make_wave):
    family = Family(client, make_wave().locations[0].code, "de").start()
    found = {f"{stem}.{ext}": (url, digest) for url, stem, digest, ext in ASSET.findall(family.html)}
    assert set(found) == {"style.css", "family.js"}
    assert "/static/" not in family.html
    for filename, (url, digest) in found.items():
        source = (STATIC / filename).read_text(encoding="utf-8")
        body = without_comments(source).encode()
        assert digest == hashlib.sha256(body).hexdigest()[:12]  # a changed file gets a new name
        assert "/*" not in body.decode() and len(body) < len(source.encode())  # comments stay at home
        with client.get(url) as served:
            assert served.status_code == 200 and served.data == body
            assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert "Set-Cookie" not in served.headers
        with client.get(url, headers={"Accept-Encoding": "gzip"}) as served:
            assert served.headers["Content-Encoding"] == "gzip" and gzip.decompress(served.data) == body
    assert client.get("/assets/style.000000000000.css").status_code == 404


def test_family_pages_are_gzipped_when_the_phone_accepts_it_staff_pages_never(client, session, make_wave):
    code = make_wave().locations[0].code
    plain = client.get(f"/s/{code}/ar")
    packed = client.get(f"/s/{code}/ar", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(packed.data).decode()
    assert 'lang="ar" dir="rtl"' in page and len(packed.data) < len(page.encode()) / 2
    assert packed.headers["Cache-Control"] == "no-store"
    staff = client.get("/staff/login", headers={"Accept-Encoding": "gzip"})
    assert staff.status_code == 200 and "Content-Encoding" not in staff.headers


def test_a_description_for_link_previews_and_robots_keep_out(client, session, make_wave):
    code = make_wave().locations[0].code
    german = client.get(f"/s/{code}/de").get_data(as_text=True)
    assert '<meta name="description" content="Eine anonyme Umfrage für Familien im Bezirk.' in german
    turkish = client.get(f"/s/{code}/tr").get_data(as_text=True)
    assert '<meta name="description" content="İlçedeki aileler için anonim bir anket.' in turkish
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    assert "User-agent: *\nDisallow: /\n" in robots.get_data(as_text=True)
    assert client.get(f"/s/{code}").headers["X-Robots-Tag"] == "noindex, nofollow"
