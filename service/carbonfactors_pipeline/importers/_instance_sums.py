"""Power and embodied carbon of an accelerated cloud instance as host + accelerators.

No published figure covers the whole of most accelerated instances (the Teads watts do,
for the older AWS GPU types only), so the instance value is a documented sum of parts:

- **power** = host (CCF method: vCPUs x W per vCPU of its micro-architecture + memory GB x
  the CCF memory coefficient) + sum of count x the accelerator's catalog power: its TDP
  (else its maximum) at the ``max`` point; its idle (else min) power at the ``min`` point
  when the catalog has one, 0 W otherwise (the accelerator then scales as TDP x
  utilization, as a bare accelerator does in the engine);
- **embodied** = host platform without accelerators, allocated by resource share (DRAM by memory, the rest by vCPUs) + sum of
  count x the accelerator's default embodied value (``carbonfactors.rungs``), low/high =
  sums of the parts' lows / highs. Host, in order of preference: the CCF 2021 method's
  total minus its flat 150 kg per GPU add-on (ccf-coefficients output, or applied to the
  Boavizta host platform); the CCF 2026 AWS platform emissions (no methodology note
  upstream, so whether they hold accelerators is unknown: used as is and flagged); the
  CCF 2021 method on the instance's own memory when no host is listed.

Each factor names its rung: ``component-model`` for power; for embodied the weakest rung
of its parts (``carbonfactors.rungs.weakest_rung``). The power sum is carbonfactors'
derivation, so its ``source`` is ``carbonfactors-derived`` at both points (audit
1796621837, O7: the ``max`` point cited the accelerator TDP's source as its own); the
embodied sum's is the accelerator figure's. ``derived_from`` lists every part's factor and
source (the licence is computed from them) and ``inputs`` every part.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from carbonfactors.kinds import factor_id
from carbonfactors.rungs import weakest_rung

from ..ccf_host import CCF_BASE_KG, host_share_kg
from ._accelerated_types import AccelPart
from ._accelerator_parts import Part
from ._cloud_read import Host, Instance, ccf_host_embodied
from ._cloud_records import host_rule_sentence
from ._common import rounded
from ._host_power import HostPower

#: The source of a sum-of-parts power: carbonfactors' derivation from its parts' sources.
SUM_SOURCE = "carbonfactors-derived"
#: The sources each host figure rests on (recorded in ``derived_from``: the licence of the
#: sum is computed from them). A Boavizta host platform is an archetype of the AGPL
#: boaviztapi repository, so a value resting on it is in no bundle until re-derived.
HOST_SOURCES: dict[str, tuple[str, ...]] = {
    "ccf-2021": ("ccf-coefficients",),
    "boavizta-ccf": ("ccf-methodology", "boavizta-api"),
    "ccf-2026": ("ccf-coefficients",),
    "instance": ("ccf-methodology",),
}
#: Sources whose per-accelerator embodied figure includes its share of the host (Google's
#: TPU LCA: one TPU tray + one compute tray per TPU): the instance adds no host on top.
HOST_INCLUDED = frozenset({"schneider-tpu-lca-2025"})
#: Host sources, best first, and the rung a host figure from each stands on.
HOST_ORDER = ("ccf-2021", "ccf-2026")
HOST_RUNG: dict[str, str | None] = {
    "ccf-2021": "component-model",
    "ccf-2026": None,
    "instance": "component-model",
}


def fraction_note(accel: list[AccelPart]) -> str:
    """The sentence a sum carries when a count is a share of one accelerator (AWS g6f, a
    partition of one L4): the share scales the part's power and embodied carbon linearly,
    an allocation by the provider's stated fraction, not a measurement of the partition."""
    shares = [a for a in accel if a.count < 1]
    if not shares:
        return ""
    said = ", ".join(f"{a.count:g} of one {a.model}" for a in shares)
    return (
        f" The instance has a fraction of an accelerator ({said}, the provider's stated "
        "share): its power and embodied carbon are counted at that share of the whole "
        "accelerator's, an allocation, not a measurement of the partition."
    )


def missing(accel: list[AccelPart], parts: dict[str, Part], what: str) -> list[str]:
    """Accelerator ids of ``accel`` whose catalog entry lacks ``what`` (full/embodied)."""
    return [a.model for a in accel if getattr(parts.get(a.model), what, None) is None]


