"""Accelerators without a die of their own valued on other parts' values (audit 1796585890):
a same-silicon sibling (``siblings``) or, known only by bandwidth, their bandwidth class
(``bandwidth_class``, rule C2, below).

Why (observation MI355X, issue 20): the MI355X took the GPU category default (76.59 kgCO2e)
while the MI350X, the same silicon with the same 288 GB, had 268.82; the MI325X (node peers,
236.42) sat below the MI300X (259.55) whose silicon it carries with more HBM. A part whose
sibling is the same silicon is better sized on the sibling's value than on any class.

Same silicon, from what is on file only: the same vendor, category, process node and form
factor, no die area of the part's own, and either the same peak FP16 (the same compute array
at the same clocks: MI325X and MI300X, 1,307.4 TFLOPS at 5 nm) or the same memory capacity
and bandwidth (the same memory stacks on the same package: MI355X and MI350X, 288 GB at
8 TB/s, 3 nm). The value is the sibling's plus the memory difference at the sibling's own
memory rate where its value names one (``sibling_rate``), else at k x ACT DRAM; the rung is
the sibling's (a product LCA becomes a component model).

Why the sibling's rate (audit 1796630035 class S4, #35): the MI325X added its 64 GB beyond
the MI300X at ACT DRAM x k (0.388 kg/GB) while the MI300X's own value prices its HBM at the
HGX H100 PCF's 0.853 kg/GB, so one chain costed the same memory at two rates. The same
memory on the same silicon is costed as the value it extends costs it; the bounds keep the
other reading (ACT DRAM x the k spread), so neither is hidden.
"""

from __future__ import annotations

import statistics
from typing import Any

from carbonfactors.kinds import factor_id

from ._common import rounded

Record = dict[str, Any]
DERIVED_SOURCE = "carbonfactors-accelerator-model"
SIBLING_MARK = "SAME SILICON"
CHIP_CATEGORIES = ("gpu", "tpu", "accelerator")
KEYS = ("process_nm", "form_factor")


def same_silicon(hardware: dict[str, Record], hid: str) -> list[str]:
    """The parts on file that are the same silicon as ``hid`` (see the module note)."""
    rec = hardware[hid]
    sp = rec.get("specs") or {}
    if rec.get("category") not in CHIP_CATEGORIES or sp.get("die_area_mm2"):
        return []
    if not all(sp.get(k) for k in KEYS) or not rec.get("vendor"):
        return []
    out = []
    for p in sorted(hardware):
        r = hardware[p]
        ps = r.get("specs") or {}
        if p == hid or r.get("vendor") != rec["vendor"] or r.get("category") != rec["category"]:
            continue
        if any(ps.get(k) != sp.get(k) for k in KEYS):
            continue
        flops = sp.get("fp16_tflops") and ps.get("fp16_tflops") == sp.get("fp16_tflops")
        memory = (
            sp.get("memory_gb")
            and ps.get("memory_gb") == sp.get("memory_gb")
            and sp.get("memory_bandwidth_tbs")
            and ps.get("memory_bandwidth_tbs") == sp.get("memory_bandwidth_tbs")
        )
        if flops or memory:
            out.append(p)
    return out


#: Input keys under which a value states its own memory rate in kgCO2e/GB: the PCF memory
#: intensity of the HBM-scaling values (``embodied-components.yaml``) and the same-die
#: memory line of a sized value (``_accelerator_memory_line``).
RATE_KEYS = ("vram_kgco2e_per_gb", "memory_line_kgco2e_per_gb")


def sibling_rate(sib: Record, specs: dict[str, Any]) -> tuple[float, str] | None:
    """(kgCO2e per GB, where it is stated) of the memory in a sibling's own value, or None
    when its value costs memory at ACT DRAM x k (a component model) or names no rate."""
    from ._accelerator_memory_line import line_per_gb

    inputs = sib.get("inputs") or {}
    for key in RATE_KEYS:
        if inputs.get(key):
            return float(inputs[key]), f"its inputs.{key}"
    per_gb = line_per_gb(sib, specs)
    if per_gb:
        return per_gb, "its own memory line"
    return None


def rank(f: Record | None, own: bool) -> int:
    """How good a part's value is: its own (0), a component model (1), a class value (2),
    none (3). A part takes a sibling's value only when that value ranks better."""
    if own:
        return 0
    if f is None:
        return 3
    return 1 if f.get("rung") == "component-model" else 2


