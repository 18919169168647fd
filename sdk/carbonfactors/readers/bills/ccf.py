"""``--method ccf``: the same bill lines with Cloud Carbon Footprint's published coefficients.

For users migrating from CCF (archived in 2025): every classified line is computed by the
one frame kernel, but with CCF's choices given explicitly instead of the dataset's
defaults, each taken from a factor of the dataset (so it is cited and versioned):

* grid intensity: CCF's factor for the cloud region (source ``ccf-region-emission-factors``;
  where the dataset keeps none, for an unknown basis, CCF's own from
  ``factors/billing/ccf/<provider>.yaml``, ``ccf_aws.grid_fallback``);
* PUE: CCF's provider figure (``ccf-methodology``: AWS 1.135, Azure 1.185, GCP 1.1 or the
  region's own);
* power at CCF's 50 % average utilization: ``min + 0.5 (max - min)`` W per vCPU
  (``ccf-vcpu-<provider>-<architecture>`` of the instance's processor, as CCF does, else
  the provider average ``ccf-vcpu-<provider>``) times the instance's vCPUs (the bill's own
  count when it has one, as CCF reads ``product_vcpu``), plus its GPUs' CCF min/max power;
  memory 0.392 W/GB, SSD 1.2 and HDD 0.65 W/TB, network 1 Wh/GB (``ccf-usage`` factors),
  times CCF's replication factor of the line (``ccf_replication`` in the mapping tables);
* quantities converted as CCF does: a GB-month is the days of its calendar month x 24 h,
  bytes are binary multiples;
* embodied: the instance's CCF (2021 method) figure over CCF's 4-year lifespan.

AWS instances, GCP core lines and Azure VMs CCF's tables hold are estimated from those
tables (``ccf_aws``, ``ccf_gcp``, ``ccf_azure``). What still differs from CCF's own code,
and why, is in ``docs/bills.md`` (its unknown-usage estimator, and its readings of
byte-hour and Azure GB/Month quantities). The ids of the factors used are in the ``ccf_*_factor``
columns of every line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...dataset import Dataset
from ...errors import CarbonFactorsError
from . import ccf_aws, ccf_azure, ccf_gcp, units

FACTOR_COLUMNS = ("ccf_grid_factor", "ccf_pue_factor", "ccf_power_factor", "ccf_embodied_factor")
GRID_SOURCE = "ccf-region-emission-factors"
SOURCES = ("ccf-methodology", "ccf-coefficients")
#: CCF's average CPU utilization (AVG_CPU_UTILIZATION_2020 = 50 %, ccf-constants).
UTILIZATION = 0.5
#: CCF's server lifespan, 35,040 hours = 4 years (SERVER_EXPECTED_LIFESPAN, ccf-constants).
LIFETIME_YEARS = 35040 / 8760
#: Which PUE subject CCF uses per provider (its provider figure).
PUE_SUBJECTS = {"aws": "aws", "gcp": "google", "azure": "microsoft"}
_USAGE_UNITS = {
    "vcpu": "ccf-vcpu-{provider}",
    "memory": "ccf-memory-gb",
    "storage": None,
    "network": "ccf-network-gb-hourly",
}


@dataclass
class _Index:
    grid: dict[str, list[Any]] = field(default_factory=dict)
    pue: dict[str, Any] = field(default_factory=dict)
    power: dict[tuple[str, str], Any] = field(default_factory=dict)
    embodied: dict[str, Any] = field(default_factory=dict)


_INDEXES: dict[int, tuple[Dataset, _Index]] = {}


def _index(ds: Dataset) -> _Index:
    hit = _INDEXES.get(id(ds))
    if hit is not None and hit[0] is ds:
        return hit[1]
    ix = _Index()
    for f in ds.factors.values():
        if f.source == GRID_SOURCE and f.kind == "grid_intensity":
            ix.grid.setdefault(f.subject, []).append(f)
        elif f.source not in SOURCES:
            continue
        elif f.kind == "pue" and f.basis != "design" and ":design" not in f.id:
            # CCF's fleet and per-region (GCP) figures are trailing-12-month values whose
            # period is a note, not a restriction: every one of them is CCF's PUE
            old = ix.pue.get(f.subject)
            if old is None or f.year > old.year:
                ix.pue[f.subject] = f
        elif f.kind == "power" and f.unit == "W" and f.basis in ("min", "max", "idle", "average"):
            basis = "min" if f.basis == "idle" else f.basis
            ix.power[(f.subject, basis)] = f
        elif f.kind == "embodied" and f.year == 2021 and f.unit == "kgCO2e":
            ix.embodied[f.subject] = f
    for fs in ix.grid.values():
        fs.sort(key=lambda f: f.year)
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(ds)] = (ds, ix)
    return ix


def _watts(ix: _Index, subject: str) -> tuple[float, list[str]] | None:
    """CCF's power of one unit at 50 % utilization (min/max), else its average."""
    lo, hi = ix.power.get((subject, "min")), ix.power.get((subject, "max"))
    if lo is not None and hi is not None:
        return lo.value + UTILIZATION * (hi.value - lo.value), [lo.id, hi.id]
    avg = ix.power.get((subject, "average"))
    if avg is not None:
        return avg.value, [avg.id]
    return None


