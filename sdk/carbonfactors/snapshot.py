"""The snapshot: one JSON document holding a whole dataset version.

A release is frozen as a snapshot file; the service serves snapshots; the SDK bundles one
and syncs newer ones. One canonical serialization (sorted keys, one record per line) makes
the SHA-256 of a snapshot a stable identity of its content, and keeps release diffs readable.
"""

from __future__ import annotations

import json
import re
import threading
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import DatasetError

FORMAT = 1

#: The generation of the resolution rules (``carbonfactors.resolve``) that the factors of
#: this tree are answered with; a snapshot records it in its header (``rules``). A rule
#: that changes answers applies only to snapshots of its generation or later, so an
#: engine released after a dataset version answers that version exactly as the engine it
#: was released with (one version, one answer, issue 19): a snapshot without the key is
#: generation 0. 1: rules G3 and G4 (a zone's own series for a year it lacks; a US
#: state's estimate bounded by the authorities serving it), from release 2027.06. 2: rules
#: P, P0 and P1 (``resolve.place_rules``: a cloud region's own figure bounded by its grid
#: zone's; an operator without a figure answered with the industry PUE; a site well above
#: its operator centred on its own figure). 3: rules P2 and P3 (``resolve.site_figures``: a
#: site's own figure before a fresher fleet figure; a campus and the cloud regions placed at
#: it see each other's figures) and the grid notes of ``resolve.grid_notes`` (a stale value's
#: bounds reach the year's other sources; the zone's first two full years and partial years
#: in the bounds; a preliminary year and a methodology step said). 4: rule G3b
#: (``resolve.own_years``: beyond rule G3's reach, a zone whose own values are far from its
#: wider area's is centred on its own first value carried back). 5: the before-opening
#: warning (``resolve.grid_notes.before_opening``: a cloud region asked for a year before its
#: cited opening year says BEFORE OPENING; warnings are part of the answer) and rule G4b
#: (``resolve.corrected_rows``: an answer built from a row with stored bounds, a
#: correction's, carries them and its note; a lifecycle answer's high bound reaches a direct
#: figure above it for the same place and year). 6: ``resolve.row_notes`` (audit 1796599352
#: a-B1, G4c): an answer resting on an Electricity Maps row whose zone's production mix is
#: mostly "unknown" says MOSTLY UNKNOWN; a corrected row answered as it is leads its caveats
#: with the correction's note (CORRECTED ROW). Also in 6: the screened year
#: (``resolve.grid_notes.screened_year``: a stale grid answer names the year asked's
#: screened-out values and its bounds reach the plausible ones; a year beyond the data names
#: the later screened-out values instead of saying none is on file; audit 1796606525 a-J1).
#: 8: ``resolve.row_notes.part_year`` (audit 1796613359 a-P1): an answer resting on a zone's
#: own part-year average (at least half a year, ``grid_notes.PART_YEAR``) says PART YEAR.
#: 9: ``resolve.drift`` (rule G3c, audit 1796621837 a-W1): beyond rule G3's reach, where
#: rule G3b keeps the wider area's value, a zone whose first own years' ratio to it lies
#: outside 0.8..1.25 is centred on the wider area's value times that ratio (DRIFT).
#: 10: ``resolve.drift.served_ratio`` (w13 systematic pass): where that one-producer ratio
#: lies inside the band but the zone's first own years against the wider area's served
#: (default) series lie outside it, the served ratio centres the answer (DRIFT), so the
#: far-back years join rule G3's year instead of stepping at a change of producer.
#: Also ``resolve.method_reach`` (audit 1796630035 a-O4, a-O6): an older method's value says
#: METHOD STEP wherever its zone's series later switches; an answer that is not the zone's
#: own full-year value reaches the zone's own part-year averages of the year asked.
#: 11: ``resolve.row_notes.modelled`` (audit 1796636393 a-E1): an answer resting on an
#: Electricity Maps row of a zone with no data feed and no published mix says MODELLED.
#: 11: ``resolve.direct_uplift`` (audit 1796636393 a-D1): a lifecycle answer's high bound
#: reaches a same-year direct figure times the smallest fossil lifecycle-to-direct ratio on
#: file, and a direct figure more than 10% above the centre says the centre is likely low
#: (BELOW DIRECT); ``resolve.method_reach.same_year_ratio`` (a-B1, a-O3): an older
#: method's METHOD STEP gives the two methodologies' same-year ratio.
#: 12: ``resolve.pue_notes`` (audit 1796642882 part b, O5 and O1): a PUE figure carried
#: back to an earlier year (backfilled, or a site's later figure) has a high bound reaching
#: that year's industry average (BACKFILL REACH); a PUE lookup of a cloud region before its
#: cited opening year, or of a campus all of whose regions opened later, says BEFORE OPENING.
#: 12: ``resolve.served_area`` (w15 sub-national pass): an area answered with the grid that
#: serves it (a US state with its balancing authority's value) reaches, in its bounds, its
#: own same-year figure, and a gap above 25% says SERVED AREA.
#: 12: an isolated zone's ``isolated_since`` year (Kaliningrad 2025, w15 sub-national pass)
#: refuses the parent's value from that year on, and a year-on-year JUMP warning compares
#: across a screened-out year (``caveats.jump_caveat``).
#: 12: ``resolve.parent_twin`` (audit 1796642882 a-I1): an isolated grid whose own series
#: agrees with its parent's within 5% in every common year (at least three) takes the
#: parent's value before its own series starts (PARENT TWIN), bounds reaching its own first
#: value; ``resolve.row_notes.part_year`` (a-P2) says what a part-year row's bounds reach.
#: 13: ``resolve.pue_period`` (audit 1796647084 part b, class PP, rule P4): a PUE figure
#: whose ``period`` is a ``YYYY..YYYY`` range is the subject's own figure for every year of
#: it (site and operator alike), neither STALE nor BACKFILLED there (PERIOD FIGURE);
#: BACKFILLED no longer says "publishes no PUE" of an operator with an earlier report;
#: ``resolve.source_gap`` (audit 1796647084 a-S1): a grid answer whose zone has another
#: source's value for the row's year or the year asked more than 1.5x apart says SOURCES
#: DISAGREE, naming it and whether the bounds reach it.
#: 14: ``resolve.direct_ceiling`` (rule G4d, audit 1796655557 a-O7): a direct answer taken
#: from a wider area that lies above the zone's own same-year lifecycle value divided by the
#: least the fuel chain adds is held to that ceiling, bounds 0..it (DIRECT CEILING); a row's
#: stored bounds carried into an answer are named by their origin, and CORRECTED ROW is kept
#: for rows ``factors/corrections.yaml`` touches (ROW BOUNDS otherwise; a-O4);
#: ``resolve.seam`` (audit 1796655557 a-SM): beyond rule G3's reach, rule G3b carries
#: back the REACH year's scaled answer, not the zone's first own value, where the wider
#: area's direction supports it, so the years beyond REACH join the REACH year (Mallorca
#: 2017 605.1 like 2018, not 513.17); bounds reach both.
#: 15: ``resolve.direct_carry`` (audit 1796658609 a-D2): where a zone's lifecycle rows lay
#: more than 10% below its direct figures in each of the direct series' last two years, a
#: lifecycle answer of the same producer for a later year reaches its value x the smallest
#: direct/lifecycle ratio of those years x the fuel chain's least uplift, and says BELOW
#: DIRECT (last direct year Y);
#: ``resolve.drift.drifted_estimate`` (rule G1b, audit 1796658609 a-E1): a rule-G1 state
#: estimate answering a year before the state's own series (same zone, another source) is
#: scaled by the own series' ratio to it in their first two common years where that ratio
#: lies outside 0.8..1.25 (US-HI 1.30, US-AK 1.32), held between the plain estimate and
#: the state's own first value; the plain estimate stays the low bound (DRIFT).
#: 16: ``resolve.own_years.serving_bounds`` (rule G4, audit 1796660847 a-A1): a state
#: estimate's authorities with no measured value for the year reach its bounds with their own
#: answers for it (carried or derived, said so); a cloud region with ``serving_zones`` of its
#: own (its mapping evidence) is bounded by those authorities instead of the state's.
#: 17: rule P1b (``resolve.place_rules``, audit 1796674267 class SB): a site more than 5%
#: below an operator figure that is itself carried back to the year asked (Scaleway AMS1's
#: 1.2 against the six sites' median 1.405, both 2018-2020, asked 2017) is centred on its own
#: earliest figure (when it is for the same years as the operator's or earlier), said STALE,
#: the high bound reaching the operator's figure.
#: 18: ``resolve.direct_mix`` (rule G4b, audit 1796672257 a-D3): a BELOW DIRECT high bound uses
#: the zone-year's fossil mix (Ember's TWh by fuel) priced at the technology rows, where above
#: coal's least uplift; ``resolve.isolated_gap.isolated_carry`` (a-I2): an isolated zone one
#: year before its own series carries its first value flat (OWN SERIES, STALE) where the
#: figures on file agree within 25%, else the refusal names them; ``resolve.part_year_gap``
#: (a-P2): a rule-G3 gap year whose own part-year reading covers >= 40% of the hours and lies
#: > 20% from the line is centred on it, the line a bound (PART YEAR);
#: ``resolve.part_year_anchor`` (audit 1796682238 a-C1): rules G3/G3b anchor a zone whose
#: series opens on a part year on its next year's full-year row of the same producer where
#: the two lie > 20% apart, the part year kept as a bound (PART-YEAR ANCHOR).
RULES = 18


