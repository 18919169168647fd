"""Which bundle a request reads, the bundle's records, and the labels every answer carries.

A release is served in two bundles (``carbonfactors.bundles``): ``full`` (the default) and
``open`` (what the wheel carries). Every endpoint takes ``bundle=``; answers name
``dataset_version``, ``bundle`` and ``bundle_sha256`` (the SHA-256 of the bundle's
canonical text, the same the wheel, ``sync`` and ``/versions/{v}/snapshot?bundle=`` give),
so a published number can be reproduced from its label. A bundle is computed once per
process from the version's snapshot (``carbonfactors_pipeline.licensing.bundle``).

What answers need of a bundle (its checksum, licence manifest, source ids, the zone
mappings it drops) is small, but computing it decodes the whole snapshot (~1.5 s and a
~130 MB peak): ``facts`` does it once per version and bundle, in one decode, and the
gunicorn master does it for every version before forking (``datasets.preload``), so a
worker never decodes a whole snapshot to answer a lookup on an old version (issue 21).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context, request

from carbonfactors import bundles
from carbonfactors import snapshot as snap
from carbonfactors_pipeline import bundle_facts, licensing

from .caches import caches
from .db import query, query_stored
from .heap import trimmed
from .problems import Problem
from .versioning import Version


def requested() -> str:
    """The bundle this request reads (query ``bundle=``, default ``full``)."""
    name = request.args.get("bundle") or bundles.SERVICE_BUNDLE
    if name not in bundles.BUNDLES:
        raise Problem(
            "invalid-parameter",
            errors={"bundle": [f"must be one of: {', '.join(bundles.BUNDLES)}"]},
        )
    g.dataset_bundle = name
    return name


def current() -> str:
    """The request's bundle, or the service's default outside a request (preloading,
    the build): what every per-bundle cache key and dataset is chosen by."""
    return requested() if has_request_context() else bundles.SERVICE_BUNDLE


def stored_text(version: str) -> bytes:
    """The canonical snapshot bytes of a version, gzip-compressed as stored."""
    rows = query("select body from snapshots where version = ?", (version,))
    if not rows:  # pragma: no cover - versions come from the same table
        raise Problem("version-not-found", detail=f"no snapshot for version {version}")
    body: bytes = rows[0]["body"]
    return body


def load_snapshot(version: str) -> snap.Snapshot:
    return snap.loads(gzip.decompress(stored_text(version)).decode("utf-8"))


def body(version: Version, name: str) -> tuple[bytes, str]:
    """Gzip-compressed canonical text of a bundle and the SHA-256 of that text (cached)."""

    def build() -> tuple[bytes, str]:
        raw = load_snapshot(version.version)
        part = licensing.bundle(raw, name)
        if part == raw:  # a release's whole text (full bundle of releases before 2027)
            return stored_text(version.version), version.sha256
        text = snap.dumps(part)
        return gzip.compress(text.encode("utf-8"), mtime=0), snap.sha256_text(text)

    hit: tuple[bytes, str] = caches().get_or_compute(
        "bundles", (version.version, name), trimmed(build)
    )
    return hit


def snapshot(version: Version, name: str) -> snap.Snapshot:
    """The records of one bundle of a version (decoded from its cached canonical text)."""
    return snap.loads(gzip.decompress(body(version, name)[0]).decode("utf-8"))


@dataclass(frozen=True)
class Facts:
    """What answers read of one bundle of a version: small, kept for every version."""

    #: SHA-256 of the bundle's canonical text (``body``'s second item).
    sha256: str
    #: The licence manifest (``carbonfactors_pipeline.licensing.manifest``).
    manifest: dict[str, Any]
    #: Ids of the sources the bundle carries.
    source_ids: frozenset[str]
    #: ``{zone id: its mapping fields}`` for the zones whose mapping the bundle changes.
    zone_mappings: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, found: dict[str, Any]) -> Facts:
        """From ``carbonfactors_pipeline.bundle_facts.facts`` (computed or as stored)."""
        return cls(
            sha256=found["sha256"],
            manifest=found["manifest"],
            source_ids=frozenset(found["source_ids"]),
            zone_mappings=found["zone_mappings"],
        )


def compute_facts(version: Version, name: str) -> Facts:
    """All of a bundle's ``Facts`` from one decode of the version's snapshot."""
    found, _ = bundle_facts.facts(load_snapshot(version.version), name, version.sha256)
    return Facts.of(found)


def stored_facts(version: Version, name: str) -> Facts | None:
    """The ``Facts`` the build stored for this bundle (``bundle_facts``), if it did: a read,
    not a decode. None for another bundle or a database built before the table."""
    rows = query_stored(
        "select sha256, manifest, source_ids, zone_mappings from bundle_facts"
        " where version = ? and bundle = ?",
        (version.version, name),
    )
    if not rows:
        return None
    row = rows[0]
    return Facts.of(
        {k: row[k] if k == "sha256" else json.loads(row[k]) for k in bundle_facts.FIELDS}
    )


def facts(version: Version, name: str) -> Facts:
    """The ``Facts`` of a bundle, computed once per process (the heap trimmed after)."""

    def build() -> Facts:
        return stored_facts(version, name) or trimmed(lambda: compute_facts(version, name))()

    hit: Facts = caches().get_or_compute(
        "bundle-facts", (version.version, version.sha256, name), build
    )
    return hit


def sha256(version: Version, name: str) -> str:
    """SHA-256 of the canonical text of a bundle (the label every answer carries)."""
    return facts(version, name).sha256


def source_ids(version: Version, name: str) -> frozenset[str]:
    """Ids of the sources a bundle carries (a bundle drops those only left-out values cite)."""
    return facts(version, name).source_ids


def zone_mappings(version: Version, name: str) -> dict[str, dict[str, Any]]:
    """``{zone id: its mapping fields}`` for the zones whose mapping a bundle changes.

    The bundle drops a grid mapping whose source it may not carry and says why
    (``licensing.bundle``, the rule the SDK's offline data follows); the stored rows hold
    the release's own records, so every zone view reads them through ``zone``."""
    return facts(version, name).zone_mappings


def zone(version: Version, record: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """A stored zone record as the request's bundle carries it (its grid mapping kept,
    or removed with the reason): the one place zone answers are filtered per bundle."""
    changed = zone_mappings(version, name or current()).get(record["id"])
    return record if changed is None else {**record, **changed}


def manifest(version: Version, name: str) -> dict[str, Any]:
    """The licence manifest of a bundle, computed once per process (``facts``)."""
    return facts(version, name).manifest


def licences(version: Version, name: str) -> list[str]:
    """The (computed) licence ids the factors of a bundle carry: the SQL filter of lists."""
    return sorted(
        lic["license"] for lic in manifest(version, name)["licenses"] if lic["factor_count"]
    )


def labels(version: Version, name: str | None = None) -> dict[str, Any]:
    """``dataset_version``, ``bundle`` and ``bundle_sha256``: what every answer carries."""
    name = name or requested()
    return {
        "dataset_version": version.version,
        "bundle": name,
        "bundle_sha256": sha256(version, name),
    }
