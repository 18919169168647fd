"""Answers rendered once at build time and stored in the database: a lookup, not work.

A dataset version is immutable, so the answer to every factor, every hardware model's
detail, every zone's resolved grid intensity and every operator's resolved PUE (default
year and basis, the service's default bundle) is known when the database is built.
``prerender.render`` produces them with the very functions the routes use (so a stored
answer is byte for byte the computed one); ``carbonfactors build --answers`` stores them
(``carbonfactors_pipeline.build``; the rendering is in ``prerender.py``, which imports the
routes: this module must not). At run time ``memo.memoized_json`` and the fast path
(``fastpath.py``) read a stored answer by key before computing anything: one primary-key
read instead of several queries and a JSON encoding.

Stored compactly, because a database holds every answer of every version:

- every answer starts with its labels (``dataset_version``, ``bundle``,
  ``bundle_sha256``: ``bundles.labels``), the same for every answer of a version, so the
  labels are stored once per version (``answer_labels``) and each answer's *rest*;
- most answers' rest is the same in several versions (a factor that did not change), so
  a rest is stored once (``answer_bodies``) and the answers of each version point to it;
- a rest is a small JSON text much like the others of its kind, so it is zlib-compressed
  with a preset dictionary of its kind (``answer_dicts``): a third of plain zlib's size.

A database built without ``--answers`` has no such tables: every answer is then computed
on first use, with the same bytes.

The default version's answers (the latest release: what a URL without ``version=``
reads, i.e. most traffic) are also loaded into memory once (``preload``, called by
``datasets.preload`` in the gunicorn master before it forks): every compressed rest in
one immutable ``bytes`` (9 MB for the 2027.05 test database) and a dict from key to its
place, about 19 MiB of a worker's RSS at start, shared with the master. A lookup of any of its ids is then a dict read and an inflate, not a SQLite
read: a cold lookup costs about what a hot one does. Other versions are read from the
database as before.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from .db import get_db
from .versioning import Version

#: Where an app keeps the stored answers' labels and dictionaries (``_part``).
EXTENSION = "carbonfactors.answer_parts"

#: The tables (``carbonfactors_pipeline.build`` creates them from this).
SCHEMA = (
    # (version, key) -> the rest of its body (an ``answer_bodies`` id), the whole body's ETag
    "create table answers (version text, key text, body integer, etag text,"
    " primary key (version, key)) without rowid",
    # compressed rests, each once
    "create table answer_bodies (id integer primary key, body blob)",
    # the labels every answer of a version starts with, e.g. '{"dataset_version":"2026.12",...'
    "create table answer_labels (version text primary key, labels blob)",
    # the preset zlib dictionary of each kind of answer
    "create table answer_dicts (kind text primary key, zdict blob)",
)
#: The size of a kind's preset dictionary (zlib's window).
DICT_BYTES = 32 * 1024


def key_text(key: tuple[Hashable, ...]) -> str:
    """The stored form of a memo key, e.g. ``["full","grid","FR",null,"lifecycle"]``."""
    return json.dumps(list(key), separators=(",", ":"))


def kind_of(key: tuple[Hashable, ...]) -> str:
    """``factor``, ``hardware``, ``grid`` or ``pue`` (the key after its bundle)."""
    return str(key[1])


def split(body: bytes, labels: bytes) -> bytes | None:
    """The rest of ``body`` after ``labels`` (None if it does not start with them)."""
    return body[len(labels) :] if body.startswith(labels) else None


def labels_text(labels: dict[str, Any]) -> bytes:
    """How an answer's body starts: its labels as the encoder writes them, up to the
    comma after the last one."""
    return json.dumps(labels, separators=(",", ":")).encode()[:-1] + b","


def _dictionary(rests: list[bytes]) -> bytes:
    """A preset dictionary for a kind: whole rests sampled evenly over the first version's
    answers of that kind, as many as fill zlib's window (measured on the real catalog:
    a factor's rest compresses to a fifth of plain zlib's size, a hardware detail's to
    a fifth; fewer, longer or partial samples do worse)."""
    average = max(1, sum(map(len, rests)) // max(1, len(rests)))
    wanted = max(1, DICT_BYTES // average)
    return b"".join(rests[:: max(1, len(rests) // wanted)][:wanted])[-DICT_BYTES:]


def _compress(rest: bytes, zdict: bytes) -> bytes:
    co = zlib.compressobj(6, zdict=zdict)
    return co.compress(rest) + co.flush()


def inflate(blob: bytes, zdict: bytes) -> bytes:
    """``blob`` (a zlib stream compressed with the preset dictionary ``zdict``) inflated.

    Its deflate data are inflated raw, between the zlib header (2 bytes, and 4 of
    dictionary id when FDICT is set) and the Adler-32 trailer, which is then checked:
    the same bytes and the same check, at a third of the CPU of ``decompressobj(zdict=)``
    on a zlib stream (33 -> 10 us for a factor's answer, the cold lookup's largest cost).
    """
    start = 6 if blob[1] & 0x20 else 2
    out = zlib.decompressobj(-zlib.MAX_WBITS, zdict=zdict).decompress(blob[start:-4])
    if zlib.adler32(out) != int.from_bytes(blob[-4:], "big"):
        raise zlib.error(f"stored answer fails its Adler-32 check ({len(blob)} bytes)")
    return out


Rendered = tuple[str, bytes, list[tuple[tuple[Hashable, ...], bytes, str]]]


def pack(rendered: Iterable[Rendered]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Rows to insert, table by table, from each version's labels and rendered answers
    (``prerender.rendered``: key, body, ETag). Each distinct rest is stored once; a kind's
    dictionary is made from the first version that has answers of that kind. An answer
    not starting with its version's labels is left out (computed at run time, as without
    stored answers)."""
    ids: dict[bytes, int] = {}
    dicts: dict[str, bytes] = {}
    for version, labels, answers in rendered:
        yield "answer_labels", [{"version": version, "labels": labels}]
        rests = [(key, split(body, labels), etag) for key, body, etag in answers]
        by_kind: dict[str, list[bytes]] = {}
        for key, rest, _ in rests:
            if rest is not None:
                by_kind.setdefault(kind_of(key), []).append(rest)
        for kind, all_rests in by_kind.items():
            if kind not in dicts:
                dicts[kind] = _dictionary(all_rests)
        rows, bodies = [], []
        for key, rest, etag in rests:
            if rest is None:
                continue
            digest = hashlib.sha256(rest).digest()
            ident = ids.get(digest)
            if ident is None:
                ident = ids[digest] = len(ids) + 1
                bodies.append({"id": ident, "body": _compress(rest, dicts[kind_of(key)])})
            rows.append({"version": version, "key": key_text(key), "body": ident, "etag": etag})
        yield "answer_bodies", bodies
        yield "answers", rows
    yield "answer_dicts", [{"kind": k, "zdict": d} for k, d in sorted(dicts.items())]


