"""Cloud regions of every provider the mapping sources list, each mapped to a grid zone.

Five public tools map cloud regions to where their electricity comes from; they overlap,
use different region spellings and sometimes disagree. One rule makes the choice
deterministic: for each region, the first source in ``MAPPING_ORDER`` that maps it to a
zone we know wins (Electricity Maps' data-center list first: it is maintained by the grid
modellers and names sub-national zones; then Cloud Carbon Footprint, Boavizta, Green
Algorithms, ML CO2 Impact). A zone key without a grid zone of ours falls back to its
country. Regions that only Cloud Carbon Footprint names are left out: its tables carry
geography names (``unitedstates``, ``uk``) that are not regions, and Azure staging/EUAP
locations (``eastus2euap``), which are kept with the zone of their physical region.

A region settled by hand in ``factors/region-mappings.yaml`` (facility location, serving
utility or balancing authority, the pages that say so) takes that mapping instead, and a
region no upstream source lists (Oracle Cloud Infrastructure's) is written from its entry
alone; every region's ``mapping_evidence`` says where its mapping comes from.

No mapping rests on AGPL material: Electricity Maps' data-center list and Boavizta's region
archetypes are code repositories (AGPL-3.0), so they only *list* regions (and their display
names); their zone choices are never used (``AGPL_LISTS``). Every region they alone map has
an entry in ``region-mappings.yaml`` re-derived from the provider's own location name and
the grid operator serving it (a test holds every region to that file).

Writes ``zones/cloud/<provider>/<region>.yaml``, one cloud region per file.
Re-run: ``carbonfactors import cloud-regions --sources /work/shared/sources``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import Importer, register
from . import cloud_region_openings as openings
from ._common import header, read_csv, write_folder
from ._mappings import apply, read_mappings
from .cloud_regions_common import (
    ALIBABA_REGIONS,
    OVH_EM_SITE,
    OVH_MLCO2,
    PROVIDER_ALIASES,
    PROVIDERS,
    azure_region_id,
    countries,
    country_of,
    known_zones,
)
from .gcp_region_carbon import read_region_years

NAME = "cloud-regions"
OUT = Path("zones/cloud")

EM_DATA_CENTERS = Path("electricitymaps/data_centers.csv")
CCF_MAPPING = Path("ccf-constants/ccf_region_to_electricitymaps_zone.csv")
CCF_FACTORS = Path("ccf-constants/ccf_region_emission_factors.csv")
BOAVIZTA_REGIONS = Path("boaviztapi/archetypes/cloud/regions.csv")
GREEN_ALGORITHMS = Path("green-algorithms/latest/cloudProviders_datacenters.csv")
MLCO2_IMPACT = Path("mlco2-impact/impact.csv")
GOOGLE_REGION_CARBON = Path("gcp-region-carbon-info")

#: Source ids (factors/sources.yaml), most trusted mapping first.
EM = "electricitymaps-data-centers"
CCF = "ccf-region-mapping"
BOAVIZTA = "boavizta-api"
GA = "green-algorithms"
MLCO2 = "mlco2-impact"
GOOGLE = "google-region-carbon"
MAPPING_ORDER = (CCF, GA, MLCO2, GOOGLE)
#: AGPL sources: they list regions, but their zone choices are never a mapping.
AGPL_LISTS = (EM, BOAVIZTA)
#: What each mapping source is, for the evidence sentence on every region it maps.
SOURCE_WORDS: dict[str, str] = {
    EM: "Electricity Maps' data-center list (data_centers.json, with coordinates)",
    CCF: "Cloud Carbon Footprint's region table",
    BOAVIZTA: "Boavizta's cloud region archetypes (country only)",
    GA: "Green Algorithms' data-center list",
    MLCO2: "ML CO2 Impact's region table (country only)",
    GOOGLE: "Google's region carbon files (location text)",
}

#: Google's region-carbon file is the only source naming gcp:us-east2; its location text
#: ("Georgia") is the US state, so the region maps to the United States.
GOOGLE_LOCATION_COUNTRY: dict[str, str] = {"Georgia": "US"}

_LOGICAL = re.compile(r"^([a-z0-9]+?)(stage|euap)$")


@dataclass
class Region:
    """What the sources say about one region, gathered before the mapping rule picks."""

    provider: str
    region: str
    #: source id -> zone key (or country code) that source maps the region to
    zones: dict[str, str] = field(default_factory=dict)
    #: source id -> location text
    locations: dict[str, str] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    listed_by: set[str] = field(default_factory=set)


class _Collector:
    def __init__(self) -> None:
        self.regions: dict[tuple[str, str], Region] = {}

    def add(
        self,
        source: str,
        provider: str,
        region: str,
        zone: str | None = None,
        location: str | None = None,
        aliases: tuple[str, ...] = (),
    ) -> None:
        provider = PROVIDER_ALIASES.get(provider, provider)
        if provider not in PROVIDERS or not region or region.lower() == "unknown":
            return
        rec = self.regions.setdefault((provider, region), Region(provider, region))
        rec.listed_by.add(source)
        if zone and source not in rec.zones:
            rec.zones[source] = zone
        if location and source not in rec.locations:
            rec.locations[source] = location
        rec.aliases.update(a for a in aliases if a and a != region)


def _em(root: Path, c: _Collector) -> None:
    ovh_sites: dict[str, list[str]] = {}
    for ours, site in OVH_EM_SITE.items():
        ovh_sites.setdefault(site, []).append(ours)
    for r in read_csv(root / EM_DATA_CENTERS):
        provider, region, display = r["provider"], r["region"], r["display_name"]
        if provider == "azure":
            c.add(EM, provider, region, r["zone_key"], aliases=(display,))
        elif provider == "ovh":
            for ours in ovh_sites.get(region, [region]):
                c.add(EM, provider, ours, r["zone_key"], display, aliases=(region,))
        else:
            c.add(EM, provider, region, r["zone_key"], display)


def _ccf(root: Path, c: _Collector) -> None:
    for r in read_csv(root / CCF_MAPPING):
        provider, region = r["provider"], r["region"]
        if provider == "azure":
            region = azure_region_id(region)
        zone = r["electricity_maps_zone"]
        c.add(CCF, provider, region, None if zone == "null" else zone)
    for r in read_csv(root / CCF_FACTORS):
        if r["provider"] == "azure":
            c.add(CCF, "azure", azure_region_id(r["region"]))
        if r["provider"] == "alibaba" and r["region"] in ALIBABA_REGIONS:
            # CCF applies Chinese regional grid factors to every Alibaba region: China.
            rid, city = ALIBABA_REGIONS[r["region"]]
            c.add(CCF, "alibaba", rid, "CN", city, aliases=(r["region"],))


def _boavizta(root: Path, c: _Collector, iso3: dict[str, str]) -> None:
    for r in read_csv(root / BOAVIZTA_REGIONS):
        c.add(BOAVIZTA, r["provider"], r["region"], iso3.get(r["usage_location"]))


def _green_algorithms(root: Path, c: _Collector) -> None:
    # Two header lines: the first holds comments, the second the column names.
    lines = (root / GREEN_ALGORITHMS).read_text(encoding="utf-8").splitlines()[1:]
    for r in csv.DictReader(lines):
        name = (r.get("Name") or "").strip()
        provider = (r.get("provider") or "").strip()
        if not name or "(sovereign)" in name.lower():
            continue  # Microsoft Cloud Deutschland: closed sovereign regions
        region = azure_region_id(name) if provider == "azure" else name
        location = (r.get("location_freeForm") or "").strip()
        c.add(GA, provider, region, (r.get("location") or "").strip(), location, (name,))


def _mlco2(root: Path, c: _Collector, by_name: dict[str, str]) -> None:
    for r in read_csv(root / MLCO2_IMPACT):
        provider, region = r["provider"], r["region"]
        if provider == "ovh":
            region = OVH_MLCO2.get(region, region)
            aliases: tuple[str, ...] = (r["region"],)
        else:
            aliases = (r["regionName"],)
        where = [r["city"], r["state"], r["country"]]
        location = ", ".join(dict.fromkeys(w for w in where if w))
        c.add(MLCO2, provider, region, by_name.get(r["country"]), location, aliases)


def _google(root: Path, c: _Collector) -> None:
    latest: dict[str, str] = {}
    for ry in read_region_years(root / GOOGLE_REGION_CARBON):
        latest[ry.region] = ry.location  # rows are ordered by year: the last one wins
    for region, location in sorted(latest.items()):
        c.add(GOOGLE, "gcp", region, GOOGLE_LOCATION_COUNTRY.get(location), location)


def _listed(rec: Region) -> bool:
    """CCF alone is not enough to list a region (see the module docstring)."""
    return bool(rec.listed_by - {CCF}) or rec.provider == "alibaba"


def _logical_base(rec: Region) -> str | None:
    """The physical Azure region of a staging/EUAP location (``eastus2euap`` -> ``eastus2``).

    Azure usage data names these logical locations; each sits in its physical region, so it
    takes that region's grid zone. Cloud Carbon Footprint is the only source naming them.
    """
    if rec.provider != "azure" or rec.listed_by != {CCF}:
        return None
    m = _LOGICAL.match(rec.region)
    return m.group(1) if m else None


def _resolve(rec: Region, known: set[str]) -> tuple[str, str] | None:
    """(grid zone, mapping source) by the first source whose zone we know."""
    for source in MAPPING_ORDER:
        zone = rec.zones.get(source)
        if not zone:
            continue
        if zone in known:
            return zone, source
        if country_of(zone) in known:
            return country_of(zone), source
    return None


def _location(rec: Region) -> str | None:
    order = (GOOGLE, MLCO2, GA, CCF) if rec.provider == "gcp" else (MLCO2, GA, CCF)
    for source in order:
        if rec.locations.get(source):
            return rec.locations[source]
    return None


def _evidence(rec: Region, zone: str, source: str, location: str | None) -> str:
    """Where an upstream mapping comes from, in words (the utility is not stated upstream)."""
    said = rec.zones.get(source, zone)
    text = f"{SOURCE_WORDS[source]} maps {rec.provider}:{rec.region} to {said}"
    if said != zone:
        text += f" (no zone of ours has that key: its country {zone})"
    where = next((s for s in (GOOGLE, MLCO2, GA, CCF) if rec.locations.get(s)), None)
    if location and where:
        text += f"; location '{location}' from {where}"
    return text + "; the serving utility or balancing authority is not stated upstream."


def _record(
    rec: Region, zone: str, source: str, names: dict[str, str], curated: dict[str, Any] | None
) -> dict[str, Any]:
    display, operator = PROVIDERS[rec.provider]
    if curated is not None:
        zone = curated["grid_zone"]
    country = country_of(zone)
    location = (curated or {}).get("location") or _location(rec) or names.get(country)
    out: dict[str, Any] = {
        "id": f"{rec.provider}:{rec.region}",
        "name": f"{display} {rec.region}" + (f" ({location})" if location else ""),
        "type": "cloud_region",
        "parent": country,
        "provider": rec.provider,
        "grid_zone": zone,
        "operator": operator,
        "mapping_source": source,
    }
    if curated is not None:
        out = apply(out, curated)
    else:
        out["mapping_evidence"] = _evidence(rec, zone, source, location)
    if location:
        out["location"] = location
    aliases = sorted(a for a in rec.aliases if a.lower() != rec.region.lower())
    if aliases:
        out["aliases"] = aliases
    return out


def collect(
    root: Path, curated: dict[str, dict[str, Any]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every listed region as a zone record, in (provider, region) order, each with the
    opening year the lists on file give where none is hand-written
    (``cloud_region_openings``: a lookup before it warns BEFORE OPENING).

    ``curated``: hand-written mappings by region id (``factors/region-mappings.yaml``); they
    win over every upstream mapping and may list a region no upstream source maps.
    """
    dated = openings.on_file(root)
    for record in _collect(root, curated):
        yield openings.apply(record, dated.get(record["id"], []))


