"""Cloud instance types: composition, power and embodied carbon per instance.

Reads several public lists (see ``_cloud_read``) and writes one file per provider and
instance family under ``factors/hardware/instances/<provider>/<family>.yaml``:

- composition (vCPUs, memory, CPU, GPUs, local storage, host platform) from the Boavizta
  cloud archetypes first, then the Teads/CCF lists;
- power: the Teads AWS per-instance watts at idle/10/50/100 % load where they exist;
  otherwise a derivation with CCF's method: ``vCPUs x min|max W per vCPU`` of the host's
  micro-architecture (SPECpower averages, ``ccf-coefficients``; the provider average when
  the architecture is unknown, CCF's Arm rows for an Arm CPU) ``+ memory GB x 0.392 W/GB``
  (CCF; at ``min``, the Teads sheet's median DRAM idle W/GB) ``+ GPUs x min|max W``
  (CCF GPU table). GPU instances whose GPU has no CCF coefficient get no power;
- embodied: CCF's per-host totals (2021 method, and AWS 2026 platform emissions)
  allocated to the instance by resource share (DRAM add-on by memory, the rest by vCPUs),
  basis ``manufacturing``. Boavizta's archetypes are AGPL code: they give composition
  facts, never an embodied value.

Re-run (byte-identical on unchanged upstream data)::

    carbonfactors import cloud-instances --sources /work/shared/sources
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from statistics import mean, median
from typing import Any

from carbonfactors.kinds import factor_id
from carbonfactors.names import normalize_name

from ..factorfiles import read_yaml
from ..licensing import open_sources
from . import Importer, register
from ._accelerated_types import (
    AZURE_DOCS,
    AZURE_SERIES_MODEL,
    FAMILY_PARTS,
    AccelPart,
)
from ._accelerator_parts import Part, read_parts
from ._cloud_read import PROVIDERS, Host, Instance, read_all
from ._common import header, number, read_csv, rounded, write_folder
from ._cpu_arch import ArchMapper
from ._instance_sums import HostPower, accelerated_embodied, accelerated_power

NAME = "cloud-instances"
CCF = "ccf-coefficients"
METHOD = "ccf-methodology"
TEADS = "teads-aws-ec2"
UPSTREAM_FILES = (
    "boaviztapi/archetypes/cloud/{aws,azure,gcp,ovhcloud,scaleway}.csv, archetypes/server.csv (Boavizta/boaviztapi)",
    "ccf-coefficients/data/aws-instances.csv (Teads dataset), data/{azure,gcp}-instances.csv, data/{aws,gcp}-instances-latest-2026.csv",
    "ccf-coefficients/output/coefficients-{aws,azure,gcp}-{use,embodied}.csv, cpu-families/*.csv",
    "ccf-constants/ccf_power_and_other_constants.csv (memory W/GB, GPU min/max W)",
)
SHORT = {
    "aws": "AWS",
    "azure": "Azure",
    "gcp": "GCP",
    "ovhcloud": "OVHcloud",
    "scaleway": "Scaleway",
}
#: Providers without a CCF coefficient table use the AWS table (the broadest set of rows).
COEFF_TABLE = {"aws": "aws", "azure": "azure", "gcp": "gcp", "ovhcloud": "aws", "scaleway": "aws"}

#: CPU names of Arm designs (no CCF row of their own): they take CCF's Arm coefficients.
ARM_CPU = re.compile(r"\b(axion|ampere|altra|grace|graviton|cobalt|neoverse|apple m\d)", re.I)
_GPU_NOISE = re.compile(r"\b(nvidia|tesla|tensor|core|amd|intel|habana|aws)\b")
#: GPU key -> catalog ids or names to try, in order; (provider, family) overrides first.
GPU_CANDIDATES: dict[str, list[str]] = {
    "a100": ["nvidia-a100-sxm4-40gb", "A100 SXM4 40GB", "A100 SXM4", "A100"],
    "a100 80gb": ["nvidia-a100-sxm4-80gb", "A100 SXM4 80GB", "A100 80GB"],
    "h100": ["nvidia-h100-sxm5-80gb", "H100 SXM5 80GB", "H100 SXM", "H100"],
    "h100 sxm": ["nvidia-h100-sxm5-80gb", "H100 SXM5 80GB", "H100 SXM", "H100"],
    "h200 sxm": ["nvidia-h200-sxm-141gb", "nvidia-h200-sxm", "H200 SXM", "H200"],
    "l4": ["nvidia-l4", "L4"],
    "l40s": ["nvidia-l40s", "L40S"],
    "t4": ["nvidia-t4", "nvidia-tesla-t4", "T4"],
    "t4g": ["nvidia-t4g", "T4G", "nvidia-t4", "nvidia-tesla-t4", "T4"],
    "a10g": ["nvidia-a10g", "A10G"],
    "v100": ["nvidia-v100-sxm2-16gb", "nvidia-tesla-v100-sxm2-16gb", "V100 SXM2 16GB", "V100"],
    "v100 32gb": ["nvidia-v100-sxm2-32gb", "nvidia-tesla-v100-sxm2-32gb", "V100 SXM2 32GB"],
    "v100s": ["nvidia-v100s-pcie-32gb", "nvidia-tesla-v100s-pcie-32gb", "V100S PCIe 32GB", "V100S"],
    "k80": ["nvidia-k80", "nvidia-tesla-k80", "K80"],
    "m60": ["nvidia-m60", "nvidia-tesla-m60", "M60"],
    "k520": ["nvidia-grid-k520", "GRID K520", "K520"],
    "p100": ["nvidia-p100-pcie-16gb", "nvidia-tesla-p100-pcie-16gb", "P100 PCIe 16GB", "P100"],
    "radeon instinct mi25": ["amd-radeon-instinct-mi25", "Radeon Instinct MI25", "MI25"],
    "radeon pro v520": ["amd-radeon-pro-v520", "Radeon Pro V520"],
    "inferentia": ["aws-inferentia", "Inferentia", "AWS Inferentia"],
    "inferentia2": ["aws-inferentia2", "Inferentia2", "AWS Inferentia2"],
    "gaudi": ["intel-gaudi", "habana-gaudi", "Gaudi", "Habana Gaudi"],
    "trainium": ["aws-trainium", "Trainium", "AWS Trainium"],
}
#: Instance families whose GPU is a variant of the generic name in the lists.
GPU_FAMILY_OVERRIDES = {
    ("aws", "p4de"): "a100 80gb",
    ("gcp", "a2"): "a100",
    ("aws", "p3dn"): "v100 32gb",
    # Boavizta lists trn1 hosts with 'AWS Inferentia'; trn1 instances carry Trainium chips.
    ("aws", "trn1"): "trainium",
    ("aws", "trn1n"): "trainium",
}


#: Machine-type groups whose GPU differs from the rest of their family: GCP's a2-ultragpu
#: types carry A100 80GB ("A2 Ultra machine types have A100 80GB GPUs attached", Google
#: Cloud GPU machine types page), a2-highgpu/megagpu the 40 GB part.
GPU_TYPE_OVERRIDES = {("gcp", "a2-ultragpu"): "a100 80gb"}


def _type_group(inst: Instance) -> str:
    """'a2-ultragpu-8g' -> 'a2-ultragpu': the type without its size."""
    return "-".join(inst.type.lower().split("-")[:2])


def gpu_key(name: str) -> str:
    return " ".join(_GPU_NOISE.sub(" ", normalize_name(name)).split())


def family(inst: Instance) -> str:
    t = inst.type.lower()
    if inst.provider == "aws":
        return t.split(".")[0]
    if inst.provider == "azure":
        parts = t.removeprefix("standard_").split("_")
        return "_".join([re.sub(r"[\d-]", "", parts[0]) or parts[0], *parts[1:]])
    return t.split("-")[0]


# -- reference tables ----------------------------------------------------------------------
class Tables:
    """CCF coefficient tables, the memory coefficient and the GPU watts."""

    def __init__(self, sources: Path) -> None:
        ccf = sources / "ccf-coefficients"
        self.cpu: dict[str, dict[str, tuple[float, float]]] = {}
        for p in ("aws", "azure", "gcp"):
            rows = read_csv(ccf / "output" / f"coefficients-{p}-use.csv")
            self.cpu[p] = {
                r["Architecture"]: (float(r["Min Watts"]), float(r["Max Watts"])) for r in rows
            }
        consts = read_csv(sources / "ccf-constants" / "ccf_power_and_other_constants.csv")
        mem = [
            c for c in consts if c["constant"] == "MEMORY_COEFFICIENT" and c["provider"] == "aws"
        ]
        if not mem:
            raise ValueError("ccf_power_and_other_constants.csv has no AWS MEMORY_COEFFICIENT")
        self.memory_w_per_gb = round(float(mem[0]["value"]) * 1000, 6)  # kWh per GB-hour -> W/GB
        self.memory_idle_w_per_gb = teads_idle_dram_w_per_gb(ccf / "data" / "aws-instances.csv")
        self.gpu: dict[str, tuple[float, float]] = {}
        lows: dict[str, float] = {}
        for c in consts:
            if c["unit"] != "W per GPU" or c["provider"] != "aws":
                continue
            key = gpu_key(c["key"])
            if c["constant"] == "MIN_WATTS_BY_COMPUTE_PROCESSOR":
                lows[key] = float(c["value"])
            elif c["constant"] == "MAX_WATTS_BY_COMPUTE_PROCESSOR" and key in lows:
                self.gpu[key] = (lows[key], float(c["value"]))
        self.mapper = ArchMapper(ccf / "cpu-families")
        #: CCF's Arm rows (AWS Graviton): the coefficients of an Arm CPU with no row.
        self.arm = {a: c for a, c in self.cpu["aws"].items() if a.startswith("Graviton")}


def teads_idle_dram_w_per_gb(sheet: Path) -> float | None:
    """Median over the Teads sheet's rows of RAMWatt @ Idle / instance memory (W per GB)."""
    ratios = []
    for r in read_csv(sheet):
        gb = number(r["Instance Memory (in GB)"], decimal_comma=True)
        w = number(r["RAMWatt @ Idle"], decimal_comma=True)
        if gb and w is not None and w >= 0:
            ratios.append(w / gb)
    return round(median(ratios), 6) if ratios else None


