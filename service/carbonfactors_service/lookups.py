"""Small shared lookups by id: sources, zones, operators, hardware, and factor records.

Blueprints answer "this id, in this version"; these helpers keep the SQL for it in one
place (always parameterized) so each resource module stays about its own resource.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .caches import caches
from .db import query
from .records import check_id, not_found, record

_ENTITY_TABLES = ("sources", "zones", "operators", "hardware", "factors")


def by_id(table: str, version: str, ident: str) -> dict[str, Any] | None:
    if table not in _ENTITY_TABLES:
        raise ValueError(table)
    rows = query(f"select * from {table} where version = ? and id = ?", (version, ident))
    return record(rows[0]) if rows else None


def require(table: str, version: str, ident: str, type_: str, what: str) -> dict[str, Any]:
    """The record with this id, or the resource's documented 404 problem."""
    check_id(type_, what, ident, version)
    found = by_id(table, version, ident)
    if found is None:
        raise not_found(type_, what, ident, version)
    return found


def bibliography(version: str) -> dict[str, dict[str, Any]]:
    """Every source of a version, read once per process (the database is immutable).

    Callers must not mutate the records: they are shared between requests.
    """

    def read() -> dict[str, dict[str, Any]]:
        rows = query("select * from sources where version = ? order by id", (version,))
        return {r["id"]: record(r) for r in rows}

    bib: dict[str, dict[str, Any]] = caches().get_or_compute("bibliographies", version, read)
    return bib


def sources_map(version: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Bibliography entries for ``ids``, keyed by id, in id order."""
    bib = bibliography(version)
    return {i: bib[i] for i in sorted(set(ids)) if i in bib}


def factors_of(
    version: str, subject: str, kinds: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Every factor about ``subject`` (optionally of some kinds), by kind, year, id."""
    if kinds is None:
        rows = query(
            "select * from factors where version = ? and subject = ? order by kind, year, id",
            (version, subject),
        )
    else:
        ks = sorted(set(kinds))
        marks = ", ".join("?" for _ in ks)
        rows = query(
            f"select * from factors where version = ? and subject = ? and kind in ({marks})"
            " order by kind, year, id",
            (version, subject, *ks),
        )
    return [record(r) for r in rows]
