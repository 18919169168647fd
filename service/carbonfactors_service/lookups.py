"""Small shared lookups by id: sources, zones, operators, hardware, and factor records.

Blueprints answer "this id, in this version"; these helpers keep the SQL for it in one
place (always parameterized) so each resource module stays about its own resource.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from carbonfactors import suggest

from .caches import caches
from .db import query
from .records import check_id, like_pattern, not_found, record

_ENTITY_TABLES = ("sources", "zones", "operators", "hardware", "factors")


def by_id(table: str, version: str, ident: str) -> dict[str, Any] | None:
    if table not in _ENTITY_TABLES:
        raise ValueError(table)
    rows = query(f"select * from {table} where version = ? and id = ?", (version, ident))
    return record(rows[0]) if rows else None


def require(table: str, version: str, ident: str, type_: str, what: str) -> dict[str, Any]:
    """The record with this id, or the resource's documented 404 problem (with "did you
    mean" candidates, see ``suggestions``)."""
    check_id(type_, what, ident, version)
    found = by_id(table, version, ident)
    if found is None:
        raise not_found(type_, what, ident, version, suggestions(table, version, ident))
    return found


#: The column each table's records are also known by (besides the id), for suggestions.
_NAME_COLUMNS = {"sources": "title", "operators": "name", "zones": "name", "hardware": "name"}


#: How many factor ids a 404 compares the unknown id with (a few ms of fuzzy matching).
_FACTOR_POOL = 500


def _starting(text: str) -> str:
    """A LIKE pattern matching ids that start with ``text`` literally."""
    return like_pattern(text)[1:]


def suggestions(table: str, version: str, ident: str) -> list[str]:
    """Ids of ``table`` that ``ident`` could have meant (``carbonfactors.suggest``).

    Factors are too many to compare with each: only ids sharing the longest leading run of
    ``:``-parts that any id has are offered (``power:aws:m5.large:2026:ccf-x`` -> the
    ``power:aws:m5.large:2026`` ids; ``pue:aws:2052:x`` -> the ``pue:aws`` ids), at most
    ``_FACTOR_POOL`` of them: the fuzzy match is the cost of a 404, and a 404 must stay cheap.
    """
    if table not in _ENTITY_TABLES:
        raise ValueError(table)
    if table == "factors":
        parts = ident.split(":")
        heads = [_starting(":".join(parts[:n]) + ":") for n in range(len(parts) - 1, 1, -1)]
        ids: list[str] = []
        for pattern in [*heads, like_pattern(":".join(parts[:2]))]:
            rows = query(
                "select id from factors where version = ? and id like ? escape '\\' limit ?",
                (version, pattern, _FACTOR_POOL),
            )
            ids = [r["id"] for r in rows]
            if ids:
                break
        # nothing spelled alike: the newest ids about the same kind:subject still help
        return suggest.candidates(ident, dict.fromkeys(ids, ())) or sorted(ids)[-5:][::-1]

    def read() -> dict[str, tuple[str, ...]]:
        col = _NAME_COLUMNS[table]
        rows = query(f"select id, {col} as name from {table} where version = ?", (version,))
        return {r["id"]: (str(r["name"] or ""),) for r in rows}

    names: dict[str, tuple[str, ...]] = caches().get_or_compute(
        "suggestions", (table, version), read
    )
    return suggest.candidates(ident, names)


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
