"""Embodied carbon of accelerators sized by their parts (audit 2026-12-06, class D).

Why: a part with no product LCA used to take one category default (224 kgCO2e, the median
of two HBM datacenter GPUs), also an 8 W inference SoC. Here every such part whose die area
and process node Epoch gives is sized by a ``component-model``:

    value = k x (ACT logic die + ACT DRAM per GB x memory)

* the die term is ACT's carbon per cm² of logic for the part's node (the same tables and
  defaults as the ``act-logic-gupta-2022`` lower bound; a node ACT does not tabulate takes
  the nearest ACT node, a tie going to the coarser one: 12/16 nm -> 14 nm, 4 nm -> 5 nm,
  6 nm -> 7 nm, anything above 28 nm -> 28 nm), plus ACT's one IC package;
* the memory term is ACT's DRAM per GB (``ddr4_10nm``, ACT's newest DRAM row; ACT has no
  GDDR or HBM row) times Epoch's memory capacity (0 when Epoch has none);
* ``k`` (board, package, cooling, memory beyond ACT's DRAM figure) is calibrated on the
  product LCAs we hold for parts with an Epoch die area: the median of LCA / (die + memory);
  low/high use the smallest and largest of those ratios (the spread of the calibration).

The calibration cards include ADEME/Hubblo LCAs (CC BY-SA 4.0), listed in ``derived_from``,
so the computed licence of a sized value is share-alike: it ships in the ``full`` bundle
only; the open bundle falls back to the category default. A variant with no die area takes
its family model's sized value (``family_parent``). A part whose die area Epoch gives but
not its node takes the node of the parts with the very same die (equal area and transistor
count, e.g. the Tesla P40 and Quadro P6000, both GP102 at 16 nm), when they agree
(``same_die_node``; audit 2026-12-06 seed 1796548636, class L). A part whose die (area and
transistor count) is that of a calibration card uses that card's own ratio as ``k`` (the
median of them when several share the die) instead of the median over all dies: the die's
own LCA is better evidence than other dies' (the P40 is the GTX 1080 Ti's GP102). Where
that card's LCA has a memory line, the memory beyond the card's is costed at it
(``_accelerator_memory_line``, audit 1796613359 class M1), and a same-die value's bounds
keep the calibration's spread about its median, so it never sits on its own bound.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import yaml

from carbonfactors.kinds import factor_id

from ._accelerator_die_blanks import (
    same_die_memory,
    same_die_node,
    with_sibling_transistors,
    year_nodes,
)
from ._accelerator_gaps import density_node, power_memory, power_memory_words
from ._accelerator_memory_line import scaled as memory_line
from ._accelerator_peers import (
    PEERS_MARK,
    act_node,
    bandwidth_memory,
    memory_peers,
    memory_words,
    node_peers,
)
from ._accelerator_power import family_parent
from ._accelerator_siblings import bandwidth_class, siblings
from ._accelerator_tiles import with_tiles
from ._common import rounded

__all__ = ["PEERS_MARK", "act_node", "parts_kg", "sized"]

Record = dict[str, Any]
#: A source of its own (not ``carbonfactors-derived``): an accelerated instance summed on a
#: sized value must keep an id distinct from the open sum on the category default.
DERIVED_SOURCE = "carbonfactors-accelerator-model"
DRAM_YAML = "act/models/dram/dram_hynix.yaml"
DRAM_ROW = "ddr4_10nm"
#: Rungs whose figures calibrate k: product LCAs only (not models, not lower bounds).
CALIBRATION_RUNGS = ("product-lca",)
#: Rungs that mean a part has its own credible value and needs no sizing.
OWN_RUNGS = ("product-lca", "published-estimate", "component-model")


def dram_kg_per_gb(path: Path) -> float:
    """ACT's DRAM embodied carbon per GB for ``DRAM_ROW`` ("65 g / GB" -> 0.065)."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return float(str(data[DRAM_ROW]).split()[0]) / 1000.0