def catalog_accelerators(factors_root: Path) -> dict[str, str]:
    """Normalized id/name/alias -> id of the accelerators already in the catalog."""
    index: dict[str, str] = {}
    folder = factors_root / "hardware" / "accelerators"
    for path in sorted(folder.rglob("*.yaml")) if folder.exists() else []:
        data = read_yaml(path).data
        for h in (data or {}).get("hardware", []) or []:
            for name in [h.get("id"), h.get("name"), *(h.get("aliases") or [])]:
                if isinstance(name, str):
                    index.setdefault(normalize_name(name), h["id"])
    return index


# -- derivations -------------------------------------------------------------------------
def teads_power(inst: Instance, rung: str | None) -> list[dict[str, Any]]:
    """The Teads per-instance watts (whole instance, GPUs included when the row has any)."""
    out = []
    for basis, w in sorted(inst.watts.items()):
        fac: dict[str, Any] = {
            "id": factor_id("power", inst.id, 2021, TEADS, basis),
            "kind": "power",
            "subject": inst.id,
            "year": 2021,
            "value": rounded(w, 3),
            "unit": "W",
            "basis": basis,
        }
        if rung:
            fac["rung"] = rung
        fac.update(
            source=TEADS,
            method="Teads model of the whole instance (CPU package, DRAM, GPU and a platform share) at this load, from SPECpower curves of the host platform allocated by vCPU share.",
        )
        out.append(fac)
    return out


