"""Which bundle a request reads, the bundle's records, and the labels every answer carries.

A release is served in two bundles (``carbonfactors.bundles``): ``full`` (the default) and
``open`` (what the wheel carries). Every endpoint takes ``bundle=``; answers name
``dataset_version``, ``bundle`` and ``bundle_sha256`` (the SHA-256 of the bundle's
canonical text, the same the wheel, ``sync`` and ``/versions/{v}/snapshot?bundle=`` give),
so a published number can be reproduced from its label. A bundle is computed once per
process from the version's snapshot (``carbonfactors_pipeline.licensing.bundle``).
"""

from __future__ import annotations

import gzip
from typing import Any

from flask import g, has_request_context, request

from carbonfactors import bundles
from carbonfactors import snapshot as snap
from carbonfactors_pipeline import licensing

from .caches import caches
from .db import query
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

    hit: tuple[bytes, str] = caches().get_or_compute("bundles", (version.version, name), build)
    return hit


def snapshot(version: Version, name: str) -> snap.Snapshot:
    """The records of one bundle of a version (decoded from its cached canonical text)."""
    return snap.loads(gzip.decompress(body(version, name)[0]).decode("utf-8"))


def source_ids(version: Version, name: str) -> frozenset[str]:
    """Ids of the sources a bundle carries (a bundle drops those only left-out values cite)."""
    hit: frozenset[str] = caches().get_or_compute(
        "bundle-sources",
        (version.version, name),
        lambda: frozenset(s["id"] for s in snapshot(version, name).get("sources", [])),
    )
    return hit


#: The fields of a zone record that hold its grid mapping: a value a bundle may not carry.
MAPPING_FIELDS = ("grid_zone", "mapping_source", "mapping_evidence")


def zone_mappings(version: Version, name: str) -> dict[str, dict[str, Any]]:
    """``{zone id: its mapping fields}`` for the zones whose mapping a bundle changes.

    The bundle drops a grid mapping whose source it may not carry and says why
    (``licensing.bundle``, the rule the SDK's offline data follows); the stored rows hold
    the release's own records, so every zone view reads them through ``zone``."""

    def build() -> dict[str, dict[str, Any]]:
        raw = {z["id"]: z for z in load_snapshot(version.version).get("zones", [])}
        out = {}
        for z in snapshot(version, name).get("zones", []):
            fields = {k: z.get(k) for k in MAPPING_FIELDS}
            if fields != {k: raw.get(z["id"], {}).get(k) for k in MAPPING_FIELDS}:
                out[z["id"]] = fields
        return out

    hit: dict[str, dict[str, Any]] = caches().get_or_compute(
        "bundle-zone-mappings", (version.version, name), build
    )
    return hit


def zone(version: Version, record: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """A stored zone record as the request's bundle carries it (its grid mapping kept,
    or removed with the reason): the one place zone answers are filtered per bundle."""
    changed = zone_mappings(version, name or current()).get(record["id"])
    return record if changed is None else {**record, **changed}


def manifest(version: Version, name: str) -> dict[str, Any]:
    """The licence manifest of a bundle, computed once per process."""
    hit: dict[str, Any] = caches().get_or_compute(
        "manifests",
        (version.version, name),
        lambda: licensing.manifest(load_snapshot(version.version), name),
    )
    return hit


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
        "bundle_sha256": body(version, name)[1],
    }
