"""A CPU's TDP from its maker's table where CodeCarbon's compiled list truncated it (audit
1796647084 #47, class TT).

Why: CodeCarbon's ``cpu_power.csv`` (the catalog's key) drops the fraction of a fractional
TDP: the Celeron N2840 is 7 W there, 7.5 W in Intel's ARK extract that CodeCarbon keeps in
the same repository (``cpu_dataset_builder/intel_cpu_ark_dataset.csv``, the row its release
year already came from) and in eco2ai's copy. Of the 2,008 catalog ids with an ARK row, 81
differ and every one is lower (7.5 -> 7, 4.5 -> 4, 10.75 -> 10, 0.03 -> 0; the Quark D1000's
"0.0" was already read from ARK by the P0 rule, ``_cpu_twins``); of the 811 with an AMD
table row, one (E1 Micro-6200T 3.95 W, CodeCarbon 3 W under its first spelling). 81 values
change in the 2026-04 snapshot.

Rule: where a maker's table on file (Intel's ARK extract, then AMD's server and desktop
tables: ``Default TDP``) lists the part, and CodeCarbon's first reading is none of the
table's figures, the value is the table's (first) figure. CodeCarbon's reading stays in
``inputs`` and the method. It is a bound only when it is a real second reading: a reading
that is the table figure with its fraction dropped (``truncated``) is not. Where the table
gives several figures for one part (ARK's two rows for the IOP348, AMD's "155W / 170W" for
the first EPYCs), low/high span them (``vendor_span``). The validator's
``cpu-tdp-vs-vendor-extract`` screen (``cpu_vendor_screens``) lists a CodeCarbon TDP that
is none of its table's figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._common import number, read_csv, rounded

#: The maker tables, in the order they are read (first table listing a part wins).
INTEL_ARK = "codecarbon/hardware/cpu_dataset_builder/intel_cpu_ark_dataset.csv"
AMD_SERVER = "codecarbon/hardware/cpu_dataset_builder/amd_cpu_server_dataset.csv"
AMD_DESKTOP = "codecarbon/hardware/cpu_dataset_builder/amd_cpu_desktop_dataset.csv"
#: ``inputs`` keys: CodeCarbon's reading and the table's figure taken instead.
INPUT_CC, INPUT_VENDOR, INPUT_TABLE = "codecarbon_tdp_w", "vendor_extract_tdp_w", "vendor_extract"
#: Two figures closer than this (W) are one.
SAME = 1e-6
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class VendorTdp:
    """The TDP figures a maker's table gives one part, in table order, each once."""

    figures: tuple[float, ...]
    row: str  # the table's name of the part
    table: str  # the table's file name
    cell: str  # the figures as the table writes them


def parse_cell(text: str) -> tuple[float, ...]:
    """The figures of a TDP cell: "7.5" -> (7.5,), "155W / 170W" -> (155, 170), "35-54W" ->
    (35, 54), "45+W" -> (45,); () when blank."""
    out: list[float] = []
    for m in _NUMBER.findall(text or ""):
        v = float(m)
        if v > 0 and not any(abs(v - o) < SAME for o in out):
            out.append(v)
    return tuple(out)


def read(
    sources: Path,
    intel_key: Callable[[str], str],
    amd_keys: Callable[[str], Iterable[str]],
) -> dict[str, VendorTdp]:
    """``{cpu id: VendorTdp}`` from the tables on file (missing tables are skipped).

    ``intel_key``: ARK name -> catalog id; ``amd_keys``: AMD table name -> the ids it stands
    for (its own, then without " with Radeon ..."). ARK rows of one id are merged (the
    IOP348 has three, 12.7 / 11 / 11 W); an AMD id takes its first row."""
    out: dict[str, VendorTdp] = {}
    path = sources / INTEL_ARK
    if path.is_file():
        rows: dict[str, list[tuple[str, float]]] = {}
        for row in read_csv(path):
            v = number(row.get("tdp") or "")
            if v is not None and v > 0:
                rows.setdefault(intel_key(row["cpu_name"]), []).append((row["cpu_name"], v))
        for cid, found in rows.items():
            figs = parse_cell(" ".join(f"{v:g}" for _, v in found))
            out[cid] = VendorTdp(figs, found[0][0], path.name, " / ".join(f"{f:g} W" for f in figs))
    for rel in (AMD_SERVER, AMD_DESKTOP):
        path = sources / rel
        if not path.is_file():
            continue
        for row in read_csv(path):
            cell = (row.get("Default TDP") or "").strip()
            figs = parse_cell(cell)
            if not figs:
                continue
            for cid in amd_keys(row["Name"]):
                out.setdefault(cid, VendorTdp(figs, row["Name"].strip(), path.name, cell))
    return out