def host_power(inst: Instance, t: Tables) -> HostPower:
    """CCF min/max W per vCPU of the instance's CPU and the memory coefficient."""
    assert inst.vcpus
    table_name = COEFF_TABLE[inst.provider]
    table = t.cpu[table_name]
    archs = list(inst.archs)
    if not archs:
        a = t.mapper.arch(inst.cpu)
        if a:
            archs = [a]
    used: list[str] = []
    coeffs: list[tuple[float, float]] = []
    for a in archs:
        if a in table:
            coeffs.append(table[a])
            used.append(a)
        elif a in t.cpu["aws"]:
            coeffs.append(t.cpu["aws"][a])
            used.append(f"{a} (AWS table)")
    if coeffs:
        lo_w, hi_w = mean(c[0] for c in coeffs), mean(c[1] for c in coeffs)
        arch_note = f"micro-architecture {', '.join(used)}" + (
            " (mean of the architectures the type runs on)" if len(coeffs) > 1 else ""
        )
    elif ARM_CPU.search(inst.cpu) and t.arm:
        arm = t.arm
        lo_w = mean(c[0] for c in arm.values())
        hi_w = mean(c[1] for c in arm.values())
        arch_note = (
            f"Arm CPU without a CCF row ({inst.cpu.strip()}): mean of CCF's Arm rows "
            f"({', '.join(sorted(arm))}, AWS table), not the x86 mean"
        )
    else:
        lo_w = mean(c[0] for c in table.values())
        hi_w = mean(c[1] for c in table.values())
        arch_note = f"unknown micro-architecture ({inst.cpu or 'CPU not named'}): mean of the {len(table)} rows of the {table_name} table"
    return HostPower(
        inst.vcpus,
        inst.memory_gb or 0.0,
        t.memory_w_per_gb,
        lo_w,
        hi_w,
        arch_note,
        t.memory_idle_w_per_gb,
    )


