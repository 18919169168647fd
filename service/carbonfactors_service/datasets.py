"""One footprint-engine ``Dataset`` per dataset version, built once per worker process.

The footprint endpoints and the resolved lookups (grid intensity, PUE) use the SDK's own
engine, so an answer over HTTP is the answer the SDK gives offline. Building a Dataset
means decompressing and indexing a whole snapshot (about half a second for the full
catalog), so it is done once per version and kept in the app's ``datasets`` cache: the
database is immutable while the process runs. The build is single-flight *per version*: a
request for a version already built never waits on another version's build. Only a few
versions stay in memory (``caches.DEFAULT_SIZES``), so a client walking through every old
release cannot exhaust a worker. ``preload`` builds the latest one when a worker starts
(``gunicorn.conf.py``), so no client pays for it.
"""

from __future__ import annotations

from flask import Flask, has_request_context

from carbonfactors.bundles import SERVICE_BUNDLE
from carbonfactors.dataset import Dataset

from . import bundles, versioning
from .caches import EXTENSION, caches
from .versioning import Version


def dataset_for(version: Version, bundle: str | None = None) -> Dataset:
    """The engine's Dataset of one bundle of a version (``bundle``: the request's, else full)."""
    name = bundle or (bundles.requested() if has_request_context() else SERVICE_BUNDLE)

    def build() -> Dataset:
        text_sha = bundles.body(version, name)[1]
        ds = Dataset.from_snapshot(bundles.snapshot(version, name), version=version.version)
        ds.label_bundle(name, text_sha)
        # Once indexed, the raw records only cost memory (a worker holds several versions):
        # the name index is built from them, then they go.
        ds.drop_snapshot()
        return ds

    return caches().get_or_compute("datasets", (version.version, version.sha256, name), build)


def preload(app: Flask) -> str | None:
    """Build the latest version's Dataset (and versions table) now; returns its name.

    Does nothing (None) for an app that is not this service (gunicorn.conf.py calls it for
    whatever app it serves, e.g. the benchmarks' baseline).
    """
    if EXTENSION not in getattr(app, "extensions", {}):
        return None
    with app.app_context():
        latest = versioning.latest()
        dataset_for(latest)
        return latest.version
