"""Which dataset version a request reads, and how long its answer may be cached.

Every GET takes ``version=``: a release (immutable: cache forever), ``dev`` (the unreleased
edits), or nothing (the latest release, which moves when a release is cut).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from flask import g, request

from carbonfactors import suggest

from .caches import caches
from .db import query
from .problems import Problem

DEV = "dev"


@dataclass(frozen=True)
class Version:
    version: str
    released: str | None
    sha256: str
    is_release: bool
    previous: str | None
    counts: dict[str, int]
    #: True when the client named the version explicitly (so the answer can never change).
    pinned: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "released": self.released,
            "sha256": self.sha256,
            "is_release": self.is_release,
            "previous": self.previous,
            "counts": self.counts,
        }


def _from_row(row: Any, pinned: bool) -> Version:
    return Version(
        row["version"],
        row["released"],
        row["sha256"],
        bool(row["is_release"]),
        row["previous"],
        json.loads(row["counts"]),
        pinned,
    )


@dataclass(frozen=True)
class _Table:
    ordered: tuple[Version, ...]
    by_name: dict[str, Version]
    latest: Version


def _read_table() -> _Table:
    rows = query("select * from versions order by position desc")
    ordered = tuple(_from_row(r, True) for r in rows)
    newest = min(ordered, key=lambda v: (not v.is_release, ordered.index(v)))
    return _Table(ordered, {v.version: v for v in ordered}, replace(newest, pinned=False))


def _table() -> _Table:
    """The versions table, read once per app (the database cannot change while served)."""
    table: _Table = caches().get_or_compute("versions", "table", _read_table)
    return table


def all_versions() -> list[Version]:
    return list(_table().ordered)


def lookup(name: str, *, pinned: bool = True) -> Version:
    v = _table().by_name.get(name)
    if v is None:
        names = [v.version for v in all_versions()]
        close = suggest.candidates(name, {n: () for n in names})
        problem = Problem(
            "unknown-version",
            f"version '{name}' does not exist (known: {', '.join(names)})"
            f"{suggest.hint(close, 'version')}",
            errors={"version": [f"unknown version '{name}'"]},
        )
        if close:
            problem.extra["candidates"] = close
        raise problem
    return v if pinned else replace(v, pinned=False)


def latest() -> Version:
    """The newest release; the development version only while nothing is released."""
    return _table().latest


def requested(name: str | None = None) -> Version:
    """The version this request reads (from the ``version`` argument or query string)."""
    if name is None:
        name = request.args.get("version") or None
    if name is not None and len(name) > 32:
        raise Problem(
            "invalid-parameter",
            errors={"version": ["at most 32 characters"]},
        )
    v = g.dataset_version = resolve(name)
    return v


def resolve(name: str | None) -> Version:
    """The version a ``version=`` value names (None: the latest release); ``dev`` is never
    pinned (its answers change with every build). Also what the fast path serves."""
    v = lookup(name) if name else latest()
    return replace(v, pinned=False) if v.version == DEV and v.pinned else v
