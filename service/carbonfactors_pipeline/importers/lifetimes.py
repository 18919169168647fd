"""Default service lifetimes and in-use shares per hardware category, from tool data.

Embodied carbon is amortized over a lifetime, so every hardware category in the catalog
needs one. Three datasets state lifetimes as numbers:

- Cloud Carbon Footprint: ``SERVER_EXPECTED_LIFESPAN`` 35,040 h (4 years), applied to the
  whole host's embodied emissions, CPUs, DRAM, local drives and GPU add-ons included;
- Boavizta API archetypes: ``USAGE.hours_life_time`` and ``USAGE.use_time_ratio`` of each
  server archetype (generic platforms and the cloud host platforms the instances use);
- manufacturer PCFs: the ``lifetime`` each sheet assumed.

Facts read in papers (BLOOM's 6-year GPU replacement and 85 % usage, Google's six-year TPU
functional unit) live in the hand-written ``factors/lifetimes/literature.yaml`` beside
these generated files.

Re-run (byte-identical on unchanged upstream data)::

    carbonfactors import lifetimes --sources /work/shared/sources
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any

from carbonfactors.kinds import factor_id

from . import Importer, register
from ._common import header, number, read_csv, rounded, write_folder

NAME = "lifetimes"
HOURS_PER_YEAR = 8760
#: Categories whose embodied carbon CCF amortizes over the host server's lifespan.
CCF_CATEGORIES = (
    "server",
    "cloud_instance",
    "cpu",
    "cpu_architecture",
    "gpu",
    "accelerator",
    "storage",
    "component",
)
CCF_WHY = {
    "server": "the expected lifespan of a commodity rack server",
    "cloud_instance": "applied to each instance's share of its host's embodied emissions",
    "cpu": "CPUs are amortized with their host server",
    "cpu_architecture": "CPUs are amortized with their host server",
    "gpu": "GPU add-ons (150 kgCO2e each) are amortized with their host server",
    "accelerator": "accelerator cards are part of the host platform amortized with the server",
    "storage": "local SSD/HDD add-ons are amortized with their host server",
    "component": "DRAM, drives and other parts are amortized with their host server",
}


def _factor(
    kind: str, category: str, year: int, source: str, value: float, **extra: Any
) -> dict[str, Any]:
    unit, basis = ("years", "service") if kind == "lifetime" else ("fraction", "estimated")
    f: dict[str, Any] = {
        "id": factor_id(kind, f"category:{category}", year, source, basis),
        "kind": kind,
        "subject": f"category:{category}",
        "year": year,
        "value": rounded(value, 4),
        "unit": unit,
        "basis": basis,
    }
    for key in ("low", "high"):
        if key in extra:
            f[key] = rounded(extra.pop(key), 4)
    f["source"] = source
    f.update(extra)
    return f


def ccf(sources: Path) -> list[dict[str, Any]]:
    consts = read_csv(sources / "ccf-constants" / "ccf_power_and_other_constants.csv")
    hours = {float(c["value"]) for c in consts if c["constant"] == "SERVER_EXPECTED_LIFESPAN"}
    if len(hours) != 1:
        raise ValueError(
            f"expected one SERVER_EXPECTED_LIFESPAN across providers, got {sorted(hours)}"
        )
    h = hours.pop()
    return [
        _factor(
            "lifetime",
            cat,
            2022,
            "ccf-methodology",
            h / HOURS_PER_YEAR,
            method=f"CCF SERVER_EXPECTED_LIFESPAN {h:g} h / 8760 h ({CCF_WHY[cat]}); same value for AWS, GCP, Azure and Alibaba.",
            inputs={"hours": rounded(h)},
        )
        for cat in CCF_CATEGORIES
    ]


def boavizta(sources: Path) -> list[dict[str, Any]]:
    boa = sources / "boaviztapi" / "archetypes"
    servers = read_csv(boa / "server.csv")
    cloud_platforms = {
        r["platform"]
        for p in ("aws", "azure", "gcp", "ovhcloud", "scaleway")
        for r in read_csv(boa / "cloud" / f"{p}.csv")
    }
    out = []
    for cat, rows, what in (
        (
            "server",
            [r for r in servers if r["id"] not in cloud_platforms],
            "generic server archetypes (not cloud hosts)",
        ),
        (
            "cloud_instance",
            [r for r in servers if r["id"] in cloud_platforms],
            "cloud host platform archetypes",
        ),
    ):
        hours = [number(r["USAGE.hours_life_time"]) for r in rows]
        years = [h / HOURS_PER_YEAR for h in hours if h]
        common, n = Counter(years).most_common(1)[0]
        spread = ", ".join(f"{rounded(y)} y x {c}" for y, c in sorted(Counter(years).items()))
        out.append(
            _factor(
                "lifetime",
                cat,
                2026,
                "boavizta-api",
                common,
                low=min(years),
                high=max(years),
                method=f"USAGE.hours_life_time of the {len(years)} Boavizta {what}: most common value ({n} of {len(years)}); low/high = range ({spread}).",
                inputs={
                    "archetypes": len(years),
                    "hours_most_common": rounded(common * HOURS_PER_YEAR),
                },
            )
        )
        ratios = [number(r["USAGE.use_time_ratio"]) for r in rows]
        vals = [r for r in ratios if r is not None]
        if vals and 0 < mean(vals) <= 1:
            out.append(
                _factor(
                    "in_use_share",
                    cat,
                    2026,
                    "boavizta-api",
                    mean(vals),
                    low=min(vals),
                    high=max(vals),
                    method=f"Mean USAGE.use_time_ratio of the {len(vals)} Boavizta {what} (share of the lifetime the device is in use).",
                )
            )
    return out


def pcf(sources: Path) -> list[dict[str, Any]]:
    rows = read_csv(sources / "boavizta-environmental-footprint-data" / "boavizta-data-us.csv")
    rows = [r for r in rows if r["category"] == "Datacenter"]
    out = []
    for cat, subs in (
        ("server", {"Server", "Converged", "Converged Edge"}),
        ("storage", {"Hard drive", "SAN/NAS"}),
    ):
        picked = [r for r in rows if r["subcategory"] in subs and number(r["lifetime"])]
        years = [number(r["lifetime"]) or 0.0 for r in picked]
        by = Counter(f"{r['manufacturer']} {rounded(number(r['lifetime']) or 0)} y" for r in picked)
        report_years = [
            int(y) for r in picked for y in r["report_date"].split() if y.isdigit() and len(y) == 4
        ]
        out.append(
            _factor(
                "lifetime",
                cat,
                max(report_years),
                "boavizta-pcf",
                mean(years),
                low=min(years),
                high=max(years),
                method=(
                    f"Mean of the lifetimes assumed by {len(years)} manufacturer PCFs of {cat} products "
                    f"({', '.join(f'{k}: {v}' for k, v in sorted(by.items()))}); year = latest report year; low/high = range."
                ),
            )
        )
    return out


def convert(sources: Path, factors_root: Path) -> list[Path]:
    files = {
        "ccf.yaml": {"factors": ccf(sources)},
        "boavizta-api.yaml": {"factors": boavizta(sources)},
        "boavizta-pcf.yaml": {"factors": pcf(sources)},
    }
    head = header(
        NAME,
        [
            "ccf-constants/ccf_power_and_other_constants.csv (SERVER_EXPECTED_LIFESPAN)",
            "boaviztapi/archetypes/server.csv, archetypes/cloud/*.csv (Boavizta/boaviztapi)",
            "boavizta-environmental-footprint-data/boavizta-data-us.csv (lifetime column)",
        ],
    )
    return write_folder(factors_root / "lifetimes", files, head)


register(
    Importer(
        name=NAME,
        description="Lifetimes and in-use shares per hardware category (CCF, Boavizta archetypes, PCFs)",
        upstream=".",
        convert=convert,
    )
)
