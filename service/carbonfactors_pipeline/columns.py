"""The columns of every record table, declared once: read off the file schemas.

A field added to a factor, zone or hardware record (``fileschemas.py``) becomes a column of
the SQLite build with the right type, and JSON-valued fields are stored as JSON text and
decoded by readers, without a second list to keep in step. Columns that only the pipeline
adds (the version, a factor's licence, the screens' ``excluded`` reason) are named here.
A test holds openapi.yaml's record schemas to the same columns.
"""

from __future__ import annotations

from marshmallow import fields

from .fileschemas import RECORD_SCHEMAS, Number, SourceSchema, Strict, StrictInt

#: Columns a record table has beyond its file schema's fields, with their types.
ADDED: dict[str, dict[str, type]] = {
    "factors": {"license": str, "excluded": str},
}
#: Snapshot collections and their file schemas (sources come from ``sources.yaml``).
SCHEMAS: dict[str, type[Strict]] = {"sources": SourceSchema, **RECORD_SCHEMAS}


def _sql_type(field: fields.Field) -> type:
    if isinstance(field, StrictInt):
        return int
    if isinstance(field, (Number, fields.Float)):
        return float
    return str  # text, dates, URLs, and JSON text for lists and mappings


def _is_json(field: fields.Field) -> bool:
    # Booleans too: SQLite has none, and JSON text reads back as true/false, not 1/0.
    return isinstance(field, (fields.List, fields.Dict, fields.Nested, fields.Boolean))


def table_columns(collection: str) -> dict[str, type]:
    """``{column: type}`` of a record table, ``version`` first, in schema field order."""
    schema = SCHEMAS[collection]()
    out: dict[str, type] = {"version": str}
    out.update({name: _sql_type(f) for name, f in schema.fields.items()})
    out.update(ADDED.get(collection, {}))
    return out


def _json_columns() -> frozenset[str]:
    names = {
        name for schema in SCHEMAS.values() for name, f in schema().fields.items() if _is_json(f)
    }
    return frozenset(names | {"counts"})  # versions.counts: per-kind counts of a version


#: Columns stored as JSON text (specs, aliases, inputs...): readers decode them.
JSON_COLUMNS: frozenset[str] = _json_columns()


def record_columns(collection: str) -> tuple[str, ...]:
    """The public columns of a record (what the API returns), without ``version``."""
    return tuple(c for c in table_columns(collection) if c != "version")
