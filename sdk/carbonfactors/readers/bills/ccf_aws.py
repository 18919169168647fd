"""CCF's own estimate of an EC2-like instance, from its instance facts (``--method ccf``).

Cloud Carbon Footprint does not read an instance's power from a catalog: it keeps, per
instance type, the processor micro-architectures behind it, its vCPUs, memory and host
scope-3 emissions (``factors/billing/ccf/aws.yaml``, transcribed data, source
``ccf-instance-tables``), and per hour of the instance it counts

* compute: vCPUs x CCF's W per vCPU at 50 % (``min + 0.5 (max - min)``, averaged over the
  type's micro-architectures, the median when Sandy or Ivy Bridge is among them, the
  provider average when one of them has no figure); a burstable type's vCPUs are scaled
  by its baseline utilization over 50 % (and the bill's vCPU count is not read);
* GPUs: the type's GPU count x the GPU's CCF power at 50 %;
* memory: the GB of the largest size of the family per physical chip (one chip per 96
  vCPUs, two for m5zn and z1d) beyond CCF's memory per chip of the micro-architectures,
  shared by memory ratio, x 0.392 W/GB; none for burstable types;
* embodied: the host's scope-3 figure x hours / 35,040 h / the family's largest vCPU
  count. CCF divides the instance hours by the instance's vCPUs and then multiplies by
  its vCPU share, so the instance's own vCPUs cancel out: a CCF defect
  (``docs/bills.md``), reproduced here because this method's purpose is CCF's numbers.

A type CCF's tables do not hold keeps the catalog-based estimate (``ccf._instance_watts``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import mapping

SOURCE = "ccf-instance-tables"
#: CCF's average CPU utilization in percent (AVG_CPU_UTILIZATION_2020).
_UTIL_PERCENT = 50.0
#: CCF's host lifespan in hours (SERVER_EXPECTED_LIFESPAN).
LIFESPAN_HOURS = 35040.0
#: Families whose memory CCF spreads over two chips whatever their size.
_TWO_CHIPS = ("m5zn", "z1d")
#: CCF's GPU names (slugged) -> the subjects of the dataset's CCF GPU power factors.
GPU_SUBJECTS = {
    "nvidia-k520": "nvidia-grid-k520",
    "nvidia-a10g": "nvidia-a10g",
    "nvidia-t4": "nvidia-tesla-t4",
    "nvidia-tesla-m60": "nvidia-tesla-m60",
    "nvidia-tesla-k80": "nvidia-tesla-k80",
    "nvidia-tesla-v100": "nvidia-tesla-v100-sxm2-16gb",
    "nvidia-tesla-a100": "nvidia-a100-sxm4-40gb",
    "nvidia-tesla-p4": "nvidia-tesla-p4",
    "nvidia-tesla-p100": "nvidia-tesla-p100-pcie-16gb",
    "amd-radeon-pro-v520": "amd-radeon-pro-v520",
}
_PREFIXES = ("db.", "cache.", "Kafka.")


@dataclass(frozen=True)
class Estimate:
    """CCF's draw of one instance-hour (W, at 50 %) and its embodied share."""

    watts: float
    ids: tuple[str, ...]
    embodied_kg: float | None
    embodied_id: str | None


@lru_cache(maxsize=8)
def _tables(folder: str, provider: str) -> dict[str, Any]:
    import yaml

    path = Path(folder) / "ccf" / f"{provider}.yaml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh) or {})


def tables(provider: str = "aws") -> dict[str, Any]:
    """A provider's CCF facts (empty when the folder has none)."""
    return _tables(str(mapping.folder()), provider)


def vcpu_fallback(provider: str) -> tuple[float, list[str]] | None:
    """CCF's W per vCPU at 50 % when a line's processors are unknown, where CCF states a
    figure of its own for that case (GCP: the medians 0.68 / 4.11 W, ``gcp.yaml``), else
    None (the provider average factor applies)."""
    fb = tables(provider).get("vcpu_watts_fallback")
    if not fb:
        return None
    lo, hi = float(fb["min"]), float(fb["max"])
    return lo + _UTIL_PERCENT / 100 * (hi - lo), [f"{SOURCE}:{provider}:vcpu-fallback"]


#: The source of the grid factors in ``grid_gco2e_per_kwh`` (factors/sources.yaml).
GRID_SOURCE = "ccf-region-emission-factors"


def grid_fallback(provider: str, location: Any) -> tuple[float, str] | None:
    """CCF's own grid factor (gCO2e/kWh) for a region the dataset holds no
    ``ccf-region-emission-factors`` factor for (the importer keeps only those whose basis
    it knows): CCF's method reads it whatever the basis, as CCF states it
    (``grid_gco2e_per_kwh`` in ``<provider>.yaml``). ``location`` is the line's
    ``provider:region``; CCF's provider average (``Unknown``) serves its unknown region
    only, not a region CCF does not list."""
    if not isinstance(location, str) or ":" not in location:
        return None
    region = location.split(":", 1)[1]
    value = (tables(provider).get("grid_gco2e_per_kwh") or {}).get(region)
    if value is None:
        return None
    return float(value), f"{GRID_SOURCE}:{provider}:{region}"


