"""Where a release's records are kept: one small ``Store`` interface, two forms.

The rules (``carbonfactors.resolve``) never see how a release is stored: they ask a
``Store`` for the factors of one subject, one hardware record, the hardware catalog, the
zones, operators and sources, and the release's manifest (its header). Because a subject's
factors can only be had by asking for that subject, a lookup cannot read a subject it has
not loaded (the packed mode's old ``_ensure`` discipline, now enforced by the interface).

* ``PackStore``: the on-disk per-release pack (``snapshot.pack``) that ``release`` writes
  into the wheel and ``sync`` writes beside each synced snapshot; sections are decoded on
  first use and only a few are kept (a bounded cache), so a served version costs the pack's
  compressed bytes plus what is being read. The service opens each version's pack with the
  same call (``open_pack``).
* ``MemoryStore``: a snapshot dict held whole (development trees, tests, review).

Both forms answer every question alike: that is the contract ``tests/unit/test_packed.py``
holds them to. (``store.py``, a different thing, is the per-user folder of synced files.)
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import snapshot as snap
from .errors import DatasetError
from .records import Factor

Record = Mapping[str, Any]


class Store:
    """The records of one dataset version; subclasses say where they are kept."""

    version: str

    # -- the interface ------------------------------------------------------------------
    def manifest(self) -> Mapping[str, Any]:
        """The release's header (``version``, ``format``, ``released``...), no records."""
        raise NotImplementedError

    def sources(self) -> Sequence[Record]:
        raise NotImplementedError

    def zones(self) -> Sequence[Record]:
        raise NotImplementedError

    def operators(self) -> Sequence[Record]:
        raise NotImplementedError

    def subject_factors(self, subject: str) -> Sequence[Record]:
        """Every factor record about ``subject`` (any kind, year, basis), by id."""
        raise NotImplementedError

    def hardware_ids(self) -> Sequence[str]:
        """Every hardware id, sorted."""
        raise NotImplementedError

    def hardware_record(self, hid: str) -> Record | None:
        raise NotImplementedError

    def all_hardware(self) -> Sequence[Record]:
        """Every hardware record, sorted by id (a pack reads each section once)."""
        raise NotImplementedError

    def catalog(self) -> Sequence[Record]:
        """The hardware records the name matcher reads (id, name, category, vendor, aliases)."""
        raise NotImplementedError

    def factor_record(self, factor_id: str) -> Record | None:
        raise NotImplementedError

    def snapshot(self) -> snap.Snapshot:
        """The whole snapshot (a pack decodes everything: slow, for exports and diffs)."""
        raise NotImplementedError

    def stats(self) -> Mapping[str, Any]:
        """Counts the rankings need without reading every factor (``snapshot.pack_stats``)."""
        raise NotImplementedError


class MemoryStore(Store):
    """A snapshot dict held whole, grouped by subject once (development trees, tests)."""

    def __init__(self, snapshot: Mapping[str, Any], *, version: str | None = None) -> None:
        if not isinstance(snapshot, Mapping):
            raise DatasetError("a snapshot must be a mapping")
        data = dict(snapshot)
        for name in snap.COLLECTIONS:
            data.setdefault(name, [])
        self._data = data
        self.version = version or str(data.get("version") or "dev")
        try:
            by_subject: dict[str, list[Record]] = defaultdict(list)
            self._by_id: dict[str, Record] = {}
            for rec in sorted(data["factors"], key=lambda r: r["id"]):
                Factor.from_record(rec)  # a malformed record fails now, not mid-lookup
                by_subject[rec["subject"]].append(rec)
                self._by_id[rec["id"]] = rec
            self._by_subject = dict(by_subject)
            self._hardware = {h["id"]: h for h in data["hardware"]}
            for h in data["hardware"]:
                (h["name"], h["category"])
            for z in data["zones"]:
                (z["id"], z["name"], z["type"])
            for coll in ("sources", "operators"):
                for r in data[coll]:
                    r["id"]
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"malformed snapshot: {exc!r}") from exc
        self._stats: dict[str, Any] | None = None

    def manifest(self) -> Mapping[str, Any]:
        return {k: v for k, v in self._data.items() if k not in snap.COLLECTIONS}

    def sources(self) -> Sequence[Record]:
        out: Sequence[Record] = self._data["sources"]
        return out

    def zones(self) -> Sequence[Record]:
        out: Sequence[Record] = self._data["zones"]
        return out

    def operators(self) -> Sequence[Record]:
        out: Sequence[Record] = self._data["operators"]
        return out

    def subject_factors(self, subject: str) -> Sequence[Record]:
        return self._by_subject.get(subject, ())

    def hardware_ids(self) -> Sequence[str]:
        return sorted(self._hardware)

    def hardware_record(self, hid: str) -> Record | None:
        return self._hardware.get(hid)

    def all_hardware(self) -> Sequence[Record]:
        return [self._hardware[h] for h in sorted(self._hardware)]

    def catalog(self) -> Sequence[Record]:
        return self.all_hardware()

    def factor_record(self, factor_id: str) -> Record | None:
        return self._by_id.get(factor_id)

    def snapshot(self) -> snap.Snapshot:
        return self._data

    def stats(self) -> Mapping[str, Any]:
        if self._stats is None:
            self._stats = snap.pack_stats(self._data)
        return self._stats


