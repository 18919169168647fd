"""Cloud Carbon Footprint's usage coefficients as catalog units: what a bill line needs.

A cloud bill meters vCPU-hours, memory GB-hours, storage GB-months and transferred GB, not
machines. CCF turned each into energy with one published coefficient, and those
coefficients become factors here, each on a catalog unit of its own (category
``component``) so that the one footprint engine computes a bill line like any hardware
line (``count`` units for ``hours``):

- ``ccf-vcpu-<provider>``: one vCPU, ``min``/``max`` W (CCF's provider average over CPU
  micro-architectures; GCP's average is the mean of its per-architecture table, as CCF's
  code computes it), interpolated by utilization like any load curve;
  ``ccf-vcpu-<provider>-<architecture>`` the same for each micro-architecture CCF lists;
- ``ccf-memory-gb``: one GB of memory, 0.392 W (CCF: 0.000392 kWh per GB-hour);
- ``ccf-ssd-tb`` / ``ccf-hdd-tb``: one TB stored, 1.2 / 0.65 W (CCF: Wh per TB-hour);
- ``ccf-network-gb-hourly``: transferring one GB every hour, 1 W (CCF: 0.001 kWh per GB
  transferred = 1 Wh per GB; so a line of ``g`` GB is ``count`` g for one hour).

The values are CCF's, unchanged apart from the unit rewriting stated in each ``method``.
Re-run (byte-identical on unchanged upstream data)::

    carbonfactors import ccf-usage --sources /work/shared/sources
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean
from typing import Any

from . import Importer, register
from ._common import header, read_csv, rounded, slugify, write_folder

NAME = "ccf-usage"
SOURCE = "ccf-methodology"
#: CCF's constants are those of its code at b7a049c (2024-03-25): the year they describe.
YEAR = 2024
CONSTANTS = "ccf_power_and_other_constants.csv"
PROVIDERS = ("aws", "gcp", "azure")


def _constants(folder: Path) -> dict[tuple[str, str, str], float]:
    out: dict[tuple[str, str, str], float] = {}
    for row in read_csv(folder / CONSTANTS):
        out[(row["provider"], row["constant"], row["key"])] = float(row["value"])
    return out


def _per_architecture(folder: Path, provider: str) -> dict[str, tuple[float, float]]:
    """CCF's (min, max) W per vCPU of each CPU micro-architecture it lists for a provider."""
    lo: dict[str, float] = {}
    hi: dict[str, float] = {}
    for row in read_csv(folder / CONSTANTS):
        if row["provider"] != provider or row["unit"] != "W per vCPU":
            continue
        if row["constant"] == "MIN_WATTS_BY_COMPUTE_PROCESSOR":
            lo[row["key"]] = float(row["value"])
        elif row["constant"] == "MAX_WATTS_BY_COMPUTE_PROCESSOR":
            hi[row["key"]] = float(row["value"])
    return {k: (lo[k], hi[k]) for k in sorted(lo) if k in hi}


def _vcpu_range(c: dict[tuple[str, str, str], float], provider: str) -> tuple[float, float, str]:
    """(min W, max W, how) per vCPU: CCF's stated average, else the mean of its table."""
    lo = c.get((provider, "MIN_WATTS_AVG", "(average)"))
    hi = c.get((provider, "MAX_WATTS_AVG", "(average)"))
    if lo is not None and hi is not None:
        return lo, hi, "CCF's stated provider average (MIN_WATTS_AVG / MAX_WATTS_AVG)"
    mins = [
        v for (p, k, _), v in c.items() if p == provider and k == "MIN_WATTS_BY_COMPUTE_PROCESSOR"
    ]
    maxs = [
        v for (p, k, _), v in c.items() if p == provider and k == "MAX_WATTS_BY_COMPUTE_PROCESSOR"
    ]
    # GPU rows share the table upstream (AWS); GCP's holds CPUs only. Keep per-vCPU rows.
    mins = [v for v in mins if v < 10]
    maxs = [v for v in maxs if v < 20]
    how = (
        f"mean of CCF's {len(mins)} per-micro-architecture values (CCF computes its "
        "provider average the same way)"
    )
    return rounded(mean(mins)), rounded(mean(maxs)), how