def siblings(
    hardware: dict[str, Record],
    sized_parts: dict[str, Record],
    own_values: dict[str, Record],
    dram: float,
    ks: tuple[float, float, float],
) -> dict[str, Record]:
    """Values for parts whose same-silicon sibling has a better-ranked value."""
    k, k_lo, k_hi = ks
    out: dict[str, Record] = {}
    for hid in sorted(hardware):
        if hid in own_values:
            continue
        mine = rank(sized_parts.get(hid), False)
        best: tuple[int, str] | None = None
        for p in same_silicon(hardware, hid):
            r = rank(own_values.get(p) or sized_parts.get(p), p in own_values)
            if r < mine and (best is None or r < best[0]):
                best = (r, p)
        rec = hardware[hid]
        if best is None or rec.get("release_year") is None:
            continue
        p = best[1]
        sib = own_values.get(p) or sized_parts[p]
        sib_mem = float((hardware[p].get("specs") or {}).get("memory_gb") or 0.0)
        mem = float((rec.get("specs") or {}).get("memory_gb") or 0.0)
        d = (mem - sib_mem) * dram
        ends = (k_lo * d, k_hi * d)
        own_rate = sibling_rate(sib, hardware[p].get("specs") or {})
        step = k * d
        rate_words = (
            f"x ACT DRAM {dram:g} kg/GB x k (value {k:.3f}, low {k_lo:.3f}, high {k_hi:.3f})"
        )
        if own_rate is not None:
            # S4: the sibling's own rate is the value; ACT DRAM x k stays a reading.
            step = (mem - sib_mem) * own_rate[0]
            ends = (min(step, *ends), max(step, *ends))
            rate_words = (
                f"x the sibling's own memory rate {own_rate[0]:.4f} kg/GB ({own_rate[1]}; "
                f"audit 1796630035 class S4: the same memory on the same silicon costs what "
                f"the value it extends charges for it); low/high also reach ACT DRAM "
                f"{dram:g} kg/GB x k (low {k_lo:.3f}, high {k_hi:.3f}), the other reading"
            )
        rung = "component-model" if sib.get("rung") == "product-lca" else sib.get("rung")
        out[hid] = {
            "id": factor_id("embodied", hid, rec["release_year"], DERIVED_SOURCE, "manufacturing"),
            "kind": "embodied",
            "subject": hid,
            "year": rec["release_year"],
            "value": rounded(sib["value"] + step, 2),
            "unit": "kgCO2e",
            "low": rounded(float(sib.get("low") or sib["value"]) + min(ends), 2),
            "high": rounded(float(sib.get("high") or sib["value"]) + max(ends), 2),
            "basis": "manufacturing",
            "rung": rung,
            "source": DERIVED_SOURCE,
            "method": (
                f"{SIBLING_MARK} (audit 1796585890, observation MI355X; importers/"
                f"_accelerator_siblings.py): no die area on file for this part; {p} is the same "
                f"silicon on file (same vendor, category, node and form factor, and the same "
                f"peak FP16 or the same memory capacity and bandwidth), so this part takes its "
                f"value {sib['value']:g} [{sib.get('low', sib['value']):g}.."
                f"{sib.get('high', sib['value']):g}] kgCO2e plus its own memory's difference "
                f"({mem:g} - {sib_mem:g} GB) {rate_words}. The sibling's method: "
                f"{sib['method']}"
            ),
            "inputs": {
                "same_silicon_as": p,
                "memory_gb": mem,
                "sibling_memory_gb": sib_mem,
                "dram_kgco2e_per_gb": dram,
                **(
                    {"sibling_memory_kgco2e_per_gb": rounded(own_rate[0], 6)}
                    if own_rate is not None
                    else {}
                ),
                "k": rounded(k, 4),
                "k_low": rounded(k_lo, 4),
                "k_high": rounded(k_hi, 4),
            },
            "derived_from": {
                "factors": sorted(
                    {sib["id"], *((sib.get("derived_from") or {}).get("factors") or [])}
                ),
                "sources": sorted(
                    {"act-gupta-2022", "epoch-ml-hardware", sib["source"]}
                    | set((sib.get("derived_from") or {}).get("sources") or [])
                ),
            },
        }
    return out


#: Marks a value taken from the embodied values of a part's bandwidth class (rule C2).
CLASS_MARK = "BANDWIDTH CLASS"


