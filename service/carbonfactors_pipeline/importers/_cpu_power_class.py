"""Rules of the ``cpus`` importer on a CPU's TDP reading: turbo power filed as TDP, AMD cTDP.

Why (audit 1796585890 class T, issue 20): CodeCarbon's ``cpu_power.csv`` lists, for a few
Intel 12th/13th Gen Core parts, the part's Maximum Turbo Power where the maker's TDP
(Processor Base Power since Alder Lake) is much lower: the i5-1335U at 55 W for a 15 W
part overstates a laptop CPU's power 3.7x. And CodeCarbon's AMD product tables state each
part's configurable TDP range (cTDP), which the catalog did not read, so a part that AMD
ships at 35-54 W showed one number with no range.

* ``turbo_as_base``: an Intel Core 12th Gen or later part whose reading equals the Maximum
  Turbo Power Intel states for its series (``intel-alder-raptor-power``: desktop K
  125 W base, 150/190/241 W turbo; mobile U 15/55 W, P 28/64 W, H 45/115 W, HX 55/157 W)
  takes the series' base power as its value; the turbo reading becomes the high bound.
  The rule is per series, not per part: every part of the class is moved the same way.
* ``ctdp``: AMD's ``AMD Configurable TDP (cTDP)`` column, read from both AMD tables; where
  the part's value lies inside the range, the range is its low/high (the power a maker
  may configure), said in the method; where it does not, the method says so and no bound
  is set (one of the two readings is wrong, left to the disagreement screen).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ._common import read_csv, rounded

#: Source of the series' base and turbo power (sources.yaml).
CLASS_SOURCE = "intel-alder-raptor-power"
#: (series suffix, digits of the model number) -> (base power W, turbo powers W) as cited.
SERIES: dict[tuple[str, int], tuple[float, frozenset[float]]] = {
    ("u", 4): (15.0, frozenset({55.0})),
    ("p", 4): (28.0, frozenset({64.0})),
    ("h", 5): (45.0, frozenset({115.0})),
    ("hx", 5): (55.0, frozenset({157.0})),
    ("k", 5): (125.0, frozenset({150.0, 190.0, 241.0})),
    ("kf", 5): (125.0, frozenset({150.0, 190.0, 241.0})),
}
#: Intel Core i3-i9 12th Gen or later: 12xx/13xx/14xx mobile, 12xxx/13xxx/14xxx desktop/H.
_ALDER_ON = re.compile(r"^intel-core-i[3579]-(1[234]\d{2,3})([a-z]+)$")
CTDP_COLUMN = "AMD Configurable TDP (cTDP)"
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*W\s*$", re.IGNORECASE)


def turbo_as_base(cid: str, value: float) -> tuple[float, str] | None:
    """(base power, method note) when ``value`` is the part's series turbo power, else None."""
    m = _ALDER_ON.match(cid)
    if m is None:
        return None
    series = SERIES.get((m.group(2), len(m.group(1))))
    if series is None:
        return None
    base, turbo = series
    if value <= base or float(value) not in turbo:
        return None
    return base, (
        f" CodeCarbon's {value:g} W is the Maximum Turbo Power Intel states for this series "
        f"({m.group(2).upper()}, 12th Gen or later), not its TDP: the value is the series' "
        f"Processor Base Power {base:g} W and the turbo reading its high bound "
        f"({CLASS_SOURCE}; importer rule turbo_as_base, issue 20)."
    )


def ctdp_range(text: str) -> tuple[float, float] | None:
    """(low, high) W of an AMD cTDP cell such as "120-150W"; None when blank or a single value."""
    m = _RANGE.match(text or "")
    if m is None:
        return None
    lo, hi = float(m.group(1)), float(m.group(2))
    return (lo, hi) if lo < hi else None


def read_ctdp(sources: Path, rels: tuple[str, ...], key: Any) -> dict[str, tuple[str, str]]:
    """CPU id -> (cTDP cell, table file) from AMD's tables, first row of an id wins."""
    out: dict[str, tuple[str, str]] = {}
    for rel in rels:
        path = sources / rel
        if not path.is_file():
            continue
        for row in read_csv(path):
            cell = (row.get(CTDP_COLUMN) or "").strip()
            if cell:
                out.setdefault(key(row["Name"]), (cell, rel.rsplit("/", 1)[-1]))
    return out


def adjust(f: dict[str, Any], cid: str, ctdp: tuple[str, str] | None) -> str:
    """Apply both rules to a CodeCarbon TDP factor in place; the note for its method."""
    note = ""
    moved = turbo_as_base(cid, f["value"])
    if moved is not None:
        base, note = moved
        f["high"] = max(f.get("high", f["value"]), f["value"])
        f["low"] = min(f.get("low", base), base)
        f["value"] = rounded(base, 3)
    if ctdp is None:
        return note
    cell, table = ctdp
    rng = ctdp_range(cell)
    if rng is None:
        return note
    lo, hi = rng
    if lo <= f["value"] <= hi:
        f["low"] = rounded(min(f.get("low", lo), lo), 3)
        f["high"] = rounded(max(f.get("high", hi), hi), 3)
        return note + (
            f" AMD's product table ({table}) gives a configurable TDP (cTDP) of {cell}: "
            "low/high are that range, the power a system maker may set."
        )
    return note + (
        f" AMD's product table ({table}) gives a configurable TDP (cTDP) of {cell}, which "
        f"does not hold this {f['value']:g} W: no bound is taken from it."
    )