def _instance_watts(
    ds: Dataset, ix: _Index, model: str, provider: str, row_vcpus: float | None = None
) -> tuple[float, list[str]] | None:
    """vCPUs x CCF's provider W/vCPU + GPUs x CCF's GPU power (CCF's compute estimate).

    The vCPUs are the bill's own (CUR ``product_vcpu``) when it has them, as CCF reads
    them, else the catalog's."""
    try:
        hw = ds.hardware_record(ds.match_hardware(model).id)
    except (CarbonFactorsError, KeyError):
        return None
    specs = dict(hw.record.get("specs") or {})
    vcpus = row_vcpus or specs.get("vcpus")
    arch = _architecture(ds, specs.get("cpu"))
    cpu = (_watts(ix, f"ccf-vcpu-{provider}-{arch}") if arch else None) or _watts(
        ix, f"ccf-vcpu-{provider}"
    )
    if not vcpus or cpu is None:
        return None
    watts, ids = cpu[0] * float(vcpus), list(cpu[1])
    for part in specs.get("accelerators") or ():
        gpu = _gpu_watts(ix, str(part.get("model")))
        if gpu is None:
            return None
        watts += gpu[0] * float(part.get("count", 1))
        ids += gpu[1]
    return watts, ids


_MEMORY_SUFFIX = re.compile(r"-[0-9]+gb$")


def _gpu_watts(ix: _Index, model: str) -> tuple[float, list[str]] | None:
    """CCF's power of a GPU. CCF keys GPUs by name ("Tesla V100"), not by memory size: a
    catalog variant without its own CCF figure (``nvidia-tesla-v100-sxm2-32gb``) takes that
    of the same GPU with another memory size, when all such variants agree."""
    hit = _watts(ix, model)
    if hit is not None or not _MEMORY_SUFFIX.search(model):
        return hit
    stem = _MEMORY_SUFFIX.sub("", model)
    found = {
        subject
        for subject, _ in ix.power
        if subject.startswith(stem + "-") and _MEMORY_SUFFIX.sub("", subject) == stem
    }
    values = {w[0]: w for w in (_watts(ix, subject) for subject in sorted(found)) if w}
    return next(iter(values.values())) if len(values) == 1 else None


#: Catalog micro-architecture names CCF calls otherwise (AMD's code names: its generations).
_ARCH_NAMES = {
    "naples": "amd-epyc-1st-gen",
    "rome": "amd-epyc-2nd-gen",
    "milan": "amd-epyc-3rd-gen",
}


