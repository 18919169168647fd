"""Search across zones, hardware, operators and sources of one dataset version.

A literal substring of ids, names and aliases (parameterized LIKE, as the API's ``q=``
filters), plus the engine's own name matching, so "France", "H100 SXM" or "us-east-1"
find what the footprint engine would use for the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from carbonfactors.errors import NotFound

from ..datasets import dataset_for
from ..db import query
from ..lookups import by_id
from ..records import like_pattern, record
from ..versioning import Version

#: Rows shown per kind; the JSON link of each group lists the rest.
LIMIT = 25

#: (table, columns searched, columns shown): the entities a reader looks for by name.
_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "zones": (("id", "name", "location", "aliases"), "id, name, type, parent, provider"),
    "hardware": (("id", "name", "aliases", "vendor"), "id, name, category, vendor"),
    "operators": (("id", "name", "location"), "id, name, type, parent"),
    "sources": (("id", "title", "producer", "citation"), "id, title, producer, license"),
}


@dataclass
class Group:
    table: str
    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


def _group(version: str, table: str, q: str) -> Group:
    columns, shown = _TABLES[table]
    where = " or ".join(f"{c} like ? escape '\\'" for c in columns)
    params = (version, *[like_pattern(q)] * len(columns))
    total = query(f"select count(*) as n from {table} where version = ? and ({where})", params)
    rows = query(
        f"select {shown} from {table} where version = ? and ({where})"
        " order by lower(id) = lower(?) desc, length(id), id limit ?",
        (*params, q, LIMIT),
    )
    return Group(table, [record(r) for r in rows], int(total[0]["n"]))


def _promote(group: Group, found: dict[str, Any] | None, shown: str) -> None:
    """Put the engine's own match first (it may match an alias that LIKE misses)."""
    if found is None:
        return
    keep = {k: found.get(k) for k in (c.strip() for c in shown.split(","))}
    rest = [r for r in group.items if r["id"] != keep["id"]]
    if len(rest) == len(group.items):
        group.total += 1
    group.items = [keep, *rest][:LIMIT]


def search(v: Version, q: str) -> dict[str, Group]:
    """Matches of ``q`` per entity table, best first."""
    groups = {t: _group(v.version, t, q) for t in _TABLES}
    ds = dataset_for(v)
    try:
        zone, _how = ds.zone(q)
        _promote(groups["zones"], by_id("zones", v.version, zone.id), _TABLES["zones"][1])
    except NotFound:
        pass
    try:
        match = ds.match_hardware(q)
        _promote(groups["hardware"], by_id("hardware", v.version, match.id), _TABLES["hardware"][1])
    except NotFound:
        pass
    return groups
