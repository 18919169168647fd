"""The accelerator catalog under construction: upstream file names, ACT defaults, the Epoch
table read into records, and the helpers every upstream reader shares.

Split from gpu_accelerators.py, which keeps the per-source readers (MLCO2, Green
Algorithms, CCF, Boavizta, ACT) and the build that merges them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from ._accelerator_extras import (
    MEMORY_LOW_READINGS,
    PACKAGE_DIES,
    RELEASE_YEARS,
    SPEC_ADDITIONS,
    SPEC_CORRECTIONS,
)
from ._accelerator_same_die import DIE_NAMES, SAME_DIE_AS, SAME_DIE_FIELDS
from ._accelerator_table import (
    EPOCH,
    EXTRAS,
    GPU_VENDORS,
    SKIP,
    VENDORS,
    Entry,
)
from ._common import number, read_csv, rounded, slugify, undated

NAME = "accelerators"
OUT = Path("hardware/accelerators")

EPOCH_CSV = "epoch-ml-hardware/ml_hardware.csv"
MLCO2_CSV = "mlco2-impact/gpus.csv"
GA_CSV = "green-algorithms/latest/TDP_gpu.csv"
CCF_CSV = "ccf-constants/ccf_methodology_appendixIII_gpu_watts.csv"
BOAVIZTA_FACTORS = "boaviztapi/factors.yml"
BOAVIZTA_GPUS = "boaviztapi/crowdsourcing/gpu_specs.csv"
ACT_LOGIC = "act/models/logic"
ACT_CI = "act/models/carbon_intensity/location_2022.yaml"

#: Year of each source's snapshot, for models with no known release year (Epoch's copy holds
#: rows last modified up to 2025-12-16: audit 1796669258 NY, the Ascend 800T A2's 310 W row
#: has no release date and was dropped although every other source files such rows).
SNAPSHOT_YEAR = {
    "mlco2-impact": 2026,
    "green-algorithms": 2025,
    "ccf-methodology": 2024,
    "epoch-ml-hardware": 2025,
}
#: The undated-row sentence every source's method carries (``_year_or_snapshot``).
UNDATED = (
    " Release year not in the sources (unknown): filed under the source snapshot year, "
    "with period 'undated'."
)

#: Vendor groups -> catalog file names.
VENDOR_FILES = {
    "nvidia": "nvidia",
    "amd": "amd",
    "google": "google",
    "intel": "intel",
    "aws": "aws",
}

#: ACT defaults (facebookresearch/ACT act/core/common.py and logic_model.py @ abc9fbb):
#: fab yield 0.875, fab in Taiwan, gas abatement "GPA97" = mean of the 95 % and 99 % tables,
#: 150 g per IC package.
ACT_YIELD = 0.875
ACT_FAB = "taiwan"
ACT_PACKAGE_KG = 0.150

Record = dict[str, Any]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _year(date: str) -> int | None:
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def _scaled(text: str, divisor: float, digits: int = 3) -> float | int | None:
    v = number(text)
    return None if v is None else rounded(v / divisor, digits)


def _epoch_specs(row: dict[str, str], entry: Entry | None) -> dict[str, Any]:
    fp16 = number(row["Tensor-FP16/BF16 performance (FLOP/s)"]) or number(
        row["FP16 (half precision) performance (FLOP/s)"]
    )
    specs: dict[str, Any] = {
        "memory_gb": _scaled(row["Memory (bytes)"], 1e9),
        "memory_bandwidth_tbs": _scaled(row["Memory bandwidth (byte/s)"], 1e12),
        "base_clock_ghz": _scaled(row["Base clock (MHz)"], 1e3),
        "die_area_mm2": _scaled(row["Die Size (mm^2)"], 1),
        "process_nm": _scaled(row["Process size (nm)"], 1),
        "transistors_billion": _scaled(row["Transistors (millions)"], 1e3),
        "fp16_tflops": None if fp16 is None else rounded(fp16 / 1e12, 3),
        "form_factor": entry.form_factor if entry else None,
    }
    if specs["memory_gb"] is None:
        specs["memory_gb"] = memory_in_name(row["Hardware name"])
    return {k: v for k, v in specs.items() if v is not None}


#: "Tesla P100 SXM2 16GB", "A800 80 GB": the memory a part's own name states.
_NAME_MEMORY = re.compile(r"\b(\d{1,3})\s?GB\b", re.IGNORECASE)


def memory_in_name(name: str) -> int | None:
    """The memory (GB) a part's name states when Epoch's memory column is blank: the sized
    embodied model must not count a named 16 GB as 0 GB (audit 2026-12-06 seed 1796563618,
    class M0: #37 and 15 parts). None when the name states none or several sizes."""
    found = {int(m.group(1)) for m in _NAME_MEMORY.finditer(name)}
    return found.pop() if len(found) == 1 else None


def _cite(specs: dict[str, Any], source: str, keys: Any = None) -> None:
    """Name ``source`` for ``keys`` of ``specs`` (default: all but form factor) in specs.sources."""
    cited = specs.setdefault("sources", {})
    for key in keys if keys is not None else specs:
        if key not in ("sources", "form_factor") and key in specs:
            cited.setdefault(key, source)
    if not cited:
        del specs["sources"]


def _auto_id(prefix: str, name: str, manufacturer: str) -> str:
    words = name.split()
    leads = {prefix, "amazon", "aws", (manufacturer.split() or [""])[0].lower()}
    if words and words[0].lower() in leads:
        words = words[1:]
    return f"{prefix}-{slugify(' '.join(words))}"


def _category(row: dict[str, str], entry: Entry | None) -> str:
    if entry and entry.category:
        return entry.category
    if row["Type"] == "TPU" or row["Manufacturer"] == "Google":
        return "tpu"
    return "gpu" if row["Manufacturer"] in GPU_VENDORS else "accelerator"


def _power(
    sid: str, subject: str, year: int, value: float, basis: str, method: str, dated: bool = True
) -> Record:
    return {
        "id": factor_id("power", subject, year, sid, basis),
        "kind": "power",
        "subject": subject,
        "year": year,
        "value": rounded(value, 3),
        "unit": "W",
        "basis": basis,
        **undated(dated),
        "source": sid,
        "method": method,
    }


class Catalog:
    """Hardware records by id, plus each record's vendor file."""

    def __init__(self) -> None:
        self.hardware: dict[str, Record] = {}
        self.group: dict[str, str] = {}

    def year(self, hid: str) -> int | None:
        y: int | None = self.hardware[hid].get("release_year")
        return y


def _epoch(path: Path, cat: Catalog) -> list[Record]:
    rows = read_csv(path)
    factors: list[Record] = []
    pending_dups: list[tuple[dict[str, str], Entry]] = []
    for row in rows:
        name = row["Hardware name"]
        if name in SKIP:
            continue
        entry = EPOCH.get(name)
        if entry is not None and entry.duplicate:
            pending_dups.append((row, entry))
            continue
        vendor, prefix = VENDORS[row["Manufacturer"]]
        hid = entry.id if entry else _auto_id(prefix, name, row["Manufacturer"])
        if hid in cat.hardware:
            raise ValueError(f"{EPOCH_CSV}: '{name}' maps to {hid}, already taken; fix the table")
        year = _year(row["Release date"])
        rec: Record = {
            "id": hid,
            "name": name,
            "category": _category(row, entry),
            "vendor": vendor,
            "aliases": list(entry.aliases) if entry else [],
            "release_year": year,
            "specs": _epoch_specs(row, entry),
        }
        _cite(rec["specs"], "epoch-ml-hardware")
        cat.hardware[hid] = rec
        cat.group[hid] = VENDOR_FILES.get(prefix, "others")
        tdp = number(row["TDP (W)"])
        if tdp is not None:
            note = _clean(row["Notes"])
            method = (
                "Epoch AI 'TDP (W)' column (datasheet value unless Epoch's notes say otherwise)."
            )
            if note:
                method += " Epoch notes: " + (note if len(note) <= 400 else note[:397] + "...")
            # A row with no release date is filed under the snapshot year, like every other
            # source's (audit 1796669258 NY), never dropped to the category median.
            fyear = year if year is not None else SNAPSHOT_YEAR["epoch-ml-hardware"]
            extra = "" if year is not None else UNDATED
            factors.append(
                _power("epoch-ml-hardware", hid, fyear, tdp, "tdp", method + extra, not extra)
            )
    for row, entry in pending_dups:
        rec = cat.hardware[entry.id]
        for key, val in _epoch_specs(row, None).items():
            rec["specs"].setdefault(key, val)
        _cite(rec["specs"], "epoch-ml-hardware")
        if row["Hardware name"] not in rec["aliases"] and row["Hardware name"] != rec["name"]:
            rec["aliases"].append(row["Hardware name"])
    return factors


def _extras(cat: Catalog) -> None:
    for hid, (added, source) in SPEC_ADDITIONS.items():
        rec = cat.hardware.get(hid)
        if rec is None:
            continue
        specs = rec.setdefault("specs", {})
        new = [k for k in added if k not in specs]
        specs.update({k: added[k] for k in new})
        _cite(specs, source, new)
    for hid, (dies, source, fewer, fewer_source) in PACKAGE_DIES.items():
        rec = cat.hardware.get(hid)
        if rec is None:
            continue
        specs = rec.setdefault("specs", {})
        specs["compute_dies"] = dies
        specs.setdefault("sources", {})["compute_dies"] = source
        if fewer is not None and fewer_source:
            specs["compute_dies_low"] = fewer
            specs["sources"]["compute_dies_low"] = fewer_source
    # A release year is not a spec, so its source is not in specs.sources: each part of
    # RELEASE_YEARS also takes a spec from the same source (SPEC_ADDITIONS), which cites it.
    for hid, (year, _source) in RELEASE_YEARS.items():
        rec = cat.hardware.get(hid)
        if rec is not None and rec.get("release_year") is None:
            rec["release_year"] = year
    for hid, (fixed, source) in [*SPEC_CORRECTIONS.items(), *MEMORY_LOW_READINGS.items()]:
        rec = cat.hardware.get(hid)
        if rec is None:
            continue
        specs = rec.setdefault("specs", {})
        specs.update(fixed)
        specs.setdefault("sources", {}).update(dict.fromkeys(fixed, source))
    for x in EXTRAS:
        cat.hardware[x.id] = {
            "id": x.id,
            "name": x.name,
            "category": x.category,
            "vendor": x.vendor,
            "aliases": list(x.aliases),
            "release_year": x.release_year,
            "specs": dict(x.specs),
        }
        for key, src in x.key_sources:
            _cite(cat.hardware[x.id]["specs"], src, [key])
        if x.specs_source:
            _cite(cat.hardware[x.id]["specs"], x.specs_source)
        cat.group[x.id] = VENDOR_FILES.get(x.id.split("-")[0], "others")
    # Last: a same-die sibling may be an Epoch row or an extra (class N1).
    _same_die(cat)


def _same_die(cat: Catalog) -> None:
    """File the cited die code names (``DIE_NAMES``), then copy a named sibling's die
    fields (its code name included) onto parts of ``SAME_DIE_AS`` (class N1)."""
    for hid, (name, source) in DIE_NAMES.items():
        rec = cat.hardware.get(hid)
        if rec is not None:
            rec.setdefault("specs", {})["die_name"] = name
            _cite(rec["specs"], source, ["die_name"])
    for hid, (sib, source) in SAME_DIE_AS.items():
        rec, other = cat.hardware.get(hid), cat.hardware.get(sib)
        if rec is None or other is None:
            continue
        specs = rec.setdefault("specs", {})
        theirs = other.get("specs") or {}
        new = [k for k in SAME_DIE_FIELDS if k not in specs and theirs.get(k)]
        specs.update({k: theirs[k] for k in new})
        specs["same_die_as"] = sib
        # A copied field keeps the sibling's citation for it (the link's source need not
        # state the area: Epoch's 910A row names the Ascend 910, the die shots measure it).
        mine = specs.setdefault("sources", {})
        for k in new:
            mine.setdefault(k, (theirs.get("sources") or {}).get(k, source))
        _cite(specs, source, ["same_die_as"])


def _year_or_snapshot(cat: Catalog, hid: str, sid: str) -> tuple[int, str]:
    y = cat.year(hid)
    if y is not None:
        return y, ""
    return SNAPSHOT_YEAR[sid], UNDATED