def _same(a: float, b: float) -> bool:
    return abs(a - b) < SAME


def truncated(reading: float, figures: Iterable[float]) -> bool:
    """True when ``reading`` is one of ``figures`` with its fraction dropped (7.5 -> 7)."""
    return any(not _same(f, round(f)) and _same(reading, math.floor(f)) for f in figures)


def _maker(vt: VendorTdp) -> str:
    return "Intel's ARK extract" if vt.table.startswith("intel") else "AMD's product table"


def from_vendor(
    readings: list[tuple[str, float]], vt: VendorTdp | None, n_cut: int = 0
) -> tuple[float, list[float], str, dict[str, Any]] | None:
    """(value, bound figures, method, inputs) when CodeCarbon's first reading is none of
    the maker table's figures; None when there is no table row or they agree.

    ``readings``: CodeCarbon's (spelling, W), first first; ``n_cut``: how many catalog parts
    this snapshot has whose reading is their table figure truncated (said in the method).
    The bound figures are the table's and CodeCarbon's readings that are neither one of
    them nor one of them truncated."""
    if vt is None or not vt.figures:
        return None
    first = readings[0][1]
    if any(_same(first, f) for f in vt.figures):
        return None
    value = vt.figures[0]
    cut = sorted({w for _, w in readings if truncated(w, vt.figures)})
    others = sorted(
        {
            w
            for _, w in readings
            if not truncated(w, vt.figures) and not any(_same(w, f) for f in vt.figures)
        }
    )
    said = "; ".join(f"'{n}' {rounded(w, 3):g} W" for n, w in readings)
    note = (
        f"TDP from {_maker(vt)} that CodeCarbon keeps beside its list (cpu_dataset_builder/"
        f"{vt.table}, row '{vt.row}': {vt.cell}), the maker's figure"
        + (" (its first; low/high span the table's figures)" if len(vt.figures) > 1 else "")
        + f"; CodeCarbon's compiled cpu_power.csv reads {said}."
    )
    if cut:
        many = f" ({n_cut} catalog parts in this snapshot, all lower)" if n_cut > 1 else ""
        note += (
            f" That list drops the fraction of fractional TDPs{many}: its "
            f"{', '.join(f'{w:g} W' for w in cut)} is the maker's figure truncated, not a "
            "second reading, and sets no bound."
        )
    if others:
        note += (
            f" Its other reading ({', '.join(f'{w:g} W' for w in others)}) is not the "
            "maker's figure truncated: kept as a bound."
        )
    note += " (Audit 1796647084 #47, class TT, screen cpu-tdp-vs-vendor-extract.)"
    inputs = {INPUT_CC: rounded(first, 3), INPUT_VENDOR: rounded(value, 3), INPUT_TABLE: vt.table}
    return value, [*vt.figures, *others], note, inputs


def count_truncated(tdps: dict[str, list[tuple[str, float]]], vendor: dict[str, VendorTdp]) -> int:
    """Catalog parts whose first CodeCarbon reading is their table figure truncated."""
    return sum(
        1
        for cid, readings in tdps.items()
        if (vt := vendor.get(cid)) is not None
        and readings
        and truncated(readings[0][1], vt.figures)
        and not any(_same(readings[0][1], f) for f in vt.figures)
    )


def vendor_span(f: dict[str, Any], vt: VendorTdp | None) -> str:
    """Widen ``f`` to every figure its maker's table gives when it gives several; the method
    sentence ("" when the table gives one figure or the bounds hold them already)."""
    if vt is None or len(vt.figures) < 2:
        return ""
    lo, hi = min(vt.figures), max(vt.figures)
    v = float(f["value"])
    have_lo, have_hi = float(f.get("low", v)), float(f.get("high", v))
    if have_lo <= lo and have_hi >= hi:
        return ""
    f["low"], f["high"] = rounded(min(have_lo, lo), 3), rounded(max(have_hi, hi), 3)
    return (
        f" {_maker(vt)} (cpu_dataset_builder/{vt.table}, row '{vt.row}') gives this "
        f"part's TDP as '{vt.cell}', several figures or a range: low/high span them (audit "
        "1796647084 class TT)."
    )
