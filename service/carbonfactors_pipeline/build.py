"""Compile every release plus the development version into one read-only SQLite file.

The service never parses YAML: it reads tables built here, indexed for the lookups of the
design (kind + subject + year). The build is deterministic: rows are inserted in a fixed
order and ``content_checksum`` hashes the rows themselves, so two builds of the same files
give the same checksum whatever SQLite does with pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from carbonfactors import snapshot as snap

from . import bundle_facts
from .columns import JSON_COLUMNS, table_columns
from .licensing import attribution, compute_licenses, spdx_id
from .releases import DEV, load_release, read_manifest

# Each snapshot collection is stored in a table of its name; JSON_COLUMNS hold JSON text.


@dataclass(frozen=True)
class BuiltVersion:
    version: str
    released: str | None
    sha256: str
    is_release: bool
    position: int
    previous: str | None


def _row(version: str, rec: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"version": version}
    for key, val in rec.items():
        row[key] = json.dumps(val, sort_keys=True) if key in JSON_COLUMNS else val
    return row


def _license_by_source(s: snap.Snapshot) -> dict[str, str]:
    """Each source's licence id (free-text licences of older releases mapped to their id)."""
    return {src["id"]: spdx_id(src["license"]) or src["license"] for src in s["sources"]}


def _insert_version(
    db: sqlite_utils.Database, meta: BuiltVersion, s: snap.Snapshot, text: str
) -> None:
    licenses = _license_by_source(s)
    computed = compute_licenses(s)
    for coll in snap.COLLECTIONS:
        rows = [_row(meta.version, r) for r in s[coll]]
        if coll == "factors":
            # The licence computed from each factor's inputs (releases before it was
            # recorded in the snapshot get it computed here, from their sources).
            for row in rows:
                row["license"] = row.get("license") or computed[row["id"]]
        elif coll == "sources":
            # One spelling per licence in every version, so license= filters match them all.
            for row in rows:
                row["license"] = licenses[row["id"]]
                row["attribution"] = attribution(row)
        if rows:
            db.table(coll).insert_all(rows, pk=("version", "id"), alter=True, batch_size=2000)
    db.table("versions").insert(
        {
            "version": meta.version,
            "released": meta.released,
            "sha256": meta.sha256,
            "is_release": int(meta.is_release),
            "position": meta.position,
            "previous": meta.previous,
            "counts": json.dumps(snap.counts(s), sort_keys=True),
        },
        pk="version",
    )
    body = gzip.compress(text.encode("utf-8"), mtime=0)
    db.table("snapshots").insert({"version": meta.version, "body": body}, pk="version")
    # The release pack the service opens (the SDK's store, ``carbonfactors.stores``): built
    # here once, so a worker opening a version reads it instead of decoding the snapshot.
    db.table("packs").insert({"version": meta.version, "body": snap.pack(s)}, pk="version")
    # The service's default bundle of this version: facts and pack, so a start-up reads
    # them rather than decoding every version's snapshot (``bundle_facts``).
    bundle_facts.insert(db, meta.version, s, meta.sha256)


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("versions").create(
        {
            "version": str,
            "released": str,
            "sha256": str,
            "is_release": int,
            "position": int,
            "previous": str,
            "counts": str,
        },
        pk="version",
    )
    db.table("snapshots").create({"version": str, "body": bytes}, pk="version")
    db.table("packs").create({"version": str, "body": bytes}, pk="version")
    bundle_facts.create_tables(db)
    # Record tables: columns from the file schemas (columns.py), one declaration.
    for collection in ("sources", "zones", "operators", "technologies", "hardware", "factors"):
        db.table(collection).create(table_columns(collection), pk=("version", "id"))


def _create_indexes(db: sqlite_utils.Database) -> None:
    db.table("factors").create_index(["version", "kind", "subject", "year"])
    db.table("factors").create_index(["version", "subject"])
    db.table("factors").create_index(["version", "source"])
    db.table("zones").create_index(["version", "type"])
    db.table("zones").create_index(["version", "parent"])
    db.table("hardware").create_index(["version", "category"])


