"""CCF's own estimate of a GCP vCPU line from its machine type (``--method ccf``).

Cloud Carbon Footprint reads a Compute Engine core line's machine type (BigQuery
``machine_type``) twice (``factors/billing/ccf/gcp.yaml``, transcribed data, source
``ccf-instance-tables``):

* power: the processors of the machine series, keyed by the type's first two letters as
  CCF slices them (``n2d-standard-2`` -> ``n2``: Cascade Lake), CCF's W per vCPU at 50 %
  averaged over them (the median when Sandy or Ivy Bridge is among them); a shared-core
  type (``e2-medium``, ``g1-small``...), an unknown series or a processor without a figure
  takes CCF's medians (0.68 / 4.11 W);
* embodied: the host's scope-3 figure per vCPU-hour / 35,040 h / the largest vCPU count of
  the type's family (the shared-core tables name a full server as the largest); none for a
  type CCF does not list.
"""

from __future__ import annotations

from typing import Any

from . import ccf_aws


def _spec(t: dict[str, Any], machine_type: str) -> tuple[list[float] | None, float | None]:
    """The type's [vCPUs, scope-3 t] and its family's largest vCPU count, as CCF's
    ``getDataFromMachineType`` looks them up (family, shared-core family, N1 shared core)."""
    family = "-".join(machine_type.split("-")[:2])
    shared_family = machine_type.split("-")[0]
    fams = t.get("families") or {}
    shared = t.get("shared_core_families") or {}
    n1 = t.get("n1_shared_core") or {}
    spec = (
        (fams.get(family) or {}).get(machine_type)
        or (shared.get(shared_family) or {}).get(machine_type)
        or n1.get(machine_type)
    )
    table = fams.get(family) or shared.get(shared_family) or n1
    largest = list(table.values())[-1][0] if table else None
    return spec, largest


def estimate(power: Any, machine_type: Any) -> ccf_aws.Estimate | None:
    """CCF's W per vCPU at 50 % and embodied kg per vCPU over its lifespan for a machine
    type (module doc), None without a machine type or CCF's GCP facts."""
    t = ccf_aws.tables("gcp")
    if not isinstance(machine_type, str) or not machine_type or not t:
        return None
    mt = machine_type.strip().lower()
    shared = any(core in mt for core in t.get("shared_core") or ())
    procs = None if shared else (t.get("processors") or {}).get(mt[:2])
    cpu = (
        ccf_aws._power(power, [f"ccf-vcpu-gcp-{p}" for p in procs], "") if procs else None
    ) or ccf_aws.vcpu_fallback("gcp")
    if cpu is None:
        return None
    spec, largest = _spec(t, mt)
    embodied = spec[1] * 1000.0 / largest if spec and largest and len(spec) > 1 else None
    emb_id = f"{ccf_aws.SOURCE}:gcp:{mt}" if embodied else None
    return ccf_aws.Estimate(cpu[0], tuple(dict.fromkeys(cpu[1])), embodied, emb_id)