def power_factors(
    inst: Instance, t: Tables, gaps: list[str], accel: list[AccelPart], parts: dict[str, Part]
) -> list[dict[str, Any]]:
    # Teads' whole-instance curve (licence unstated: the full bundle only) comes first where
    # it covers the instance; the CCF-method figures (Apache-2.0) are written beside it, so
    # the open bundle computes the same instance from its own value, not a category default.
    teads: list[dict[str, Any]] = []
    if inst.watts and (not accel or inst.teads_gpus):
        teads = teads_power(inst, "published-estimate" if accel else None)
    if not inst.vcpus:
        return teads
    host = host_power(inst, t)
    if accel:
        return teads + accelerated_power(inst, host, accel, parts, gaps if not teads else [])
    gpu_lo = gpu_hi = 0.0
    gpu_note = ""
    if inst.gpu_count:
        key = gpu_key(inst.gpu_name)
        if key not in t.gpu:
            if not teads:
                gaps.append(
                    f"{inst.id}: no CCF power coefficient for GPU '{inst.gpu_name or 'unnamed'}'"
                )
            return teads
        gpu_lo, gpu_hi = t.gpu[key]
        gpu_note = (
            f" + {inst.gpu_count} GPU x {gpu_lo:g}|{gpu_hi:g} W ({inst.gpu_name}, CCF GPU table)"
        )
    inputs: dict[str, Any] = host.inputs()
    if inst.gpu_count:
        inputs["gpus"] = inst.gpu_count
    out = []
    for basis, per_vcpu, gpu_w in (("min", host.lo, gpu_lo), ("max", host.hi, gpu_hi)):
        value = host.watts(basis) + inst.gpu_count * gpu_w
        out.append(
            {
                "id": factor_id("power", inst.id, 2026, CCF, basis),
                "kind": "power",
                "subject": inst.id,
                "year": 2026,
                "value": rounded(value, 3),
                "unit": "W",
                "basis": basis,
                "source": CCF,
                "method": f"{host.method(basis)}{gpu_note}. Not a measurement.",
                "inputs": inputs
                | {"w_per_vcpu": rounded(per_vcpu, 6)}
                | ({"w_per_gpu": gpu_w} if inst.gpu_count else {}),
            }
        )
    return teads + out


