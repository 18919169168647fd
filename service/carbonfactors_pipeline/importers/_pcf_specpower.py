"""SPECpower_ssj2008 results for the server PCF importer (``boavizta_pcf``).

Split from ``boavizta_pcf``, which reads the PCF sheets: the measured active-idle and
100 %-load watts of the same model bound a PCF's yearly-mean power, or stand in for it
when a sheet gives no energy (Lenovo, class K). Model names are compared without spaces
("Think System SR635" is the ThinkSystem SR635).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from ._common import number, read_csv, rounded, slugify

#: SPECpower_ssj2008 results, as redistributed by Cloud Carbon Footprint (Apache-2.0).
SPECPOWER = Path("ccf-coefficients") / "data" / "SPECpower-2026-03-09.csv"
#: Upstream manufacturer spelling -> the first word of its SPECpower "Hardware Vendor".
SPEC_VENDOR = {"Dell": "dell", "HP": "hewlett", "Lenovo": "lenovo"}
Spec = dict[tuple[str, str], list[tuple[float, float, int]]]
#: Source of the SPECpower-based power of a server whose PCF gives no energy.
SPEC_SOURCE = "ccf-coefficients"
#: Sockets of one server at most: a SPECpower result with more chips is a multi-node
#: enclosure (blades: a PowerEdge M630 result is a chassis of 16 two-socket nodes).
MAX_SERVER_SOCKETS = 4
#: Said on every PCF ``average`` power (audit 1796606525 O3; ``_pcf_mean_bounds``).
MEAN_CAVEAT = (
    "The PCF's average is a yearly mean under its usage profile (not stated in the data), "
    "used as is, not scaled by utilization."
)


#: Servers with no SPECpower result of their own whose same-maker, same-generation,
#: same-socket-count sibling was measured (audit 1796558261 / 1796585890 class K2): hardware
#: id -> (the sibling's model as SPECpower names it, why it is a sibling). Used only when
#: the PCF gives no yearly energy, before the server category default.
SIBLINGS: dict[str, tuple[str, str]] = {
    "lenovo-thinksystem-sr850p": (
        "ThinkSystem SR850",
        "the SR850P is Lenovo's variant of the 4-socket SR850 (same maker, same Xeon "
        "Scalable 1st/2nd generation, same four sockets; its PCF states no configuration, "
        "so the 4-socket SR850 results are the nearest measurement on file)",
    ),
    "lenovo-thinksystem-se350": (
        "ThinkEdge SE350 V2",
        "the SE350 V2 is the next generation of Lenovo's 1-socket SE350 edge server (same "
        "maker, model number, form factor and single Xeon D socket; Xeon D-2700 for the "
        "D-2100 of the SE350, so a successor's measurement, not the model's); no SE350 "
        "result is on file and the server category median (2-socket cloud hosts, 533 W) is "
        "about 4x its full load (audit 1796594162 #58)",
    ),
}


#: Servers with no SPECpower result of their own, no measured sibling of the same model
#: number, and no PCF energy, whose same-maker, same-socket-count, same-CPU-class peer was
#: measured (audit 1796599352 #57, class K2): hardware id -> (the peer's model as SPECpower
#: names it, the CPU class as SPECpower's "CPU Description" starts, why it is a peer). The
#: peer's results give the value; low/high reach every single-socket SPECpower result of the
#: same CPU class on file (any maker), so the bounds say how far such servers spread.
PEERS: dict[str, tuple[str, str, str]] = {
    "lenovo-thinksystem-sr250": (
        "ThinkSystem SR150",
        "Intel Xeon E-21",
        "the SR250 is Lenovo's 1U single-socket Intel Xeon E-2100 rack server and the SR150 "
        "its single-socket Xeon E-2100 sibling (same maker, same single socket, same CPU "
        "class; measured with a Xeon E-2176G, 32 GB); the SR250's PCF states no "
        "configuration, and the server category median (2-socket cloud hosts, 533 W) is "
        "about 6x the SR150's full load (audit 1796599352 #57)",
    ),
}


def sibling_results(spec: Spec, vendor: str, hid: str) -> tuple[list[tuple[float, float]], str]:
    """SPECpower results of a named sibling (or peer) of ``hid`` and the note that says so."""
    if hid in PEERS:
        model, _, why = PEERS[hid]
        results = [(i, f) for i, f, _ in spec.get((vendor, model_key(model)), ())]
        return results, f"{model}, a same-class peer's measurement, not the model's: {why}"
    if hid not in SIBLINGS:
        return [], ""
    model, why = SIBLINGS[hid]
    results = [(i, f) for i, f, _ in spec.get((vendor, model_key(model)), ())]
    return results, f"{model}, a sibling's measurement, not the model's: {why}"


def class_results(path: Path, hid: str) -> tuple[list[tuple[float, float]], str]:
    """Single-socket SPECpower results of the CPU class of ``hid``'s peer (``PEERS``), any
    maker, and how the note names them; nothing for a server without a peer."""
    if hid not in PEERS or not path.is_file():
        return [], ""
    prefix = PEERS[hid][1]
    out, names = [], set()
    for r in read_csv(path):
        idle, full = number(r["avg. watts @ active idle"]), number(r["avg. watts @ 100%"])
        if (
            idle is not None
            and full is not None
            and number(r["Chips"]) == 1
            and r["CPU Description"].startswith(prefix)
        ):
            out.append((idle, full))
            names.add(r["System"].split(" (")[0])
    listed = ", ".join(sorted(names))
    return out, f"single-socket {prefix}xx results, any maker ({len(out)}: {listed})"


def _spec_key(vendor: str, system: str) -> tuple[str, str]:
    """(vendor word, model) of a SPECpower system: "PowerEdge R640 (Intel ...)" -> r640."""
    return (vendor.split(" ")[0].lower(), model_key(system.split(" (")[0]))


def model_key(name: str) -> str:
    """A model name without spaces or hyphens: SPECpower writes "Think System SR635"."""
    return slugify(name).replace("-", "")


def read_specpower(path: Path) -> Spec:
    """(active idle W, 100 % load W, chips) of every SPECpower result of one server, by
    (vendor word, model)."""
    out: Spec = defaultdict(list)
    if not path.is_file():
        return out
    for r in read_csv(path):
        idle, full = number(r["avg. watts @ active idle"]), number(r["avg. watts @ 100%"])
        chips = number(r["Chips"])
        if idle is None or full is None or chips is None or chips > MAX_SERVER_SOCKETS:
            continue
        key = _spec_key(r["Hardware Vendor"], r["System"])
        out[key].append((idle, full, int(chips)))
        _display.setdefault(key, r["System"].split(" (")[0])
    return out


def same_sockets(
    results: list[tuple[float, float, int]] | None, sockets: float | None
) -> list[tuple[float, float]]:
    """The results with the PCF's socket count (all single-server results when unstated)."""
    return [(i, f) for i, f, c in results or () if sockets is None or c == sockets]