def bandwidth_class(
    hardware: dict[str, Record],
    sized_parts: dict[str, Record],
    credible: dict[str, Record],
    years: dict[str, int | None],
) -> dict[str, Record]:
    """Values for parts known only by their memory bandwidth, from their bandwidth peers.

    Why (audit 1796585890 class C2, #38): the Ascend 970 (14.4 TB/s, no memory, node or die
    on file) took the median of older 32 GB accelerators (103.6 kg, high 205) while the 12
    chips its 980 W power comes from (``class_power``: bandwidth within a factor of two, the
    same vendor's when three) carry values of 77-399 kg. The same peers size its embodied
    value: their median, bounds their smallest and largest. ``credible`` holds each part's
    own (hand-written or product) value; a peer's sized value counts unless it is itself a
    class value of this rule. Rung ``category-default``; ``None`` with fewer than three."""
    from ._accelerator_peers import BANDWIDTH_FACTOR

    values = {p: f for p, f in sized_parts.items() if CLASS_MARK not in f.get("method", "")}
    values = credible | values
    out: dict[str, Record] = {}
    for hid in sorted(hardware):
        rec = hardware[hid]
        sp = rec.get("specs") or {}
        bw = sp.get("memory_bandwidth_tbs")
        if (
            hid in values
            or rec.get("category") not in CHIP_CATEGORIES
            or not bw
            or any(sp.get(k) for k in ("memory_gb", "process_nm", "die_area_mm2"))
        ):
            continue
        bw = float(bw)
        # A TPU's value holds its host-tray share (Schneider et al. 2025 and the values
        # scaled from it, TPU v7): a chip sized alone is not a peer of it, nor the reverse
        # (issue 20 round 7: TPU v7 at 878.75 had become the Ascend 960/970's high bound).
        tpu = rec.get("category") == "tpu"
        peers = {
            p: f
            for p, f in values.items()
            if p != hid
            and p in hardware
            and (hardware[p].get("category") == "tpu") == tpu
            and (pbw := (hardware[p].get("specs") or {}).get("memory_bandwidth_tbs"))
            and bw / BANDWIDTH_FACTOR <= float(pbw) <= bw * BANDWIDTH_FACTOR
        }
        vendor = rec.get("vendor")
        same = {p: f for p, f in peers.items() if vendor and hardware[p].get("vendor") == vendor}
        if len(same) >= 3:
            peers = same
        if len(peers) < 3:
            continue
        vals = sorted(float(f["value"]) for f in peers.values())
        mid = statistics.median(vals)
        # No release year on file (a roadmap part): the newest year of its class's values.
        year = rec.get("release_year") or years.get(hid) or max(f["year"] for f in peers.values())
        listed = ", ".join(f"{p} {peers[p]['value']:g}" for p in sorted(peers))
        out[hid] = {
            "id": factor_id("embodied", hid, year, DERIVED_SOURCE, "manufacturing"),
            "kind": "embodied",
            "subject": hid,
            "year": year,
            "value": rounded(mid, 2),
            "unit": "kgCO2e",
            "low": rounded(vals[0], 2),
            "high": rounded(vals[-1], 2),
            "basis": "manufacturing",
            "rung": "category-default",
            "source": DERIVED_SOURCE,
            "method": (
                f"{CLASS_MARK} (audit 1796585890 class C2; importers/_accelerator_siblings.py): "
                f"no memory capacity, node or die area on file for this part, only its memory "
                f"bandwidth ({bw:g} TB/s). Its value is the median of the embodied values of the "
                f"{len(peers)} chips whose bandwidth is within a factor of "
                f"{BANDWIDTH_FACTOR:g} of its own (the class its power is taken from; kgCO2e: "
                f"{listed}); low/high: their smallest and largest. A category default of its "
                f"class, not a value of its own: give its memory, node or die when published."
            ),
            "inputs": {
                "memory_bandwidth_tbs": bw,
                "peers": sorted(peers),
                "peer_kgco2e": [rounded(v, 2) for v in vals],
            },
            "derived_from": {
                "factors": sorted(f["id"] for f in peers.values()),
                "sources": sorted(
                    {"epoch-ml-hardware"}
                    | {f["source"] for f in peers.values()}
                    | {
                        s
                        for f in peers.values()
                        for s in (f.get("derived_from") or {}).get("sources") or []
                    }
                ),
            },
        }
    return out
