"""What ``carbonfactors.Client`` returns: frozen dataclasses, the same online and offline.

Each is built from the API's JSON (or the equivalent offline answer) by ``from_json``, which
keeps the documented keys and ignores the others: the API's stability promise says new keys
may appear, and an old SDK must keep working when they do. ``to_dict()`` gives plain JSON
back; lists of results convert to a pandas DataFrame with ``to_dataframe()`` when pandas is
installed (it is never a dependency).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .errors import CarbonFactorsError, InvalidInput

T = TypeVar("T", bound="Result")


def to_dataframe(rows: Iterable[Mapping[str, Any]]) -> Any:
    """A pandas DataFrame of ``rows``; a clear error when pandas is not installed."""
    try:
        import pandas as pd
    except ImportError:
        raise InvalidInput(
            "to_dataframe() needs pandas, which carbonfactors does not install: pip install pandas",
            field="pandas",
        ) from None
    return pd.DataFrame.from_records(list(rows))


@dataclass(frozen=True)
class Result:
    """Base of every result: ``from_json`` ignores unknown keys, ``to_dict`` gives JSON."""

    @classmethod
    def from_json(cls: type[T], doc: Mapping[str, Any], **extra: Any) -> T:
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in doc.items() if k in names}
        kwargs.update(extra)
        for f in dataclasses.fields(cls):
            if f.name not in kwargs and f.default is dataclasses.MISSING:
                if f.default_factory is dataclasses.MISSING:
                    kwargs[f.name] = None
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class FactorRecord(Result):
    """One factor, with its citation."""

    id: str
    kind: str
    subject: str
    year: int
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    period: str | None = None
    source: str | None = None
    method: str | None = None
    inputs: dict[str, Any] | None = None
    license: str | None = None
    #: Step of the method hierarchy for embodied and power values, when the dataset has it.
    rung: str | None = None
    dataset_version: str | None = None


@dataclass(frozen=True)
class ZoneRecord(Result):
    id: str
    name: str
    type: str
    parent: str | None = None
    provider: str | None = None
    grid_zone: str | None = None
    operator: str | None = None
    location: str | None = None
    aliases: tuple[str, ...] = ()
    dataset_version: str | None = None


@dataclass(frozen=True)
class HardwareRecord(Result):
    id: str
    name: str
    category: str
    vendor: str | None = None
    provider: str | None = None
    release_year: int | None = None
    aliases: tuple[str, ...] = ()
    specs: dict[str, Any] | None = None
    #: How the name asked for was matched ("id", "alias", "name matcher").
    match: str | None = None
    dataset_version: str | None = None


@dataclass(frozen=True)
class SourceRecord(Result):
    id: str
    title: str | None = None
    producer: str | None = None
    url: str | None = None
    license: str | None = None
    citation: str | None = None
    published: str | None = None
    accessed: str | None = None
    priority: int | None = None
    dataset_version: str | None = None


@dataclass(frozen=True)
class Resolved(Result):
    """A resolved lookup (grid intensity of a zone, PUE of an operator): the value, the
    factor chosen, and every step taken to choose it."""

    value: float
    unit: str
    resolved_subject: str
    resolved_year: int
    factor: FactorRecord
    summary: str
    trail: tuple[str, ...]
    dataset_version: str


@dataclass(frozen=True)
class VersionInfo(Result):
    version: str
    released: str | None = None
    sha256: str | None = None
    is_release: bool = True
    previous: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    #: "service", or offline "synced" / "bundled".
    origin: str = "service"


@dataclass(frozen=True)
class Changes(Result):
    from_version: str
    to_version: str
    added: tuple[dict[str, Any], ...]
    changed: tuple[dict[str, Any], ...]
    removed: tuple[dict[str, Any], ...]

    @property
    def dataset_version(self) -> str:
        return self.to_version


@dataclass(frozen=True)
class SyncResult(Result):
    version: str
    sha256: str
    path: str
    #: False when the snapshot was already in the store, intact.
    downloaded: bool
    #: Which bundle was fetched (``open`` or ``full``): named, never implied.
    bundle: str = "full"


@dataclass(frozen=True)
class FootprintResult(Result):
    """A footprint computed by the service or offline: the same keys either way."""

    energy_kwh: float
    facility_energy_kwh: float
    operational_kgco2e: float
    embodied_kgco2e: float
    total_kgco2e: float
    dataset_version: str
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    pue: float | None = None
    grid_intensity: float | None = None
    location: str | None = None
    year: int | None = None
    factors: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    #: Caveats of the factors used (a fallback, an industry PUE...): keep them with the number.
    warnings: tuple[str, ...] = ()
    sci: dict[str, Any] | None = None
    ok: bool = True
    #: Which bundle answered (``open``/``full``) and the SHA-256 of its canonical text: with
    #: ``dataset_version``, the label that reproduces the number anywhere.
    bundle: str | None = None
    bundle_sha256: str | None = None
    #: The whole result document (hardware lines, job...), as the engine or service gave it.
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> FootprintResult:
        return cls.from_json(doc, document=dict(doc))

    def to_dict(self) -> dict[str, Any]:
        """The whole result document (``Footprint.to_dict()``, the API's JSON)."""
        return dict(self.document) if self.document else super().to_dict()


@dataclass(frozen=True)
class FootprintFailure(Result):
    """A job of a batch that was refused; ``error`` is its problem document (the one a
    single POST of it would get); ``exception()`` the exception it would raise alone."""

    index: int
    error: dict[str, Any]
    ok: bool = False

    def exception(self) -> CarbonFactorsError:
        from .errors import from_problem

        return from_problem(self.error, int(self.error.get("status") or 422))


R = TypeVar("R")


class ResultList(list[R], Generic[R]):
    """A list of results that converts to a DataFrame (one row per item, via ``to_dict``)."""

    def to_dataframe(self) -> Any:
        return to_dataframe(_row(r) for r in self)


def _row(r: Any) -> dict[str, Any]:
    return flat_row(r.to_dict())


def flat_row(doc: Mapping[str, Any]) -> dict[str, Any]:
    """One result document as a flat row (a DataFrame row, a CSV or table line) that keeps
    its caveats: ``low``/``high`` become ``<number>_low``/``<number>_high`` columns (the
    frame kernel's names), lists of texts (``warnings``, ``notes``) are joined with
    ``"; "``; other nested values (receipts, factor lists) are left to the JSON."""
    out: dict[str, Any] = {}
    for k, v in doc.items():
        if k in ("low", "high") and isinstance(v, Mapping):
            out.update({f"{name}_{k}": x for name, x in v.items()})
        elif isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
            out[k] = "; ".join(v) if v else None
        elif not isinstance(v, (dict, list, tuple)):
            out[k] = v
    return out


class Pages(Generic[R]):
    """The items of a paged list, fetched one page at a time as they are iterated (each
    iteration starts again from the first page)."""

    def __init__(self, pages: Callable[[], Iterator[list[R]]]) -> None:
        self._pages = pages

    def __iter__(self) -> Iterator[R]:
        for page in self._pages():
            yield from page

    def pages(self) -> Iterator[list[R]]:
        return self._pages()

    def to_dataframe(self) -> Any:
        return to_dataframe(_row(r) for r in self)