def embodied_factors(inst: Instance) -> list[dict[str, Any]]:
    by_source: dict[str, list[Host]] = defaultdict(list)
    for h in inst.hosts:
        if h.platform_vcpus > 0 and 0 < h.instance_vcpus <= h.platform_vcpus:
            by_source[h.source].append(h)
    out = []
    for src, hosts in sorted(by_source.items()):
        vals = [h.allocated() for h in hosts]
        year = hosts[0].year
        source = CCF
        fac: dict[str, Any] = {
            "id": factor_id("embodied", inst.id, year, source, "manufacturing"),
            "kind": "embodied",
            "subject": inst.id,
            "year": year,
            "value": rounded(mean(vals), 3),
            "unit": "kgCO2e",
            "basis": "manufacturing",
        }
        if len(hosts) > 1 and min(vals) != max(vals):
            fac["low"] = rounded(min(vals), 3)
            fac["high"] = rounded(max(vals), 3)
        if src == "ccf-2021":
            how = (
                "CCF 2021 method (Teads): host platform embodied = 1,000 kgCO2e base rack server "
                "(Dell R740 LCA) + add-ons for memory, storage, CPUs and GPUs beyond the base"
            )
        else:
            how = (
                "CCF 2026 AWS list: platform embedded emissions (tonnes, no methodology note "
                "upstream); host vCPUs = largest instance of the family on the same platform CPU"
            )
        multi = (
            " Mean over the host platforms the type runs on; low/high = their range."
            if len(hosts) > 1
            else ""
        )
        fac.update(
            source=source,
            method=f"{how}; {_allocation_note(inst, hosts)}{multi}",
            inputs=_embodied_inputs(hosts),
        )
        if src == "boavizta-ccf":
            # The host platform is a Boavizta archetype (AGPL repository): recorded, so the
            # computed licence keeps the value out of every bundle until it is re-derived.
            fac["derived_from"] = {"factors": [], "sources": ["boavizta-api"]}
        out.append(fac)
    return out


def _allocation_note(inst: Instance, hosts: list[Host]) -> str:
    by_memory = any(h.by_memory() for h in hosts)
    note = (
        "allocated to the instance by resource share: the host's DRAM add-on by memory share "
        "(instance GB / host GB), the rest by vCPU share (instance vCPUs / host vCPUs)"
        if by_memory
        else "allocated to the instance by vCPU share (instance vCPUs / host vCPUs)"
    )
    if inst.constrained_parent:
        note += (
            f". A constrained-vCPU size: it keeps the memory, storage and price of its parent "
            f"size {inst.constrained_parent} with fewer vCPUs active (Microsoft Learn, "
            f"constrained vCPU sizes), so it is allocated the parent's share"
        )
    return note + "."


def _embodied_inputs(hosts: list[Host]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "host_platforms": [h.platform for h in hosts],
        "host_kgco2e": [rounded(h.kgco2e, 3) for h in hosts],
        "host_vcpus": [rounded(h.platform_vcpus) for h in hosts],
        "instance_vcpus": rounded(hosts[0].instance_vcpus),
    }
    if any(h.by_memory() for h in hosts):
        out |= {
            "host_memory_kgco2e": [rounded(h.memory_kg, 3) for h in hosts],
            "host_memory_gb": [rounded(h.platform_memory_gb, 3) for h in hosts],
            "instance_memory_gb": rounded(hosts[0].instance_memory_gb, 3),
        }
    return out