def parts_kg(
    specs: dict[str, Any], per_cm2: dict[int, float], package_kg: float, dram: float
) -> tuple[float, dict[str, Any]] | None:
    """ACT die + DRAM of a part, with the inputs used; None without die area or node."""
    area, node = specs.get("die_area_mm2"), specs.get("process_nm")
    if not area or not node:
        return None
    act = act_node(float(node), sorted(per_cm2))
    memory = float(specs.get("memory_gb") or 0.0)
    # A dual-GPU board (K80, M60): Epoch's die area is one GPU's; the board has each twice.
    # A package of identical compute dies (Ascend 910C: two 910B dies; issue 20 round 7):
    # the die area on file is one die's, and each die is costed with its own package.
    dies = int(specs.get("gpus_per_board") or specs.get("compute_dies") or 1)
    die = dies * (area / 100.0 * per_cm2[act] + package_kg)
    inputs = {
        "die_area_mm2": area,
        "process_nm": node,
        "act_node": f"{act}nm",
        "act_kgco2e_per_cm2": rounded(per_cm2[act], 4),
        "die_kgco2e": rounded(die, 3),
        "memory_gb": memory,
        "dram_kgco2e_per_gb": dram,
    }
    if dies > 1:
        inputs["gpus_per_board" if specs.get("gpus_per_board") else "compute_dies"] = dies
    return die + memory * dram, inputs


