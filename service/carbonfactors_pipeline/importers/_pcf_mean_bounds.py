"""Bounds for a server PCF's yearly-mean power from the measured servers of its CPU class.

A PCF's ``average`` power is its yearly energy / 8,760 h: a mean under the sheet's usage
profile, which the data does not state. Where SPECpower_ssj2008 measured the same model,
its idle and full load bound the mean (``_pcf_specpower.load_bounds``). Audit 1796606525
class PM found Dell's 1-socket entry servers without a result of their own shown as bare
averages above every measured server of their class: the R340's 112.7 W against its
sibling R240's 93.1 W at full load (whose own sheet gives the same 112 W), the T330's
98 W against 51-56 W for 1-socket Xeon E3-1230 v6 servers. ``CLASS_OF`` names the CPU
class of such servers; low/high then reach every single-socket result of that class on
file (any maker, as ``_pcf_specpower.PEERS``), and the note says where the mean sits.

A blade sled's model is measured only as a full chassis (a SPECpower result of more chips
than one server holds: the M1000e with 16 two-socket M630 sleds, audit 1796606525 O5):
that result divided by its sled count (chips / the sheet's sockets) bounds one sled, its
even share of the chassis's fans, power supplies and management included.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._common import number, read_csv, rounded
from ._pcf_specpower import MAX_SERVER_SOCKETS, MEAN_CAVEAT, SPEC_VENDOR, _spec_key, model_key

__all__ = ["MEAN_CAVEAT", "mean_bounds"]

#: CPU classes: key -> (pattern on SPECpower's "CPU Description", name used in notes).
CPU_CLASSES: dict[str, tuple[re.Pattern[str], str]] = {
    "xeon-e3-v5-v6": (re.compile(r"^Intel Xeon E3-12\d\dL? v[56]\b"), "Intel Xeon E3-1200 v5/v6"),
    "xeon-e-2100": (re.compile(r"^Intel Xeon E-21\d\d"), "Intel Xeon E-2100"),
}

_DELL_14G = (
    "Dell's 14th-generation single-socket Intel Xeon E-2100 {what} (same maker, generation, "
    "socket and CPU family as the measured PowerEdge R240, whose own PCF gives a 112 W "
    "yearly mean against 93.1 W measured at full load)"
)
_DELL_13G = (
    "Dell's 13th-generation single-socket Intel Xeon E3-1200 v5/v6 {what}; no Dell server "
    "of this class was measured, so the bounds are other makers' single-socket results "
    "of the same CPU class"
)

#: Servers whose PCF gives a yearly energy but SPECpower has no result of the model:
#: hardware id -> (CPU class key, why the server is of that class).
CLASS_OF: dict[str, tuple[str, str]] = {
    "dell-poweredge-r340": ("xeon-e-2100", _DELL_14G.format(what="1U rack server")),
    "dell-poweredge-t340": ("xeon-e-2100", _DELL_14G.format(what="tower server")),
    "dell-poweredge-t140": ("xeon-e-2100", _DELL_14G.format(what="mini-tower server")),
    "dell-poweredge-r230": ("xeon-e3-v5-v6", _DELL_13G.format(what="1U rack server")),
    "dell-poweredge-t130": ("xeon-e3-v5-v6", _DELL_13G.format(what="mini-tower server")),
    "dell-poweredge-t330": ("xeon-e3-v5-v6", _DELL_13G.format(what="tower server")),
}


def class_spec(path: Path, key: str) -> tuple[list[tuple[float, float]], list[str]]:
    """(active idle W, 100 % load W) of every single-socket SPECpower result whose CPU is
    of class ``key``, and the systems measured."""
    pattern = CPU_CLASSES[key][0]
    out: list[tuple[float, float]] = []
    names: set[str] = set()
    for r in _rows(path):
        idle, full = number(r["avg. watts @ active idle"]), number(r["avg. watts @ 100%"])
        if (
            idle is not None
            and full is not None
            and number(r["Chips"]) == 1
            and pattern.search(r["CPU Description"])
        ):
            out.append((idle, full))
            names.add(r["System"].split(" (")[0])
    return out, sorted(names)


@lru_cache(maxsize=4)
def _rows(path: Path) -> tuple[dict[str, str], ...]:
    """The SPECpower results file, read once per run (nothing when it is absent)."""
    return tuple(read_csv(path)) if path.is_file() else ()


def class_bounds(avg: float, hid: str, path: Path) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """low/high of a PCF yearly mean from its CPU class's measured servers, the note and
    the inputs (nothing for a server ``CLASS_OF`` does not name)."""
    if hid not in CLASS_OF:
        return {}, "", {}
    key, why = CLASS_OF[hid]
    results, names = class_spec(path, key)
    if not results:
        return {}, "", {}
    idle = min(i for i, _ in results)
    full = max(f for _, f in results)
    where = (
        f"The mean lies ABOVE the highest full load measured in its class ({full:g} W): the "
        "sheet's profile or configuration draws more than any measured server of the class, "
        "so a reader should not take it for a typical draw; it is kept as the maker's figure "
        "and is the high bound."
        if avg > full
        else "The mean lies within the class's measured range."
    )
    note = (
        f" Low/high: no SPECpower_ssj2008 result of the model; the server is {why}. They "
        f"reach every single-socket {CPU_CLASSES[key][1]} result on file, any maker "
        f"({len(results)}: {', '.join(names)}; ccf-coefficients data/SPECpower-2026-03-09.csv): "
        f"active idle from {idle:g} W, 100 % load up to {full:g} W (audit 1796606525 class "
        f"PM). {where}"
    )
    bounds = {"low": rounded(min(idle, avg), 3), "high": rounded(max(full, avg), 3)}
    inputs = {
        "specpower_idle_w": idle,
        "specpower_full_load_w": full,
        "specpower_class_results": len(results),
    }
    return bounds, note, inputs


def sled_bounds(
    avg: float, row: dict[str, str], path: Path
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """low/high of a blade sled's PCF yearly mean from SPECpower chassis results of the
    same model, divided by their sled count (nothing when there is none)."""
    sockets = number(row["number_cpu"])
    if row["server_type"] != "Blade" or not sockets:
        return {}, "", {}
    want = (SPEC_VENDOR.get(row["manufacturer"], ""), model_key(row["name"]))
    sleds: list[tuple[float, float, int]] = []
    for r in _rows(path):
        idle, full = number(r["avg. watts @ active idle"]), number(r["avg. watts @ 100%"])
        chips = number(r["Chips"])
        if (
            idle is None
            or full is None
            or chips is None
            or chips <= MAX_SERVER_SOCKETS
            or chips % sockets
            or _spec_key(r["Hardware Vendor"], r["System"]) != want
        ):
            continue
        n = int(chips // sockets)
        sleds.append((idle / n, full / n, n))
    if not sleds:
        return {}, "", {}
    idle = min(i for i, _, _ in sleds)
    full = max(f for _, f, _ in sleds)
    counts = ", ".join(sorted({str(n) for _, _, n in sleds}))
    note = (
        f" Low/high: SPECpower_ssj2008 measured the model only as a full chassis "
        f"({len(sleds)} result(s) of {counts} sleds at the sheet's {sockets:g} sockets each; "
        f"ccf-coefficients data/SPECpower-2026-03-09.csv), divided by the sled count: active "
        f"idle {idle:.1f} W, 100 % load {full:.1f} W per sled, its even share of the chassis's "
        "fans, power supplies and management included (audit 1796606525 O5)."
    )
    bounds = {"low": rounded(min(idle, avg), 3), "high": rounded(max(full, avg), 3)}
    inputs = {
        "specpower_idle_w": rounded(idle, 3),
        "specpower_full_load_w": rounded(full, 3),
        "specpower_chassis_sleds": max(n for _, _, n in sleds),
    }
    return bounds, note, inputs


def mean_bounds(
    avg: float, hid: str, row: dict[str, str], path: Path | None
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """Bounds, note (the yearly-mean caveat first) and inputs of a PCF average power whose
    model SPECpower did not measure as one server: its CPU class's results (``CLASS_OF``)
    or its chassis results per sled; the caveat alone when neither is on file."""
    found: tuple[dict[str, Any], str, dict[str, Any]] = ({}, "", {})
    if path is not None:
        found = class_bounds(avg, hid, path)
        if not found[0]:
            found = sled_bounds(avg, row, path)
    bounds, note, inputs = found
    return bounds, f" {MEAN_CAVEAT}{note}", inputs
