"""A CodeCarbon TDP far outside its family, with no maker-table row (audit 1796599352 #53,
class TV).

CodeCarbon's ``cpu_power.csv`` says its TDPs come from Intel ARK and AMD's product pages;
its own builder extracts of those tables (``cpu_dataset_builder``) hold a row for most
parts. A part with no such row whose TDP lies far outside the TDPs of its family's parts
that have one rests on CodeCarbon's word alone (eco2ai repeats the same table, so it is no
second source): the Xeon E5-2699P v4 at 300 W is 1.9x the highest Broadwell-EP TDP backed
by ARK (E5-2687W v4, 160 W). Rule: the family is the model-number series
(``_cpu_dates.series``: ``intel-xeon-e5-2/4-v4``) with at least ``MIN_BACKED`` parts that
have a maker-table row; a TDP above ``HIGH_RATIO`` x their highest or below ``LOW_RATIO``
x their lowest keeps its value but gets low/high reaching the family range and an
``UNCONFIRMED_MARK`` note naming the family's extremes. The validator's
``cpu-tdp-outside-family`` screen (``cpu_screens``) lists one without the note.
"""

from __future__ import annotations

from typing import Any

from ..cpu_screens import HIGH_RATIO, LOW_RATIO, MIN_BACKED, UNCONFIRMED_MARK
from ._common import rounded
from ._cpu_dates import series

#: What a search for the part found, by CPU id (pages corpus), said in its note.
EVIDENCE = {
    "intel-xeon-e5-2699p-v4": (
        "No Intel page for the part was found. Intel announced Xeon E5 packages with an "
        "on-package FPGA in the same LGA2011 socket (electronics360, 'Intel to Package "
        "FPGA with Xeon Processor', 2014), and its later 'P' parts are such packages "
        "(Xeon Gold 6138P with an Arria 10 FPGA); 300 W may be such a package's, not a "
        "CPU's, but nothing on file names this part."
    ),
}

Family = dict[str, tuple[tuple[float, str], tuple[float, str], int]]


def family_ranges(tdps: dict[str, float], backed: set[str]) -> Family:
    """(lowest, highest, count) of the TDPs of each series' parts with a maker-table row."""
    parts: dict[str, list[tuple[float, str]]] = {}
    for cid, tdp in tdps.items():
        key = series(cid)
        if key and cid in backed:
            parts.setdefault(key, []).append((tdp, cid))
    return {k: (min(v), max(v), len(v)) for k, v in parts.items() if len(v) >= MIN_BACKED}


def outside(
    cid: str, f: dict[str, Any], ranges: Family, backed: set[str], named: str | None
) -> str:
    """Widen ``f`` (a CodeCarbon TDP factor) to its family range and return the note when
    the part has no maker-table row and its TDP lies far outside the family; else "".
    A part whose name gives no family (``named``, CodeCarbon's bare "AMD 3280") is not
    placed in one: its model-number series mixes product lines."""
    key = series(cid)
    if cid in backed or key is None or key not in ranges or not named:
        return ""
    (lo, lo_id), (hi, hi_id), n = ranges[key]
    value = f["value"]
    if value > HIGH_RATIO * hi:
        side, edge, ratio = "highest", f"{hi_id} {hi:g} W", value / hi
        f["low"] = rounded(min(f.get("low", value), hi), 3)
        f["high"] = rounded(max(f.get("high", value), value), 3)
    elif value < LOW_RATIO * lo:
        side, edge, ratio = "lowest", f"{lo_id} {lo:g} W", value / lo
        f["low"] = rounded(min(f.get("low", value), value), 3)
        f["high"] = rounded(max(f.get("high", value), lo), 3)
    else:
        return ""
    return (
        f" {UNCONFIRMED_MARK} the part has no row in the Intel ARK / AMD extracts that "
        f"CodeCarbon names as its origin, and {value:g} W is {ratio:.2f}x the {side} TDP of "
        f"the {n} parts of its family ({key}) that have one ({edge}; range {lo:g}-{hi:g} W); "
        f"eco2ai repeats CodeCarbon's table, no second source. The value is kept, low/high "
        f"reach the family range (audit 1796599352 #53, class TV)."
        + (f" {EVIDENCE[cid]}" if cid in EVIDENCE else "")
    )