def _architecture(ds: Dataset, cpu: Any) -> str | None:
    """The CCF architecture slug of an instance's processor (its catalog record's
    ``microarchitecture``: ``Cascade Lake-SP`` -> ``cascade-lake``), or None."""
    if not isinstance(cpu, str) or not cpu:
        return None
    try:
        rec = ds.hardware_record(ds.match_hardware(cpu).id).record
    except (CarbonFactorsError, KeyError):
        return None
    micro = (rec.get("specs") or {}).get("microarchitecture")
    if not micro:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", str(micro).lower()).strip("-")
    slug = re.sub(r"-(sp|x|w|ap)$", "", slug)
    return _ARCH_NAMES.get(slug, slug)


def prepare(rows: Any, ds: Dataset) -> Any:
    """``rows`` with CCF's grid, PUE, power and embodied given explicitly (module doc)."""
    import numpy as np

    ix = _index(ds)
    rows = rows.copy()
    n = len(rows)
    cols: dict[str, Any] = {
        k: np.full(n, np.nan)
        for k in ("grid_intensity", "pue", "power_w", "embodied_kgco2e", "lifetime_years")
    }
    ids: dict[str, Any] = {k: np.full(n, None, dtype=object) for k in FACTOR_COLUMNS}
    # None where a line has no error: a chunk's error column may hold NaN (pandas fills
    # an object column so), and a NaN taken for an error would leave a line to the
    # default method's factors
    err = rows["error"].to_numpy(dtype=object, na_value=None).copy()
    etype = rows["error_type"].to_numpy(dtype=object, na_value=None).copy()
    memo: dict[tuple[Any, ...], Any] = {}
    # None, not NaN, where the bill has no vCPUs: NaN keys never hit the memo
    vcpus = [None if v != v else v for v in _numbers(rows, "vcpus").tolist()]
    mtypes = (
        rows["instance_type"].to_numpy(dtype=object)
        if "instance_type" in rows.columns
        else np.full(n, None, dtype=object)
    )
    keys = zip(
        rows["model"].to_numpy(dtype=object),
        rows["usage_kind"].to_numpy(dtype=object),
        rows["provider"].to_numpy(dtype=object),
        rows["location"].to_numpy(dtype=object),
        rows["year"].to_numpy(dtype=float),
        vcpus,
        mtypes,
        strict=True,
    )
    for i, key in enumerate(keys):
        if err[i] is not None or key[0] is None:
            continue
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _line(ds, ix, *key)
        if isinstance(hit, str):
            err[i], etype[i] = hit, "factor-not-found"
            continue
        for k, v in hit[0].items():
            cols[k][i] = v
        for k, v in hit[1].items():
            ids[k][i] = v
    replication = _numbers(rows, "ccf_replication")
    cols["power_w"] = cols["power_w"] * np.where(np.isnan(replication), 1.0, replication)
    if "hours" in rows.columns:
        rows["hours"] = rows["hours"].to_numpy(dtype=float) * quantity_factors(rows)
    for k, v in cols.items():
        rows[k] = v
    for k, v in ids.items():
        rows[k] = v
    rows["utilization"] = 1.0  # power_w is already CCF's draw at 50 % utilization
    rows["include_embodied"] = ~np.isnan(cols["embodied_kgco2e"])
    rows["error"], rows["error_type"] = err, etype
    return rows


def _numbers(rows: Any, col: str) -> Any:
    """A column as floats (NaN where absent or not a number)."""
    import numpy as np
    import pandas as pd

    if col not in rows.columns:
        return np.full(len(rows), np.nan)
    return pd.to_numeric(rows[col], errors="coerce").to_numpy(dtype=float)


#: CCF divides bytes by 2^40 for its "terabytes" and by 2^30 for its "gigabytes"
#: (``convertByteSecondsToTerabyteHours``, ``convertBytesToGigabytes``), the dataset by
#: 10^12 and 10^9 (``units.py``): CCF's quantity over ours, per kind.
_BINARY = {"storage": 1e12 / 2**40, "network": 1e9 / 2**30}


