"""Category listings: every hardware model of a category with its headline factors.

One row per model: the power and embodied carbon a reader would quote (the latest year's
winning factor, in the order of bases the engine itself prefers, with the basis shown so a
TDP is never mistaken for a measured draw), and the lifetime the engine amortizes over
(the model's own, else its category default). Rows are computed from the version's
engine ``Dataset`` once per (version, category) and sorted on request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from carbonfactors.dataset import SINGLE_POWER_BASES, Dataset, Factor
from carbonfactors.kinds import KINDS

from ..caches import caches
from ..datasets import dataset_for
from ..versioning import Version

PAGE = 100


def _prefer(kind: str, first: Sequence[str | None]) -> tuple[str | None, ...]:
    """``first``, then the kind's other bases, then factors without a basis."""
    rest = [b for b in KINDS[kind].bases if b not in first]
    return (*[b for b in first if b is not None], *rest, None)


#: Single values first (as the engine), then full load, then the rest of the vocabulary.
POWER_BASES = _prefer("power", (*SINGLE_POWER_BASES, "load-100"))
EMBODIED_BASES = _prefer("embodied", ())
LIFETIME_BASES = _prefer("lifetime", ())


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    vendor: str
    release_year: int | None
    power: Factor | None
    embodied: Factor | None
    lifetime: Factor | None
    #: True when the lifetime is the category default, not the model's own.
    lifetime_default: bool

    def key(self, column: str) -> Any:
        if column in ("power", "embodied", "lifetime"):
            f = getattr(self, column)
            return None if f is None else f.value
        val = getattr(self, column)
        return val.lower() if isinstance(val, str) else val


COLUMNS = ("name", "vendor", "release_year", "power", "embodied", "lifetime")


def _rows(ds: Dataset, category: str) -> list[Row]:
    rows = []
    for hw in ds.hardware.values():
        if hw.category != category:
            continue
        power = ds.latest("power", hw.id, POWER_BASES, unit="W")
        embodied = ds.latest("embodied", hw.id, EMBODIED_BASES, unit="kgCO2e")
        lifetime = ds.model_or_category("lifetime", hw, LIFETIME_BASES, "years")
        rows.append(
            Row(
                hw.id,
                hw.name,
                hw.vendor,
                hw.record.get("release_year"),
                power[0] if power else None,
                embodied[0] if embodied else None,
                lifetime.factor if lifetime else None,
                lifetime is not None and lifetime.factor.subject != hw.id,
            )
        )
    return rows


def category_rows(v: Version, category: str) -> list[Row]:
    """A category's rows, kept in the app's ``listings`` cache (caches.py)."""
    rows: list[Row] = caches().get_or_compute(
        "listings", (v.version, v.sha256, category), lambda: _rows(dataset_for(v), category)
    )
    return rows


def sort_rows(rows: list[Row], column: str, descending: bool) -> list[Row]:
    """Sorted by ``column``; rows without a value come last in either direction."""
    present = [r for r in rows if r.key(column) is not None]
    missing = [r for r in rows if r.key(column) is None]
    present.sort(key=lambda r: (r.key(column), r.id), reverse=descending)
    missing.sort(key=lambda r: r.id)
    return present + missing


def categories(ds: Dataset) -> dict[str, int]:
    """Hardware categories present in the version, with their model counts."""
    out: dict[str, int] = {}
    for hw in ds.hardware.values():
        out[hw.category] = out.get(hw.category, 0) + 1
    return dict(sorted(out.items()))
