"""One footprint-engine ``Dataset`` per dataset version, opened once per worker process.

The footprint endpoints and the resolved lookups (grid intensity, PUE) use the SDK's own
engine on the SDK's own store, so an answer over HTTP is the answer the SDK gives offline:
each version is opened as its release pack with the very call the SDK uses
(``carbonfactors.stores.open_pack``). A pack keeps its records compressed and decodes the
few subjects a request reads (a bounded cache), so a served version costs a few MB, not
the whole decoded snapshot. The SQLite database stays for SQL-shaped listing and
filtering; both come from the same snapshot. Opening is done once per version and kept
in the app's ``datasets`` cache: the database is immutable while the process runs. The build is single-flight *per version*: a
request for a version already built never waits on another version's build. Only a few
versions stay in memory (``caches.DEFAULT_SIZES``), so a client walking through every old
release cannot exhaust a worker. ``preload`` opens every version in the gunicorn master before
it forks (``gunicorn.conf.py``), so no worker, not even a recycled one, and no client pays
for it.
"""

from __future__ import annotations

import gc

from flask import Flask, current_app

from carbonfactors import snapshot as snap
from carbonfactors import stores
from carbonfactors.bundles import SERVICE_BUNDLE
from carbonfactors.dataset import Dataset

from . import answers, bundles, prepared, versioning
from .caches import EXTENSION, caches
from .db import query_stored
from .heap import trim
from .lookups import bibliography
from .versioning import Version


def dataset_for(version: Version, bundle: str | None = None) -> Dataset:
    """The engine's Dataset of one bundle of a version (``bundle``: the request's, else full).

    A bundle that is the release itself (``full`` of releases cut before bundles) opens the
    pack the build stored; another bundle is packed from its records once per process.
    The default version's Datasets stay (``datasets``); any other version's live in a small
    LRU of their own (``old-datasets``), and the heap is trimmed after opening one, so the
    memory of the version it evicted goes back to the system rather than staying in the
    worker's heap.
    """
    name = bundle or bundles.current()
    opened = []

    def build() -> Dataset:
        sha256 = bundles.sha256(version, name)
        data: bytes | None = None
        if sha256 == version.sha256:
            # The pack the build stored (``carbonfactors_pipeline.build``); a database built
            # before packs were stored gets one from its snapshot (slower, same bytes).
            rows = query_stored("select body from packs where version = ?", (version.version,))
            data = rows[0]["body"] if rows else None
        else:  # packed by the master's child (``prepared``), else here (a big decode)
            data = prepared.stored_pack(current_app, version, name)
        if data is None:
            data = snap.pack(bundles.snapshot(version, name))
        ds = Dataset(stores.open_pack(bytes(data), version=version.version))
        ds.label_bundle(name, sha256)
        opened.append(name)
        return ds

    default = version.version == versioning.latest().version
    key = (version.version, version.sha256, name)
    ds = caches().get_or_compute("datasets" if default else "old-datasets", key, build)
    if opened and not default:
        gc.collect()  # the evicted Dataset's cycles, before its pages can go back
        trim()
    return ds


def preload(app: Flask, *, every: bool = False) -> list[str]:
    """Open the latest version, and (``every``) compute each version's bundle facts.

    Returns the names prepared, latest first; nothing for an app that is not this service
    (gunicorn.conf.py calls it for whatever app it serves, e.g. the benchmarks' baseline).
    Called in the gunicorn master before it forks, workers inherit all of it warm. Older
    versions are not opened here: a worker opens one when asked (``dataset_for``), and
    keeps only a few; what would cost it a whole-snapshot decode (``bundles.facts``) is
    done here, once, and is small.
    """
    if EXTENSION not in getattr(app, "extensions", {}):
        return []
    with app.app_context():
        latest = versioning.latest()
        wanted = [latest]
        if every:
            wanted += [v for v in versioning.all_versions() if v.version != latest.version]
        # The default version's stored answers, in memory: a cold lookup by id is then a
        # dict read, not a database read (``answers.preload``).
        answers.preload(app, latest.version)
        # The default bundle's checksum, licence manifest (list endpoints filter by it)
        # and pack, of every version: each costs a decode of the whole snapshot, done once
        # in a child process rather than here or in each worker, whose heap would keep the
        # high-water mark (``prepared``).
        prepared.prepare(app, wanted[: caches().sizes()["bundle-facts"][1]], SERVICE_BUNDLE)
        dataset_for(latest)
        bibliography(latest.version)
        return [v.version for v in wanted]