def quantity_factors(rows: Any) -> Any:
    """Per line, CCF's quantity over ours, where CCF converts a unit its own way: a storage
    month is the days of the charge's calendar month x 24 in CCF
    (``convertGigabyteMonthsToTerabyteHours``), 8,760 / 12 = 730 h in the dataset; bytes
    are binary multiples in CCF (``_BINARY``). Worked out once per distinct (kind, unit,
    month)."""
    import numpy as np

    from .codes import combine

    if not {"unit", "month", "usage_kind"} <= set(rows.columns) or not len(rows):
        return np.ones(len(rows))
    codes, keys = combine([rows["usage_kind"], rows["unit"], rows["month"]])
    return np.array([_quantity_factor(*k) for k in keys], dtype=float)[codes]


def _quantity_factor(kind: Any, unit: Any, month: Any) -> float:
    import calendar

    if kind not in _BINARY or not isinstance(unit, str):
        return 1.0
    hit = _BINARY[kind] if units.is_bytes(unit) else 1.0
    if kind == "storage" and isinstance(month, str) and units.is_monthly(unit):
        year, mon = (int(p) for p in month.split("-")[:2])
        hit *= calendar.monthrange(year, mon)[1] * 24 / units.HOURS_PER_MONTH
    return hit


def _line(
    ds: Dataset,
    ix: _Index,
    model: str,
    kind: str,
    provider: str,
    location: Any,
    year: float,
    row_vcpus: float | None = None,
    machine_type: Any = None,
) -> tuple[dict[str, float], dict[str, str]] | str:
    grids = ix.grid.get(str(location)) or []
    if grids:
        y = None if year != year else int(year)
        grid = next((f for f in reversed(grids) if y is None or f.year <= y), grids[0])
        grid_value, grid_id = grid.value, grid.id
    else:
        own_grid = ccf_aws.grid_fallback(provider, location)
        if own_grid is None:
            return f"location: no CCF grid factor for '{location}' ({GRID_SOURCE})"
        grid_value, grid_id = own_grid
    pue = ix.pue.get(str(location)) or ix.pue.get(PUE_SUBJECTS.get(provider, provider))
    if pue is None:
        return f"pue: no CCF PUE for provider '{provider}'"
    values = {"grid_intensity": grid_value, "pue": pue.value}
    ids = {"ccf_grid_factor": grid_id, "ccf_pue_factor": pue.id}

    def lookup(s: str, b: str) -> Any:
        return ix.power.get((s, b))

    if kind == "instance" and provider == "aws":
        own = ccf_aws.estimate(lookup, model, row_vcpus)
    elif kind == "instance" and provider == "azure":
        own = ccf_azure.estimate(lookup, model, machine_type)
    elif kind == "vcpu" and provider == "gcp":
        own = ccf_gcp.estimate(lookup, machine_type)
    else:
        own = None
    if own is not None:
        values["power_w"] = own.watts
        ids["ccf_power_factor"] = ",".join(own.ids)
        if own.embodied_kg is not None and own.embodied_id is not None:
            values["embodied_kgco2e"] = own.embodied_kg
            values["lifetime_years"] = ccf_aws.LIFESPAN_HOURS / 8760
            ids["ccf_embodied_factor"] = own.embodied_id
        return values, ids
    if kind in ("instance", "gpu"):
        power = (
            _instance_watts(ds, ix, model, provider, row_vcpus)
            if kind == "instance"
            else _watts(ix, model)
        )
        if kind == "gpu" and power is None:
            try:
                power = _watts(ix, ds.match_hardware(model).id)
            except CarbonFactorsError:
                power = None
        if power is None:
            return f"model: no CCF power coefficients for '{model}'"
        emb = ix.embodied.get(model)
        if emb is not None:
            values["embodied_kgco2e"] = emb.value
            values["lifetime_years"] = LIFETIME_YEARS
            ids["ccf_embodied_factor"] = emb.id
    else:
        fallback = ccf_aws.vcpu_fallback(provider) if model == f"ccf-vcpu-{provider}" else None
        power = fallback or _watts(ix, model)
        if power is None:
            return f"model: no CCF coefficient for '{model}' (a ccf-usage factor)"
    values["power_w"] = power[0]
    ids["ccf_power_factor"] = ",".join(power[1])
    return values, ids
