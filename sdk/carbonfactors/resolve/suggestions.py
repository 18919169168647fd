""" "Did you mean" for the lookups of an index: which ids an unknown one could have meant.

The matching itself is ``carbonfactors.suggest`` (pure, shared with the service's 404s);
this module only hands it the right records of a ``FactorIndex``: zones with their names
and aliases, operators with their names, the catalog's hardware, and the factors of the
subject an unknown factor id names (read from the store, never the whole dataset).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from .. import suggest
from ..stores import Store


class Indexed(Protocol):
    """What these lookups read of ``resolve.index.FactorIndex`` (which calls them: a
    protocol rather than an import keeps the two modules out of an import circle)."""

    @property
    def zone_records(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def operators(self) -> Mapping[str, Mapping[str, Any]]: ...

    @property
    def store(self) -> Store: ...


def zones(idx: Indexed, text: str) -> list[str]:
    """Zone ids a location could have meant (a region code without its provider, an
    alias such as UK, a typo)."""
    names = {z["id"]: (z["name"], *z.get("aliases", ())) for z in idx.zone_records}
    return suggest.candidates(text, names)


def operators(idx: Indexed, text: str) -> list[str]:
    """Operator or campus ids (``amazon`` -> ``aws``, by a word of its name)."""
    return suggest.candidates(
        text, {i: (str(o.get("name", "")),) for i, o in idx.operators.items()}
    )


def hardware(idx: Indexed, name: str) -> list[str]:
    """Catalog ids for a hardware typo the name matcher cannot read (``A10O``)."""
    catalog = idx.store.catalog()
    return suggest.candidates(name, {h["id"]: (h["name"], *h.get("aliases", ())) for h in catalog})


def factors(idx: Indexed, factor_id: str) -> list[str]:
    """Ids of the same kind and subject as an unknown factor id (subjects may contain a
    colon, ``aws:us-east-1``): the closest spellings, else the newest."""
    parts = str(factor_id).split(":")
    for end in range(len(parts) - 1, 1, -1):
        recs = idx.store.subject_factors(":".join(parts[1:end]))
        ids = [r["id"] for r in recs if r["id"].startswith(parts[0] + ":")]
        if ids:
            near = suggest.candidates(factor_id, dict.fromkeys(ids, ()))
            return near or sorted(ids)[-suggest.LIMIT :][::-1]
    return []
