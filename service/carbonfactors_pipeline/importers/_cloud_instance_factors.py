"""Power and embodied factors of one cloud instance (Teads watts, CCF derivation, host shares).

Split from cloud_instances.py, which assembles the hardware records and files; this module
holds only the arithmetic of the per-instance factor records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from statistics import mean
from typing import Any

from carbonfactors.kinds import factor_id

from ..cpu_screens import (
    SMT_THREADS_PER_CORE,
    SMT_UNCONFIRMED_MARK,
    core_vcpu_source,
    smt_unconfirmed,
)
from ..hardware_screens import MIN_HOST_VCPUS
from ..instance_power_screen import CORE_SOURCES
from ._accelerated_types import (
    AccelPart,
)
from ._accelerator_parts import Part
from ._chip_threads import chip_reading
from ._cloud_instance_tables import (
    ARM_CPU as ARM_CPU,
)
from ._cloud_instance_tables import (
    CCF as CCF,
)
from ._cloud_instance_tables import (
    COEFF_TABLE as COEFF_TABLE,
)
from ._cloud_instance_tables import (
    GPU_CANDIDATES as GPU_CANDIDATES,
)
from ._cloud_instance_tables import (
    GPU_FAMILY_OVERRIDES as GPU_FAMILY_OVERRIDES,
)
from ._cloud_instance_tables import (
    GPU_TYPE_OVERRIDES as GPU_TYPE_OVERRIDES,
)
from ._cloud_instance_tables import (
    METHOD as METHOD,
)
from ._cloud_instance_tables import (
    NAME as NAME,
)
from ._cloud_instance_tables import (
    SHORT as SHORT,
)
from ._cloud_instance_tables import (
    TEADS as TEADS,
)
from ._cloud_instance_tables import (
    UPSTREAM_FILES as UPSTREAM_FILES,
)
from ._cloud_instance_tables import (
    Tables as Tables,
)
from ._cloud_instance_tables import (
    catalog_accelerators as catalog_accelerators,
)
from ._cloud_instance_tables import (
    family as family,
)
from ._cloud_instance_tables import (
    gpu_key as gpu_key,
)
from ._cloud_instance_tables import (
    teads_idle_dram_w_per_gb as teads_idle_dram_w_per_gb,
)
from ._cloud_read import Host, Instance
from ._cloud_records import constrained_parent, host_rule_sentence
from ._common import rounded, set_bounds
from ._host_power import HostPower
from ._instance_arm_power import arm_bounds, arm_measured
from ._instance_dram import say_dram_share
from ._instance_host_part import host_part
from ._instance_power_shape import (
    arm_proxy_note,
    burst_bounds,
    charge_whole_host,
    hpc_thread_bounds,
    idle_floor_at_full_load,
    whole_host_vcpus,
)
from ._instance_specpower import (
    COEFF_RATIO,
    MEASURED_ONLY,
    Held,
    arch_label,
    census,
    coefficient_check,
    generation_label,
    measured_arch,
    nearest_socket,
    recount,
    same_generation,
    same_host,
)
from ._instance_specpower import bound as specpower_bound
from ._instance_sums import accelerated_power
from ._teads_specpower import hold as hold_teads
from ._teads_specpower import own_row_bounds

#: The source of a power value whose W per vCPU carbonfactors recounted (class TU) and
#: the CCF methodology text the recount follows.
DERIVED = "carbonfactors-derived"
CCF_METHOD = "ccf-methodology"


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
    spread: tuple[float, float] | None = None
    counts = [recount(t.specpower.get(a.split(" (")[0], [])) for a in used]
    measured = (
        (mean(c[0] for c in counts if c), mean(c[1] for c in counts if c))
        if counts and all(counts)
        else None
    )
    published: tuple[float, float] | None = None
    if coeffs:
        central, notes = _recounted(coeffs, counts, used, t)
        if central != coeffs:
            published = (mean(c[0] for c in coeffs), mean(c[1] for c in coeffs))
        lo_w, hi_w = mean(c[0] for c in central), mean(c[1] for c in central)
        arch_note = (
            f"micro-architecture {', '.join(used)}"
            + (" (mean of the architectures the type runs on)" if len(coeffs) > 1 else "")
            + notes
            + arm_proxy_note([a.split(" (")[0] for a in used], {**t.cpu["aws"], **table})
        )
    elif ARM_CPU.search(inst.cpu) and t.arm:
        arm = t.arm
        lo_w = mean(c[0] for c in arm.values())
        hi_w = mean(c[1] for c in arm.values())
        arch_note = (
            f"Arm CPU without a CCF row ({inst.cpu.strip()}): mean of CCF's Arm rows "
            f"({', '.join(sorted(arm))}, AWS table), not the x86 mean"
            + arm_proxy_note(sorted(arm), t.cpu["aws"])
        )
    else:
        lo_w = mean(c[0] for c in table.values())
        hi_w = mean(c[1] for c in table.values())
        spread = (min(c[0] for c in table.values()), max(c[1] for c in table.values()))
        arch_note = (
            f"CATEGORY DEFAULT per vCPU: unknown micro-architecture "
            f"({inst.cpu or 'CPU not named by a list a value may rest on'}): mean of the "
            f"{len(table)} rows of the {table_name} table; low/high use the lowest min and "
            f"highest max W per vCPU of those rows ({spread[0]:.3g}..{spread[1]:.3g})"
        )
    smt = None if ARM_CPU.search(inst.cpu or "") else core_vcpu_source(inst.id)
    threads = SMT_THREADS_PER_CORE if smt else 1
    if smt:
        lo_w, hi_w = lo_w * threads, hi_w * threads
        if published:
            published = (published[0] * threads, published[1] * threads)
        arch_note += (
            f"; x {threads} hardware threads: each vCPU of this family is a whole core with "
            f"SMT off (the provider's page, {smt}), while CCF's coefficient is per "
            "SPECpower hardware thread; an upper estimate, one thread per core draws somewhat "
            "less than two"
        )
    elif not ARM_CPU.search(inst.cpu or "") and smt_unconfirmed(inst.id):
        arch_note += (
            f"; {SMT_UNCONFIRMED_MARK}: this family has a 1-vCPU size, as the whole-core "
            "families T2, C7a, M7a and R7a do (aws-ec2-cpu-options), but no AWS text on file "
            "says its vCPU is a whole core; one hardware thread per vCPU is counted, and "
            f"the CPU's share would be {SMT_THREADS_PER_CORE}x if it is a whole core with SMT "
            "off (class F8): the high bound must reach that reading"
        )
    return HostPower(
        inst.vcpus,
        inst.memory_gb or 0.0,
        t.memory_w_per_gb,
        lo_w,
        hi_w,
        arch_note,
        t.memory_idle_w_per_gb,
        threads,
        smt,
        spread,
        measured,
        published,
    )


def _recounted(
    coeffs: list[tuple[float, float]],
    counts: list[tuple[float, float] | None],
    used: list[str],
    t: Tables,
) -> tuple[list[tuple[float, float]], str]:
    """Each architecture's central (min, max) W per thread, with a note: CCF's row where
    it is within ``COEFF_RATIO`` of its recount from the SPECpower results of that
    micro-architecture in CCF's own file (CCF's documented method,
    ``_instance_specpower.recount``), else the recount (class TU: CCF's 2026 EPYC 5th Gen
    row, 3.68 / 8.96 W, is 13.9x / 6.1x the mean of its 43 Turin results, 0.264 / 1.46 W,
    while its other rows reproduce; CCF's row stays the value's high bound)."""
    out: list[tuple[float, float]] = []
    notes = ""
    for (lo, hi), count, name in zip(coeffs, counts, used, strict=True):
        if count is None or (lo <= COEFF_RATIO * count[0] and hi <= COEFF_RATIO * count[1]):
            out.append((lo, hi))
            continue
        arch = name.split(" (")[0]
        n = len(t.specpower.get(arch, []))
        out.append(count)
        notes += (
            f"; {arch} at {count[0]:.4g} / {count[1]:.4g} W per hardware thread (min / max), "
            f"recounted by carbonfactors with CCF's documented method (mean over the {n} "
            f"SPECpower_ssj2008 results of that micro-architecture in CCF's "
            f"data/SPECpower-2026-03-09.csv of active-idle and 100 % watts per hardware "
            f"thread; the same recount gives CCF's EPYC 3rd Gen row to every digit), not "
            f"CCF's published {lo:.4g} / {hi:.4g} W ({lo / count[0]:.1f}x / "
            f"{hi / count[1]:.1f}x its recount: it does not reproduce from the data it is "
            f"said to average), which is kept as the high bound"
        )
    return out, notes


def power_factors(
    inst: Instance,
    t: Tables,
    gaps: list[str],
    accel: list[AccelPart],
    parts: dict[str, Part],
    facts: tuple[str, ...] = (),
    sized_host: tuple[float, float] | None = None,
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
        # The host part is held and described as a plain CCF-method value (class DA).
        held = [host_part(host, basis) for basis in ("min", "max")]
        _hold_to_specpower(inst, t, host, held, sized_host, part=True)
        say_dram_share(host, held)
        return teads + accelerated_power(
            inst,
            host,
            accel,
            parts,
            gaps if not teads else [],
            facts,
            {p["basis"]: p for p in held},
        )
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
    bounds = host.bounds()
    for basis, per_vcpu, gpu_w in (("min", host.lo, gpu_lo), ("max", host.hi, gpu_hi)):
        value = host.watts(basis) + inst.gpu_count * gpu_w
        wide = (
            {
                "low": rounded(bounds[0] + inst.gpu_count * gpu_lo, 3),
                "high": rounded(bounds[1] + inst.gpu_count * gpu_hi, 3),
            }
            if bounds
            else {}
        )
        # A recounted coefficient (class TU) is carbonfactors' derivation, not CCF's
        # figure: its own source, CCF's published coefficient as the high bound.
        src = CCF
        extra: tuple[str, ...] = ()
        if host.published:
            src, extra = DERIVED, (CCF, CCF_METHOD)
            ccf_w = host.published[0 if basis == "min" else 1]
            wide = {
                "low": rounded(value, 3),
                "high": rounded(value + host.vcpus * (ccf_w - per_vcpu), 3),
            }
        out.append(
            {
                "id": factor_id("power", inst.id, 2026, src, basis),
                "kind": "power",
                "subject": inst.id,
                "year": 2026,
                "value": rounded(value, 3),
                "unit": "W",
                **wide,
                "basis": basis,
                "source": src,
                "method": f"{host.method(basis)}{gpu_note}. Not a measurement.",
                "inputs": inputs
                | {"w_per_vcpu": rounded(per_vcpu, 6)}
                | host.basis_inputs(basis)
                | ({"w_per_gpu": gpu_w} if inst.gpu_count else {})
                | ({"composition_facts": list(facts)} if facts else {}),
                # Every fact the value rests on (composition lists, the idle DRAM W/GB):
                # the licence is computed from them, so a Teads-only fact keeps it in full.
                "derived_from": {
                    "factors": [],
                    "sources": sorted({*host.sources(basis), *facts, *extra}),
                },
            }
        )
    # Classes HP and AI (sys13 pass over instance power, ``_instance_power_shape``).
    whole = whole_host_vcpus(inst, sized_host)
    if whole:
        charge_whole_host(host, out, whole)
    if ARM_CPU.search(inst.cpu or ""):
        arm_bounds(host, out, arm_measured(t.specpower), inst.cpu or "")  # classes AI, AV
    burst_bounds(inst, out)
    hpc_thread_bounds(inst, host, out, whole)
    _hold_to_specpower(inst, t, host, out, sized_host, whole=whole, teads=teads)
    if inst.own_watts:  # a managed node's own Teads row bounds its base's curve (O2)
        own_cpu = str(inst.stated.get(TEADS, {}).get("cpu") or "").strip()
        own_row_bounds(teads, inst.own_watts, inst.managed_base, own_cpu)
    if whole:
        idle_floor_at_full_load(out)
    say_dram_share(host, out)
    return teads + out


def _hold_to_specpower(
    inst: Instance,
    t: Tables,
    host: HostPower,
    out: list[dict[str, Any]],
    sized_host: tuple[float, float] | None = None,
    part: bool = False,
    whole: float | None = None,
    teads: list[dict[str, Any]] | None = None,
) -> None:
    """Bounds reaching SPECpower results of the host's CPU generation and socket count
    where the CCF-method value is above them (class D, ``_instance_specpower``).

    The host is the largest a list names; where none does, the one rule C3 infers for
    the type's embodied value (``sized_host``), so a slice is held to its share of that
    host as its whole-host sibling is (class SH); only without either, the type itself.
    A type on several micro-architectures is held to the envelope of the results of all
    of them (class MA, audit 1796613359: Azure's Milan + Genoa Eadsv5 skipped the check).
    ``part``: ``out`` is the host part of a sum of parts (class DA), not the whole value,
    so an instance with GPUs is held too. ``whole``: the host's vCPUs when the type holds
    its whole host (class HP): it is held to whole servers, not a vCPU share. ``teads``:
    the Teads curve of the same type, held to the same results (class TS,
    ``_teads_specpower``)."""
    if (inst.gpu_count and not part) or host.spread is not None or not inst.vcpus:
        return
    own = measured_arch(inst.cpu or "", t.mapper)
    archs = list(inst.archs) or [a for a in [own] if a]
    if own and own in dict(MEASURED_ONLY).values():
        archs = [own]  # GCP lists T2A's code name (Quicksilver), which no result carries
    core, peers = same_generation(archs, t.specpower)  # class TA: Graviton2 -> Altra
    mine = archs[0] if peers else ""
    if peers:
        archs = peers
    if not archs:
        return
    listed = [h.platform_vcpus for h in inst.hosts if h.platform_vcpus]
    sized = sized_host[0] if sized_host else None
    if sized and listed and max(listed) < min(MIN_HOST_VCPUS, sized):
        # class HA (audit 1796674267): a listed host below every CCF platform is a slice
        # (``instance-host-below-platform`` sets its embodied reading aside); the host rule
        # C3 sizes from the CPU's chips holds the power too (Azure DCsv2: 16, not 8)
        listed = []
    inferred = not listed and bool(sized) and sized != inst.vcpus
    host_vcpus = max(listed or [sized or inst.vcpus, inst.vcpus])
    per = host.threads_per_vcpu
    # A whole-core vCPU stands for two hardware threads of silicon (class SK); a
    # constrained-vCPU size holds its parent's share with fewer vCPUs active (class CS).
    parent = constrained_parent(inst.type) if getattr(inst, "constrained_parent", "") else None
    held = Held(per, parent[0], parent[2], parent[1]) if parent else Held(per)
    alloc = max(parent[2], inst.vcpus) if parent else inst.vcpus
    if whole:
        alloc = host_vcpus = max(host_vcpus, whole)
    host_vcpus = max(host_vcpus, alloc)
    found = {a: same_host(t.specpower.get(a, []), host_vcpus * per) for a in archs}
    results = [r for a in archs for r in found[a]]
    if not results:  # class HN: none of the host's socket count, the nearest per thread
        found = {a: nearest_socket(t.specpower.get(a, []), host_vcpus * per) for a in archs}
        results = [r for a in archs for r in found[a]]
        chips = "/".join(str(c) for c in sorted({r.chips for r in results}))
        held = replace(held, nearest=chips, host_threads=host_vcpus * per) if results else held
    # every result of the architectures, for the screen specpower-hold-coverage (class SR)
    pool = census([r for a in archs for r in t.specpower.get(a, [])])
    label = (
        generation_label(core, mine, archs, found)
        if mine
        else (arch_label(found) if len(archs) > 1 else None)
    )
    # CCF's coefficient of a multi-architecture type is a mean over them; its own check
    # against one architecture's recount would compare unlike things, so it runs on one.
    # A measured-only chip (class AP) has no CCF row of its own to check.
    check = (
        coefficient_check(t.specpower.get(archs[0], []), host.lo / per, host.hi / per, archs[0])
        if len(archs) == 1 and archs[0] not in dict(MEASURED_ONLY).values()
        else ""
    )
    if teads and not inst.teads_gpus:
        hold_teads(teads, alloc, host_vcpus, results, inst.teads_terms, host.memory_gb, label, held)
        for fac in teads if mine and results else []:  # read by instance-above-specpower
            fac["inputs"] = fac.get("inputs", {}) | {"specpower_core_generation": core}
            if isinstance(fac.get("derived_from"), dict):  # the core link's sources (AV)
                cited = CORE_SOURCES.get(core, ("", ()))[1]
                fac["derived_from"]["sources"] = sorted({*fac["derived_from"]["sources"], *cited})
    for fac in out:
        before = fac["method"]
        if label:  # read by the screen instance-above-specpower: the check ran on all
            fac["inputs"] = fac.get("inputs", {}) | {"specpower_archs": archs}
        if mine:
            fac["inputs"] = fac.get("inputs", {}) | {"specpower_core_generation": core}
            cited = CORE_SOURCES.get(core, ("", ()))[1]  # the core link's sources (class AV)
            if isinstance(fac.get("derived_from"), dict):
                fac["derived_from"]["sources"] = sorted({*fac["derived_from"]["sources"], *cited})
        basis_dram = host.memory_gb * host.memory_w(fac["basis"])
        if pool:
            fac["inputs"] = fac.get("inputs", {}) | {
                "specpower_census": pool,
                "specpower_host_threads": rounded(host_vcpus * per),
            }
        specpower_bound(fac, fac["basis"], alloc, host_vcpus, results, basis_dram, label, held)
        fired = fac["method"] != before
        fac["method"] += check
        if not fired:
            continue
        if inferred:
            fac["method"] += (
                f" No list names this type's host: it is the one rule C3 infers for its "
                f"embodied value ({host_vcpus:g} vCPUs; its embodied method says how)."
            )


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
                f"upstream); {host_rule_sentence(hosts)}"
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
        rests_on = sorted({s for h in hosts for s in h.rests_on})
        if src == "boavizta-ccf":
            # The host platform is a Boavizta archetype (AGPL repository): recorded, so the
            # computed licence keeps the value out of every bundle until it is re-derived.
            rests_on = sorted({"boavizta-api", *rests_on})
        if rests_on:
            # Host figures read from another list (CCF 2021 AWS: the Teads sheet's platform
            # and instance vCPUs and memory): the computed licence follows that list.
            fac["derived_from"] = {"factors": [], "sources": rests_on}
        chip_reading(hosts, fac)
        out.append(fac)
    _span_ccf_readings(by_source, dict(zip(sorted(by_source), out, strict=True)))
    return out


def _span_ccf_readings(by_source: dict[str, list[Host]], facs: dict[str, dict[str, Any]]) -> None:
    """Bounds of each CCF reading reach the other where CCF gives two for one host.

    CCF's 2026 AWS list and its 2021 method (1,000 kg R740 base + add-ons) disagree for the
    same host by 20-40% either way (audit 1796574057 O4, O6: r5d.12xlarge 1,050 vs 1,271.9
    kg, c5.24xlarge 820 vs 1,344). Neither is wrong by its own method, so each value keeps
    its reading and its low/high span both (issue 20 class 8), used only when both describe
    a host of the same vCPUs; no other list's figure enters the 2026 value.

    The other reading is the other factor's own value, allocated as that factor is (the
    2021 method's DRAM add-on by memory share): taking the 2021 platform total at the 2026
    vCPU share quoted a figure no CCF method gives, 30.8 kg for aws:t2.micro beside its
    filed 24.2 kg, and left the filed 2021 reading outside the 2026 bounds for 120 types
    (audit 1796636393 class XR, screen ``ccf-readings-span``).
    """
    new, old = by_source.get("ccf-2026") or [], by_source.get("ccf-2021") or []
    f26, f21 = facs.get("ccf-2026"), facs.get("ccf-2021")
    if f26 is None or f21 is None:
        return
    if not any(n.platform_vcpus == o.platform_vcpus for n in new for o in old):
        return
    r26, r21 = f26["value"], f21["value"]
    for fac, other, central, beside in (
        (
            f26,
            r21,
            "CCF's 2026 list (its current figure, named per host platform)",
            "the CCF 2021 method's reading of this type (its 1,000 kg base server plus "
            f"add-ons, {old[0].kgco2e:,.2f} kg for the platform, allocated as that factor "
            "says)",
        ),
        (
            f21,
            r26,
            "this year's reading, the CCF 2021 method",
            f"CCF's 2026 list's reading of this type ({new[0].kgco2e:,.0f} kg for the "
            "platform, allocated as that factor says)",
        ),
    ):
        lo = min(fac.get("low", fac["value"]), other, fac["value"])
        hi = max(fac.get("high", fac["value"]), other, fac["value"])
        if lo == hi:
            continue
        set_bounds(fac, lo, hi)
        fac["method"] += (
            f" Two CCF readings of this host: central is {central}; low/high reach "
            f"{beside}, {other:,.1f} kgCO2e (issue 20 class 8)."
        )
        fac["inputs"]["other_ccf_reading_kgco2e"] = rounded(other, 3)


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
        gb = {h.instance_memory_gb for h in hosts}
        if len(gb) == 1 and inst.memory_gb in gb:
            note += f", at its own row's {inst.memory_gb:g} GB (the figure its power uses)"
        if inst.own_row and inst.own_row[2]:
            pv, pm, kg = inst.own_row
            note += (
                f". CCF's own row for this size (a {pv:g}-vCPU, {pm:g} GB platform of "
                f"{kg:,.2f} kgCO2e) is set aside: it lists the size as a host of its own, "
                "while a constrained size runs on its parent's servers (one host per server "
                "design, rule A3)"
            )
    elif inst.vcpus and any(inst.vcpus < h.instance_vcpus == h.platform_vcpus for h in hosts):
        note += (
            f". It has {inst.vcpus:g} vCPUs but all of its host's memory (the family's "
            "largest size's), so no other instance fits beside it: it holds the whole host "
            "(class HC; AWS HPC sizes differ only in the cores enabled)"
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