def _part(app: Flask, table: str, name: str) -> bytes:
    """A version's labels or a kind's dictionary: read once per app (a few, all small)."""
    parts: dict[tuple[str, str], bytes] = app.extensions.setdefault(EXTENSION, {})
    part = parts.get((table, name))
    if part is None:  # two threads may both read it: the same bytes
        column, where = ("labels", "version") if table == "answer_labels" else ("zdict", "kind")
        sql = f"select {column} from {table} where {where} = ?"
        part = parts[table, name] = bytes(get_db(app).execute(sql, (name,)).fetchone()[0])
    return part


@dataclass(frozen=True)
class Preloaded:
    """Every stored answer of one version, in memory (``preload``; never changed).

    One ``bytes`` holds, for each distinct rest, its ETag (32 ASCII characters) followed
    by its compressed rest; ``index`` maps each key to ``offset << 24 | size`` of that
    record. One buffer rather than an object per answer: a forked worker reading an
    answer then writes (reference counts) to its key and one small int, not to the page
    holding the answer's bytes, so the buffer stays shared with the master.
    """

    version: str
    labels: bytes
    zdicts: dict[str, bytes]
    data: bytes
    index: dict[tuple[Hashable, ...], int]

    def get(self, key: tuple[Hashable, ...]) -> tuple[bytes, str] | None:
        at = self.index.get(key)
        if at is None:
            return None
        start, size = at >> 24, at & 0xFFFFFF
        etag = self.data[start : start + ETAG_BYTES].decode("ascii")
        blob = self.data[start + ETAG_BYTES : start + size]
        return self.labels + inflate(blob, self.zdicts[kind_of(key)]), etag


