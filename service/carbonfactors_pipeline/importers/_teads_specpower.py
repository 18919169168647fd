"""The Teads whole-instance curve held to the measured same-host SPECpower share (audit
1796655557, class TS).

The Teads curve is the default power where the Teads AWS sheet covers an instance, the
finer rung: a model of the instance's own host platform (CPU package, DRAM and a platform
share). The CCF-method reading of the same type was held to the SPECpower_ssj2008 results
of its CPU generation and socket count (class D, ``_instance_specpower.bound``), the Teads
curve was not: ``aws:m5.8xlarge`` idles at 70.6 W (Teads: package 19.29 + DRAM 19.27 +
platform "delta" 32.0 W) against at most 24.1 W for its third of the 28 two-socket Skylake
servers measured (2.93x), and draws 319.3 W at full load against 157 W (2.03x). The centre
stays Teads' (earlier audits signed it as the finer rung); above ``SCREEN_RATIO`` its low
bound reaches the measured share and the method names the ratio and the model's DRAM and
platform terms. The SPECpower file carries active idle and 100 % only, so a partial-load
point is held to the line between each result's two points (said).

A managed-service node (``m5.xlarge.elasticsearch``) takes its EC2 base type's curve
(class V1, ``_managed_variants``); where its own Teads row differs (another platform CPU),
that row is a bound too (audit 1796655557 O2).
"""

from __future__ import annotations

from typing import Any

from ..instance_power_screen import SCREEN_RATIO
from ._common import rounded, set_bounds
from ._instance_specpower import Held, Result

#: Load fraction of each Teads basis (``_cloud_read.read_teads``).
LOADS = {"idle": 0.0, "load-10": 0.1, "load-50": 0.5, "load-100": 1.0}


def hold(
    facs: list[dict[str, Any]],
    alloc: float,
    host_vcpus: float,
    results: list[Result],
    terms: dict[str, tuple[float, float, float]],
    memory_gb: float,
    label: str | None = None,
    held: Held | None = None,
) -> None:
    """Record on each Teads point the highest measured same-host share at its load and,
    above ``SCREEN_RATIO`` times it, give the point a low bound reaching the lowest share
    and a sentence (value kept). ``terms``: Teads' (package, DRAM, platform delta) W by
    basis, for the sentence."""
    if not results or not host_vcpus:
        return
    share = min(alloc / host_vcpus, 1.0)
    for fac in facs:
        p = LOADS.get(fac["basis"])
        if p is None:
            continue
        scaled = sorted(share * (r.idle + p * (r.full - r.idle)) for r in results)
        top, value = scaled[-1], fac["value"]
        fac["inputs"] = (
            fac.get("inputs", {})
            | {
                "specpower_same_host_w": rounded(top, 3),
                "specpower_results": len(results),
                "specpower_host_vcpus": rounded(host_vcpus),
            }
            | ({"specpower_load_fraction": p} if 0 < p < 1 else {})
            | (held.inputs() if held else {})
        )
        if value <= SCREEN_RATIO * top:
            continue
        set_bounds(fac, min(fac.get("low", value), scaled[0]), max(fac.get("high", value), value))
        fac["method"] += _sentence(fac, p, share, top, results, terms, memory_gb, label, held)


def _sentence(
    fac: dict[str, Any],
    p: float,
    share: float,
    top: float,
    results: list[Result],
    terms: dict[str, tuple[float, float, float]],
    memory_gb: float,
    label: str | None,
    held: Held | None,
) -> str:
    value = fac["value"]
    what = {0.0: "active idle", 1.0: "100 % load"}.get(p, f"{p:.0%} load")
    at = [r.idle + p * (r.full - r.idle) for r in results]
    chips = "/".join(str(c) for c in sorted({r.chips for r in results}))
    systems = sorted({r.system for r in results})
    line = (
        ""
        if p in (0.0, 1.0)
        else " (the file gives active idle and 100 % only: each result's line between them)"
    )
    out = (
        f" SPECpower_ssj2008 measured {len(results)} server(s) of "
        f"{label or 'the same CPU micro-architecture'} {held.sockets() if held else 'and socket count'} ({chips}; "
        f"{', '.join(systems[:3])}{', ...' if len(systems) > 3 else ''}) at "
        f"{min(at):.4g}-{max(at):.4g} W at {what}{line}"
        f"{'' if share == 1 else f', x {share:.4g} vCPU share'}"
        f"{held.words() if held else ''}: this Teads point is {value / top:.2f}x the "
        "highest"
    )
    term = terms.get(fac["basis"])
    if term:
        pkg, ram, delta = term
        per_gb = f", {ram / memory_gb:.2f} W/GB of {memory_gb:g} GB" if memory_gb else ""
        out += (
            f"; of the Teads model's {value:g} W, {ram:g} W is its DRAM term (RAMWatt"
            f"{per_gb}) and {delta:g} W its platform term ('Delta Full Machine', the "
            f"host's draw beyond CPU and DRAM by vCPU share), beside {pkg:g} W of CPU "
            "package"
        )
    return (
        out + " (ccf-coefficients data/SPECpower-2026-03-09.csv); low reaches the measured "
        "range, the central value stays the Teads curve (the model of this instance's own "
        "host platform)."
    )


def own_row_bounds(facs: list[dict[str, Any]], own: dict[str, float], base: str, cpu: str) -> None:
    """A managed node's own Teads row as a bound of the base type's curve it carries, where
    the two differ (audit 1796655557 O2: ``m5.xlarge.elasticsearch`` lists 8259CL at
    8.3-32.7 W against ``m5.xlarge``'s 8.8-39.9 W)."""
    for fac in facs:
        w = own.get(fac["basis"])
        if w is None or w == fac["value"]:
            continue
        lo = min(fac.get("low", fac["value"]), w)
        hi = max(fac.get("high", fac["value"]), w)
        set_bounds(fac, lo, hi)
        fac["inputs"] = fac.get("inputs", {}) | {"own_teads_row_w": rounded(w, 3)}
        fac["method"] += (
            f" Its own Teads row ({cpu or 'platform CPU unnamed'}) gives {w:g} W at this "
            f"load against its base type {base}'s {fac['value']:g} W: "
            f"{'low' if w < fac['value'] else 'high'} reaches it."
        )