def accelerators(inst: Instance, gpu_index: dict[str, str], notes: list[str]) -> list[AccelPart]:
    """The instance's accelerators as catalog ids: curated tables first, then upstream names."""
    found = _named_accelerators(inst, gpu_index)
    catalog = set(gpu_index.values())
    absent = [a.model for a in found if a.model not in catalog]
    if absent:
        notes.append(f"{inst.id}: accelerator {', '.join(absent)} is not in the catalog")
        return []
    if not found and inst.gpu_count:
        notes.append(
            f"{inst.id}: {inst.gpu_count} x '{inst.gpu_name or 'unnamed GPU'}' has no catalog id"
        )
    return found


def _named_accelerators(inst: Instance, gpu_index: dict[str, str]) -> list[AccelPart]:
    fam = (inst.provider, family(inst))
    curated = FAMILY_PARTS.get(fam)
    if curated is not None and inst.type.lower() in curated.counts:
        return [AccelPart(curated.model, curated.counts[inst.type.lower()], curated.source)]
    if inst.accelerator:
        return [AccelPart(inst.accelerator, inst.gpu_count, inst.accelerator_source)]
    if not inst.gpu_count:
        return []
    if inst.provider == "azure" and fam[1] in AZURE_SERIES_MODEL:
        return [AccelPart(AZURE_SERIES_MODEL[fam[1]], inst.gpu_count, AZURE_DOCS)]
    key = GPU_TYPE_OVERRIDES.get(
        (inst.provider, _type_group(inst)), GPU_FAMILY_OVERRIDES.get(fam, gpu_key(inst.gpu_name))
    )
    model = next(
        (
            gpu_index[normalize_name(c)]
            for c in GPU_CANDIDATES.get(key, [])
            if normalize_name(c) in gpu_index
        ),
        None,
    )
    return [AccelPart(model, inst.gpu_count, inst.composition_from)] if model else []


def hardware_record(inst: Instance, accel: list[AccelPart]) -> dict[str, Any]:
    specs: dict[str, Any] = {}
    if inst.vcpus:
        specs["vcpus"] = rounded(inst.vcpus)
    if inst.cpu.strip():
        specs["cpu"] = inst.cpu.strip()
    if len(inst.archs) == 1:
        specs["microarchitecture"] = inst.archs[0]
    if inst.memory_gb:
        specs["memory_gb"] = rounded(inst.memory_gb, 3)
    if accel:
        specs["accelerators"] = [{"model": a.model, "count": a.count} for a in accel]
    if inst.storage_gb:
        specs["storage_gb"] = rounded(inst.storage_gb, 3)
        if inst.storage_type:
            specs["storage_type"] = inst.storage_type
    if inst.platform:
        specs["platform"] = inst.platform
    share = [h for h in inst.hosts if h.platform_vcpus and 0 < h.instance_vcpus <= h.platform_vcpus]
    if share:
        specs["host_share"] = rounded(share[-1].instance_vcpus / share[-1].platform_vcpus, 6)
    rec: dict[str, Any] = {
        "id": inst.id,
        "name": f"{SHORT[inst.provider]} {inst.type}",
        "category": "cloud_instance",
        "vendor": PROVIDERS[inst.provider],
        "aliases": [inst.type],
    }
    if inst.release_year:
        rec["release_year"] = inst.release_year
    rec["provider"] = inst.provider
    rec["specs"] = specs
    return rec


