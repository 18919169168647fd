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

import sqlite3

from flask import Flask

from carbonfactors import snapshot as snap
from carbonfactors import stores
from carbonfactors.bundles import SERVICE_BUNDLE
from carbonfactors.dataset import Dataset

from . import answers, bundles, versioning
from .caches import EXTENSION, caches
from .db import query
from .lookups import bibliography
from .versioning import Version


def dataset_for(version: Version, bundle: str | None = None) -> Dataset:
    """The engine's Dataset of one bundle of a version (``bundle``: the request's, else full).

    A bundle that is the release itself (``full`` of releases cut before bundles) opens the
    pack the build stored; another bundle is packed from its records once per process.
    """
    name = bundle or bundles.current()

    def build() -> Dataset:
        sha256 = bundles.body(version, name)[1]
        rows = []
        if sha256 == version.sha256:
            # The pack the build stored (``carbonfactors_pipeline.build``); a database built
            # before packs were stored gets one from its snapshot (slower, same bytes).
            try:
                rows = query("select body from packs where version = ?", (version.version,))
            except sqlite3.OperationalError:  # no packs table
                rows = []
        data = rows[0]["body"] if rows else snap.pack(bundles.snapshot(version, name))
        ds = Dataset(stores.open_pack(bytes(data), version=version.version))
        ds.label_bundle(name, sha256)
        return ds

    return caches().get_or_compute("datasets", (version.version, version.sha256, name), build)


def preload(app: Flask, *, every: bool = False) -> list[str]:
    """Open the latest version (``every``: each version) with what its answers read first.

    Returns the names opened, latest first; nothing for an app that is not this service
    (gunicorn.conf.py calls it for whatever app it serves, e.g. the benchmarks' baseline).
    Called in the gunicorn master before it forks, workers inherit all of it warm.
    """
    if EXTENSION not in getattr(app, "extensions", {}):
        return []
    with app.app_context():
        latest = versioning.latest()
        wanted = [latest]
        if every:
            wanted += [v for v in versioning.all_versions() if v.version != latest.version]
        wanted = wanted[: caches().sizes()["datasets"][1]]  # no more than the cache keeps
        # The default version's stored answers, in memory: a cold lookup by id is then a
        # dict read, not a database read (``answers.preload``).
        answers.preload(app, latest.version)
        for v in wanted:
            dataset_for(v)
            bibliography(v.version)
            # The default bundle's licence manifest (list endpoints filter by it): each
            # costs a decode of the whole snapshot, done once here rather than in each
            # worker, whose heap would keep the high-water mark.
            bundles.manifest(v, SERVICE_BUNDLE)
        return [v.version for v in wanted]