def _insert_answers(db: sqlite_utils.Database, path: Path, which: str) -> None:
    """Store precomputed answers, rendered by the service's own routes: of every version
    (``which`` "all") or of the latest release only ("latest").

    The service decides what its answers look like, so it renders
    (``carbonfactors_service.prerender``) and packs them (``answers.pack``). One version
    at a time: each is rendered from the rows committed so far, then written. "latest" is
    what ``make serve`` builds: rendering is most of a build's time and grows with every
    release (about 12 s a version on a quiet machine), while the latest release is what a
    URL without ``version=`` reads; any other version's answers are computed on first use,
    the same bytes (``answers.py``).
    """
    from carbonfactors_service.answers import SCHEMA, pack
    from carbonfactors_service.prerender import rendered

    with db.conn:
        for statement in SCHEMA:
            db.conn.execute(statement)
    for table, rows in pack(rendered(path, latest_only=which == "latest")):
        with db.conn:
            db.table(table).insert_all(rows, batch_size=1000)


def content_checksum(conn: sqlite3.Connection) -> str:
    """SHA-256 over every row of every data table in primary-key order."""
    h = hashlib.sha256()
    tables = [
        r[0]
        for r in conn.execute(
            "select name from sqlite_master where type='table' and name != 'build_meta' order by name"
        )
    ]
    for table in tables:
        cols = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        pks = [
            r[1]
            for r in sorted(conn.execute(f"pragma table_info([{table}])"), key=lambda r: r[5])
            if r[5]
        ]
        order = ", ".join(f"[{c}]" for c in (pks or cols))
        h.update(f"table {table} {cols}\n".encode())
        for row in conn.execute(f"select * from [{table}] order by {order}"):
            h.update(repr(row).encode())
            h.update(b"\n")
    return h.hexdigest()


def versions_to_build(
    factors_root: Path, dev: snap.Snapshot
) -> Iterable[tuple[BuiltVersion, snap.Snapshot, str]]:
    """Each release (checked against its checksum), then the development version."""
    releases = read_manifest(factors_root)
    for i, rel in enumerate(releases):
        s = load_release(factors_root, rel)
        yield (
            BuiltVersion(rel.version, rel.released, rel.sha256, True, i, rel.previous),
            s,
            snap.dumps(s),
        )
    dev_doc = dict(dev, version=DEV, released=None)
    text = snap.dumps(dev_doc)
    yield (
        BuiltVersion(
            DEV,
            None,
            snap.sha256_text(text),
            False,
            len(releases),
            releases[-1].version if releases else None,
        ),
        dev_doc,
        text,
    )


def build_database(
    factors_root: Path, dev: snap.Snapshot, out: Path, *, answers: bool | str | None = None
) -> str:
    """Write the database atomically to ``out``; returns its content checksum.

    With ``answers`` (``carbonfactors build --answers``: "all" (or True) for every
    version, what the deploy image runs; "latest" for the latest release only, what ``make
    serve`` runs) the service's answers to every lookup by id are rendered and stored too
    (``carbonfactors_service.answers``, which must be installed): a served database then
    answers them with a read; without, the same bytes are computed on first use. That
    step is most of the build's time, so tests and scratch builds skip it.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".build-", suffix=".db", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        db = sqlite_utils.Database(tmp)
        _create_tables(db)
        with db.conn:
            for meta, s, text in versions_to_build(factors_root, dev):
                _insert_version(db, meta, s, text)
        _create_indexes(db)
        if answers:
            _insert_answers(db, tmp, "latest" if answers == "latest" else "all")
        checksum = content_checksum(db.conn)
        db.table("build_meta").insert_all(
            [
                {"key": "content_checksum", "value": checksum},
                {"key": "format", "value": str(snap.FORMAT)},
            ],
            pk="key",
        )
        db.conn.execute("vacuum")
        db.conn.close()
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return checksum
