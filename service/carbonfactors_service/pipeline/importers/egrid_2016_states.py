"""US state CO2 emission rates from EPA eGRID 2016, as shipped by CodeCarbon.

CodeCarbon's ``private_infra/2016/usa_emissions.json`` maps a state name to its eGRID 2016
output emission rate in lbs CO2/MWh (``_unit`` metadata entry) and its two-letter code, plus
a national ``usa`` entry. eGRID output emission rates count the CO2 emitted by the plants'
fuel combustion per MWh generated: basis ``direct``, year 2016. Values are converted with
the exact pound, lbs/MWh x 0.45359237 = kg/MWh = g/kWh; the raw value stays in ``inputs``.

Subjects: the national entry is the country zone ``US``; states (and DC) are sub-national
zones with their ISO 3166-2 ids (``US-CA``, ``US-DC``), type ``subnational``, parent ``US``.
This importer writes those zone records under ``zones/us-states/`` (its own folder: the
``grid-zones`` importer rewrites ``zones/subnational/`` whole). Where another importer
already defines a zone with the same id (Electricity Maps' ``US-AK`` "Alaska" and ``US-HI``
"Hawaii", whole-state grids) the factor uses that zone and no second record is written; the
existing zone must carry the state's name, otherwise the ids clash and the run fails.
A state one balancing authority dominates gets that authority as its ``grid_zone`` (from
``factors/region-mappings.yaml``, with the evidence), so a lookup for "California" uses the
CAISO series rather than falling back to the US average.

Re-run: ``carbonfactors import egrid-2016-states --sources /work/shared/sources`` (after
``grid-zones``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..factorfiles import read_yaml
from . import Importer, register
from ._common import header, rounded, write_folder
from ._mappings import apply, read_mappings

NAME = "egrid-2016-states"
SOURCE = "epa-egrid-2016"
YEAR = 2016
EGRID_JSON = Path("codecarbon/private_infra/2016/usa_emissions.json")
FOLDER = Path("grid") / NAME
ZONE_FOLDER = Path("zones/us-states")
COUNTRY = "US"
NATIONAL_KEY = "usa"
UNIT_KEY = "_unit"
EXPECTED_UNIT = "lbs/MWh"
#: Exact definition of the international avoirdupois pound in kg.
KG_PER_LB = 0.45359237
METHOD = (
    "EPA eGRID 2016 CO2 output emission rate ({scope}): CO2 from fuel combustion at "
    "generating plants per MWh generated (direct, production-based; no upstream emissions, "
    "no transmission losses). Converted from lbs CO2/MWh: value = emissions_lb_per_mwh x "
    "0.45359237 kg/lb (kg/MWh = g/kWh); CO2 only, stored as gCO2e/kWh."
)
_STATE_CODE = re.compile(r"^[A-Z]{2}$")
_LOWER_WORDS = frozenset({"of"})


def state_name(key: str) -> str:
    """'district of columbia' -> 'District of Columbia'."""
    words = key.strip().split()
    return " ".join(w if w in _LOWER_WORDS and i else w.capitalize() for i, w in enumerate(words))


def read_rates(path: Path) -> dict[str, tuple[str, float]]:
    """Zone id -> (name, lbs CO2/MWh); refuses a unit other than lbs/MWh."""
    with path.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)
    unit = str(data.get(UNIT_KEY, {}).get("emissions", ""))
    if unit != EXPECTED_UNIT:
        raise ValueError(f"{EGRID_JSON}: emissions unit {unit!r}, expected {EXPECTED_UNIT!r}")
    out: dict[str, tuple[str, float]] = {}
    for key, entry in data.items():
        if key == UNIT_KEY:
            continue
        lbs = entry["emissions"]
        if isinstance(lbs, bool) or not isinstance(lbs, (int, float)):
            raise ValueError(f"{EGRID_JSON}: {key}: emissions is not a number: {lbs!r}")
        if key == NATIONAL_KEY:
            zone, name = COUNTRY, "United States"
        else:
            code = str(entry["regionCode"]).strip()
            if not _STATE_CODE.match(code):
                raise ValueError(f"{EGRID_JSON}: {key}: bad state code {code!r}")
            zone, name = f"{COUNTRY}-{code}", state_name(key)
        if zone in out:
            raise ValueError(f"{EGRID_JSON}: two entries for {zone}")
        out[zone] = (name, float(lbs))
    return out


def existing_zones(factors_root: Path) -> dict[str, str]:
    """Zone id -> name of every zone other importers or hands wrote (not our own folder)."""
    out: dict[str, str] = {}
    own = (factors_root / ZONE_FOLDER).resolve()
    folder = factors_root / "zones"
    for path in sorted(folder.rglob("*.yaml")) if folder.exists() else []:
        if own in path.resolve().parents:
            continue
        data = read_yaml(path).data
        for z in (data or {}).get("zones", []) or []:
            out[str(z["id"])] = str(z.get("name") or "")
    return out


def convert(sources_root: Path, factors_root: Path) -> list[Path]:
    rates = read_rates(sources_root / EGRID_JSON)
    existing = existing_zones(factors_root)
    areas = read_mappings(factors_root, "areas")
    zones: dict[str, dict[str, Any]] = {}
    factors: dict[str, dict[str, Any]] = {}
    for zone, (name, lbs) in sorted(rates.items()):
        if zone != COUNTRY:
            if zone in existing:
                if existing[zone].casefold() != name.casefold():
                    raise ValueError(
                        f"zone id {zone} already names '{existing[zone]}', not the state {name}"
                    )
            else:
                record = {"id": zone, "name": name, "type": "subnational", "parent": COUNTRY}
                if zone in areas:
                    record = apply(record, areas[zone])
                zones[f"{zone}.yaml"] = {"zones": [record]}
        scope = "national average" if zone == COUNTRY else f"state of {name}"
        factors[f"{zone}.yaml"] = {
            "factors": [
                {
                    "id": f"grid_intensity:{zone}:{YEAR}:{SOURCE}",
                    "kind": "grid_intensity",
                    "subject": zone,
                    "year": YEAR,
                    "value": rounded(lbs * KG_PER_LB),
                    "unit": "gCO2e/kWh",
                    "basis": "direct",
                    "source": SOURCE,
                    "method": METHOD.format(scope=scope),
                    "inputs": {"emissions_lb_per_mwh": rounded(lbs)},
                }
            ]
        }
    head = header(NAME, [str(EGRID_JSON)])
    return write_folder(factors_root / ZONE_FOLDER, zones, head) + write_folder(
        factors_root / FOLDER, factors, head
    )


IMPORTER = register(
    Importer(
        name=NAME,
        description="US states, DC and US total, EPA eGRID 2016 CO2 output rates (direct)",
        upstream=".",
        convert=convert,
        requires=("grid-zones",),
    )
)
