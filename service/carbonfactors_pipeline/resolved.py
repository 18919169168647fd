"""The resolved-factor snapshot: what a default lookup returns, for every zone, operator and model.

A YAML diff shows what a contributor typed; it does not show what users will get, because
defaults are *resolved* (source priority, nearest earlier year, a region's grid zone, a
model's best embodied rung, category fallbacks). This module writes those answers as plain
sorted tables under ``factors/resolved/`` and the test suite fails when they are stale, so
every data pull request carries the effective change for a reviewer to read line by line.

Tables (tab-separated, one header line):

* ``grid.tsv`` — zone x year (2015 to the newest year in the data) x basis: value, the
  factor id used, and the zone and year it was taken from;
* ``pue.tsv`` — operator and campus x year: value and factor id;
* ``hardware.tsv`` — model: full-load power per unit (W) and embodied carbon (kgCO2e, with
  low/high) as the footprint engine resolves them by default, or the error a user would get
  (the power is still shown when only the embodied value is missing).

Every value comes from ``carbonfactors.defaults``, the one place that says what the engine
uses; the explorer marks the same values as used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from carbonfactors import defaults
from carbonfactors.dataset import Dataset

FOLDER = "resolved"
FIRST_YEAR = 2015
GRID_BASES = ("lifecycle", "direct")


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:.6g}"


def _grid(ds: Dataset, years: range) -> Iterator[list[str]]:
    for zone in sorted(ds.zones):
        for basis in GRID_BASES:
            for year in years:
                f = defaults.grid(ds, zone, year, basis)
                if f is not None:
                    yield [zone, str(year), basis, _num(f.value), f.id, f.subject, str(f.year)]


def _pue(ds: Dataset, years: range) -> Iterator[list[str]]:
    for op in sorted(ds.operators):
        for year in years:
            f = defaults.pue(ds, op, year)
            if f is not None:
                yield [op, str(year), _num(f.value), f.id]


def _hardware(ds: Dataset) -> Iterator[list[str]]:
    for hid in sorted(ds.hardware):
        use = defaults.hardware(ds, hid)
        p, emb = use.power, use.embodied
        yield [
            hid,
            ds.hardware[hid].category,
            _num(p.value if p else None),
            ",".join(p.factors) if p else "",
            _num(emb.value if emb else None),
            _num(emb.low if emb else None),
            _num(emb.high if emb else None),
            f"error: {use.error}" if use.error else (emb.id or "" if emb else ""),
        ]


HEADERS = {
    "grid.tsv": ["zone", "year", "basis", "value", "factor", "from_zone", "from_year"],
    "pue.tsv": ["operator", "year", "value", "factor"],
    "hardware.tsv": [
        "model",
        "category",
        "power_w",
        "power_factors",
        "embodied_kgco2e",
        "low",
        "high",
        "embodied_factor",
    ],
}


def tables(snapshot: dict[str, Any]) -> dict[str, str]:
    """The resolved tables of a (dev) snapshot, as file name -> text."""
    ds = Dataset.from_snapshot(snapshot, version="dev")
    years_in_data = [f["year"] for f in snapshot["factors"] if f["kind"] == "grid_intensity"]
    years = range(FIRST_YEAR, max(years_in_data, default=FIRST_YEAR) + 1)
    rows = {
        "grid.tsv": _grid(ds, years),
        "pue.tsv": _pue(ds, years),
        "hardware.tsv": _hardware(ds),
    }
    out = {}
    for name, it in rows.items():
        lines = ["\t".join(HEADERS[name])] + ["\t".join(r) for r in it]
        out[name] = "\n".join(lines) + "\n"
    return out


def stale(root: Path, snapshot: dict[str, Any]) -> list[str]:
    """Names of the tables under ``root/resolved`` that differ from the data (or are missing)."""
    folder = root / FOLDER
    out = []
    for name, text in tables(snapshot).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            out.append(str(path))
    return out


def write(root: Path, snapshot: dict[str, Any]) -> list[Path]:
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in tables(snapshot).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