class PackStore(Store):
    """A packed snapshot (``snapshot.pack``) read lazily, keeping few decoded sections."""

    def __init__(self, packed: snap.Packed, *, version: str | None = None) -> None:
        self.packed = packed
        core = packed.core()
        try:
            self._core = core
            self.version = version or str(core.get("version") or "dev")
            self._hardware_ids: tuple[str, ...] = tuple(core["hardware_ids"])
            for z in core["zones"]:
                (z["id"], z["name"], z["type"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"malformed packed snapshot: {exc!r}") from exc
        self._lock = threading.Lock()
        #: factor id -> pack section, built on the first lookup by id.
        self._factor_sections: dict[str, int] | None = None
        self._stats: Mapping[str, Any] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickle_pack_store, (self.packed, self.version)

    def manifest(self) -> Mapping[str, Any]:
        skip = {"sources", "zones", "operators", "technologies", *snap.PACK_CORE_INDEXES}
        skip.discard("sha256")  # the manifest names the snapshot it describes
        return {k: v for k, v in self._core.items() if k not in skip}

    def sources(self) -> Sequence[Record]:
        out: Sequence[Record] = self._core["sources"]
        return out

    def zones(self) -> Sequence[Record]:
        out: Sequence[Record] = self._core["zones"]
        return out

    def operators(self) -> Sequence[Record]:
        out: Sequence[Record] = self._core["operators"]
        return out

    def subject_factors(self, subject: str) -> Sequence[Record]:
        return self.packed.subject_factors(subject)

    def hardware_ids(self) -> Sequence[str]:
        return self._hardware_ids

    def hardware_record(self, hid: str) -> Record | None:
        return self.packed.hardware_record(hid)

    def all_hardware(self) -> Sequence[Record]:
        return self.packed.all_hardware()

    def catalog(self) -> Sequence[Record]:
        return self.packed.catalog()

    def factor_record(self, factor_id: str) -> Record | None:
        with self._lock:
            where = self._factor_sections
        if where is None:
            where = {f["id"]: snap.pack_bucket(f["subject"]) for f in self.packed.all_factors()}
            with self._lock:
                self._factor_sections = where
        if factor_id not in where:
            return None
        return next(
            (
                f
                for fs in self.packed.bucket_factors(where[factor_id]).values()
                for f in fs
                if f["id"] == factor_id
            ),
            None,
        )

    def snapshot(self) -> snap.Snapshot:
        return snap.unpack(self.packed)

    def stats(self) -> Mapping[str, Any]:
        if self._stats is None:
            found = self._core.get("stats")
            # A pack written before the counts were packed: count once from the factors.
            self._stats = found if found is not None else snap.pack_stats(self.snapshot())
        return self._stats


def _unpickle_pack_store(packed: snap.Packed, version: str) -> PackStore:
    return PackStore(packed, version=version)


def open_pack(source: bytes | str | Path, *, version: str | None = None) -> PackStore:
    """The store of a pack given as bytes or a file: the one call SDK and service share."""
    if isinstance(source, bytes):
        return PackStore(snap.Packed(source), version=version)
    p = Path(source)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DatasetError(f"cannot read {p}: {exc.strerror or exc}") from None
    return PackStore(snap.Packed(data, name=str(p)), version=version)
