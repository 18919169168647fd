"""What the service needs of each version's default bundle, computed once at build time.

A bundle's facts (its checksum, licence manifest, source ids and the zone mappings it
drops) and its pack each take a decode of the version's whole snapshot (~1.5-3.5 s). The
service used to compute them for every version each time gunicorn started, so its start-up
grew by a few seconds with every release (25 releases: over a minute, near the test
harness's 90 s limit on a loaded machine). The database is immutable, so the build stores
them once (tables ``bundle_facts`` and ``bundle_packs``) and a start-up reads them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from carbonfactors import snapshot as snap
from carbonfactors.bundles import SERVICE_BUNDLE

from . import licensing

#: The fields of a zone record that hold its grid mapping: a value a bundle may not carry.
MAPPING_FIELDS = ("grid_zone", "mapping_source", "mapping_evidence")
#: A bundle's facts, as ``facts`` returns them and ``bundle_facts`` stores them.
FIELDS = ("sha256", "manifest", "source_ids", "zone_mappings")


def facts(
    raw: Mapping[str, Any], name: str, release_sha256: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A bundle's facts (JSON-ready) and the bundle itself, from one decoded snapshot.

    ``sha256`` is the release's own when the bundle is the release's whole text (the full
    bundle of releases cut before bundles), so its label matches the release's.
    """
    part = licensing.bundle(raw, name)
    sha256 = release_sha256 if part == raw else snap.sha256_text(snap.dumps(part))
    before = {z["id"]: z for z in raw.get("zones", [])}
    mappings = {}
    for z in part.get("zones", []):
        fields = {k: z.get(k) for k in MAPPING_FIELDS}
        if fields != {k: before.get(z["id"], {}).get(k) for k in MAPPING_FIELDS}:
            mappings[z["id"]] = fields
    found = {
        "sha256": sha256,
        "manifest": licensing.manifest(raw, name),
        "source_ids": sorted(s["id"] for s in part.get("sources", [])),
        "zone_mappings": mappings,
    }
    return found, part


def create_tables(db: sqlite_utils.Database) -> None:
    db.table("bundle_facts").create(
        {
            "version": str,
            "bundle": str,
            "sha256": str,
            "manifest": str,
            "source_ids": str,
            "zone_mappings": str,
        },
        pk=("version", "bundle"),
    )
    db.table("bundle_packs").create(
        {"version": str, "bundle": str, "body": bytes}, pk=("version", "bundle")
    )


def insert(
    db: sqlite_utils.Database,
    version: str,
    raw: Mapping[str, Any],
    release_sha256: str,
    name: str = SERVICE_BUNDLE,
) -> None:
    """Store one version's facts of bundle ``name``, and its pack when the bundle is not
    the release itself (that pack is already in ``packs``)."""
    found, part = facts(raw, name, release_sha256)
    db.table("bundle_facts").insert(
        {
            "version": version,
            "bundle": name,
            **{
                k: found[k] if k == "sha256" else json.dumps(found[k], sort_keys=True)
                for k in FIELDS
            },
        },
        pk=("version", "bundle"),
    )
    if found["sha256"] != release_sha256:
        db.table("bundle_packs").insert(
            {"version": version, "bundle": name, "body": snap.pack(part)},
            pk=("version", "bundle"),
        )
