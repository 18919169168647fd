"""A dataset version for the footprint engine: a ``Store`` and the rules that resolve factors.

The engine must never pick a number silently, so every lookup here returns a
``Resolution``: the factor chosen *and* the steps taken to reach it (cloud region → grid
zone → country, requested year → nearest earlier year, which of several sources won).

Resolution rules (documented once, here, and repeated in every receipt):

* **Zone chain.** A cloud region resolves through its own published values, then its
  ``grid_zone`` and that zone's ``parent`` chain, then its own ``parent``; any other zone
  through its ``parent`` chain.
* **One series per zone (grid intensity).** A zone's default series for a basis is the
  series of ONE source: the one with the lowest ``priority`` among the sources that have
  any value for that zone and basis (Ember's production-based series for a country,
  before Electricity Maps' consumption-based one). The zone offers that series' value for
  the requested year or, failing that, its nearest *earlier* year: an earlier year of the
  same series beats another source's exact year, so a series never changes methodology
  from one year to the next. Only when the default series has nothing at or before the
  requested year may another source fill it, and the resolution then says so
  (``source_changed``, a warning, and a step in the trail).
* **Years.** Each zone in the chain offers its value as above. The freshest of these
  offers wins; among equally fresh offers the most specific zone wins. Later years are
  never used: if nothing exists at or before the requested year, ``FactorNotFound`` names
  the earliest year that does exist. Without a year, the freshest value available is used
  ("latest available").
* **Fallbacks.** A location's own grid is the zone itself and, for a cloud region or a
  sub-national area, its ``grid_zone``. A value taken from a wider area (a ``parent``:
  the country of a balancing authority, the world for a country) is a fallback, and the
  resolution says so (``fallback`` and a warning), never only in the trail. When the
  location's own grid has a value the year after the year asked (its series starts then)
  or on both sides of a gap within three years, that series is carried to the year (rule G3:
  scaled by the wider area's change, or interpolated in a gap; bounds reach the wider
  area's value; ``resolve.own_years``); further away, the fallback's bounds reach the
  series' first value (``caveats.own_series_bounds``), unless the zone's own values are
  unlike the wider area's over the years both have (median ratio outside 0.67..1.5): then
  its own first value is carried back, said ``OWN SERIES`` and ``STALE`` (rule G3b). A
  state estimate's bounds reach the values of the balancing authorities serving the state
  (rule G4; from rules generation 16 also their own carried or derived answers in a year
  they have no measured value, and for a cloud region only the authorities its mapping
  names).
* **Screened values.** A factor the validator's plausibility screens excluded (it carries
  ``excluded``, the rule and reason) is never a default; the trail names it and why.
* **Sources.** When several sources give the same kind, subject, year and basis, the
  source with the lowest ``priority`` wins (then the lower factor id).
* **PUE.** An explicit number wins; an operator or campus id resolves through its
  ``parent`` chain; otherwise a cloud region's own PUE factor, then its ``operator`` (and
  parents), with the same year rule; otherwise, or when those have nothing, the industry
  average (operator ``industry``). Per subject, a ``measured`` value at or before the year
  beats ``design`` and ``estimated`` ones (an operator's own figure beats tool defaults and
  blog estimates); within one year and basis the lower source ``priority`` wins (operators'
  own publications have 50, tool copies 100, blogs 200), then the scope that best describes
  the year (``fleet-annual`` before ``site-ttm`` before ``site-quarter``...). Figures for new
  builds or design targets (scope ``new-builds``, ``design``) are never a default. A
  fiscal-year figure has ``year`` = the year its fiscal year ends (Microsoft FY2024 =
  2023-07-01..2024-06-30 → 2024, dates in ``period``): a calendar year uses the fiscal
  year ending in it.
* **Hardware factors** (power, embodied, lifetime, in-use share) describe a model, not a
  year: the latest year's value is used. Lifetime and in-use share come from the model
  itself, else from its category (``category:<category>``).

Where the rules live: ``carbonfactors.resolve`` (``grid``, ``pue``, ``hardware``), each a
pure function of a store's index; where the records live: ``carbonfactors.stores`` (a
release pack, or a snapshot held in memory). ``Dataset`` is the thin facade that joins one
store to the rules and owns their memo, a bounded LRU (``RESOLUTIONS_KEPT``): a given key
always resolves to the same answer, so a memo can only save time, and user-typed keys
(locations, names) cannot grow it without bound.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cachetools import LRUCache

from . import bundles, store, stores
from . import snapshot as snap
from .errors import CarbonFactorsError, DatasetError, InvalidInput, NotFound
from .hardware_names import HardwareIndex, NameMatch
from .records import Factor, Hardware, Resolution, Zone
from .resolve import grid, hardware, pue, suggestions
from .resolve.hardware import (
    CURVE_POINTS,
    HOURS_PER_YEAR,
    LIFETIME_BASES,
    SHARE_BASES,
    SINGLE_POWER_BASES,
)
from .resolve.index import DEFAULT_GRID_BASIS, FactorIndex, HardwareView, Series
from .resolve.pue import INDUSTRY, PUE_BASES
from .series import SeriesIndex

__all__ = [
    "CURVE_POINTS",
    "DEFAULT_GRID_BASIS",
    "HOURS_PER_YEAR",
    "INDUSTRY",
    "LIFETIME_BASES",
    "PUE_BASES",
    "SHARE_BASES",
    "SINGLE_POWER_BASES",
    "Dataset",
    "Factor",
    "Hardware",
    "Match",
    "Resolution",
    "Zone",
    "forget_loaded",
    "is_number",
    "load_dataset",
]

#: How a user-typed name was matched to a catalog entry (``hardware_names.NameMatch``).
Match = NameMatch
#: Resolutions (and name matches, failures included) memoized per dataset.
RESOLUTIONS_KEPT = 100_000


class Dataset:
    """One dataset version: a ``Store`` (where the records are) joined to the rules.

    Construct with ``Dataset.from_snapshot(dict)``, ``Dataset.from_packed(packed)`` or
    ``Dataset(store)``; every lookup delegates to ``carbonfactors.resolve``.
    """

    def __init__(self, source: stores.Store, version: str | None = None) -> None:
        if not isinstance(source, stores.Store):
            # The old signature, Dataset(snapshot_dict, version): a snapshot held whole.
            source = stores.MemoryStore(source, version=version)
        self.store = source
        self.index = FactorIndex(source)
        self.version = source.version
        self.sources = self.index.sources
        self.zones = self.index.zones
        self.operators = self.index.operators
        #: The zones' records as given (aliases, location...), kept for search.
        self.zone_records = self.index.zone_records
        #: Intensity series (a manifest key; points decoded on first use): ``series.py``.
        self.intensity_series = SeriesIndex(
            source.manifest().get("series", ()),
            {s["id"]: s.get("license", "") for s in source.sources()},
        )
        self._memo: LRUCache[tuple[Any, ...], Any] = LRUCache(maxsize=RESOLUTIONS_KEPT)
        self._lock = threading.Lock()
        self._whole: Mapping[str, Any] | None = None
        #: Where the snapshot came from: a file path, "synced", "bundled" or "memory".
        self.origin = "memory"
        #: The engine's memo of resolved plans for this dataset (see engine.Planner.of).
        self.planner: Any = None
        header = source.manifest()
        #: Which bundle of the release this is (``open``/``full``; a snapshot without the
        #: key is a whole release, i.e. ``full``; the wheels of 2026.12 said ``default``).
        self.bundle: str = bundles.normalize(header.get("bundle"))
        #: SHA-256 of the bundle's canonical text (a pack records it; else computed once).
        self._bundle_sha256: str | None = (
            str(header["sha256"])
            if isinstance(source, stores.PackStore) and header.get("sha256")
            else None
        )

    @property
    def bundle_sha256(self) -> str:
        """SHA-256 of the canonical text of this bundle: with ``version`` and ``bundle``, the
        label that makes a published number reproducible."""
        if self._bundle_sha256 is None:
            self._bundle_sha256 = snap.checksum(dict(self.snapshot))
        return self._bundle_sha256

    def label_bundle(self, name: str, sha256: str) -> None:
        """Record which bundle this is and its checksum (when the caller already knows it)."""
        self.bundle = bundles.normalize(name)
        self._bundle_sha256 = sha256

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its store (dask ships datasets to workers); memos are rebuilt there."""
        return _rebuild, (self.store, self.origin)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any], *, version: str | None = None) -> Dataset:
        """A snapshot dict (the format of ``carbonfactors.snapshot``), held in memory."""
        return cls(stores.MemoryStore(snapshot, version=version))

    @classmethod
    def from_packed(cls, packed: snap.Packed, *, version: str | None = None) -> Dataset:
        """A packed snapshot (``snapshot.pack``), read lazily: fast to open, same answers."""
        return cls(stores.PackStore(packed, version=version))

    # -- whole-dataset views (slow for a pack: for exports, diffs and reviews) ------------
    @property
    def snapshot(self) -> Mapping[str, Any]:
        """The whole snapshot (a pack decodes everything on first access, then keeps it:
        the offline Client's listings read it; the service never asks)."""
        if self._whole is None:
            self._whole = self.store.snapshot()
        return self._whole

    def drop_snapshot(self) -> None:
        """Nothing to free any more: the store keeps the records, decoded on demand."""

    @property
    def factors(self) -> dict[str, Factor]:
        """Every factor by id (a pack decodes everything once: slow)."""
        return self.index.all_factors()

    @property
    def hardware(self) -> Mapping[str, Hardware]:
        """Hardware models by id, each record decoded on first use."""
        return HardwareView(self.index)

    def hardware_record(self, hid: str) -> Hardware:
        return self.index.hardware(hid)

    def hardware_catalog(self) -> list[dict[str, Any]]:
        """Records for the fuzzy name matcher (id, name, category, vendor, aliases)."""
        return [dict(h) for h in self.store.catalog()]

    # -- plain lookups ----------------------------------------------------------------------
    def factor(self, factor_id: str) -> Factor:
        return self.index.factor(factor_id)

    def zone(self, location: str, *, field: str = "location") -> tuple[Zone, str | None]:
        """The zone a user-typed location names, and how it was matched (None = exact id)."""
        return self.index.zone(location, field=field)

    def suggest_operators(self, text: str) -> list[str]:
        """Operator or campus ids an unknown operator could have meant (``amazon`` -> aws)."""
        return suggestions.operators(self.index, text)

    def regions(self, provider: str) -> list[str]:
        """Every cloud region of a provider (``aws``, ``gcp``...), sorted by id."""
        return sorted(z.id for z in self.zones.values() if z.provider == provider)

    def providers(self) -> list[str]:
        return sorted({z.provider for z in self.zones.values() if z.provider})

    @property
    def names(self) -> HardwareIndex:
        """The hardware-name matcher of this snapshot (``carbonfactors.hardware_names``)."""
        return self.index.names

    def series(self, kind: str, subject: str, basis: str | None) -> Series | None:
        return self.index.series(kind, subject, basis)

    def latest(
        self, kind: str, subject: str, bases: Iterable[str | None], *, unit: str | None = None
    ) -> tuple[Factor, list[str]] | None:
        """Latest-year factor of ``kind`` for ``subject``, first basis in ``bases`` that has one."""
        return hardware.latest(self.index, kind, subject, bases, unit=unit)

    def grid_chain(self, zone: Zone) -> list[tuple[str, str]]:
        """Zones to try for a location, most specific first, with their role in words."""
        return grid.grid_chain(self.index, zone)

    def operator_chain(self, operator: str) -> list[tuple[str, str]]:
        return pue.operator_chain(self.index, operator)

    # -- the rules, memoized ------------------------------------------------------------------
    def _memoized(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """Memoize an answer, failures included (a fresh exception is raised each time)."""
        with self._lock:
            hit = self._memo.get(key, _MISSING)
        if hit is _MISSING:
            try:
                hit = compute()
            except NotFound as exc:
                # A bare copy: the traceback's frames reach the caller (a batch and its
                # results), which the memo would otherwise keep alive.
                hit = exc.again()
            with self._lock:
                self._memo[key] = hit
        if isinstance(hit, NotFound):
            raise hit.again()
        return hit

    def resolve_grid(
        self, location: str, year: int | None = None, basis: str = DEFAULT_GRID_BASIS
    ) -> Resolution:
        """Grid intensity for a location and year, along the zone chain (see module doc)."""
        res: Resolution = self._memoized(
            ("grid", location, year, basis),
            lambda: grid.resolve_grid(self.index, location, year, basis),
        )
        return res

    def resolve_pue(
        self, location: str | None = None, year: int | None = None, operator: str | None = None
    ) -> Resolution:
        """PUE for an operator/campus id, else for a location (see module doc)."""
        res: Resolution = self._memoized(
            ("pue", location, year, operator),
            lambda: pue.resolve_pue(self.index, location, year, operator),
        )
        return res

    def resolve_embodied(self, hw: Hardware) -> Resolution | None:
        """A model's default embodied carbon by the rung hierarchy (``resolve.hardware``)."""
        res: Resolution | None = self._memoized(
            ("embodied", hw.id), lambda: hardware.resolve_embodied(self.index, hw)
        )
        return res

    def model_or_category(
        self, kind: str, hw: Hardware, bases: Sequence[str | None], unit: str
    ) -> Resolution | None:
        """A per-model factor (power, lifetime, in-use share), else the category default."""
        res: Resolution | None = self._memoized(
            ("moc", kind, hw.id),
            lambda: hardware.model_or_category(self.index, kind, hw, bases, unit),
        )
        return res

    def match_hardware(self, name: str, *, field: str = "model") -> Match:
        """The catalog entry a user-typed hardware name denotes (see ``hardware_names``).

        Raises ``NotFound`` for an unknown name and ``AmbiguousName`` for a name that could
        mean several models or a system name that only matches a chip; both carry
        ``candidates`` ("did you mean").
        """
        hit = self._memoized(("hw", name), lambda: hardware.match_hardware(self.index, name, field))
        if isinstance(hit, CarbonFactorsError):
            raise type(hit)(hit.message, field=field, candidates=hit.candidates)
        assert isinstance(hit, NameMatch)
        return hit


_MISSING = object()


def _rebuild(source: stores.Store, origin: str) -> Dataset:
    ds = Dataset(source)
    ds.origin = origin
    return ds


# -- loading -------------------------------------------------------------------------------
#: Datasets loaded without a path, by (cache folder, version or None); cleared by a sync.
#: Bounded: a process walking through many cache folders or versions keeps the last few.
_loaded: LRUCache[tuple[str, str | None, str | None], Dataset] = LRUCache(maxsize=8)


def load_dataset(
    path: str | Path | None = None,
    *,
    version: str | None = None,
    cache_dir: str | Path | None = None,
    bundle: str | None = None,
) -> Dataset:
    """A dataset, offline.

    ``load_dataset(path)`` reads a snapshot file (plain, .gz, or a packed index .pack). Without a path: the newest
    local snapshot (a release synced with ``carbonfactors sync``, else the one bundled in the
    package), or with ``version=`` that release exactly (synced or bundled). Its
    ``dataset_version`` appears in every result, so an answer always says where it came from.

    ``bundle=`` picks one bundle of a release (``carbonfactors.bundles``): ``open`` (the
    wheel's data, or ``sync(bundle="open")``), ``full`` (the ``carbonfactors[full]`` data
    distribution, or ``sync(bundle="full")``); results then carry that ``bundle`` and its
    SHA-256, the same as the service's answer for the same version and bundle.
    """
    if bundle is not None:
        bundles.check(bundle)
    if path is not None:
        if version is not None:
            raise InvalidInput("give a snapshot path or a version, not both", field="version")
        p = Path(path)
        if not p.exists():
            raise DatasetError(f"no snapshot file at {p}")
        if p.suffix == ".pack":
            ds = Dataset(stores.open_pack(p))
        else:
            ds = Dataset.from_snapshot(snap.read(p))
        ds.origin = str(p)
        return ds
    folder = store.cache_dir(cache_dir)
    key = (str(folder), version, bundle)
    hit = _loaded.get(key)
    if hit is not None:
        return hit
    for name, origin in store.candidates(folder, version, bundle):
        found = _open(folder, name, origin)
        if found is not None:
            found.origin = origin
            _loaded[key] = found
            return found
    if bundle == bundles.FULL and store.full_data() is None:
        raise DatasetError(
            f"the full bundle{' of ' + version if version else ''} is not installed: "
            f'pip install "carbonfactors[full]" (or Client(...).sync(bundle="full"))',
            field="bundle",
        )
    if version is not None:
        have = ", ".join(v for v, _ in store.candidates(folder, bundle=bundle)) or "none"
        raise DatasetError(
            f"dataset version {version} is not available offline (local: {have}); fetch it "
            f"with `carbonfactors sync --dataset-version {version}` or Client().sync('{version}')",
            field="version",
        )
    raise DatasetError(
        f"no local dataset: nothing synced in {folder} and no bundled snapshot at {store.BUNDLED}; "
        "run `carbonfactors sync`, or pass dataset=load_dataset(PATH) with a snapshot file"
    )


def _open(folder: Path, name: str, origin: str) -> Dataset | None:
    """A local snapshot, from its packed index when there is one (fast), else decoded whole."""
    if origin.startswith(store.SYNCED):
        bundle = bundles.OPEN if origin.endswith("-open") else bundles.FULL
        packed = store.read_pack(folder, name, bundle)
        if packed is not None:
            return Dataset.from_packed(packed)
        data = store.read(folder, name, bundle)
        return None if data is None else Dataset.from_snapshot(data)
    if origin == store.FULL_DATA:
        path = store.full_data()
        assert path is not None
        pack = path.with_name("snapshot.pack")
        if pack.exists():
            return Dataset(stores.open_pack(pack))
        return Dataset.from_snapshot(snap.read(path))
    if store.BUNDLED_PACK.exists():
        return Dataset(stores.open_pack(store.BUNDLED_PACK))
    return Dataset.from_snapshot(snap.read(store.BUNDLED))


def forget_loaded() -> None:
    """Drop the memo of loaded datasets (after a sync, the newest local one may change)."""
    _loaded.clear()


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