def sized(
    hardware: dict[str, Record],
    factors: list[Record],
    per_cm2: dict[int, float],
    package_kg: float,
    dram: float,
    own: set[str],
    tdp: dict[str, float] | None = None,
    own_values: dict[str, Record] | None = None,
    years: dict[str, int | None] | None = None,
) -> list[Record]:
    """Component-model embodied values for parts with no credible value of their own.

    ``factors`` are the embodied factors with rungs (their product LCAs calibrate k);
    ``own`` are subjects that already have a credible value elsewhere (hand-written files);
    ``tdp`` the datasheet TDPs, which keep a part's die peers in its power band;
    ``own_values`` the hand-written credible value of each part in ``own`` (a same-silicon
    sibling's value, ``_accelerator_siblings``); ``years`` each part's year where it has
    no release year (a bandwidth-class value, rule C2).
    """
    hardware, transistors = with_sibling_transistors(hardware)
    calib: list[tuple[str, float, Record]] = []
    for f in sorted(factors, key=lambda r: r["id"]):
        if f["rung"] not in CALIBRATION_RUNGS or f["subject"] not in hardware:
            continue
        got = parts_kg(hardware[f["subject"]]["specs"], per_cm2, package_kg, dram)
        if got:
            calib.append((f["subject"], f["value"] / got[0], f))
    if not calib:
        return []
    ratios = [r for _, r, _ in calib]
    k, lo, hi = statistics.median(ratios), min(ratios), max(ratios)
    used = "; ".join(f"{s} {f['value']:g} ({f['source']}): x{r:.2f}" for s, r, f in calib)
    ids = sorted(f["id"] for _, _, f in calib)
    have = own | {f["subject"] for f in factors if f["rung"] in OWN_RUNGS}
    by_die: dict[tuple[Any, Any], list[tuple[str, float, Record]]] = {}
    for subj, r, f in calib:
        sp = hardware[subj].get("specs") or {}
        key = (sp.get("die_area_mm2"), sp.get("transistors_billion"))
        if all(key):
            by_die.setdefault(key, []).append((subj, r, f))
    out: dict[str, Record] = {}
    borrowed = same_die_node(hardware)
    inherited = same_die_memory(hardware)
    for hid in sorted(hardware):
        rec = hardware[hid]
        if hid in have or rec.get("category") not in ("gpu", "tpu", "accelerator"):
            continue
        specs = rec.get("specs") or {}
        sibling = borrowed.get(hid)
        if sibling:
            specs = specs | {"process_nm": sibling[0]}
        by_year = by_density = None
        if not sibling and specs.get("die_area_mm2") and not specs.get("process_nm"):
            by_density = density_node(hardware, hid, act_node, sorted(per_cm2))
            by_year = year_nodes(hardware, hid)
            if by_density:
                specs = specs | {"process_nm": by_density[0]}
            elif by_year:
                specs = specs | {"process_nm": by_year[0]}
        memory = inherited.get(hid)
        # Self-audit 1796581919 class 1 (Kunlun-I: 500 mm², 0.512 TB/s, memory blank):
        # with no same-die board either, the memory of its bandwidth peers, not none.
        by_bandwidth = None if memory else bandwidth_memory(hardware, hid)
        if by_bandwidth:
            memory = (*by_bandwidth[:3], ", ".join(by_bandwidth[3]))
        by_power = None if memory else power_memory(hardware, hid, tdp or {})
        if by_power:
            memory = (*by_power[:3], ", ".join(by_power[3]))
        if memory:
            specs = specs | {"memory_gb": memory[0]}
        got = parts_kg(specs, per_cm2, package_kg, dram)
        if got is None or rec.get("release_year") is None:
            continue
        base, inputs = got
        # Bases at the smallest and largest memory a same-die sibling states (M0).
        base_lo = base_hi = base
        memory_note = ""
        if memory:
            base_lo = base + (memory[1] - memory[0]) * dram
            base_hi = base + (memory[2] - memory[0]) * dram
            inputs["memory_gb_from"] = memory[3]
            memory_note = (
                f"No memory on file for this part (Epoch blank, the name states none): "
                f"{memory[0]:g} GB is the higher median of the sizes of the boards on the "
                f"same die ({memory[3]}); low/high are computed at {memory[1]:g} and "
                f"{memory[2]:g} GB. "
            )
            if by_bandwidth:
                memory_note = f"This part has a {memory_words(0, by_bandwidth)}. "
            if by_power:
                memory_note = power_memory_words(by_power, (tdp or {})[hid])
        reading = specs.get("memory_gb_low")
        if reading is not None and not memory:
            # Cited readings of the off-chip memory disagree (M1: MTIA per chip or per
            # board of two): the bounds reach the lowest one too.
            base_lo = base + (float(reading) - inputs["memory_gb"]) * dram
            inputs["memory_gb_low"] = reading
            src_low = ((specs.get("sources") or {}).get("memory_gb_low")) or "a cited source"
            memory_note = (
                f"Off-chip memory read two ways: {inputs['memory_gb']:g} GB per chip (the "
                f"value) and {reading:g} GB ({src_low}); low is computed at {reading:g} GB. "
            )
        fewer = specs.get("compute_dies_low")
        if fewer is not None and inputs.get("compute_dies"):
            # Cited readings of the die count disagree (910C: two 910B dies, or one):
            # the low bound is computed at the smaller count.
            one = parts_kg(specs | {"compute_dies": int(fewer)}, per_cm2, package_kg, dram)
            if one:
                base_lo -= base - one[0]
            inputs["compute_dies_low"] = fewer
            src_low = ((specs.get("sources") or {}).get("compute_dies_low")) or "a cited source"
            memory_note += (
                f"Compute dies read two ways: {inputs['compute_dies']} per package (the value, "
                f"{((specs.get('sources') or {}).get('compute_dies')) or 'a cited source'}) "
                f"and {int(fewer)} ({src_low}); low is computed at {int(fewer)}. "
            )
        if hid in transistors:
            inputs["transistors_from"] = transistors[hid][1]
            memory_note = (
                f"Epoch gives no transistor count for this part: {transistors[hid][0]:g} bn "
                f"is that of {transistors[hid][1]}, the vendor's part with the same die area "
                f"and node, so the same-die rules apply. " + memory_note
            )
        if by_year:
            at = [
                parts_kg(specs | {"process_nm": n}, per_cm2, package_kg, dram) for n in by_year[1]
            ]
            ends = [0.0] + [g[0] - base for g in at if g]
            base_lo, base_hi = base_lo + min(ends), base_hi + max(ends)
            inputs["process_nm_range"] = by_year[1]
        if by_density:
            # D5: the value on the density siblings' node; the bounds keep the year's span.
            inputs["process_nm_from"] = "density siblings: " + ", ".join(by_density[1])
            memory_note = by_density[2] + memory_note
            if by_year:
                memory_note += (
                    f"Low/high also span the nodes of the {len(by_year[2])} chips released in "
                    f"{rec['release_year']} ({by_year[1][-1]:g}..{by_year[1][0]:g} nm). "
                )
        elif by_year:
            inputs["process_nm_from"] = "release-year peers: " + ", ".join(by_year[2])
            memory_note = (
                f"Epoch gives this part's die ({specs['die_area_mm2']:g} mm²) but no node "
                f"(audit 1796585890 class D4): the die is costed at {by_year[0]:g} nm, the "
                f"median node of the {len(by_year[2])} chips released in {rec['release_year']} "
                f"({', '.join(by_year[2])}); low/high also span their coarsest and finest "
                f"nodes ({by_year[1][-1]:g}..{by_year[1][0]:g} nm). " + memory_note
            )
        tiles = specs.get("tiles_beyond_die_mm2")
        if tiles and specs.get("tiles_beyond_die_nm"):
            base, base_lo, base_hi, tile_note = with_tiles(
                specs, inputs, per_cm2, (base, base_lo, base_hi)
            )
            memory_note = tile_note + memory_note
        cited = (rec.get("specs") or {}).get("sources") or {}
        die_src = cited.get("die_area_mm2", "epoch-ml-hardware")
        die_from = "Epoch AI" if die_src == "epoch-ml-hardware" else die_src
        node_note = ""
        if sibling:
            inputs["process_nm_from"] = sibling[1]
            node_note = (
                f"Epoch gives no node for this part: {sibling[0]:g} nm is that of "
                f"{sibling[1]}, the same die ({specs['die_area_mm2']:g} mm², "
                f"{specs.get('transistors_billion'):g} bn transistors). "
            )
        kp, die_note = k, ""
        named = (rec.get("specs") or {}).get("same_die_as")
        if named:
            # N1 (audit 1796630035): the die is a named sibling's, cited in the catalog.
            inputs["same_die_as"] = named
            node_note += (
                f"Same die as {named} (audit 1796630035 class N1; _accelerator_same_die."
                f"SAME_DIE_AS, {cited.get('same_die_as', 'a cited source')}): the die fields "
                f"are that part's, so the same-die rules below apply. "
            )
        cards = by_die.get((specs.get("die_area_mm2"), specs.get("transistors_billion")))
        if cards and all(cards[0]):
            kp = statistics.median(r for _, r, _ in cards)
            die_note = (
                f"Same die as {', '.join(c for c, _, _ in cards)} (product LCA on file): k = "
                f"its ratio x{kp:.3f}, not the median over all dies. "
            )
            inputs["k_same_die"] = rounded(kp, 4)
        board = (
            f" x {inputs['gpus_per_board']} GPUs on the board (each die and package counted)"
            if inputs.get("gpus_per_board")
            else f" x {inputs['compute_dies']} compute dies in the package (each die and "
            "package counted)"
            if inputs.get("compute_dies")
            else ""
        )
        tile_term = (
            f" + {inputs['tiles_centre_kgco2e']:g} tiles" if "tiles_centre_kgco2e" in inputs else ""
        )
        method = (
            f"Component model (audit 2026-12-06 class D; importers/_accelerator_sized.py): "
            f"k x (ACT logic die + ACT DRAM x memory) = {kp:.3f} x ({inputs['die_kgco2e']:g}"
            f"{tile_term} + {inputs['memory_gb']:g} GB x {dram:g}) = {kp * base:.2f} kgCO2e. Die "
            f"{inputs['die_area_mm2']:g} mm²{board} at {inputs['process_nm']:g} nm ({die_from}) on "
            f"ACT's {inputs['act_node']} table ({inputs['act_kgco2e_per_cm2']:g} kgCO2e/cm², "
            f"fab in Taiwan, yield 0.875, GPA97) + one {package_kg:g} kg package; memory from "
            f"Epoch at ACT's {DRAM_ROW} DRAM row. k (board, package, cooling, memory beyond "
            f"ACT's DRAM) = median of product LCA / (die + memory) over the {len(calib)} "
            f"cards with an Epoch die area ({used}); low/high use the smallest and largest "
            f"ratio (x{lo:.2f}..x{hi:.2f}). Calibration includes ADEME/Hubblo LCAs (CC BY-SA "
            f"4.0), so this value ships in the full bundle only. Not an LCA of this part."
        )
        method = node_note + memory_note + die_note + method
        value, low, high = kp * base, min(lo, kp) * base_lo, max(hi, kp) * base_hi
        line = (
            memory_line(cards, hardware, inputs["memory_gb"], base, value, (low, high))
            if cards and "die_kgco2e" in inputs
            else None
        )
        if line:
            # M1 (audit 1796613359): the extra memory at the same-die LCA's own memory line.
            value, low, high = line[:3]
            inputs |= line[3]
            method = line[4] + method
        if cards and (value * lo / k < low or value * hi / k > high):
            # M1: one die's own ratio is one card; the calibration's spread about its median
            # (x lo/k .. x hi/k) is kept about it, so the value is never on its own bound.
            low, high = min(low, value * lo / k), max(high, value * hi / k)
            method += (
                f" Same die: low/high also reach the value x the calibration's spread about "
                f"its median (x{lo / k:.3f}..x{hi / k:.3f}), as the die's ratio is one card's."
            )
        out[hid] = {
            "id": factor_id("embodied", hid, rec["release_year"], DERIVED_SOURCE, "manufacturing"),
            "kind": "embodied",
            "subject": hid,
            "year": rec["release_year"],
            "value": rounded(value, 2),
            "unit": "kgCO2e",
            "low": rounded(low, 2),
            "high": rounded(high, 2),
            "basis": "manufacturing",
            "rung": "component-model",
            "source": DERIVED_SOURCE,
            "method": method,
            "inputs": inputs
            | {"k": rounded(k, 4), "k_low": rounded(lo, 4), "k_high": rounded(hi, 4)},
            "derived_from": {
                "factors": ids,
                "sources": sorted(
                    {"act-gupta-2022", "act-logic-gupta-2022", "epoch-ml-hardware", die_src}
                    | {
                        cited[m]
                        for m in (
                            "memory_gb",
                            "memory_gb_low",
                            "tiles_beyond_die_mm2",
                            "compute_dies",
                            "compute_dies_low",
                        )
                        if m in cited
                    }
                ),
            },
        }
    for hid in sorted(hardware):
        rec = hardware[hid]
        if hid in have or hid in out or rec.get("category") not in ("gpu", "tpu", "accelerator"):
            continue
        same = {p for p in out if hardware[p].get("category") == rec.get("category")}
        parent = family_parent(hid, same)
        if parent is None:
            continue
        out[hid] = family_value(hid, rec, parent, out[parent], dram)
    out |= node_peers(hardware, out, have, per_cm2, package_kg, dram, (k, lo, hi), ids, tdp)
    out |= memory_peers(hardware, out, have, dram, (k, lo, hi), ids)
    out |= siblings(hardware, out, own_values or {}, dram, (k, lo, hi))
    credible = {
        f["subject"]: f
        for f in sorted(factors, key=lambda f: f["id"], reverse=True)
        if f["rung"] in OWN_RUNGS
    }
    out |= bandwidth_class(hardware, out, credible | (own_values or {}), years or {})
    for hid, f in out.items():
        if hardware[hid].get("category") == "tpu":
            f["method"] += TPU_BOUNDARY
    return [out[h] for h in sorted(out)]


