"""Which dataset version a request reads, and how long its answer may be cached.

Every GET takes ``version=``: a release (immutable: cache forever), ``dev`` (the unreleased
edits), or nothing (the latest release, which moves when a release is cut).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import g, request

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


def all_versions() -> list[Version]:
    rows = query("select * from versions order by position desc")
    return [_from_row(r, True) for r in rows]


def lookup(name: str, *, pinned: bool = True) -> Version:
    rows = query("select * from versions where version = ?", (name,))
    if not rows:
        known = ", ".join(v.version for v in all_versions())
        raise Problem(
            404,
            "unknown-version",
            "Unknown dataset version",
            f"version '{name}' does not exist (known: {known})",
            errors={"version": [f"unknown version '{name}'"]},
        )
    return _from_row(rows[0], pinned)


def latest() -> Version:
    """The newest release; the development version only while nothing is released."""
    rows = query("select * from versions order by is_release desc, position desc limit 1")
    return _from_row(rows[0], False)


def requested(name: str | None = None) -> Version:
    """The version this request reads (from the ``version`` argument or query string)."""
    if name is None:
        name = request.args.get("version") or None
    if name is not None and len(name) > 32:
        raise Problem(
            400,
            "invalid-parameter",
            "Invalid query parameter",
            errors={"version": ["at most 32 characters"]},
        )
    v = lookup(name) if name else latest()
    if v.version == DEV:
        v = Version(**{**v.__dict__, "pinned": False})
    g.dataset_version = v
    return v
