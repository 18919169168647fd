"""Cloud instance types: composition, power and embodied carbon per instance.

Reads several public lists (see ``_cloud_read``) and writes one file per provider and
instance family under ``factors/hardware/instances/<provider>/<family>.yaml``:

- composition (vCPUs, memory, CPU, GPUs) from the Boavizta cloud archetypes first, then
  the Teads/CCF lists, each fact re-cited from a non-AGPL list or dropped (``cite_or_drop``);
  local storage from the Teads sheet only and the host platform from the CCF GCP list only
  (the archetypes' are not read: issue 19); for an accelerated type, the
  accelerators come from the providers' pages (``_accelerated_types``) and vCPUs, memory
  and CPU from those pages or the CCF lists (Apache-2.0) first, each fact's source
  recorded in the sums' ``derived_from``. A type whose accelerators or shape only an AGPL
  archetype gives gets no value (the ``category-defaults`` importer gives it the
  accelerated-instance CATEGORY DEFAULT); a CPU name only the archetypes give picks no
  W per vCPU (issue 19);
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

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from carbonfactors.names import normalize_name

from ..instance_host_readings import reach_other_readings
from ..licensing import open_sources
from ..spec_screens import SPEC_FIELDS
from . import Importer, register
from ._accelerated_types import (
    AWS_DOCS,
    AZURE_DOCS,
    AZURE_SERIES_MODEL,
    FAMILY_PARTS,
    GCP_TPU_DOCS,
    SCALEWAY_GPU_DOCS,
    UNSIZED_GPUS,
    AccelPart,
    Parts,
)
from ._accelerator_parts import read_parts
from ._azure_hosts import settle, widen
from ._cloud_instance_factors import embodied_factors as embodied_factors
from ._cloud_instance_factors import host_power as host_power
from ._cloud_instance_factors import power_factors as power_factors
from ._cloud_instance_factors import teads_power as teads_power
from ._cloud_instance_tables import ARM_CPU as ARM_CPU
from ._cloud_instance_tables import CCF as CCF
from ._cloud_instance_tables import COEFF_TABLE as COEFF_TABLE
from ._cloud_instance_tables import GPU_CANDIDATES as GPU_CANDIDATES
from ._cloud_instance_tables import GPU_FAMILY_OVERRIDES as GPU_FAMILY_OVERRIDES
from ._cloud_instance_tables import GPU_TYPE_OVERRIDES as GPU_TYPE_OVERRIDES
from ._cloud_instance_tables import METHOD as METHOD
from ._cloud_instance_tables import NAME as NAME
from ._cloud_instance_tables import SHORT as SHORT
from ._cloud_instance_tables import TEADS as TEADS
from ._cloud_instance_tables import UPSTREAM_FILES as UPSTREAM_FILES
from ._cloud_instance_tables import Tables as Tables
from ._cloud_instance_tables import _type_group, host_series
from ._cloud_instance_tables import catalog_accelerators as catalog_accelerators
from ._cloud_instance_tables import family as family
from ._cloud_instance_tables import gpu_key as gpu_key
from ._cloud_instance_tables import teads_idle_dram_w_per_gb as teads_idle_dram_w_per_gb
from ._cloud_read import PROVIDERS, Instance, read_all
from ._common import header, rounded, write_folder
from ._instance_component import MIN_HOST_VCPUS, inferred_hosts
from ._instance_shapes import SOURCES as SHAPE_TABLES
from ._instance_sums import accelerated_embodied
from ._mac_hosts import is_mac, mac_embodied, read_reports
from ._managed_variants import annotate, tie_to_base


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


def curated_parts(inst: Instance) -> Parts | None:
    """The providers' own table for the type (``_accelerated_types``): its type group
    (GCP ``a2-ultragpu``) first, then its family."""
    return FAMILY_PARTS.get((inst.provider, _type_group(inst))) or FAMILY_PARTS.get(
        (inst.provider, family(inst))
    )


def is_accelerated(inst: Instance) -> bool:
    return bool(inst.gpu_count or inst.accelerator or curated_parts(inst))


#: Where a type's vCPUs, memory and CPU are taken from, first that states them: the
#: providers' pages (curated accelerated types, then the plain size tables of
#: ``_instance_shapes``), the CCF lists (Apache-2.0), the Teads sheet (licence unstated:
#: full bundle), and last Boavizta's archetypes (AGPL: in no bundle).
COMPOSITION_ORDER = (
    AZURE_DOCS,
    GCP_TPU_DOCS,
    AWS_DOCS,
    SCALEWAY_GPU_DOCS,
    *SHAPE_TABLES,
    CCF,
    TEADS,
    "boavizta-api",
)
COMPOSITION_KEYS = ("vcpus", "memory_gb", "cpu")
SHAPE_KEYS = ("vcpus", "memory_gb")
AGPL_LISTS = frozenset({"boavizta-api"})


def _without_agpl_cpu(inst: Instance) -> Instance:
    """The type as its power is derived: a CPU name only Boavizta's archetypes give (AGPL)
    picks no W per vCPU (the provider's mean applies as a per-vCPU CATEGORY DEFAULT, said
    in the method); the catalog record keeps the name."""
    if inst.archs or inst.field_source.get("cpu") not in AGPL_LISTS:
        return inst
    return replace(
        inst, cpu="", field_source={k: v for k, v in inst.field_source.items() if k != "cpu"}
    )


def _cpu_effect(t: Tables, cpu: str) -> tuple[str | None, bool]:
    """What a CPU name decides in the CCF method: its micro-architecture, or Arm-ness."""
    return t.mapper.arch(cpu), bool(ARM_CPU.search(cpu))


def reattribute(inst: Instance, t: Tables) -> set[str]:
    """A plain type's vCPUs, memory and CPU (when it picks the W per vCPU) from a list other
    than Boavizta's AGPL archetypes: the same value stated elsewhere keeps the value and
    names that list; a different one replaces it. Returns the facts only the archetypes
    give (the type then gets no CCF-method power: its category default applies)."""
    keys: tuple[str, ...] = SHAPE_KEYS
    if not inst.archs and _cpu_effect(t, inst.cpu) != (None, False):
        keys += ("cpu",)
    only: set[str] = set()
    for key in keys:
        if inst.field_source.get(key) not in AGPL_LISTS:
            continue
        mine = getattr(inst, key)
        alts = [
            s
            for s in COMPOSITION_ORDER
            if s not in AGPL_LISTS and inst.stated.get(s, {}).get(key) not in (None, "", 0)
        ]
        if not alts:
            only.add(key)
            continue
        if key == "cpu":  # a name that picks a row first ("Intel Xeon Family" picks none)
            alts.sort(key=lambda s: _cpu_effect(t, str(inst.stated[s][key])) == (None, False))
        same = [
            s
            for s in alts
            if (
                _cpu_effect(t, str(inst.stated[s][key])) == _cpu_effect(t, mine)
                if key == "cpu"
                else inst.stated[s][key] == mine
            )
        ]
        src = (same or alts)[0]
        if not same:
            setattr(inst, key, inst.stated[src][key])
        inst.field_source[key] = src
    return only


def cite_or_drop(inst: Instance) -> set[str]:
    """The catalog's composition facts from a list a value may rest on (issue 19): a CPU
    name, vCPU count or memory only Boavizta's AGPL archetypes gave is taken from the first
    other list stating it (CCF's GCP list names every GCP CPU), else dropped from the record
    (the CPU name here; vCPUs and memory in ``hardware_record``, since the type stays
    listed). Returns the fields left with no cited source."""
    dropped: set[str] = set()
    for key in COMPOSITION_KEYS:
        if inst.field_source.get(key) not in AGPL_LISTS:
            continue
        alt = next(
            (
                s
                for s in COMPOSITION_ORDER
                if s not in AGPL_LISTS and inst.stated.get(s, {}).get(key) not in (None, "", 0)
            ),
            None,
        )
        if alt is not None:
            setattr(inst, key, inst.stated[alt][key])
            inst.field_source[key] = alt
        elif key == "cpu":
            inst.cpu = ""
            del inst.field_source["cpu"]
            dropped.add(key)
        else:
            dropped.add(key)
    return dropped


def composition_sources(inst: Instance) -> tuple[str, ...]:
    """The sources of the composition facts an accelerated type's sums use: vCPUs and
    memory, and the CPU name when it picks the W per vCPU (no micro-architecture listed)."""
    keys = SHAPE_KEYS + (() if inst.archs else ("cpu",))
    return tuple(inst.sources_of(keys))


def _named_accelerators(inst: Instance, gpu_index: dict[str, str]) -> list[AccelPart]:
    fam = (inst.provider, family(inst))
    curated = curated_parts(inst)
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


def _uncatalogued(inst: Instance, accel: list[AccelPart]) -> tuple[str, str] | None:
    """What a provider's page says of a type whose curated accelerator is not in the
    catalog (``accelerators`` left it out): kept as ``gpu_unsized`` so the type is never
    sized as a plain instance."""
    if accel:
        return None
    curated = curated_parts(inst)
    count = curated.counts.get(inst.type.lower()) if curated else None
    if curated is not None and count is not None:
        return f"{count:g} x {curated.model} (not in the accelerator catalog)", curated.source
    if inst.accelerator and inst.gpu_count and inst.accelerator_source not in AGPL_LISTS:
        said = f"{inst.gpu_count:g} x {inst.accelerator} (not in the accelerator catalog)"
        return said, inst.accelerator_source
    return None


def hardware_record(inst: Instance, accel: list[AccelPart]) -> dict[str, Any]:
    specs: dict[str, Any] = {}
    # A fact only an AGPL archetype states is not published (issue 19; ``cite_or_drop``).
    agpl = {k for k in COMPOSITION_KEYS if inst.field_source.get(k) in AGPL_LISTS}
    if inst.vcpus and "vcpus" not in agpl:
        specs["vcpus"] = rounded(inst.vcpus)
    if inst.cpu.strip() and "cpu" not in agpl:
        specs["cpu"] = inst.cpu.strip()
    if len(inst.archs) == 1:
        specs["microarchitecture"] = inst.archs[0]
    if inst.memory_gb and "memory_gb" not in agpl:
        specs["memory_gb"] = rounded(inst.memory_gb, 3)
    unsized = UNSIZED_GPUS.get((inst.provider, inst.type.lower())) or _uncatalogued(inst, accel)
    if accel and AGPL_LISTS & {a.source for a in accel}:
        # Accelerators only an AGPL archetype names are not published (issue 19; Scaleway
        # GPU-3070-S carried the P100 of Boavizta's ``scw_renders.base`` platform): the type
        # is kept a GPU type, its model left unconfirmed.
        unsized = (
            "a GPU type; its accelerator model is named only by AGPL code (boavizta-api), "
            "unconfirmed",
            "",
        )
        accel = []
    if accel:
        specs["accelerators"] = [{"model": a.model, "count": a.count} for a in accel]
    elif unsized:
        specs["gpu_unsized"] = unsized[0]
    if inst.storage_gb:
        specs["storage_gb"] = rounded(inst.storage_gb, 3)
        if inst.storage_type:
            specs["storage_type"] = inst.storage_type
    if inst.platform:
        specs["platform"] = inst.platform
    # Who states each spec (vCPUs, memory, CPU, storage, platform): the licence of every
    # value sized from them follows (rule C3 reads it; the validator screens it).
    given = inst.field_source | (
        {"accelerators": accel[0].source}
        if accel
        else {"gpu_unsized": unsized[1]}
        if unsized
        else {}
    )
    cited = {k: given.get(k, "") for k in SPEC_FIELDS if k in specs}
    if cited and all(cited.values()):
        specs["sources"] = cited
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
        if inst.hosts or not (
            is_accelerated(inst) and inst.cpu.strip() and inst.vcpus and inst.memory_gb
        ):
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
    spreads = settle(instances)  # Azure hosts: one per server design, no slice (A3, AZB)
    agpl_only: dict[str, set[str]] = {}
    for inst in instances.values():
        if is_accelerated(inst):
            inst.prefer_sources(COMPOSITION_ORDER, COMPOSITION_KEYS)
        elif inst.vcpus:
            agpl_only[inst.id] = reattribute(inst, tables)
        cite_or_drop(inst)
    mac_reports = read_reports(sources)
    tie_to_base(instances)  # managed-service variants: their EC2 base's hardware (class V1)
    for inst in instances.values():
        if inst.managed_base:
            agpl_only[inst.id] = set(agpl_only.get(f"aws:{inst.managed_base.lower()}", ()))
    gpu_index = catalog_accelerators(factors_root)
    parts = read_parts(factors_root)
    # The same sums from open figures only, written beside the others when they differ, so
    # an accelerated instance computes in the open bundle too (the best figure wins in full).
    opened_sources = open_sources(factors_root)
    open_parts = read_parts(factors_root, opened_sources)
    gaps: list[str] = []
    notes: list[str] = []
    alias_count: dict[str, int] = defaultdict(int)
    #: Largest type (vCPUs, then memory, then name) of each family: the host when no list names one.
    largest: dict[str, Instance] = {}
    #: Largest type of each provider on each CPU: the host of a family too small to be one.
    by_cpu: dict[str, Instance] = {}
    for inst in instances.values():
        alias_count[normalize_name(inst.type)] += 1
        if AGPL_LISTS & set(inst.sources_of(SHAPE_KEYS)):
            continue  # a size only an AGPL archetype states is never a host (issue 19)
        size = (inst.vcpus or 0, inst.memory_gb or 0, inst.type)
        for key in (f"{inst.provider}/{host_series(inst)}", f"{inst.provider}/cpu:{inst.cpu}"):
            table = by_cpu if "/cpu:" in key else largest
            top = table.get(key)
            if top is None or size > (top.vcpus or 0, top.memory_gb or 0, top.type):
                table[key] = inst
    borrow_sibling_hosts(instances)
    files: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"hardware": [], "factors": []}
    )
    accels = {
        iid: accelerators(inst, gpu_index, notes)
        for iid, inst in sorted(instances.items())
        if inst.vcpus
    }
    records = {iid: hardware_record(instances[iid], accel) for iid, accel in accels.items()}
    sized_hosts = inferred_hosts(records)
    for iid in sorted(instances):
        inst = instances[iid]
        if not inst.vcpus:
            continue  # an instance with no vCPU count has no usable composition
        accel = accels[iid]
        rec = records[iid]
        if alias_count[normalize_name(inst.type)] > 1:
            rec.pop("aliases")
        famkey = f"{inst.provider}/{family(inst)}"
        f = files[f"{famkey}.yaml"]
        f["hardware"].append(rec)
        if agpl_only.get(inst.id, set()) - {"cpu"}:
            # A plain type whose vCPUs, memory or CPU only an AGPL archetype gives: no CCF-
            # method power from them (issue 19); Teads watts and CCF hosts do not use them.
            gaps.append(f"{inst.id}: {', '.join(sorted(agpl_only[inst.id]))} only in boavizta-api")
            listed = embodied_factors(inst)
            widen(listed, spreads.get(inst.id))
            f["factors"].extend(teads_power(inst, None) + listed)
            continue
        if rec["specs"].get("gpu_unsized"):
            # A GPU share the catalog cannot size: no plain-instance (CPU-only) sum; the
            # accelerated-instance CATEGORY DEFAULT applies (category_defaults).
            gaps.append(f"{inst.id}: GPU not sized ({rec['specs']['gpu_unsized']})")
            continue
        agpl = AGPL_LISTS & {*(a.source for a in accel), *inst.sources_of(SHAPE_KEYS)}
        if accel and agpl:
            # Only an AGPL archetype gives its accelerators or shape: no value is derived
            # from it (issue 19); the accelerated-instance CATEGORY DEFAULT applies.
            gaps.append(f"{inst.id}: composition only in {', '.join(sorted(agpl))}")
            continue
        # Host embodied uses vCPUs and memory only (not the CPU name).
        facts = tuple(inst.sources_of(SHAPE_KEYS))
        top = largest.get(f"{inst.provider}/{host_series(inst)}", inst)
        if (top.vcpus or 0) < MIN_HOST_VCPUS and inst.cpu.strip():
            # as rule C3: a family topping out below the smallest CCF host platform is a
            # slice of a bigger server; the provider's largest type on its CPU stands for it
            top = by_cpu.get(f"{inst.provider}/cpu:{inst.cpu}", top)
        # An accelerated type whose series' host is an isolated size filed apart holds its
        # host part to its share of that host, as its sum is sized (class HS: NC40ads_H100_v5
        # on 80 vCPUs). Other accelerated types keep their own size (left to class SH/DA).
        split = accel and family(top) != family(inst) and host_series(top) == host_series(inst)
        held_on = sized_hosts.get(iid) or (
            (float(top.vcpus or 0), float(top.memory_gb or 0)) if split else None
        )
        calc = _without_agpl_cpu(inst)
        f["factors"].extend(
            power_factors(calc, tables, gaps, accel, parts, composition_sources(calc), held_on)
        )
        top_facts = tuple(top.sources_of(SHAPE_KEYS))
        summed = (
            accelerated_embodied(inst, accel, parts, gaps, top, facts, top_facts) if accel else None
        )
        if summed is None and inst.provider == "aws" and is_mac(inst.type):
            summed = mac_embodied(inst, instances, mac_reports) or None  # class MAC
        if summed is None:
            summed = embodied_factors(inst)
            widen(summed, spreads.get(inst.id))
        f["factors"].extend(summed)
        if accel:
            opened = (
                accelerated_embodied(
                    inst, accel, open_parts, [], top, facts, top_facts, opened_sources
                )
                or []
            )
            have = {x["id"]: x for x in f["factors"]}
            for x in opened:
                if x["id"] in have and have[x["id"]] != x:
                    raise ValueError(f"{x['id']}: the open sum and the best sum differ")
                if x["id"] not in have:
                    f["factors"].append(x)
    # class 2H: one host's other readings in the family reach each sum's bounds
    reach_other_readings([x for f in files.values() for x in f["factors"]])
    for f in files.values():
        annotate(f["factors"], instances)
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