def borrow_sibling_hosts(instances: dict[str, Instance]) -> None:
    """An accelerated type no list gives a host for takes the host of a listed type with the same CPU,
    vCPUs and memory (AWS p5e.48xlarge: p5.48xlarge's EPYC 7R13, 192 vCPUs, 2 TB), so two
    variants of one server are not charged from two different methods (p5e with H200s
    came out below p5 with H100s)."""
    listed: dict[tuple[str, str, float, float], Instance] = {}
    for iid in sorted(instances):
        inst = instances[iid]
        if inst.hosts and inst.cpu.strip() and inst.vcpus and inst.memory_gb:
            key = (inst.provider, inst.cpu.strip(), inst.vcpus, inst.memory_gb)
            listed.setdefault(key, inst)
    for inst in instances.values():
        accelerated = (
            inst.gpu_count or inst.accelerator or (inst.provider, family(inst)) in FAMILY_PARTS
        )
        if inst.hosts or not (accelerated and inst.cpu.strip() and inst.vcpus and inst.memory_gb):
            continue
        twin = listed.get((inst.provider, inst.cpu.strip(), inst.vcpus, inst.memory_gb))
        if twin is None:
            continue
        inst.hosts = [
            replace(
                h,
                platform=f"{h.platform}; as {twin.type} (same CPU, vCPUs and memory)",
                instance_vcpus=h.instance_vcpus * inst.vcpus / twin.vcpus,
            )
            for h in twin.hosts
            if twin.vcpus
        ]


def convert(sources: Path, factors_root: Path) -> list[Path]:
    return build(sources, factors_root)[0]


def build(sources: Path, factors_root: Path) -> tuple[list[Path], list[str], list[str]]:
    """Write the instance files; also return power gaps and unmatched GPUs (for reports)."""
    tables = Tables(sources)
    instances = read_all(sources)
    gpu_index = catalog_accelerators(factors_root)
    parts = read_parts(factors_root)
    # The same sums from open figures only, written beside the others when they differ, so
    # an accelerated instance computes in the open bundle too (the best figure wins in full).
    open_parts = read_parts(factors_root, open_sources(factors_root))
    gaps: list[str] = []
    notes: list[str] = []
    alias_count: dict[str, int] = defaultdict(int)
    #: Largest type (vCPUs, then memory, then name) of each family: the host when no list names one.
    largest: dict[str, Instance] = {}
    for inst in instances.values():
        alias_count[normalize_name(inst.type)] += 1
        key = f"{inst.provider}/{family(inst)}"
        top = largest.get(key)
        size = (inst.vcpus or 0, inst.memory_gb or 0, inst.type)
        if top is None or size > (top.vcpus or 0, top.memory_gb or 0, top.type):
            largest[key] = inst
    borrow_sibling_hosts(instances)
    files: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"hardware": [], "factors": []}
    )
    for iid in sorted(instances):
        inst = instances[iid]
        if not inst.vcpus:
            continue  # an instance with no vCPU count has no usable composition
        accel = accelerators(inst, gpu_index, notes)
        rec = hardware_record(inst, accel)
        if alias_count[normalize_name(inst.type)] > 1:
            rec.pop("aliases")
        famkey = f"{inst.provider}/{family(inst)}"
        f = files[f"{famkey}.yaml"]
        f["hardware"].append(rec)
        f["factors"].extend(power_factors(inst, tables, gaps, accel, parts))
        summed = accelerated_embodied(inst, accel, parts, gaps, largest[famkey]) if accel else None
        f["factors"].extend(embodied_factors(inst) if summed is None else summed)
        if accel:
            opened = accelerated_embodied(inst, accel, open_parts, [], largest[famkey]) or []
            have = {x["id"] for x in f["factors"]}
            f["factors"].extend(x for x in opened if x["id"] not in have)
    head = header(NAME, UPSTREAM_FILES)
    folder = factors_root / "hardware" / "instances"
    changed = write_folder(folder, {k: dict(v) for k, v in files.items()}, head)
    return changed, gaps, notes


register(
    Importer(
        name=NAME,
        description="Cloud instance types: composition (Boavizta, Teads/CCF), power and embodied (CCF method)",
        upstream=".",
        convert=convert,
        requires=("accelerators",),
    )
)
