"""CCF's own estimate of an Azure VM hour from its meter name (``--method ccf``).

Cloud Carbon Footprint keys what it knows of an Azure VM by the meter name (``D8 v3``;
``factors/billing/ccf/azure.yaml``, transcribed data, source ``ccf-instance-tables``) and
per hour of the VM counts

* compute: vCPUs (series table, else the flat vCPU/memory table, else the constrained-vCPU
  table) x CCF's W per vCPU at 50 % over the type's processors (average, or median with
  Sandy/Ivy Bridge; CCF's Azure averages 0.74 / 3.54 W when one has no figure);
* GPUs: the type's GPU count x the GPUs' CCF power at 50 %;
* memory (series types only): the GB of the series' largest type per physical chip (one
  per 96 vCPUs) beyond CCF's memory per chip of the processors (their average, else
  80.47 GB), shared by memory ratio, x 0.392 W/GB;
* embodied: the host's scope-3 figure / the series' largest vCPU count (a constrained
  type: its platform vCPUs) per VM-hour, over 35,040 h.

A meter CCF's tables do not hold keeps the catalog-based estimate (``ccf._instance_watts``).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from . import ccf_aws


def _norm(name: str) -> str:
    """A meter name or catalog id in one spelling: ``D8 v3`` and ``azure:standard_d8_v3``
    -> ``d8v3``."""
    name = name.split(":", 1)[-1].lower()
    name = re.sub(r"^(standard|basic)_", "", name)
    return re.sub(r"[\s_]+", "", name)


@lru_cache(maxsize=4)
def _meters(key: int) -> dict[str, tuple[str, str]]:
    """Normalised name -> (meter name, series or "") over CCF's Azure tables."""
    t = ccf_aws.tables("azure")
    out: dict[str, tuple[str, str]] = {}
    for table in ("constrained", "vcpu_memory", "processors"):
        for meter in t.get(table) or {}:
            out.setdefault(_norm(meter), (meter, ""))
    for series, types in (t.get("series") or {}).items():
        for meter in types:
            out[_norm(meter)] = (meter, series)  # CCF takes the last series holding it
    return out


def meter_name(usage_type: Any) -> str | None:
    """The meter name CCF reads from a cost-details line (``parseUsageType``): the last
    part of our usage type (``Virtual Machines | Dv2 Series | D2 v2/DS2 v2``), without
    `` Spot``, before a ``/`` (``D2 v2``)."""
    if not isinstance(usage_type, str) or not usage_type.strip():
        return None
    meter = usage_type.rsplit(" | ", 1)[-1].strip()
    if "Spot" in meter:
        return meter.replace(" Spot", "")
    return meter.split("/")[0].strip() or None


def estimate(power: Any, model: str, usage_type: Any = None) -> ccf_aws.Estimate | None:
    """CCF's estimate of one hour of the VM (module doc): the line's meter name as CCF
    reads it when its tables hold it, else the catalog ``model``; None if they hold
    neither."""
    t = ccf_aws.tables("azure")
    if not t:
        return None
    meters = _meters(id(t))
    meter = meter_name(usage_type)
    hit = (meters.get(_norm(meter)) if meter else None) or meters.get(_norm(model))
    if hit is None:
        return None
    meter, series = hit
    fam = (t.get("series") or {}).get(series) or {}
    spec = fam.get(meter)
    flat = (t.get("vcpu_memory") or {}).get(meter)
    con = (t.get("constrained") or {}).get(meter)
    vcpus = (spec or [0])[0] or (flat or [0])[0] or (con or [0])[0]
    if not vcpus:
        return None
    procs = list((t.get("processors") or {}).get(meter) or ["unknown"])
    cpu = ccf_aws._power(power, [f"ccf-vcpu-azure-{p}" for p in procs], "ccf-vcpu-azure")
    if cpu is None:
        return None
    watts, ids = cpu[0] * float(vcpus), list(cpu[1])
    gpus = (t.get("gpu_count") or {}).get(meter)
    if gpus:
        kinds = [
            ccf_aws.GPU_SUBJECTS.get(g, g) for g in (t.get("gpu_processors") or {}).get(meter) or []
        ]
        gpu = ccf_aws._power(power, kinds or ["unknown"], "ccf-vcpu-azure")
        if gpu is None:
            return None
        watts += gpu[0] * float(gpus)
        ids += gpu[1]
    with_memory = ccf_aws.add_memory(power, _memory_gb(t, fam, spec, procs), watts, ids)
    if with_memory is None:
        return None
    watts = with_memory
    embodied = None
    if spec and len(spec) > 2 and fam:
        embodied = spec[2] * 1000.0 / list(fam.values())[-1][0]
    elif con and len(con) > 3 and con[2]:
        embodied = con[3] * 1000.0 / con[2]
    emb_id = f"{ccf_aws.SOURCE}:azure:{meter}" if embodied else None
    return ccf_aws.Estimate(watts, tuple(dict.fromkeys(ids)), embodied, emb_id)


def _memory_gb(t: dict[str, Any], fam: dict[str, Any], spec: Any, procs: list[str]) -> float:
    """CCF's memory beyond its per-chip figure, GB per VM-hour (series types only)."""
    if not fam or not spec or len(spec) < 2 or not spec[1]:
        return 0.0
    per_chip = t.get("memory_gb_per_chip") or {}
    values = [per_chip.get(p) for p in procs]
    proc_mem = (
        sum(values) / len(values)  # type: ignore[arg-type]
        if values and all(v is not None for v in values)
        else float(t.get("memory_gb_per_chip_average") or 0.0)
    )
    largest_vcpus, largest_mem = list(fam.values())[-1][:2]
    delta = largest_mem / math.ceil(largest_vcpus / 96) - proc_mem
    if delta <= 0:
        return 0.0
    return delta / (largest_mem / spec[1])
