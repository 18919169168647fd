"""The records a ``Store`` hands out and the rules return: factors, zones, hardware, resolutions.

They live apart from the store and the rules so that both (and ``rungs``) can name them
without importing each other: the rules import the store's records, never the reverse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Factor:
    """One factor of the snapshot (the fields the engine needs, plus its citation)."""

    id: str
    kind: str
    subject: str
    year: int
    value: float
    unit: str
    basis: str | None
    low: float | None
    high: float | None
    source: str
    period: str | None = None
    method: str | None = None
    #: PUE only: what the figure covers (``fleet-annual``, ``site-ttm``... see kinds.PUE_SCOPES).
    scope: str | None = None
    #: Rung of the method hierarchy (``kinds.RUNGS``) for embodied and power values.
    rung: str | None = None
    #: Grid intensity: ``production`` or ``consumption`` accounting, when the source says.
    accounting: str | None = None
    #: Set by the validator's plausibility screens: "<rule>: <reason>"; never a default.
    excluded: str | None = None

    @property
    def lo(self) -> float:
        """Lower bound: ``low`` when the factor carries a range, else its value."""
        return self.value if self.low is None else self.low

    @property
    def hi(self) -> float:
        return self.value if self.high is None else self.high

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Factor:
        return cls(
            id=rec["id"],
            kind=rec["kind"],
            subject=rec["subject"],
            year=int(rec["year"]),
            value=float(rec["value"]),
            unit=rec["unit"],
            basis=rec.get("basis"),
            low=None if rec.get("low") is None else float(rec["low"]),
            high=None if rec.get("high") is None else float(rec["high"]),
            source=rec["source"],
            period=rec.get("period"),
            method=rec.get("method"),
            scope=rec.get("scope"),
            rung=rec.get("rung"),
            accounting=rec.get("accounting"),
            excluded=rec.get("excluded"),
        )


@dataclass(frozen=True)
class Resolution:
    """A factor chosen by a lookup, with every step taken to choose it."""

    factor: Factor
    steps: tuple[str, ...]
    #: One-line summary, e.g. "gcp:europe-west1 → BE, 2023 → 2022 nearest earlier year".
    summary: str
    #: Set when the value is not from the zone's default series (see the module doc).
    source_changed: str | None = None
    #: Set when the value comes from a wider area than the location's own grid.
    fallback: str | None = None
    #: Further warnings (``caveats``): a stale or beyond-the-data year, a stand-in PUE, a jump.
    caveats: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return self.factor.value

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a reader must know about this value: switches, fallbacks, caveats."""
        return tuple(w for w in (self.source_changed, self.fallback) if w) + self.caveats


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    type: str
    parent: str | None
    provider: str | None
    grid_zone: str | None
    operator: str | None
    #: Evidence that this grid is not interconnected with its parent's (None: it is, or
    #: nothing says otherwise). A wider area's value never stands for an isolated grid.
    isolated: str | None = None
    #: The balancing authorities that serve a sub-national area split between several of
    #: them (a US state; cited in ``factors/region-mappings.yaml``): their values bound the
    #: area's estimate (rule G4, ``carbonfactors.resolve.own_years``).
    serving: tuple[str, ...] = ()
    #: The year a cloud region or site opened, with the announcement that says so (cited in
    #: ``factors/region-mappings.yaml``): an earlier year is answered with a warning (the
    #: before-opening rule, ``carbonfactors.resolve.grid_notes.before_opening``), never refused.
    opened: int | None = None
    opened_evidence: str | None = None
    #: The first year ``isolated`` holds (None: every year). Before it the zone was fed from
    #: its parent's grid and the parent's value stands as a coarser figure (generation 12).
    isolated_since: int | None = None


@dataclass(frozen=True)
class Hardware:
    id: str
    name: str
    category: str
    vendor: str
    provider: str | None
    aliases: tuple[str, ...]
    record: Mapping[str, Any] = field(repr=False, compare=False)