def accelerated_power(
    inst: Instance,
    host: HostPower,
    accel: list[AccelPart],
    parts: dict[str, Part],
    gaps: list[str],
    facts: tuple[str, ...] = (),
    held: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Host (CCF method) + accelerators at the ``min`` and ``max`` points. ``facts``: the
    sources of the composition the host part uses (vCPUs, memory, CPU), recorded in
    ``derived_from`` with the accelerators' own source so the licence follows them.
    ``held``: the host part per basis (``_instance_host_part.host_part``) after the
    class-D hold and the DRAM-share sentence ran on it; low/high = its low/high + the
    accelerators' lows/highs."""
    from ._instance_host_part import CARRIED, describe, host_part

    lacking = missing(accel, parts, "full")
    if lacking:
        gaps.append(
            f"{inst.id}: no power for accelerator {', '.join(lacking)} in the catalog; "
            "instance power left out rather than counting the host alone"
        )
        return []
    out = []
    for basis in ("min", "max"):
        point = [parts[a.model].idle if basis == "min" else parts[a.model].full for a in accel]
        part = (held or {}).get(basis) or host_part(host, basis)
        lines = []
        total = part["value"]
        lo, hi = part.get("low", total), part.get("high", total)
        for a, f in zip(accel, point, strict=True):
            w = (f.value, f.lo, f.hi) if f is not None else (0.0, 0.0, 0.0)
            total += a.count * w[0]
            lo += a.count * w[1]
            hi += a.count * w[2]
            lines.append(
                {"model": a.model, "count": a.count, "w_each": rounded(w[0], 3)}
                | ({"factor": f.id} if f is not None else {"factor": None})
            )
        what = (
            "idle (else min) power, 0 W where the catalog has none"
            if basis == "min"
            else "TDP (else maximum) power"
        )
        fac: dict[str, Any] = {
            "id": factor_id("power", inst.id, 2026, SUM_SOURCE, basis),
            "kind": "power",
            "subject": inst.id,
            "year": 2026,
            "value": rounded(total, 3),
            "unit": "W",
            "basis": basis,
        }
        if (lo, hi) != (total, total):
            fac.update(low=rounded(lo, 3), high=rounded(hi, 3))
        fac.update(
            rung="component-model",
            source=SUM_SOURCE,
            method=(
                f"Sum of parts: host by the {host.method(basis)} + accelerators: count x the "
                f"accelerator's catalog {what}.{fraction_note(accel)} Not a measurement."
                f"{describe(part)}"
                + (
                    " low/high = the host part's low/high + the accelerators' lows/highs."
                    if "low" in fac
                    else ""
                )
            ),
            inputs=host.inputs()
            | {
                "w_per_vcpu": rounded(host.lo if basis == "min" else host.hi, 6),
                **host.basis_inputs(basis),
                **{k: part["inputs"][k] for k in CARRIED if k in part["inputs"]},
                "accelerators": lines,
                "composition_source": accel[0].source,
            }
            | ({"composition_facts": list(facts)} if facts else {}),
            derived_from=_derived(
                [f.id for f in point if f is not None],
                (*host.sources(basis), accel[0].source, *facts),
            ),
        )
        out.append(fac)
    return out


def _host_values(
    inst: Instance, largest: Instance, allowed: frozenset[str] | None = None
) -> tuple[str, list[Host], list[float]]:
    """Host embodied without accelerators, allocated to the instance, per host platform.

    ``allowed``: the sources a host figure may rest on (the ``open`` bundle's); a listed
    host resting on another (CCF 2021 AWS hosts read from the Teads sheet) is passed over
    for the sized host below, so the open sum keeps an open host instead of falling to the
    accelerated-instance category default (issue 19: p4d.24xlarge, 1,403 kg in ``open``
    for eight A100s and their host)."""
    usable: dict[str, list[Host]] = defaultdict(list)
    for h in inst.hosts:
        rests_on = {*HOST_SOURCES[h.source], *h.rests_on}
        if allowed is not None and not rests_on <= allowed:
            continue
        if h.platform_vcpus > 0 and 0 < h.instance_vcpus <= h.platform_vcpus:
            usable[h.source].append(h)
    for src in HOST_ORDER:
        hosts = usable.get(src)
        if hosts:
            vals = [h.allocated(without_accelerators=True) for h in hosts]
            return src, hosts, vals
    # No usable listed host: the family's largest type stands for the host, sized and
    # allocated by rule C3 (the plain types' sized default: DRAM by memory share, the base
    # by vCPU share).
    memory, host_vcpus = largest.memory_gb or 0.0, largest.vcpus or 1.0
    vcpus = min(inst.vcpus or host_vcpus, host_vcpus)
    own_memory = min(inst.memory_gb or memory, memory)
    total = ccf_host_embodied(memory, 1, 0, 0, 0)
    host = Host(
        "instance",
        largest.type,
        total,
        host_vcpus,
        vcpus,
        2026,
        memory_kg=total - CCF_BASE_KG,
        platform_memory_gb=memory,
        instance_memory_gb=own_memory,
    )
    return "instance", [host], [host_share_kg(vcpus, own_memory, host_vcpus, memory)]


def _host_method(src: str, hosts: list[Host]) -> str:
    if src == "ccf-2021":
        return (
            "CCF 2021 method total of the host platform (1,000 kgCO2e base + memory, storage "
            "and CPU add-ons) minus its flat 150 kgCO2e per GPU add-on"
        )
    if src == "ccf-2026":
        return (
            "CCF 2026 AWS list platform embedded emissions (no methodology note upstream: "
            "whether they include the accelerators is unknown, so the sum may count part of "
            f"them twice); {host_rule_sentence(hosts)}"
        )
    return (
        f"CCF 2021 method on the memory of the family's largest type (below 12 vCPUs: the "
        f"provider's largest on the same CPU) '{hosts[0].platform}' taken as the host "
        "(1,000 kgCO2e base + 533 per 384 GB above 16 GB; sized as C3 sizes a plain type's "
        "host: DRAM add-on by memory share, base by vCPU share); no host platform the bundle "
        "may carry is listed upstream and CPU sockets and drives are not published, so those "
        "add-ons are left out"
    )


def accelerated_embodied(
    inst: Instance,
    accel: list[AccelPart],
    parts: dict[str, Part],
    gaps: list[str],
    largest: Instance,
    facts: tuple[str, ...] = (),
    largest_facts: tuple[str, ...] = (),
    allowed: frozenset[str] | None = None,
) -> list[dict[str, Any]] | None:
    """One embodied factor = host + accelerators, or None when an accelerator has no value.

    ``facts`` / ``largest_facts``: sources of the composition of the type and of its
    family's largest type (the host when no list names one), recorded in ``derived_from``.
    ``allowed``: when given (the ``open`` bundle's sources, with ``parts`` holding only open
    accelerator values), the sum rests on those sources alone: a listed host resting on
    another is replaced by the sized host, and None is returned when the composition
    itself rests on another.
    """
    lacking = missing(accel, parts, "embodied")
    if lacking:
        gaps.append(
            f"{inst.id}: no default embodied value for accelerator {', '.join(lacking)}; "
            "instance embodied keeps the CCF host figures"
        )
        return None
    src, hosts, host_vals = _host_values(inst, largest, allowed)
    if allowed is not None:
        shape = {*facts, *(largest_facts if src == "instance" else ()), accel[0].source}
        if not shape <= allowed:
            return None
    with_host = all(
        parts[a.model].embodied.source in HOST_INCLUDED  # type: ignore[union-attr]
        for a in accel
    )
    if with_host:  # the accelerators' figures already hold their hosts' share
        host_vals = [0.0 for _ in host_vals]
    host = mean(host_vals)
    total, lo, hi = host, min(host_vals), max(host_vals)
    lines = []
    for a in accel:
        f = parts[a.model].embodied
        assert f is not None
        total += a.count * f.value
        lo += a.count * f.lo
        hi += a.count * f.hi
        lines.append(
            {"model": a.model, "count": a.count, "kgco2e_each": f.value, "factor": f.id}
            | ({"rung": f.rung} if f.rung else {})
        )
    first = parts[accel[0].model].embodied
    assert first is not None
    rung = weakest_rung([HOST_RUNG[src], *(parts[a.model].embodied.rung for a in accel)])  # type: ignore[union-attr]
    year = hosts[0].year
    fac: dict[str, Any] = {
        "id": factor_id("embodied", inst.id, year, first.source, "manufacturing"),
        "kind": "embodied",
        "subject": inst.id,
        "year": year,
        "value": rounded(total, 3),
        "unit": "kgCO2e",
        "basis": "manufacturing",
    }
    if (lo, hi) != (total, total):
        fac.update(low=rounded(lo, 3), high=rounded(hi, 3))
    if rung:
        fac["rung"] = rung
    multi = " Mean over the host platforms the type runs on." if len(hosts) > 1 else ""
    used = tuple(sorted(set(facts) | (set(largest_facts) if src == "instance" else set())))
    fac.update(
        source=first.source,
        method=(
            (
                "The accelerators' figures include their share of the host (Google TPU LCA "
                "boundary: TPU tray + compute tray), so the host below counts 0 kgCO2e. "
                if with_host
                else ""
            )
            + f"Sum of parts: host = {_host_method(src, hosts)}, allocated to the instance by "
            f"resource share (DRAM add-on by memory share when the host total gives it, the "
            f"rest by vCPU share); + accelerators: count x the accelerator's default embodied value "
            f"(rung, then source priority; never a lower bound).{fraction_note(accel)} "
            f"low/high = sums of the parts' lows/highs.{multi}"
        ),
        inputs={
            "host_source": src,
            "host_platforms": [h.platform for h in hosts],
            "host_kgco2e": [rounded(h.kgco2e, 3) for h in hosts],
            "host_accelerator_addon_kgco2e": [
                None if h.accelerator_kg is None else rounded(h.accelerator_kg, 3) for h in hosts
            ],
            "host_vcpus": [rounded(h.platform_vcpus) for h in hosts],
            "instance_vcpus": rounded(hosts[0].instance_vcpus),
            "host_share_kgco2e": rounded(host, 3),
            "accelerators": lines,
            "composition_source": accel[0].source,
        }
        | ({"composition_facts": list(used)} if used else {}),
        derived_from=_derived(
            [str(line["factor"]) for line in lines],
            (
                *HOST_SOURCES[src],
                *(s for h in hosts for s in h.rests_on),
                accel[0].source,
                *used,
            ),
        ),
    )
    return [fac]


def _derived(factors: list[str], sources: tuple[str, ...]) -> dict[str, list[str]]:
    """``derived_from`` of a sum of parts: the parts' factors and the sources of the rest."""
    return {"factors": sorted(set(factors)), "sources": sorted(set(sources))}