def rules_generation(header: Mapping[str, Any]) -> int:
    """The rules generation a snapshot's header (``Store.manifest()``) records."""
    value = header.get("rules", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


#: The record collections of a snapshot, in the order they are written.
COLLECTIONS: tuple[str, ...] = (
    "sources",
    "zones",
    "operators",
    "technologies",
    "hardware",
    "factors",
)

Snapshot = dict[str, Any]

_RELEASE = re.compile(r"^(\d{4})\.(0[1-9]|1[0-2])(?:\.([1-9]\d*))?$")


def is_release_name(version: str) -> bool:
    """True for a calendar version ``YYYY.MM`` or ``YYYY.MM.N``."""
    return bool(_RELEASE.match(version))


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key of a release name (``2026.11.1`` -> (2026, 11, 1)); DatasetError otherwise."""
    m = _RELEASE.match(version)
    if not m:
        raise DatasetError(f"'{version}' is not a release version (YYYY.MM or YYYY.MM.N)")
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def _record(obj: Any) -> str:
    return json.dumps(
        obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def dumps(snapshot: Snapshot) -> str:
    """Canonical text of a snapshot: header keys, then each collection one record per line."""
    header = {k: v for k, v in snapshot.items() if k not in COLLECTIONS}
    lines = ["{"]
    for key in sorted(header):
        lines.append(f"{_record(key)}:{_record(header[key])},")
    for i, name in enumerate(COLLECTIONS):
        records = sorted(snapshot.get(name, []), key=lambda r: r["id"])
        lines.append(f"{_record(name)}:[")
        lines.extend(
            _record(r) + ("," if j < len(records) - 1 else "") for j, r in enumerate(records)
        )
        lines.append("]" + ("," if i < len(COLLECTIONS) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def sha256_text(text: str) -> str:
    import hashlib  # here, not at module top: opening a pack needs none of it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def checksum(snapshot: Snapshot) -> str:
    """SHA-256 of the canonical text: equal for equal content, whatever the key order."""
    return sha256_text(dumps(snapshot))


def loads(text: str, *, expected_sha256: str | None = None) -> Snapshot:
    """Parse a snapshot, checking its checksum when one is expected."""
    if expected_sha256 is not None and sha256_text(text) != expected_sha256:
        raise DatasetError("snapshot checksum mismatch", expected=expected_sha256)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DatasetError(f"snapshot is not valid JSON (truncated?): {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        got = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise DatasetError(f"unsupported snapshot format: {got!r}")
    for name in COLLECTIONS:
        data.setdefault(name, [])
    return data


def gunzip(path: str | Path) -> bytes:
    """The decompressed bytes of a gzip file; a truncated or corrupt one is a DatasetError."""
    import gzip

    try:
        return gzip.decompress(Path(path).read_bytes())
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise DatasetError(f"{path} is not a readable gzip file ({exc})") from None


def read(path: str | Path, *, expected_sha256: str | None = None) -> Snapshot:
    """Read a snapshot file, plain or gzip-compressed (by the ``.gz`` suffix)."""
    p = Path(path)
    try:
        raw = gunzip(p) if p.suffix == ".gz" else p.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise DatasetError(f"cannot read snapshot {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"snapshot {p} is not UTF-8 text (a truncated file?)") from None
    try:
        return loads(text, expected_sha256=expected_sha256)
    except DatasetError as exc:
        raise DatasetError(f"snapshot {p}: {exc.message}") from None


def peek_version(path: str | Path) -> str | None:
    """The ``version`` of a canonical snapshot file, read from its first lines only."""
    import gzip

    p = Path(path)
    try:
        with (
            gzip.open(p, "rt", encoding="utf-8")
            if p.suffix == ".gz"
            else open(p, encoding="utf-8") as fh
        ):
            for _, line in zip(range(64), fh, strict=False):
                if line.startswith('"version":'):
                    value = json.loads(line[len('"version":') :].rstrip().rstrip(","))
                    return str(value)
    except (OSError, EOFError, ValueError, zlib.error):
        return None
    return None


def gzip_bytes(text: str) -> bytes:
    """Deterministic gzip (no timestamp, no file name), so equal text gives equal bytes."""
    import gzip
    import io

    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def write_gzip(text: str, path: str | Path) -> None:
    """Deterministic gzip (no timestamp, no file name), so equal text gives equal bytes."""
    Path(path).write_bytes(gzip_bytes(text))


def diff(old: Snapshot, new: Snapshot) -> dict[str, list[dict[str, Any]]]:
    """Factors added, changed (old -> new value) and removed between two snapshots."""
    before = {f["id"]: f for f in old.get("factors", [])}
    after = {f["id"]: f for f in new.get("factors", [])}
    added = [after[i] for i in sorted(after.keys() - before.keys())]
    removed = [before[i] for i in sorted(before.keys() - after.keys())]
    changed = []
    for fid in sorted(before.keys() & after.keys()):
        a, b = before[fid], after[fid]
        if a != b:
            fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            changed.append({"id": fid, "fields": fields, "old": a, "new": b})
    return {"added": added, "changed": changed, "removed": removed}


def counts(snapshot: Snapshot) -> dict[str, int]:
    """Number of factors per kind: the summary shown for a version."""
    out: dict[str, int] = {}
    for f in snapshot.get("factors", []):
        out[f["kind"]] = out.get(f["kind"], 0) + 1
    return dict(sorted(out.items()))


# -- the packed index: a snapshot laid out for lazy reading ----------------------------------
#
# Decoding a whole snapshot (12 MB of JSON, 20,000+ factors) costs hundreds of milliseconds,
# yet one footprint reads a dozen factors. The pack, built once (at release time for the
# bundled snapshot, at sync time for a synced one), holds the same records laid out to be
# read lazily: a small "core" section (sources, zones, operators, hardware ids and the
# counts the rankings need, ``pack_stats``),
# the factors grouped by subject and the hardware records by id in PACK_BUCKETS buckets
# chosen by CRC-32 of the subject/id, and the hardware catalog for the fuzzy name matcher.
# Each section is zlib-compressed JSON (so its Adler-32 check catches corruption) and is
# decoded only when asked for. ``unpack`` gives back the very snapshot (same checksum).
PACK_MAGIC = b"CFPACK1\n"
PACK_BUCKETS = 256
#: Decoded bucket sections kept per pack (each ~1/256 of the factors): enough for a
#: footprint's subjects, few enough that a long-lived service does not fill up with them.
PACK_SECTIONS_KEPT = 16
_CATALOG_FIELDS = ("id", "name", "category", "vendor", "aliases")


def pack_bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % PACK_BUCKETS


#: Keys of the core section that index the records (not part of the release's header).
PACK_CORE_INDEXES = ("sha256", "hardware_ids", "hardware_names", "stats")


def pack_stats(snapshot: Snapshot) -> dict[str, Any]:
    """Counts a served version's rankings need, so they never decode every factor: factors
    per subject and per source, and each hardware model's mainstream score (the name
    matcher's, ``hardware_names.HardwareIndex.mainstream``)."""
    from .hardware_names import HardwareIndex

    factors = snapshot.get("factors", [])
    subjects: dict[str, int] = {}
    sources: dict[str, int] = {}
    for f in factors:
        subjects[f["subject"]] = subjects.get(f["subject"], 0) + 1
        sources[f["source"]] = sources.get(f["source"], 0) + 1
    index = HardwareIndex(snapshot.get("hardware", []), factors)
    return {
        "subjects": dict(sorted(subjects.items())),
        "sources": dict(sorted(sources.items())),
        "mainstream": {h: list(score) for h, score in sorted(index.mainstream.items())},
    }


def pack(snapshot: Snapshot) -> bytes:
    """The packed index of a snapshot (deterministic: equal snapshots give equal bytes)."""
    header = {k: v for k, v in snapshot.items() if k not in COLLECTIONS}
    hardware = sorted(snapshot.get("hardware", []), key=lambda r: r["id"])
    core = dict(
        header,
        sha256=checksum(snapshot),
        sources=snapshot.get("sources", []),
        zones=snapshot.get("zones", []),
        operators=snapshot.get("operators", []),
        technologies=snapshot.get("technologies", []),
        hardware_ids=[h["id"] for h in hardware],
        stats=pack_stats(snapshot),
    )
    buckets: list[dict[str, Any]] = [{"factors": {}, "hardware": {}} for _ in range(PACK_BUCKETS)]
    for f in sorted(snapshot.get("factors", []), key=lambda r: r["id"]):
        buckets[pack_bucket(f["subject"])]["factors"].setdefault(f["subject"], []).append(f)
    for h in hardware:
        buckets[pack_bucket(h["id"])]["hardware"][h["id"]] = h
    catalog = [{k: h[k] for k in _CATALOG_FIELDS if k in h} for h in hardware]
    sections = [core, *buckets, catalog]
    blobs = [zlib.compress(_record(s).encode("utf-8"), 9) for s in sections]
    directory = json.dumps([len(b) for b in blobs], separators=(",", ":")).encode()
    return PACK_MAGIC + directory + b"\n" + b"".join(blobs)


class Packed:
    """A packed snapshot, read lazily: each section is decoded on first use, then kept (the
    ``keep`` most recently used bucket sections only, when ``keep`` is given: a served
    version must not grow into the whole decoded snapshot)."""

    def __init__(
        self, data: bytes, *, name: str = "packed snapshot", keep: int | None = PACK_SECTIONS_KEPT
    ) -> None:
        from cachetools import LRUCache

        self.name = name
        if not data.startswith(PACK_MAGIC):
            raise DatasetError(f"{name} is not a packed snapshot")
        end = data.find(b"\n", len(PACK_MAGIC))
        try:
            sizes = json.loads(data[len(PACK_MAGIC) : end])
        except ValueError:
            raise DatasetError(f"{name}: unreadable directory (truncated?)") from None
        if not isinstance(sizes, list) or len(sizes) != PACK_BUCKETS + 2:
            raise DatasetError(f"{name}: unexpected directory")
        self._data = memoryview(data)
        self._offsets: list[tuple[int, int]] = []
        pos = end + 1
        for size in sizes:
            self._offsets.append((pos, pos + int(size)))
            pos += int(size)
        if pos != len(data):
            raise DatasetError(f"{name}: {len(data)} bytes, expected {pos} (truncated?)")
        self._keep = keep
        #: The core and the catalog, always kept once decoded.
        self._kept: dict[int, Any] = {}
        #: Bucket sections: every one (``keep`` None) or the ``keep`` most recently used.
        self._sections: dict[int, Any] | LRUCache[int, Any] = (
            {} if keep is None else LRUCache(maxsize=max(1, keep))
        )
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickle_packed, (bytes(self._data), self.name, self._keep)

    def _section(self, i: int) -> Any:
        kept = self._kept if i in (0, PACK_BUCKETS + 1) else self._sections
        with self._lock:
            hit = kept.get(i)
        if hit is None:
            start, stop = self._offsets[i]
            try:
                hit = json.loads(zlib.decompress(self._data[start:stop]))
            except (zlib.error, ValueError) as exc:
                raise DatasetError(f"{self.name}: section {i} is corrupt ({exc})") from None
            with self._lock:
                kept[i] = hit
        return hit

    @property
    def decoded(self) -> int:
        """How many bucket sections are decoded and kept now (for tests and benchmarks)."""
        with self._lock:
            return len(self._sections)

    def bucket_factors(self, bucket: int) -> dict[str, list[dict[str, Any]]]:
        """The factors of one bucket, by subject."""
        found: dict[str, list[dict[str, Any]]] = self._section(1 + bucket)["factors"]
        return found

    def core(self) -> dict[str, Any]:
        core: dict[str, Any] = self._section(0)
        return core

    def subject_factors(self, subject: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._section(1 + pack_bucket(subject))["factors"].get(
            subject, []
        )
        return found

    def hardware_record(self, hid: str) -> dict[str, Any] | None:
        rec: dict[str, Any] | None = self._section(1 + pack_bucket(hid))["hardware"].get(hid)
        return rec

    def catalog(self) -> list[dict[str, Any]]:
        cat: list[dict[str, Any]] = self._section(1 + PACK_BUCKETS)
        return cat

    def all_factors(self) -> list[dict[str, Any]]:
        out = [
            f
            for i in range(PACK_BUCKETS)
            for fs in self._section(1 + i)["factors"].values()
            for f in fs
        ]
        return sorted(out, key=lambda r: r["id"])

    def all_hardware(self) -> list[dict[str, Any]]:
        out = [h for i in range(PACK_BUCKETS) for h in self._section(1 + i)["hardware"].values()]
        return sorted(out, key=lambda r: r["id"])


def _unpickle_packed(data: bytes, name: str, keep: int | None) -> Packed:
    return Packed(data, name=name, keep=keep)


def unpack(packed: Packed) -> Snapshot:
    """The whole snapshot back from its pack (the same canonical text, the same checksum)."""
    core = packed.core()
    drop = set(PACK_CORE_INDEXES)
    out: Snapshot = {k: v for k, v in core.items() if k not in drop}
    out["hardware"] = packed.all_hardware()
    out["factors"] = packed.all_factors()
    return out


def read_packed(path: str | Path) -> Packed:
    p = Path(path)
    try:
        return Packed(p.read_bytes(), name=str(p))
    except OSError as exc:
        raise DatasetError(f"cannot read {p}: {exc.strerror or exc}") from None
