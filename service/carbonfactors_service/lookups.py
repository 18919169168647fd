"""Small shared lookups by id: sources, zones, operators, hardware, and factor records.

Blueprints answer "this id, in this version"; these helpers keep the SQL for it in one
place (always parameterized) so each resource module stays about its own resource.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .db import query
from .records import record

_ENTITY_TABLES = ("sources", "zones", "operators", "hardware", "factors")


def by_id(table: str, version: str, ident: str) -> dict[str, Any] | None:
    if table not in _ENTITY_TABLES:
        raise ValueError(table)
    rows = query(f"select * from {table} where version = ? and id = ?", (version, ident))
    return record(rows[0]) if rows else None


def sources_map(version: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Bibliography entries for ``ids``, keyed by id, in id order."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = query(
        f"select * from sources where version = ? and id in ({marks}) order by id",
        (version, *wanted),
    )
    return {r["id"]: record(r) for r in rows}


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
