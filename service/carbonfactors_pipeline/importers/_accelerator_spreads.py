"""Bounds of the credible embodied values of accelerators (rules S1, S2), from cited methods.

No source publishes a range, so a part's ``low``/``high`` come from the disagreement of
independent methods for the same part (rule S1), and a part with one method takes the
typical disagreement seen on the parts that have several (rule S2, the median half-spread
``sqrt(max/min)``). Bounds are values too (issue 19): the sources they rest on are written in
the factor's ``derived_from.sources``, so its computed licence covers them, and AGPL code
(Boavizta API's GPU model) is never one of them. The methods, per bundle tier:

* ``open`` (values anyone may redistribute): NVIDIA's two HGX product carbon footprints,
  each predicted from the other by HBM capacity at the other board's own memory intensity
  (its published component split): the method our large-memory parts are built with
  (``embodied-components.yaml``), checked where the answer is known;
* ``full`` (adds share-alike): the component model of ``_accelerator_sized`` (ACT die +
  DRAM) x k, k calibrated on the product LCAs (ADEME/Hubblo, CC BY-SA, and NVIDIA's H100
  PCF), at the smallest and largest calibration ratio: the model's range for this part.

A value takes only the methods of its own tier or a more open one: an open value (a PCF)
keeps a permissive spread in both bundles, a share-alike value (a Hubblo LCA) may use
share-alike inputs. Values of AGPL sources get no bounds: they are in no bundle.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from carbonfactors.bundles import FULL, OPEN

from ._accelerator_embodied import AGPL, CREDIBLE, NVIDIA_PCF, RUNG, BoardFootprint, reorder
from ._accelerator_sized import CALIBRATION_RUNGS, parts_kg
from ._common import rounded

Record = dict[str, Any]
_RANK = {OPEN: 0, FULL: 1}
#: Sources of the component model besides the LCAs calibrating it.
MODEL_SOURCES = frozenset({"act-gupta-2022", "act-logic-gupta-2022", "epoch-ml-hardware"})


@dataclass(frozen=True)
class Estimate:
    """One method's figure for a part, with every source it rests on."""

    subject: str
    value: float
    label: str
    sources: frozenset[str]


def tier_of(sources: Iterable[str], open_sources: frozenset[str]) -> str:
    """``open`` when every source may travel in the open bundle, else ``full``."""
    return OPEN if set(sources) <= open_sources else FULL


def pcf_cross(boards: tuple[BoardFootprint, ...] = NVIDIA_PCF) -> list[Estimate]:
    """Each HGX board's per-GPU value predicted from every other board's by HBM capacity.

    ``other per GPU + (memory - other memory) x other's memory kg per GB``, the memory kg
    being the board's own component split (HBM share of its PCF)."""
    out = []
    for b in boards:
        for o in boards:
            if o is b:
                continue
            per_gb = o.memory_kg / (o.gpus * o.memory_gb)
            value = o.kgco2e / o.gpus + (b.memory_gb - o.memory_gb) * per_gb
            label = (
                f"{o.board} PCF scaled by HBM ({o.kgco2e / o.gpus:g} + ({b.memory_gb:g} - "
                f"{o.memory_gb:g} GB) x {per_gb:.4f} kg/GB) {value:.2f}"
            )
            out.append(Estimate(b.gpu, value, label, frozenset({b.source, o.source})))
    return out


def die_model(
    hardware: dict[str, Record],
    factors: list[Record],
    per_cm2: dict[int, float],
    package_kg: float,
    dram: float,
) -> list[Estimate]:
    """The component model's low and high (k_lo, k_hi x die + memory) for every part with a
    credible value and a die area, k calibrated on the product LCAs (``_accelerator_sized``)."""
    calib: list[tuple[float, Record]] = []
    for f in sorted(factors, key=lambda r: r["id"]):
        if f["rung"] in CALIBRATION_RUNGS and f["subject"] in hardware:
            got = parts_kg(hardware[f["subject"]]["specs"], per_cm2, package_kg, dram)
            if got:
                calib.append((f["value"] / got[0], f))
    if len(calib) < 2:
        return []
    lo, hi = min(r for r, _ in calib), max(r for r, _ in calib)
    sources = frozenset(MODEL_SOURCES | {f["source"] for _, f in calib})
    out = []
    subjects = {f["subject"] for f in factors if f.get("rung") in CREDIBLE}
    for subject in sorted(subjects & set(hardware)):
        got = parts_kg(hardware[subject]["specs"], per_cm2, package_kg, dram)
        if got is None:
            continue
        for k, end in ((lo, "low"), (hi, "high")):
            label = (
                f"component model {end} (k x{k:.2f} x (ACT die + DRAM) {got[0]:.2f}, k from "
                f"{len(calib)} product LCAs) {k * got[0]:.2f}"
            )
            out.append(Estimate(subject, k * got[0], label, sources))
    return out


