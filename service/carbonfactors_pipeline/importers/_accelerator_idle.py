"""A class idle power for accelerators with none on file (audit 1796585890 class I1, #40).

Why: an instance's floor power (``power@0``) adds each accelerator's catalog idle (else
``min``) figure and counted 0 W where the catalog had none, so aws:inf2.8xlarge's floor
charged its Inferentia2 nothing, a value known to be false (a chip with HBM draws power
idle). CCF's per-GPU figures on file (methodology appendix III, Apache-2.0) give idle and
100 % watts for the same parts; their ratio is the one measured-class relation on file
between a chip's idle and full draw. A chip with a full-load power (TDP, else max) and no
idle figure gets ``idle = median CCF ratio x its full power``, low = the smallest ratio x
its power's low bound, high = the largest ratio x its power's high bound, rung
``category-default`` (a class value, not a figure of the chip).
"""

from __future__ import annotations

import statistics
from typing import Any

from carbonfactors.kinds import CATEGORY_SUBJECT_PREFIX, PLAUSIBLE, factor_id

from ._common import rounded

Record = dict[str, Any]
SOURCE = "carbonfactors-derived"
CCF = "ccf-methodology"
MARK = "CLASS IDLE"


def ccf_ratios(factors: list[Record]) -> dict[str, tuple[float, str, str]]:
    """(idle / max, idle id, max id) per part CCF gives both figures for."""
    by: dict[str, dict[str, Record]] = {}
    for f in factors:
        if f["source"] == CCF and f["kind"] == "power" and f.get("basis") in ("idle", "max"):
            by.setdefault(f["subject"], {})[f["basis"]] = f
    return {
        s: (float(v["idle"]["value"]) / float(v["max"]["value"]), v["idle"]["id"], v["max"]["id"])
        for s, v in sorted(by.items())
        if "idle" in v and "max" in v and float(v["max"]["value"]) > 0
    }


def class_idle(
    factors: list[Record],
    chips: dict[str, str] | set[str],
    idle_elsewhere: frozenset[str] | set[str] = frozenset(),
) -> list[Record]:
    """Idle factors for ``chips`` (id -> category) with a full-load power in ``factors`` and
    no idle/min one there or in ``idle_elsewhere`` (hand-written files); none with fewer than
    three CCF ratios on file. The category defaults' subjects (``category:gpu``...) get one
    too, so a part valued only by its category's power has the category's idle. A part
    whose class idle value would fall outside the plausible power range of its category (an
    8 W SoC: under 1 W) gets none: the ratio of datacenter GPUs says nothing of it; bounds
    are clipped to that range (and say so)."""
    cats = chips if isinstance(chips, dict) else dict.fromkeys(chips, "")
    ratios = ccf_ratios(factors)
    if len(ratios) < 3:
        return []
    rs = sorted(r for r, _, _ in ratios.values())
    mid, lo, hi = statistics.median(rs), rs[0], rs[-1]
    power = [f for f in factors if f["kind"] == "power" and f.get("unit") == "W"]
    idle = {f["subject"] for f in power if f.get("basis") in ("idle", "min")} | idle_elsewhere
    full: dict[str, Record] = {}
    for basis in ("max", "tdp"):  # tdp last: it wins
        for f in sorted(power, key=lambda f: f["id"], reverse=True):
            subj = f["subject"]
            if f.get("basis") == basis and (
                subj in cats or subj.startswith(CATEGORY_SUBJECT_PREFIX)
            ):
                full[f["subject"]] = f
    ids = sorted(i for _, a, b in ratios.values() for i in (a, b))
    out = []
    for hid, f in sorted(full.items()):
        if hid in idle:
            continue
        v = float(f["value"])
        cat = cats.get(hid) or hid.removeprefix(CATEGORY_SUBJECT_PREFIX)
        lo_ok, hi_ok = PLAUSIBLE.get(("power", cat), (0.0, float("inf")))
        if not lo_ok <= rounded(mid * v, 1) <= hi_ok:
            continue
        low = max(lo * float(f.get("low", v)), lo_ok)
        high = min(hi * float(f.get("high", v)), hi_ok)
        clipped = (
            f" Bounds clipped to the plausible power range of a {cat} ({lo_ok:g}..{hi_ok:g} W)."
            if (low, high) != (lo * float(f.get("low", v)), hi * float(f.get("high", v)))
            else ""
        )
        out.append(
            {
                "id": factor_id("power", hid, f["year"], SOURCE, "idle"),
                "kind": "power",
                "subject": hid,
                "year": f["year"],
                "value": rounded(mid * v, 1),
                "unit": "W",
                "low": rounded(low, 1),
                "high": rounded(high, 1),
                "basis": "idle",
                "rung": "category-default",
                "source": SOURCE,
                "method": (
                    f"{MARK} (audit 1796585890 class I1; importers/_accelerator_idle.py): no "
                    f"idle figure on file for this part; its full-load power ({f['basis']} "
                    f"{v:g} W, {f['id']}) x the median idle/100 % ratio of the {len(rs)} CCF "
                    f"per-GPU rows on file ({mid:.4f}; range {lo:.4f}..{hi:.4f}, CCF "
                    f"methodology appendix III, Teads-derived). Low: the smallest ratio x the "
                    f"power's low bound; high: the largest ratio x its high bound. A class "
                    f"value, not a measurement of this part; instead of the 0 W an instance "
                    f"floor counted before.{clipped}"
                ),
                "inputs": {
                    "full_w": v,
                    "ratio": rounded(mid, 4),
                    "ratio_low": rounded(lo, 4),
                    "ratio_high": rounded(hi, 4),
                    "factors": [f["id"]],
                },
                "derived_from": {
                    "factors": sorted({f["id"], *ids}),
                    "sources": sorted(
                        {CCF, f["source"], *((f.get("derived_from") or {}).get("sources") or [])}
                    ),
                },
            }
        )
    return out
