"""A subject's factors from every source, side by side, and why they disagree.

Several sources often give the same zone and year (Ember via OWID, Electricity Maps, the
EEA...). This lays them out as one row per year and one column per (source, basis), marks
the value the engine uses (``carbonfactors.defaults``, as footprints and the resolved tables),
and explains a disagreement only with what the data itself says: each factor's ``basis``
and ``method``, and the source's ``notes``. Nothing here guesses a reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from carbonfactors import defaults
from carbonfactors.dataset import DEFAULT_GRID_BASIS, Dataset

from .chart import Chart, line_chart


@dataclass(frozen=True)
class Column:
    source: str
    basis: str | None

    @property
    def label(self) -> str:
        return self.source if self.basis is None else f"{self.source} ({self.basis})"


@dataclass
class Disagreement:
    """Two or more values for one year and basis: their spread and what explains them."""

    year: int
    basis: str | None
    low: float
    high: float
    chosen: str | None
    factors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def spread_pct(self) -> float | None:
        return None if self.low == 0 else (self.high - self.low) / self.low * 100.0


@dataclass
class SideBySide:
    kind: str
    subject: str
    unit: str
    columns: list[Column]
    #: year -> column -> factor record
    rows: dict[int, dict[Column, dict[str, Any]]]
    disagreements: list[Disagreement]
    #: Each source's own caveat from the bibliography, when it has one.
    notes: dict[str, str]
    #: Methods as written on the factors, per column (usually one per source and basis).
    methods: dict[Column, list[str]]
    #: Ids of the factors the engine uses (``carbonfactors.defaults``), one per year at most.
    winners: set[str]

    def chart(self) -> Chart:
        return line_chart(
            [
                (c.label, [(y, cells[c]["value"]) for y, cells in self.rows.items() if c in cells])
                for c in self.columns
            ],
            self.unit,
        )


def side_by_side(
    ds: Dataset,
    kind: str,
    subject: str,
    factors: Sequence[dict[str, Any]],
    bibliography: Mapping[str, Mapping[str, Any]],
    used_by: str | None = None,
) -> SideBySide:
    """Lay out ``factors`` (all of one kind and subject) by year and (source, basis);
    ``used_by`` is the zone or operator whose footprints the star follows (default: the
    subject; a cloud region's page shows its grid zone's table)."""
    mine = [f for f in factors if f["kind"] == kind and f["subject"] == subject]
    cols = sorted(
        {Column(f["source"], f.get("basis")) for f in mine},
        key=lambda c: (int(bibliography.get(c.source, {}).get("priority") or 100), c.label),
    )
    rows: dict[int, dict[Column, dict[str, Any]]] = {}
    methods: dict[Column, list[str]] = {}
    for f in sorted(mine, key=lambda f: (f["year"], f["id"])):
        col = Column(f["source"], f.get("basis"))
        rows.setdefault(f["year"], {})[col] = f
        if f.get("method") and f["method"] not in methods.setdefault(col, []):
            methods[col].append(f["method"])
    disagreements = []
    # Starred: what a footprint for ``used_by`` uses each year (``carbonfactors.defaults``,
    # the rule of the resolved tables too): one star per year at most, and none when the
    # engine takes the year's value from elsewhere (a wider area's, say).
    winners = defaults.used_ids(ds, kind, used_by or subject, rows)
    for year, cells in rows.items():
        by_basis: dict[str | None, list[dict[str, Any]]] = {}
        for col, f in cells.items():
            by_basis.setdefault(col.basis, []).append(f)
        for basis, fs in by_basis.items():
            values = [f["value"] for f in fs]
            if len(fs) < 2 or min(values) == max(values):
                continue
            series = ds.series(kind, subject, basis or _default_basis(kind))
            winner = series.winners.get(year) if series else None
            disagreements.append(
                Disagreement(
                    year,
                    basis,
                    min(values),
                    max(values),
                    winner.source if winner else None,
                    sorted(fs, key=lambda f: f["value"]),
                )
            )
    notes = {
        c.source: str(bibliography[c.source]["notes"])
        for c in cols
        if c.source in bibliography and bibliography[c.source].get("notes")
    }
    unit = mine[0]["unit"] if mine else ""
    return SideBySide(
        kind,
        subject,
        unit,
        cols,
        dict(sorted(rows.items())),
        disagreements,
        notes,
        methods,
        winners,
    )


def _default_basis(kind: str) -> str | None:
    """The engine files grid intensity without a basis under ``lifecycle``."""
    return DEFAULT_GRID_BASIS if kind == "grid_intensity" else None