def _ratio(pools: dict[str, list[Estimate]]) -> tuple[float, frozenset[str], list[str]]:
    """The S2 ratio of a tier: median half-spread over the parts with distinct values."""
    halves, sources, parts = [], set(), []
    for subject, pool in sorted(pools.items()):
        values = [e.value for e in pool]
        if values and max(values) > min(values):
            halves.append(math.sqrt(max(values) / min(values)))
            sources |= {s for e in pool for s in e.sources}
            parts.append(subject)
    k = rounded(statistics.median(halves), 3) if halves else 1.0
    return k, frozenset(sources), parts


def with_spreads(
    factors: list[Record], estimates: list[Estimate], open_sources: frozenset[str]
) -> dict[str, Any]:
    """Rungs on every factor; low/high on the credible ones (rules S1, S2), by tier.

    Returns the S2 ratio of each tier and the sources the open one rests on."""
    own: dict[str, list[tuple[Record, str]]] = defaultdict(list)
    for f in factors:
        f.setdefault("rung", RUNG[f["source"]])
        if f["rung"] in CREDIBLE and f["source"] not in AGPL:
            own[f["subject"]].append((f, tier_of({f["source"]}, open_sources)))
    extra: dict[str, list[tuple[Estimate, str]]] = defaultdict(list)
    for e in estimates:
        extra[e.subject].append((e, tier_of(e.sources, open_sources)))

    def pool(subject: str, tier: str) -> list[Estimate]:
        mine = [
            Estimate(
                subject,
                f["value"],
                f"{f['source']} {f['value']:g} ({f['rung']})",
                frozenset({f["source"]}),
            )
            for f, t in own[subject]
            if _RANK[t] <= _RANK[tier]
        ]
        return mine + [e for e, t in extra[subject] if _RANK[t] <= _RANK[tier]]

    pools = {t: {s: pool(s, t) for s in own} for t in (OPEN, FULL)}
    ratios = {t: _ratio(pools[t]) for t in (OPEN, FULL)}
    for subject, fs in sorted(own.items()):
        for f, tier in fs:
            got = pools[tier][subject]
            values = [e.value for e in got]
            if max(values) > min(values):
                lo, hi = min(values), max(values)
                used = frozenset(s for e in got for s in e.sources)
                note = (
                    f" Range (rule S1, {tier} methods): min..max of {len(got)} independent "
                    "methods for this part: "
                    + "; ".join(e.label for e in sorted(got, key=lambda e: e.value))
                    + "."
                )
            else:
                k, used, parts = ratios[tier]
                lo, hi = values[0] / k, values[0] * k
                note = (
                    f" Range (rule S2, {tier} methods): one method for this part, so low/high "
                    f"= value / x {k:g}, the median half-spread sqrt(max/min) of the "
                    f"{len(parts)} parts with several ({', '.join(parts) or 'none'})."
                )
            f["low"], f["high"] = rounded(lo, 2), rounded(hi, 2)
            f["method"] += note
            rest = sorted(used - {f["source"]})
            if rest:
                f["derived_from"] = {"sources": rest}
    for f in factors:
        if f["source"] in AGPL:
            f.pop("low", None)
            f.pop("high", None)
        reorder(f)
    return {
        "s2_ratio": ratios[OPEN][0],
        "s2_ratio_full": ratios[FULL][0],
        "s2_sources": sorted(ratios[OPEN][1]),
    }


#: The words a factor's method uses when its bounds are the open tier's S2 ratio.
S2_OPEN = "rule S2, open methods"


def s2_disagreements(factors: Iterable[Record], k: float, sources: Iterable[str]) -> list[str]:
    """Hand-written factors whose S2 bounds differ from the ratio computed here (issue 19:
    the ratio is computed, not typed): ``low``/``high`` must be ``value / k`` and
    ``value x k`` (2 decimals), the method must state ``k``, and ``derived_from.sources``
    must name every source the ratio rests on, so the value's computed licence follows them.
    """
    need = set(sources)
    out = []
    for f in factors:
        if S2_OPEN not in (f.get("method") or ""):
            continue
        v = float(f["value"])
        want = (rounded(v / k, 2), rounded(v * k, 2))
        if (f.get("low"), f.get("high")) != want:
            out.append(
                f"{f['id']}: low/high {f.get('low')}..{f.get('high')}, S2 gives {want[0]}..{want[1]}"
            )
        if not re.search(rf"x {re.escape(f'{k:g}')}(?![\d.])", f["method"]):
            out.append(f"{f['id']}: method does not state the S2 ratio {k:g}")
        have = set((f.get("derived_from") or {}).get("sources") or [])
        if not need <= have:
            out.append(f"{f['id']}: derived_from.sources lacks {sorted(need - have)}")
    return out
