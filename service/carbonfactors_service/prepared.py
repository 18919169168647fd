"""Each version's bundle facts and pack, computed in a throwaway child process.

What a worker needs of an old version is small: a bundle's ``Facts`` (checksum, licence
manifest...) and the bundle's pack (~2 MB of compressed records a ``Dataset`` opens
lazily). Computing either decodes the version's whole snapshot: ~1.5-3.5 s of CPU and a
~130 MB peak of small objects. Done in the gunicorn master, the peak's pages stay in its
heap (the few objects kept are scattered over it), and every forked worker starts with
that RSS; done in a worker, the worker keeps it. So ``prepare`` forks a child that
computes them for every version and exits: the master receives the facts (tens of KB per
version, kept in the ``bundle-facts`` cache) and the packs are written to an unlinked
temporary file, read back with ``pread`` by whichever worker opens the version. Neither
process ever holds the peak, and a pack costs a worker memory only while it has the
version open (issue 21: a worker's RSS must not grow with the number of releases).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

from flask import Flask

from carbonfactors import snapshot as snap

from . import bundles
from .caches import caches
from .db import query_stored
from .versioning import Version

EXTENSION = "carbonfactors.packs"


@dataclass
class PackFile:
    """Packs written by ``prepare``: an unlinked file and where each pack lies in it."""

    file: IO[bytes]
    where: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)

    def read(self, key: tuple[str, str, str]) -> bytes | None:
        spot = self.where.get(key)
        return None if spot is None else os.pread(self.file.fileno(), spot[1], spot[0])


def stored_pack(app: Flask, version: Version, name: str) -> bytes | None:
    """The pack of a bundle of a version the build stored, else the one ``prepare``
    computed, if either did."""
    with app.app_context():
        rows = query_stored(
            "select body from bundle_packs where version = ? and bundle = ?",
            (version.version, name),
        )
    if rows:
        body: bytes = rows[0]["body"]
        return body
    packs: PackFile | None = app.extensions.get(EXTENSION)
    return None if packs is None else packs.read((version.version, version.sha256, name))


def _compute(versions: list[Version], name: str, out: IO[bytes]) -> list[tuple[Any, ...]]:
    """In the child: every version's facts, and its bundle's pack appended to ``out``
    (only for a bundle that is not the release itself: that pack is in the database)."""
    found = []
    out.seek(0, os.SEEK_END)
    for v in versions:
        facts = bundles.compute_facts(v, name)
        spot = None
        if facts.sha256 != v.sha256:
            data = snap.pack(bundles.snapshot(v, name))
            spot = (out.tell(), len(data))
            out.write(data)
        found.append((v.version, v.sha256, name, facts, spot))
    out.flush()
    return found


def _in_child(app: Flask, versions: list[Version], name: str, out: IO[bytes]) -> bytes | None:
    """Run ``_compute`` in a forked child; its pickled result, or None if it failed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
        code = 1
        try:
            os.close(read)
            with app.app_context():
                data = pickle.dumps(_compute(versions, name, out))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return data if status == 0 and data else None


def prepare(app: Flask, versions: list[Version], name: str) -> None:
    """Compute the facts and packs of ``versions``' bundle ``name`` out of this process's
    heap (see the module doc), and keep them for ``bundles.facts`` and ``datasets``.

    Without ``os.fork`` (or if the child fails) they are computed here, same results.
    Versions whose facts this app already has are skipped (a worker of a preloaded master).
    """
    with app.app_context():
        versions = [
            v for v in versions if caches().get("bundle-facts", (v.version, v.sha256, name)) is None
        ]
        # What the build stored (``carbonfactors_pipeline.bundle_facts``) is read, not
        # computed: only a database built before those tables needs the child.
        missing = []
        for v in versions:
            stored = bundles.stored_facts(v, name)
            if stored is None:
                missing.append(v)
            else:
                caches().put("bundle-facts", (v.version, v.sha256, name), stored)
        versions = missing
    if not versions:
        return
    packs: PackFile | None = app.extensions.get(EXTENSION)
    if packs is None:
        packs = app.extensions[EXTENSION] = PackFile(
            tempfile.TemporaryFile(prefix="carbonfactors-packs-")
        )
    data = _in_child(app, versions, name, packs.file) if hasattr(os, "fork") else None
    with app.app_context():
        found = pickle.loads(data) if data is not None else _compute(versions, name, packs.file)
        for version, sha256, bundle, facts, spot in found:
            caches().put("bundle-facts", (version, sha256, bundle), facts)
            if spot is not None:
                packs.where[(version, sha256, bundle)] = spot
