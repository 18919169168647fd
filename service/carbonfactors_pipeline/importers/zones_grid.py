"""Grid zones (countries, sub-national grids, the world) from the grid datasets' own zone lists.

Every grid-intensity importer files its factors under a zone id; this importer writes the
zone records those ids resolve to, with names and the parent country of each sub-national
grid, so lookups can fall back from a balancing authority or bidding zone to its country.

Zone ids: countries by ISO 3166-1 alpha-2 (Kosovo ``XK``); sub-national grids by their
Electricity Maps zone key (``US-CAL-CISO``, ``DK-DK1``), parent = the country Electricity
Maps assigns them (the key's prefix in every case today); ``WORLD`` as the one aggregate.
Electricity Maps' placeholder ``XX`` (Northern Cyprus) has no ISO code and no data: skipped.
A sub-national grid Electricity Maps models with no interconnector (``_isolated_grids``)
carries ``isolated`` (the evidence): lookups never give it its country's value; so does one
whose every interconnector leads out of its country (``_foreign_linked_grids``: Crimea, fed
from Russia's grid since November 2015; Corsica, linked only to Italy), and so does one
linked only to other sub-zones of its country, never to its grid (``_linked_groups``: the
Canary island pairs Tenerife-La Gomera and Fuerteventura-Lanzarote, audit 1796655557 a-IS). A country
inside a neighbour's grid with no series of its own (``_host_grids``) maps to that grid.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from . import Importer, register
from ._common import header, write_folder
from ._foreign_linked_grids import NOT_FED_BY_PARENT
from ._grid_common import WORLD, ifi_name_to_iso3, is_iso2, iso3_to_iso2, owid_zone
from ._host_grids import HOST_GRIDS
from ._host_grids import SOURCE as HOST_GRID_SOURCE
from ._isolated_grids import EVIDENCE, ISOLATED
from ._linked_groups import cut_off
from ._linked_groups import evidence as group_evidence

NAME = "grid-zones"
OWID_CSV = Path("owid-ember-2026/owid_carbon_intensity_elec_2015_plus.csv")
EM_YEARLY_CSV = Path("co2js/electricitymaps_yearly_2021_2025.csv")
EM_ZONES_INDEX = Path("electricitymaps/zones_index.csv")
UPSTREAM = (
    OWID_CSV,
    EM_YEARLY_CSV,
    EM_ZONES_INDEX,
    Path("eco2ai/carbon_index_trimmed.csv"),
    Path("co2js/output/marginal-intensities-2021.json"),
)
#: Zone folders this importer owns, by zone type.
FOLDERS = {
    "country": "zones/country",
    "subnational": "zones/subnational",
    "aggregate": "zones/aggregate",
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class _Zones:
    """Collects zones; the first name given for a zone wins (sources are read best first)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.parents: dict[str, str] = {}

    def add(self, zone: str, name: str, parent: str | None = None) -> None:
        name = name.strip()
        if zone not in self.names or not self.names[zone]:
            self.names[zone] = name
        if parent and zone not in self.parents:
            self.parents[zone] = parent

    def kind(self, zone: str) -> str:
        if zone == WORLD:
            return "aggregate"
        return "subnational" if "-" in zone else "country"


def collect(sources_root: Path) -> _Zones:
    """Read every zone list; countries first from OWID (the best names), then the others."""
    zones = _Zones()
    crosswalk = iso3_to_iso2(sources_root)
    for row in _rows(sources_root / OWID_CSV):
        zone = owid_zone(row["iso_code"].strip(), crosswalk)
        if zone is not None:
            zones.add(zone, row["country"])
    index = _rows(sources_root / EM_ZONES_INDEX)
    for row in index:
        key = row["zone_key"].strip()
        if "-" not in key and is_iso2(key):
            zones.add(key, row["zone_name"])
    for row in _rows(sources_root / EM_YEARLY_CSV):
        key = row["zone_key"].strip()
        if "-" not in key and is_iso2(key):
            zones.add(key, row["zone_name"])
    for name, iso3 in sorted(ifi_name_to_iso3(sources_root).items()):
        iso2 = crosswalk.get(iso3)
        if iso2 is not None:
            zones.add(iso2, name)
    countries = {z for z in zones.names if zones.kind(z) == "country"}
    for rows in (index, _rows(sources_root / EM_YEARLY_CSV)):
        for row in rows:
            key = row["zone_key"].strip()
            if "-" not in key:
                continue
            parent = (row.get("country") or "").strip() or key.split("-", 1)[0]
            if parent not in countries:
                raise ValueError(f"{key}: parent country '{parent}' is not a known zone")
            zones.add(key, row["zone_name"], parent)
    return zones


def convert(sources_root: Path, factors_root: Path) -> list[Path]:
    zones = collect(sources_root)
    # ISO 3166-1 alpha-3 codes as aliases: tools such as CodeCarbon report countries that way.
    iso3: dict[str, list[str]] = {}
    for code3, code2 in iso3_to_iso2(sources_root).items():
        if len(code3) == 3 and code3.isalpha() and code3.isupper():
            iso3.setdefault(code2, []).append(code3)
    files: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in FOLDERS}
    subs = {z: p for z, p in zones.parents.items() if zones.kind(z) == "subnational"}
    groups = cut_off(subs, ISOLATED | frozenset(NOT_FED_BY_PARENT))  # audit 1796655557 a-IS
    for zone in sorted(zones.names):
        name = zones.names[zone] or zone
        record: dict[str, Any] = {"id": zone, "name": name, "type": zones.kind(zone)}
        if zone in zones.parents:
            record["parent"] = zones.parents[zone]
        if record["type"] == "subnational" and zone in ISOLATED:
            record["isolated"] = EVIDENCE
        elif record["type"] == "subnational" and zone in NOT_FED_BY_PARENT:
            since, why = NOT_FED_BY_PARENT[zone]
            record["isolated"] = why  # audit 1796636393 a-M1
            if since is not None:
                record["isolated_since"] = since  # w15 sub-national pass (generation 12)
        elif record["type"] == "subnational" and zone in groups:
            record["isolated"] = group_evidence(zone, groups[zone], zones.parents[zone])
        if record["type"] == "country" and zone in HOST_GRIDS:
            host, why = HOST_GRIDS[zone]
            record.update(grid_zone=host, mapping_source=HOST_GRID_SOURCE, mapping_evidence=why)
        if record["type"] == "country" and zone in iso3:
            record["aliases"] = sorted(iso3[zone])
        files[record["type"]][f"{zone}.yaml"] = {"zones": [record]}
    head = header(NAME, (str(p) for p in UPSTREAM))
    changed: list[Path] = []
    for kind, folder in FOLDERS.items():
        changed += write_folder(factors_root / folder, files[kind], head)
    return changed


IMPORTER = register(
    Importer(
        name=NAME,
        description="Grid zones: countries (ISO2), Electricity Maps sub-national zones, WORLD",
        upstream=".",
        convert=convert,
    )
)
