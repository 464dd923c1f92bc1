"""Berlin's district regions (LOR 2021): polygons for the map, children for the reach.

Open data shipped in ``analysis/data`` (see its SOURCE.md): Geoportal Berlin /
Lebensweltlich orientierte Räume (LOR) 01.01.2021; Amt für Statistik Berlin-Brandenburg;
CC BY 3.0 DE.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
REGIONS_GEOJSON = DATA / "bezirksregionen2021.geojson"
RESIDENTS_CSV = DATA / "EWR_L21_202512E_Matrix.csv"
CHILD_COLUMNS = ("E_EU1", "E_E1U6", "E_E6U15", "E_E15U18")
ATTRIBUTION = (
    "Geoportal Berlin / Lebensweltlich orientierte Räume (LOR) 01.01.2021; "
    "Amt für Statistik Berlin-Brandenburg (CC BY 3.0 DE)"
)
RESIDENTS_ATTRIBUTION = (
    "Amt für Statistik Berlin-Brandenburg, Einwohnerregisterstatistik 31.12.2025 (CC BY 3.0 DE)"
)


@dataclass(frozen=True)
class Region:
    code: str  # 6-digit LOR code
    name: str
    district_code: str
    district_name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings, lon/lat


@cache
def regions() -> dict[str, Region]:
    """Every district region of Berlin by LOR code."""
    data = json.loads(REGIONS_GEOJSON.read_text(encoding="utf-8"))
    out = {}
    for feature in data["features"]:
        props = feature["properties"]
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = tuple(tuple((float(x), float(y)) for x, y in polygon[0]) for polygon in polygons)
        out[props["bzr_id"]] = Region(
            props["bzr_id"], props["bzr_name"], props["bez_id"], props["bez_name"], rings
        )
    return out


def district_regions(district_code: str) -> list[Region]:
    return sorted((r for r in regions().values() if r.district_code == district_code), key=lambda r: r.code)


@cache
def children_by_region() -> dict[str, int]:
    """Children under 18 per district region (sum over its planning areas)."""
    totals: dict[str, int] = {}
    with RESIDENTS_CSV.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter=";"):
            code = row["RAUMID"][:6]
            count = sum(int(row[c]) for c in CHILD_COLUMNS if row[c].strip().isdigit())
            totals[code] = totals.get(code, 0) + count
    return totals
