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

Audit 1796630035 class PM2: the R330's row states 2 CPUs for a single-socket server, so
the sheet's count hid it from its class; ``SOCKETS`` corrects such counts (cited), and
``MEAN_SIBLINGS`` (O7) bounds a mean by its measured same-generation, same-socket siblings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._common import number, read_csv, rounded
from ._pcf_sockets import SOCKETS, sheet_sockets
from ._pcf_specpower import MAX_SERVER_SOCKETS, MEAN_CAVEAT, SPEC_VENDOR, _spec_key, model_key

__all__ = ["CLASS_OF", "MEAN_CAVEAT", "MEAN_SIBLINGS", "SOCKETS", "mean_bounds", "sheet_sockets"]

#: CPU classes: key -> (pattern on SPECpower's "CPU Description", name used in notes).
CPU_CLASSES: dict[str, tuple[re.Pattern[str], str]] = {
    "xeon-e3-v5-v6": (re.compile(r"^Intel Xeon E3-12\d\dL? v[56]\b"), "Intel Xeon E3-1200 v5/v6"),
    "xeon-e-2100": (re.compile(r"^Intel Xeon E-21\d\d"), "Intel Xeon E-2100"),
    # first-generation EPYC (Naples): 7xx1 and 7xx1P; 7xx2 / 7xx3 are Rome / Milan
    "epyc-7001": (re.compile(r"^AMD EPYC 7\d\d1P?\b"), "AMD EPYC 7001"),
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

_DELL_14G_EPYC = (
    "Dell's 14th-generation single-socket AMD EPYC 7001 {what} (its socket count corrected, "
    "importers/_pcf_sockets.SOCKETS); no Dell server of this class was measured (the R7425 "
    "has two sockets), so the bounds are other makers' single-socket results of the same "
    "CPU class"
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
    "dell-poweredge-r330": ("xeon-e3-v5-v6", _DELL_13G.format(what="1U rack server")),
    "dell-poweredge-r6415": ("epyc-7001", _DELL_14G_EPYC.format(what="1U rack server")),
    "dell-poweredge-r7415": ("epyc-7001", _DELL_14G_EPYC.format(what="2U rack server")),
}

_DELL_13G_2S = (
    "the server is Dell's 13th-generation 2-socket Intel Xeon E5-2600 v3/v4 {what} (same maker, "
    "generation, socket count and CPU family as the measured {sibs})"
)
_DELL_14G_2S = (
    "the server is Dell's 14th-generation 2-socket Intel Xeon Scalable {what} (same maker, "
    "generation, socket count and CPU family as the measured R640, R740 and T640)"
)
_DELL_4S = (
    "the {model} ({gen} generation, up to four {cpu} sockets) was measured only with four "
    "chips while its sheet states two CPUs, so its own 4-socket results bound the mean from "
    "a larger configuration than the sheet's"
)
#: ``MEAN_SIBLINGS`` entries measured at another socket count than the sheet states.
ANY_SOCKETS = frozenset({"dell-poweredge-r830", "dell-poweredge-r940"})
_DELL_XD = (
    "the {model}XD is the storage variant of Dell's {model} (same model number, board, "
    "generation and two sockets; more drive bays), measured as the {model}"
)

#: Servers with no SPECpower result of their own whose same-maker, same-generation,
#: same-socket, same-CPU-family siblings were measured (audit 1796630035 O7): hardware id ->
#: (the siblings' models as SPECpower names them, why). Their results at the sheet's
#: socket count bound the PCF's yearly mean like the model's own would.
MEAN_SIBLINGS: dict[str, tuple[tuple[str, ...], str]] = {
    "dell-poweredge-t430": (
        ("PowerEdge R630", "PowerEdge T630"),
        _DELL_13G_2S.format(what="tower server", sibs="R630 and T630"),
    ),
    "dell-poweredge-r430": (
        ("PowerEdge R630", "PowerEdge T630"),
        _DELL_13G_2S.format(what="1U rack server", sibs="R630 and T630"),
    ),
    "dell-poweredge-r440": (
        ("PowerEdge R640", "PowerEdge R740", "PowerEdge T640"),
        _DELL_14G_2S.format(what="1U rack server"),
    ),
    "dell-poweredge-r540": (
        ("PowerEdge R640", "PowerEdge R740", "PowerEdge T640"),
        _DELL_14G_2S.format(what="2U rack server"),
    ),
    "dell-poweredge-t440": (
        ("PowerEdge R640", "PowerEdge R740", "PowerEdge T640"),
        _DELL_14G_2S.format(what="tower server"),
    ),
    "dell-poweredge-r830": (
        ("PowerEdge R830",),
        _DELL_4S.format(model="R830", cpu="Xeon E5-4600 v4", gen="13th"),
    ),
    "dell-poweredge-r940": (
        ("PowerEdge R940",),
        _DELL_4S.format(model="R940", cpu="Xeon Scalable", gen="14th"),
    ),
    "dell-poweredge-r730xd": (("PowerEdge R730",), _DELL_XD.format(model="R730")),
    "dell-poweredge-r740xd": (("PowerEdge R740",), _DELL_XD.format(model="R740")),
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


def class_bounds(
    avg: float, hid: str, row: dict[str, str], path: Path
) -> tuple[dict[str, Any], str, dict[str, Any]]:
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
    bounds, inputs = _reach(avg, idle, full, "specpower_class_results", len(results))
    return bounds, note, inputs


def sibling_bounds(
    avg: float, hid: str, row: dict[str, str], path: Path
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """low/high of a PCF yearly mean from its measured siblings (``MEAN_SIBLINGS``) at the
    server's socket count (nothing for a server it does not name)."""
    if hid not in MEAN_SIBLINGS:
        return {}, "", {}
    models, why = MEAN_SIBLINGS[hid]
    vendor = SPEC_VENDOR.get(row["manufacturer"], "")
    wanted = {(vendor, model_key(m)) for m in models}
    sockets = None if hid in ANY_SOCKETS else sheet_sockets(hid, row)
    results = [
        (idle, full)
        for r in _rows(path)
        if _spec_key(r["Hardware Vendor"], r["System"]) in wanted
        and (number(r["Chips"]) or 0) <= MAX_SERVER_SOCKETS
        and (sockets is None or number(r["Chips"]) == sockets)
        and (idle := number(r["avg. watts @ active idle"])) is not None
        and (full := number(r["avg. watts @ 100%"])) is not None
    ]
    if not results:
        return {}, "", {}
    idle = min(i for i, _ in results)
    full = max(f for _, f in results)
    where = (
        f"The mean lies ABOVE the highest full load measured ({full:g} W); it is kept as "
        "the maker's figure and is the high bound."
        if avg > full
        else "The mean lies within the measured range."
    )
    at = " at the sheet's socket count" if hid in ANY_SOCKETS else ""
    note = (
        f" Low/high: no SPECpower_ssj2008 result of the model{at}; {why}. They reach those "
        f"results ({len(results)} result(s) of {', '.join(models)}; ccf-coefficients "
        f"data/SPECpower-2026-03-09.csv): active idle from {idle:g} W, 100 % load up to "
        f"{full:g} W, other configurations than the PCF's (audit 1796630035 O7). {where}"
    )
    bounds, inputs = _reach(avg, idle, full, "specpower_sibling_results", len(results))
    return bounds, note, inputs


def sled_bounds(
    avg: float, row: dict[str, str], path: Path
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """low/high of a blade sled's PCF yearly mean from SPECpower chassis results of the
    same model, divided by their sled count (nothing when there is none)."""
    sockets = number(row["number_cpu"])
    if row["server_type"] != "Blade" or not sockets:  # (no blade in ``SOCKETS``)
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
    model SPECpower did not measure as one server: its CPU class's results (``CLASS_OF``),
    its measured siblings' (``MEAN_SIBLINGS``) or its chassis results per sled; the caveat alone when neither is on file."""
    found: tuple[dict[str, Any], str, dict[str, Any]] = ({}, "", {})
    if path is not None:
        found = class_bounds(avg, hid, row, path)
        if not found[0]:
            found = sibling_bounds(avg, hid, row, path)
        if not found[0]:
            found = sled_bounds(avg, row, path)
    bounds, note, inputs = found
    return bounds, f" {MEAN_CAVEAT}{note}", inputs


def _reach(
    avg: float, idle: float, full: float, count_key: str, count: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Bounds reaching measured servers from their lowest idle to their highest full load
    (the PCF mean itself where it lies outside), and the inputs that say so."""
    bounds = {"low": rounded(min(idle, avg), 3), "high": rounded(max(full, avg), 3)}
    return bounds, {"specpower_idle_w": idle, "specpower_full_load_w": full, count_key: count}
