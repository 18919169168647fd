"""AWS managed-service instance variants take their EC2 base type's hardware (class V1).

ElastiCache (``cache.r6g.4xlarge``), RDS (``db.r6g.4xlarge``) and OpenSearch Service
(``r6g.4xlarge.elasticsearch``, ``.search``) nodes are sold on the EC2 type their name
carries: the Teads sheet gives both rows the same platform CPU and platform vCPUs. The lists
did not tie them, so the variant got the CCF 2021 reading alone with no bounds while its base
type got CCF's 2026 list reading and both readings as bounds: in release 2027.12.1 all 207
variant/base pairs differed, 183 by more than 10% (audit 1796613359, class V1, #40
``cache.r6g.4xlarge`` 422.1 kg against ``r6g.4xlarge`` 350 [350..422.1]).

A variant whose base type is in the catalog with the same vCPU count takes the base's
composition, Teads watts, host readings and micro-architectures, so every factor of the pair
is derived the same way; the variant's own differing row (ElastiCache lists the memory left
to the cache engine: ``cache.m5.large`` 6.38 GiB on an 8 GiB ``m5.large``) is said in the
method, not used for the value (its own differing Teads watts bound the power points,
``_teads_specpower``). Where no base is on file, or the vCPUs differ, the variant keeps its own
rows and its methods say so. The screen ``instance-managed-vs-base``
(``instance_host_screens``) holds every pair to equal values.
"""

from __future__ import annotations

from dataclasses import replace

from ..instance_names import managed_base as base_type
from ._cloud_records import Instance

__all__ = ["annotate", "base_type", "tie_to_base"]

#: Composition fields a variant takes from its base (with the source each came from).
FIELDS = ("vcpus", "memory_gb", "cpu", "platform", "storage_gb", "storage_type", "gpu_count")


def _differences(inst: Instance, base: Instance) -> list[str]:
    out = []
    if inst.memory_gb != base.memory_gb and inst.memory_gb:
        out.append(f"{inst.memory_gb:g} GB of memory (the base: {base.memory_gb or 0:g})")
    if inst.cpu.strip() and inst.cpu.strip() != base.cpu.strip():
        out.append(f"CPU {inst.cpu.strip()} (the base: {base.cpu.strip() or 'none named'})")
    own, theirs = inst.watts.get("load-100"), base.watts.get("load-100")
    if own and theirs and own != theirs:
        out.append(f"{own:g} W at full load in the Teads sheet (the base: {theirs:g} W)")
    return out


def tie_to_base(instances: dict[str, Instance]) -> None:
    """Give each AWS managed-service variant its EC2 base type's hardware, in place."""
    for iid in sorted(instances):
        inst = instances[iid]
        found = base_type(inst.type) if inst.provider == "aws" else None
        if found is None:
            continue
        btype, service = found
        base = instances.get(f"aws:{btype}")
        if base is None or not base.vcpus:
            inst.managed_note = (
                f"An AWS {service} node; its EC2 base type {btype} is not in the catalog, so "
                "it keeps its own rows (not tied to a base type)."
            )
            continue
        if inst.vcpus and inst.vcpus != base.vcpus:
            inst.managed_note = (
                f"An AWS {service} node on EC2 type {btype}, but the lists give it "
                f"{inst.vcpus:g} vCPUs against the base's {base.vcpus:g}: it keeps its own rows."
            )
            continue
        diffs = _differences(inst, base)
        for key in FIELDS:
            setattr(inst, key, getattr(base, key))
            if key in base.field_source:
                inst.field_source[key] = base.field_source[key]
            else:
                inst.field_source.pop(key, None)
        inst.archs = list(base.archs)
        if inst.watts and inst.watts != base.watts:
            inst.own_watts = dict(inst.watts)  # a bound of the base's curve (O2)
        inst.watts = dict(base.watts)
        inst.teads_terms = dict(base.teads_terms)
        inst.teads_gpus = base.teads_gpus
        inst.hosts = [replace(h, platform=f"{h.platform}; as EC2 type {btype}") for h in base.hosts]
        inst.managed_base = base.type
        said = f" Its own rows list {'; '.join(diffs)}: not used for the value" if diffs else ""
        if said and inst.own_watts:  # class TS / O2: the own Teads row is a bound, not unused
            said += " (its own Teads watts are a bound of each power point, said there)"
        said += "." if said else ""
        inst.managed_note = (
            f"An AWS {service} node on EC2 type {btype} (class V1): composition, power and "
            f"embodied are derived from the base type's, so the two answer alike.{said}"
        )


def annotate(factors: list[dict[str, object]], instances: dict[str, Instance]) -> None:
    """Append each variant's sentence to the method of every factor of it."""
    for f in factors:
        inst = instances.get(str(f.get("subject")))
        if inst is not None and inst.managed_note and f.get("method"):
            f["method"] = f"{f['method']} {inst.managed_note}"