def instance_type(model: str) -> str:
    """``aws:db.m5.large`` -> ``m5.large`` (CCF strips the service prefix)."""
    name = model.split(":", 1)[-1]
    for p in _PREFIXES:
        if name.startswith(p):
            return name[len(p) :]
    return name


def _combine(processors: list[str], values: list[float | None]) -> float | None:
    """CCF's average of per-processor figures: None when one is missing (CCF then falls
    back to its provider average); the median when Sandy or Ivy Bridge is listed."""
    if not values or any(v is None for v in values):
        return None
    nums = sorted(float(v) for v in values if v is not None)
    # processors may be named as factor subjects (``ccf-vcpu-aws-sandy-bridge``)
    if any(p.endswith(("sandy-bridge", "ivy-bridge")) for p in processors):
        mid = len(nums) // 2
        return nums[mid] if len(nums) % 2 else (nums[mid - 1] + nums[mid]) / 2
    return sum(nums) / len(nums)


def add_memory(power: Any, mem: float | None, watts: float, ids: list[str]) -> float | None:
    """``watts`` with the memory's draw at CCF's average W per GB added (its id appended to
    ``ids``); None when that coefficient is missing. Shared by CCF's AWS and Azure tables."""
    if not mem:
        return watts
    coeff = power("ccf-memory-gb", "average")
    if coeff is None:
        return None
    ids.append(coeff.id)
    return watts + mem * coeff.value


def _power(power: Any, subjects: list[str], fallback: str) -> tuple[float, list[str]] | None:
    """CCF's W at 50 % of a processor list (``power(subject, basis)`` -> Factor | None)."""
    lows = [power(s, "min") for s in subjects]
    highs = [power(s, "max") for s in subjects]
    lo = _combine(subjects, [f.value if f else None for f in lows])
    hi = _combine(subjects, [f.value if f else None for f in highs])
    ids = [f.id for f in (*lows, *highs) if f is not None]
    if lo is None or hi is None:
        flo, fhi = (power(fallback, "min"), power(fallback, "max")) if fallback else (None, None)
        if flo is None or fhi is None:
            return None
        lo, hi, ids = flo.value, fhi.value, [flo.id, fhi.id]
    return lo + _UTIL_PERCENT / 100 * (hi - lo), ids


def estimate(power: Any, model: str, row_vcpus: float | None) -> Estimate | None:
    """CCF's estimate of one hour of ``model`` (module doc), None if CCF's tables lack it."""
    t = tables()
    name = instance_type(model)
    family, _, size = name.partition(".")
    fam = (t.get("families") or {}).get(family) or (t.get("u_families") or {}).get(family)
    spec = (fam or {}).get(size)
    if not spec:
        return None
    burst = (t.get("burstable_baseline_percent") or {}).get(name)
    if burst is not None:
        vcpus = spec[0] * burst / _UTIL_PERCENT
    else:
        vcpus = row_vcpus or spec[0]
    procs = list((t.get("processors") or {}).get(name) or ["unknown"])
    cpu = _power(power, [f"ccf-vcpu-aws-{p}" for p in procs], "ccf-vcpu-aws")
    if cpu is None:
        return None
    watts, ids = cpu[0] * float(vcpus), list(cpu[1])
    gpus = (t.get("gpu_count") or {}).get(name)
    if gpus:
        kinds = [GPU_SUBJECTS.get(g, g) for g in (t.get("gpu_processors") or {}).get(name) or []]
        gpu = _power(power, kinds, "ccf-gpu-unknown") if kinds else None
        if gpu is None:
            return None
        watts += gpu[0] * float(gpus)
        ids += gpu[1]
    mem = None if burst is not None else _memory_gb(t, family, size, procs)
    with_memory = add_memory(power, mem, watts, ids)
    if with_memory is None:
        return None
    watts = with_memory
    embodied = None
    if fam and family in (t.get("families") or {}) and len(spec) > 2:
        largest = list(fam.values())[-1][0]
        embodied = spec[2] * 1000.0 / largest
    emb_id = f"{SOURCE}:aws:{name}" if embodied else None
    return Estimate(watts, tuple(dict.fromkeys(ids)), embodied, emb_id)


def _memory_gb(t: dict[str, Any], family: str, size: str, procs: list[str]) -> float:
    """CCF's memory beyond its per-chip figure, in GB per instance-hour (module doc)."""
    fam = (t.get("families") or {}).get(family) or (t.get("redshift_families") or {}).get(family)
    if not fam or size not in fam:
        return 0.0
    per_chip = t.get("memory_gb_per_chip") or {}
    values = [per_chip.get(p) for p in procs]
    proc_mem = _combine([], values) or float(t.get("memory_gb_per_chip_average") or 0.0)
    largest_vcpus, largest_mem = list(fam.values())[-1][:2]
    chips = 2 if family in _TWO_CHIPS else math.ceil(largest_vcpus / 96)
    delta = largest_mem / chips - proc_mem
    if delta <= 0:
        return 0.0
    return delta / (largest_mem / fam[size][1])