def family_value(hid: str, rec: Record, parent: str, p: Record, dram: float) -> Record:
    """A variant's value on its family model's die (area and node), at its own memory.

    Why (audit 1796585890 class V1, #39): the Ascend 910B3 took the 910B's value whole,
    sized on the family row's 32 GB, though its own Epoch row gives 64 GB. The variant
    inherits only the die; its own memory, when on file and different, replaces the
    family's, and value and bounds are re-scaled by the ratio of the two bases."""
    year = rec.get("release_year") or p["year"]
    # TB (audit 1796674267): the family's extra tiles (costed in its high bound) go with its
    # die, and the inputs say so.
    fields = ["die_area_mm2", "process_nm"] + (
        ["tiles_beyond_die_mm2"] if p["inputs"].get("tiles_beyond_die_kgco2e") else []
    )
    inputs = p["inputs"] | {"family_model": parent, "family_fields": fields}
    own = (rec.get("specs") or {}).get("memory_gb")
    fam = float(p["inputs"].get("memory_gb") or 0.0)
    words = f"Family value: {hid} has no die area on file, so it takes the die of its family "
    scaled: dict[str, Any] = {}
    if own and float(own) != fam and p["inputs"].get("die_kgco2e") is not None:
        die = float(p["inputs"]["die_kgco2e"])
        base, mine = die + fam * dram, die + float(own) * dram
        r = mine / base
        kp = float(p["value"]) / base
        scaled = {
            "value": rounded(p["value"] * r, 2),
            "low": rounded(p["low"] * r, 2),
            "high": rounded(p["high"] * r, 2),
        }
        inputs = inputs | {"memory_gb": float(own), "family_memory_gb": fam}
        words += (
            f"model {parent} (area and node) with its own memory ({float(own):g} GB, Epoch; "
            f"the family row gives {fam:g} GB): {kp:.3f} x ({die:g} + {float(own):g} GB x "
            f"{dram:g}) = {kp * mine:.2f} kgCO2e, bounds re-scaled by the same ratio "
            f"(x{r:.4f}; audit 1796585890 class V1). The family's sizing: "
        )
    else:
        words += f"model {parent} and its memory, so it takes the sized value of {parent}. "
    return (
        p
        | {
            "id": factor_id("embodied", hid, year, DERIVED_SOURCE, "manufacturing"),
            "subject": hid,
            "year": year,
            "method": words + p["method"],
            "inputs": inputs,
        }
        | scaled
    )


#: The boundary of a sized TPU value, said in its note (self-audit 1796581919 class 6): the
#: per-chip TPU figures on file (Schneider et al. 2025, v4 and later) hold each chip's share
#: of its host trays, a sized value does not, so a reader can tell which of the two it has.
TPU_BOUNDARY = (
    " Boundary: the chip alone (die, package and memory, as for a card), with no share of "
    "the host it runs in; the TPU v4 and later values (Schneider et al. 2025) include each "
    "chip's share of its TPU and compute trays, so a slice of them counts its hosts once, "
    "through its chips, while a footprint on this value leaves the host out."
)