def _collect(
    root: Path, curated: dict[str, dict[str, Any]] | None = None
) -> Iterator[dict[str, Any]]:
    curated = curated or {}
    iso3, by_name, names = countries(root)
    # Countries stand for themselves even when Electricity Maps has only sub-zones (Chile).
    known = known_zones(root) | set(names)
    c = _Collector()
    _em(root, c)
    _ccf(root, c)
    _boavizta(root, c, iso3)
    _green_algorithms(root, c)
    _mlco2(root, c, by_name)
    _google(root, c)
    picked: dict[tuple[str, str], tuple[str, str]] = {}
    for key, rec in sorted(c.regions.items()):
        choice = _resolve(rec, known) if _listed(rec) else None
        hand = curated.get(f"{key[0]}:{key[1]}")
        if hand is not None and _listed(rec):
            choice = (hand["grid_zone"], "")
        if choice is not None:
            picked[key] = choice
    for key, rec in sorted(c.regions.items()):
        base = _logical_base(rec)
        if key in picked:
            yield _record(rec, *picked[key], names, curated.get(f"{key[0]}:{key[1]}"))
        elif base is not None and ("azure", base) in picked:
            physical = c.regions[("azure", base)]
            rec.locations.update(physical.locations)
            rec.aliases.clear()
            kind = "staging" if rec.region.endswith("stage") else "EUAP"
            hand = curated.get(f"azure:{rec.region}") or curated.get(f"azure:{base}")
            out = _record(rec, *picked[("azure", base)], names, hand)
            out["name"] = f"Microsoft Azure {rec.region} ({kind} location of {base})"
            yield out
    # A region no upstream source lists (Oracle's, named by FOCUS bills) comes from its
    # hand-written entry alone: the provider's location and the grid serving it.
    for rid, hand in sorted(curated.items()):
        provider, _, region = rid.partition(":")
        if provider in PROVIDERS and (provider, region) not in c.regions:
            yield _record(Region(provider, region), hand["grid_zone"] or "", "", names, hand)


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    files = {
        f"{z['provider']}/{z['id'].split(':', 1)[1]}.yaml": {"zones": [z]}
        for z in collect(upstream, read_mappings(factors_root, "cloud_regions"))
    }
    head = header(
        NAME,
        [
            str(p)
            for p in (
                EM_DATA_CENTERS,
                CCF_MAPPING,
                CCF_FACTORS,
                BOAVIZTA_REGIONS,
                GREEN_ALGORITHMS,
                MLCO2_IMPACT,
                GOOGLE_REGION_CARBON / "yearly",
                "co2js/electricitymaps_yearly_2021_2025.csv (zone keys)",
                "eco2ai/carbon_index_trimmed.csv (country codes)",
            )
        ],
    )
    return write_folder(factors_root / OUT, files, head)


register(
    Importer(
        name=NAME,
        description="cloud regions (AWS, GCP, Azure, OVH, Alibaba...) mapped to grid zones",
        upstream=".",
        convert=convert,
    )
)
