"""eco2ai's readings of a CPU under AMD's decorated spellings (audit 1796642882 class TD, O4).

Why: eco2ai (``eco2ai/cpu_names.csv``, Apache-2.0) was read keyed by the raw name only, as a
fallback TDP (class P0) and for undated parts' years. CodeCarbon and AMD's table spell many
AMD parts with decorations eco2ai's own rows leave out: "6th Gen FX-8800P APU" against
eco2ai's "AMD FX-8800P" (35 W, released 2015-08), "Phenom II X6 1100T BE" against "AMD
Phenom II X6 1100T" (2010-12). So the FX-8800P was filed 15 W without bounds although the
same part is on file at 35 W (its configurable top), and both were filed undated.

``undecorated`` drops those decorations ("Nth Gen", a trailing "APU", a "with Radeon ..."
phrase, a trailing "BE" for Black Edition, the same silicon unlocked); the catalog looks
eco2ai up under the id itself, its aliases and their undecorated ids. A reading that
differs from the filed TDP widens its bounds and is named in the method, and is kept in
``inputs`` so the ``cpu-tdp-second-reading`` screen can hold the bounds to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._common import number, read_csv, rounded

ECO2AI = "eco2ai/cpu_names.csv"
#: AMD's generation prefix tokens: "6th-gen".
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
_WITH = re.compile(r"-with-.*$")
#: Trailing decoration tokens: AMD's "APU" and "BE" (Black Edition: the same part unlocked).
_TAIL = ("apu", "be")
#: Two readings closer than this (W) are one reading rounded.
SAME_W = 0.5
#: ``inputs`` keys of the second reading.
INPUT_W, INPUT_NAME = "eco2ai_tdp_w", "eco2ai_name"

Record = dict[str, Any]


def undecorated(cid: str) -> str:
    """An AMD id without AMD's decorations ("amd-6th-gen-fx-8800p-apu" -> "amd-fx-8800p");
    other vendors' ids unchanged."""
    if not cid.startswith("amd-"):
        return cid
    toks = _WITH.sub("", cid).split("-")
    out: list[str] = []
    i = 0
    while i < len(toks):
        if _ORDINAL.match(toks[i]) and i + 1 < len(toks) and toks[i + 1] == "gen":
            i += 2
            continue
        out.append(toks[i])
        i += 1
    while len(out) > 2 and out[-1] in _TAIL:
        out.pop()
    return "-".join(out)


def lookup_keys(cid: str, aliases: Iterable[str] = ()) -> list[str]:
    """The ids a catalog part's eco2ai rows may sit under: its own, its aliases', undecorated."""
    keys: list[str] = []
    for k in (cid, *aliases):
        for kk in (k, undecorated(k)):
            if kk not in keys:
                keys.append(kk)
    return keys


@dataclass(frozen=True)
class Eco2aiRow:
    """One row of eco2ai's list under the catalog's id for its name."""

    cid: str
    name: str
    #: Positive watts, else None.
    tdp: float | None
    #: ``YYYY-MM-DD``, else None.
    released: str | None


_RELEASED = re.compile(r"(19|20)\d{2}-\d{2}-\d{2}")


def read_rows(sources: Path, key: Callable[[str], str]) -> list[Eco2aiRow]:
    """eco2ai's list, read once for the four views the catalog takes of it (fallback TDP,
    second readings, release dates keyed as spelled and undecorated). ``key``: the catalog's
    name -> id function, so the lists meet on one normalized name. Empty without the file."""
    path = sources / ECO2AI
    if not path.is_file():
        return []
    rows: list[Eco2aiRow] = []
    for row in read_csv(path):
        v = number(row.get("TDP") or "")
        date = (row.get("Released") or "").strip()
        rows.append(
            Eco2aiRow(
                cid=key(row["Model"]),
                name=row["Model"].strip(),
                tdp=v if v is not None and v > 0 else None,
                released=date if _RELEASED.fullmatch(date) else None,
            )
        )
    return rows


def read_readings(rows: Iterable[Eco2aiRow]) -> dict[str, list[tuple[str, float]]]:
    """``{id: [(eco2ai name, TDP W), ...]}``, each row under its id and its undecorated id."""
    out: dict[str, list[tuple[str, float]]] = {}
    for r in rows:
        if r.tdp is None:
            continue
        for k in {r.cid, undecorated(r.cid)}:
            out.setdefault(k, []).append((r.name, r.tdp))
    return out


def read_dates(rows: Iterable[Eco2aiRow]) -> dict[str, tuple[str, str]]:
    """``{undecorated id: (YYYY-MM-DD, eco2ai name)}`` (first dated spelling wins)."""
    out: dict[str, tuple[str, str]] = {}
    for r in rows:
        if r.released:
            out.setdefault(undecorated(r.cid), (r.released, r.name))
    return out


def readings_for(
    readings: dict[str, list[tuple[str, float]]], cid: str, aliases: Iterable[str] = ()
) -> list[tuple[str, float]]:
    """Every eco2ai (name, W) of one catalog part, each name once."""
    seen: dict[str, float] = {}
    for k in lookup_keys(cid, aliases):
        for name, w in readings.get(k, ()):
            seen.setdefault(name, w)
    return sorted(seen.items())


def second_reading(f: Record, found: list[tuple[str, float]]) -> str:
    """Widen a filed TDP factor ``f`` to eco2ai's readings that differ from it; the method
    sentence ("" when every reading is the filed one)."""
    other = [(n, w) for n, w in found if abs(w - float(f["value"])) > SAME_W]
    if not other:
        return ""
    name, w = max(other, key=lambda nw: abs(nw[1] - float(f["value"])))
    lo = min([float(f["low"] if "low" in f else f["value"]), *(v for _, v in other)])
    hi = max([float(f["high"] if "high" in f else f["value"]), *(v for _, v in other)])
    f["low"], f["high"] = rounded(lo, 3), rounded(hi, 3)
    f.setdefault("inputs", {}).update({INPUT_W: rounded(w, 3), INPUT_NAME: name})
    said = "; ".join(f"'{n}' {rounded(v, 3)} W" for n, v in other)
    return (
        f" SECOND READING: eco2ai's copy of the list (eco2ai/cpu_names.csv, a secondary relay) "
        f"gives this part another TDP ({said}; matched on its name, or on the name without "
        "AMD's decorations 'Nth Gen', 'APU', 'BE', 'with Radeon ...'); the bounds hold both "
        "readings (a configurable TDP, or one list "
        "wrong: not decided here; audit 1796642882 class TD, screen cpu-tdp-second-reading)."
    )
