"""Category listings: every hardware model of a category with its headline factors.

One row per model: the power at full load and the embodied carbon a footprint uses by
default (``carbonfactors.defaults``, the rule of the resolved tables: never a lower bound
the engine skips), with the power's basis shown so a TDP is never mistaken for a measured
draw, and the lifetime the engine amortizes over (the model's own, else its category
default). Rows are computed from the version's
engine ``Dataset`` once per (version, category) and sorted on request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from carbonfactors import defaults
from carbonfactors.dataset import Dataset, Factor
from carbonfactors.kinds import KINDS
from carbonfactors.plans import UsedFactor

from ..caches import caches
from ..datasets import dataset_for
from ..versioning import Version

PAGE = 100


def _prefer(kind: str, first: Sequence[str | None]) -> tuple[str | None, ...]:
    """``first``, then the kind's other bases, then factors without a basis."""
    rest = [b for b in KINDS[kind].bases if b not in first]
    return (*[b for b in first if b is not None], *rest, None)


LIFETIME_BASES = _prefer("lifetime", ())


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    vendor: str
    release_year: int | None
    #: Full-load power per unit and embodied carbon as a footprint uses them by default.
    power: defaults.Power | None
    embodied: UsedFactor | None
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
        use = defaults.hardware(ds, hw.id)  # what a footprint of one unit uses
        lifetime = ds.model_or_category("lifetime", hw, LIFETIME_BASES, "years")
        rows.append(
            Row(
                hw.id,
                hw.name,
                hw.vendor,
                hw.record.get("release_year"),
                use.power,
                use.embodied,
                lifetime.factor if lifetime else None,
                lifetime is not None and lifetime.factor.subject != hw.id,
            )
        )
    return rows


def category_rows(v: Version, category: str) -> list[Row]:
    """A category's rows, kept in the app's ``listings`` cache (caches.py), per bundle: the
    request's ``bundle=`` picks the dataset, so it is part of the key."""
    ds = dataset_for(v)
    rows: list[Row] = caches().get_or_compute(
        "listings", (v.version, v.sha256, ds.bundle, category), lambda: _rows(ds, category)
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