def _power(subject: str, basis: str, value: float, method: str, **inputs: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": f"power:{subject}:{YEAR}:{SOURCE}:{basis}",
        "kind": "power",
        "subject": subject,
        "year": YEAR,
        "value": value,
        "unit": "W",
        "basis": basis,
        "source": SOURCE,
        "method": method,
    }
    if inputs:
        rec["inputs"] = inputs
    return rec


def _hw(hid: str, name: str) -> dict[str, Any]:
    return {"id": hid, "name": name, "category": "component", "vendor": "generic"}


def build(folder: Path) -> dict[str, Any]:
    c = _constants(folder)
    hardware: list[dict[str, Any]] = []
    factors: list[dict[str, Any]] = []
    for provider in PROVIDERS:
        hid = f"ccf-vcpu-{provider}"
        lo, hi, how = _vcpu_range(c, provider)
        hardware.append(_hw(hid, f"One {provider.upper()} vCPU (CCF usage coefficient)"))
        for basis, value in (("min", lo), ("max", hi)):
            factors.append(
                _power(
                    hid,
                    basis,
                    value,
                    f"Watts per vCPU at {basis} load, {how}; SPECpower-based (CCF).",
                )
            )
        for arch, (alo, ahi) in _per_architecture(folder, provider).items():
            aid = f"{hid}-{slugify(arch)}"
            hardware.append(
                _hw(aid, f"One {provider.upper()} vCPU on {arch} (CCF usage coefficient)")
            )
            for basis, value in (("min", alo), ("max", ahi)):
                factors.append(
                    _power(
                        aid,
                        basis,
                        value,
                        f"Watts per vCPU at {basis} load on {arch}, CCF's "
                        f"{basis.upper()}_WATTS_BY_COMPUTE_PROCESSOR; SPECpower-based (CCF).",
                    )
                )
    memory = c[("aws", "MEMORY_COEFFICIENT", "")]
    ssd = c[("aws", "SSDCOEFFICIENT", "")]
    hdd = c[("aws", "HDDCOEFFICIENT", "")]
    network = c[("aws", "NETWORKING_COEFFICIENT", "")]
    units: list[tuple[str, str, float, str, dict[str, Any]]] = [
        (
            "ccf-memory-gb",
            "One GB of memory (CCF usage coefficient)",
            rounded(memory * 1000),
            "CCF memory coefficient 0.000392 kWh per GB-hour = 0.392 W per GB.",
            {"kwh_per_gb_hour": memory},
        ),
        (
            "ccf-ssd-tb",
            "One TB stored on SSD (CCF usage coefficient)",
            rounded(ssd),
            "CCF SSD storage coefficient, Wh per TB-hour = W per TB; CCF multiplies it by the "
            "service's replication factor, which the bill reader applies as a count.",
            {"wh_per_tb_hour": ssd},
        ),
        (
            "ccf-hdd-tb",
            "One TB stored on HDD (CCF usage coefficient)",
            rounded(hdd),
            "CCF HDD storage coefficient, Wh per TB-hour = W per TB; CCF multiplies it by the "
            "service's replication factor, which the bill reader applies as a count.",
            {"wh_per_tb_hour": hdd},
        ),
        (
            "ccf-network-gb-hourly",
            "Transferring one GB per hour (CCF usage coefficient)",
            rounded(network * 1000),
            "CCF networking coefficient 0.001 kWh per GB transferred = 1 Wh per GB: a "
            "transfer of one GB every hour draws 1 W. A line of g GB counts g units for 1 h.",
            {"kwh_per_gb": network},
        ),
    ]
    for hid, name, value, method, inputs in units:
        hardware.append(_hw(hid, name))
        factors.append(_power(hid, "average", value, method, **inputs))
    return {"hardware": hardware, "factors": factors}


def convert(sources: Path, factors_root: Path) -> list[Path]:
    head = header(NAME, [f"ccf-constants/{CONSTANTS} (cloud-carbon-footprint @ b7a049c)"])
    return write_folder(factors_root / "hardware" / "usage", {"ccf.yaml": build(sources)}, head)


register(
    Importer(
        name=NAME,
        description="CCF usage coefficients (W per vCPU, memory GB, storage TB, network GB/h) "
        "as catalog units for bill lines",
        upstream="ccf-constants",
        convert=convert,
    )
)