#: Where an app keeps its preloaded version (``Preloaded``).
PRELOADED = "carbonfactors.answers_preloaded"
#: The length of a stored ETag (``memo.etag_of``: 32 hex digits).
ETAG_BYTES = 32


def preload(app: Flask, version: str) -> bool:
    """Load every stored answer of ``version`` into ``app``'s memory, replacing the one
    loaded before (if another); False when the database stores no answers for it."""
    found: Preloaded | None = app.extensions.get(PRELOADED)
    if found is not None and found.version == version:
        return True
    db = get_db(app)
    try:
        rows = db.execute(
            "select a.key, a.etag, b.body from answers a join answer_bodies b on b.id = a.body"
            " where a.version = ?",
            (version,),
        )
    except sqlite3.OperationalError:  # a database built without answers
        return False
    data = bytearray()  # row by row: the master's peak stays near the result's size
    index: dict[tuple[Hashable, ...], int] = {}
    kinds = set()
    for key, etag, blob in rows:
        size = ETAG_BYTES + len(blob)
        if len(etag) != ETAG_BYTES or size > 0xFFFFFF:
            continue  # not served from memory: read from the database as before
        parsed = tuple(json.loads(key))
        kinds.add(kind_of(parsed))
        index[parsed] = len(data) << 24 | size
        data += etag.encode("ascii")
        data += blob
    if not index:
        return False
    app.extensions[PRELOADED] = Preloaded(
        version=version,
        labels=_part(app, "answer_labels", version),
        zdicts={kind: _part(app, "answer_dicts", kind) for kind in kinds},
        data=bytes(data),
        index=index,
    )
    return True


def in_memory(app: Flask, version: str) -> bool:
    """Whether ``version``'s stored answers are in ``app``'s memory (``preload``)."""
    pre: Preloaded | None = app.extensions.get(PRELOADED)
    return pre is not None and pre.version == version


def read(app: Flask, version: str, key: tuple[Hashable, ...]) -> tuple[bytes, str] | None:
    """The answer the build stored for ``key`` in ``version`` (body, ETag), if any; needs
    no app context (the fast path calls it before Flask). From memory for the preloaded
    version, else one primary-key read."""
    pre: Preloaded | None = app.extensions.get(PRELOADED)
    if pre is not None and pre.version == version:
        hit = pre.get(key)
        if hit is not None:
            return hit
    try:
        row = (
            get_db(app)
            .execute(
                "select b.body, a.etag from answers a join answer_bodies b on b.id = a.body"
                " where a.version = ? and a.key = ?",
                (version, key_text(key)),
            )
            .fetchone()
        )
    except sqlite3.OperationalError:  # a database built without answers
        return None
    if row is None:
        return None
    labels = _part(app, "answer_labels", version)
    return labels + inflate(row[0], _part(app, "answer_dicts", kind_of(key))), row[1]


def stored(version: Version, key: tuple[Hashable, ...]) -> tuple[bytes, str] | None:
    """The stored answer for ``key`` in ``version`` of the current app (see ``read``)."""
    return read(current_app._get_current_object(), version.version, key)  # type: ignore[attr-defined]