def load_bounds(avg: float, results: list[tuple[float, float]]) -> tuple[dict[str, Any], str]:
    """low/high of a PCF average power from SPECpower results of the same model."""
    idle = min(i for i, _ in results)
    full = max(f for _, f in results)
    low, high = rounded(min(idle, avg), 3), rounded(max(full, avg), 3)
    note = (
        f" {MEAN_CAVEAT} Low/high: SPECpower_ssj2008 results "
        f"for the same model ({len(results)} result(s), other configurations than the "
        f"PCF's; ccf-coefficients data/SPECpower-2026-03-09.csv): active idle {idle:g} W, "
        f"100 % load {full:g} W, so the range covers an idle and a fully loaded server."
    )
    if avg > full:  # audit 1796655557 O9: the R240's 112 W mean above its 93.1 W full load
        note = note[: -len(" server.")] + (
            f" server. The mean lies ABOVE the highest full load measured ({full:g} W); it is "
            "kept as the maker's figure and is the high bound."
        )
    return {"low": low, "high": high}, note


def spec_power(
    hid: str,
    year: int,
    spec: list[tuple[float, float]],
    ctx: str,
    sibling: str = "",
    spread: tuple[list[tuple[float, float]], str] = ([], ""),
) -> list[dict[str, Any]]:
    """Idle and full-load power of a server from SPECpower results of the same model (or
    of a named sibling, ``SIBLINGS``, or peer, ``PEERS``, said in the method); a peer's
    bounds reach its CPU class's results (``spread``, from ``class_results``)."""
    idles, fulls = [i for i, _ in spec], [f for _, f in spec]
    whose = f"of {sibling}" if sibling else "for the same model"
    note = (
        f"SPECpower_ssj2008 results {whose} ({len(spec)} result(s), configurations "
        f"not the PCF's; ccf-coefficients data/SPECpower-2026-03-09.csv), used because the PCF "
        f"gives no yearly energy: median of the results, low/high their extremes"
    )
    wide, named = spread
    if wide:
        note += f" and those of the {named}, so the range covers the class, not one machine"
    note += f". {ctx}"
    out = []
    for basis, what, vals, all_vals in (
        ("idle", "active idle", idles, idles + [i for i, _ in wide]),
        ("max", "100 % load", fulls, fulls + [f for _, f in wide]),
    ):
        out.append(
            {
                "id": factor_id("power", hid, year, SPEC_SOURCE, basis),
                "kind": "power",
                "subject": hid,
                "year": year,
                "value": rounded(statistics.median(vals), 3),
                "unit": "W",
                "low": rounded(min(all_vals), 3),
                "high": rounded(max(all_vals), 3),
                "basis": basis,
                "source": SPEC_SOURCE,
                "method": f"Average watts at {what}. {note}",
                "inputs": {"specpower_results": len(vals)},
            }
        )
    return out


#: A model number in a server name: letters then digits ("SR850" of "ThinkSystem SR850P",
#: "SE350" of "ThinkEdge SE350 V2", "R740" of "PowerEdge R740xd").
_MODEL_NUMBER = re.compile(r"\b([A-Za-z]{1,4}\d{2,5})[A-Za-z]*\b")


def model_number(name: str) -> str | None:
    """The model number of a server name, letters upper-cased; None when it has none."""
    m = _MODEL_NUMBER.search(name)
    return m.group(1).upper() if m else None


def measured_siblings(spec: Spec, vendor: str, model: str, sockets: float | None) -> list[str]:
    """SPECpower models of the same maker and model number as ``model`` (a letter variant,
    another product-line name or another generation of it: "ThinkSystem SR850P" ->
    "ThinkSystem SR850", "ThinkSystem SE350" -> "ThinkEdge SE350 V2") with results at the
    PCF's socket count (all when it is unstated), as SPECpower model keys. Written to the
    server's ``specs.specpower_siblings`` for the ``server-power-sibling-measured`` screen
    (class K2): a server at the category default while one of these was measured is listed
    until ``SIBLINGS`` names one or a keep note says why none applies."""
    key, number = model_key(model), model_number(model)
    return [
        other
        for (v, other), results in sorted(spec.items())
        if v == vendor
        and other != key
        and number is not None
        and model_number(_display.get((v, other), "")) == number
        and same_sockets(results, sockets)
    ]


#: SPECpower display model ("ThinkEdge SE350 V2") by (vendor word, model key).
_display: dict[tuple[str, str], str] = {}
