"""Relevance ranking for free-text search (``q=``) over ids and names.

One ranking, used by the API's list endpoints (hardware, zones, sources, factors) so that
``GET /v1/hardware?q=V100`` lists NVIDIA's V100 before a lookalike, not alphabetically.
A hit falls in the first tier it satisfies, best first:

0. ``id``: the query is the id (case-insensitive);
1. ``name``: the normalized query equals a normalized name or alias
   (``carbonfactors.names.normalize_name``: case, punctuation and trademark marks ignored);
2. ``tokens``: every word of the normalized query is a word of one name
   ("v100" in "Tesla V100-SXM2-16GB", "sxm4 a100" in "A100 SXM4 80GB");
3. ``substring``: the query is a substring of the id or a name (normalized or literal);
4. ``fuzzy``: a name is similar to the query (``difflib`` ratio >= ``FUZZY_CUTOFF``),
   for typos ("H10O"); at most ``FUZZY_LIMIT`` of them, the most similar.

The same module ranks for the HTTP API's lists (``q=``) and for an offline
``carbonfactors.Client``, so a search answers alike with and without the network:
``build_index`` makes a dataset's index of one resource, ``factor_ids`` ranks factors.

Within a tier, the caller's *prominence* decides (for hardware the mainstream score of
``carbonfactors.hardware_names.HardwareIndex``: how many systems contain the part and how
many sources describe it), then similarity to the query, then the id.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .names import normalize_name


class Searchable(Protocol):
    """What ``build_index`` reads of a dataset (``carbonfactors.Dataset`` has it all; named
    here so that this module, which the hardware matcher imports, imports no dataset)."""

    @property
    def names(self) -> Any: ...  # a HardwareIndex: its ``search`` is a SearchIndex

    @property
    def store(self) -> Any: ...  # a Store: its ``stats()`` counts subjects and sources

    @property
    def zone_records(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def sources(self) -> Mapping[str, Mapping[str, Any]]: ...


TIERS: tuple[str, ...] = ("id", "name", "tokens", "substring", "fuzzy")
#: Smallest difflib similarity ratio for a fuzzy hit.
FUZZY_CUTOFF = 0.75
#: Most fuzzy hits a search returns (the most similar): typos, not the whole catalog.
FUZZY_LIMIT = 10


@dataclass(frozen=True)
class Hit:
    id: str
    #: Index in ``TIERS`` (0 = exact id).
    tier: int
    #: Best similarity of the query to one of the entry's names, 0..1.
    similarity: float


@dataclass(frozen=True)
class _Entry:
    id: str
    lowered: str
    raw: tuple[str, ...]
    norms: tuple[str, ...]
    tokens: tuple[frozenset[str], ...]


class SearchIndex:
    """Entries ``(id, names)`` prepared once (normalized names, word sets) for many queries.

    ``prominence(id)`` returns a comparable value, larger = more prominent (see module doc).
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, Sequence[str]]],
        prominence: Callable[[str], Any] = lambda _id: 0,
    ) -> None:
        self.entries: list[_Entry] = []
        for ident, names in entries:
            raw = tuple(dict.fromkeys(n for n in (ident, *names) if n))
            norms = tuple(dict.fromkeys(normalize_name(n) for n in raw))
            self.entries.append(
                _Entry(
                    ident,
                    ident.casefold(),
                    tuple(r.casefold() for r in raw),
                    norms,
                    tuple(frozenset(n.split()) for n in norms),
                )
            )
        self.prominence = prominence

    def rank(self, query: str, *, fuzzy: int = FUZZY_LIMIT) -> list[Hit]:
        """Hits for ``query``, best first (tier, prominence, similarity, id); at most
        ``fuzzy`` hits of the fuzzy tier (the most similar), none when 0."""
        lowered = query.strip().casefold()
        norm = normalize_name(query)
        words = frozenset(norm.split())
        hits: list[Hit] = []
        fuzzies: list[Hit] = []
        matcher = difflib.SequenceMatcher(None, "", norm)
        size = len(norm)
        for e in self.entries:
            if e.lowered == lowered:
                hits.append(Hit(e.id, 0, 1.0))
            elif not norm:  # punctuation only: a literal substring or nothing
                if any(lowered in r for r in e.raw):
                    hits.append(Hit(e.id, 3, 0.0))
            elif norm in e.norms:
                hits.append(Hit(e.id, 1, 1.0))
            elif any(words <= t for t in e.tokens):
                hits.append(Hit(e.id, 2, _similarity(norm, e.norms)))
            elif any(norm in n for n in e.norms) or any(lowered in r for r in e.raw):
                hits.append(Hit(e.id, 3, _similarity(norm, e.norms)))
            elif fuzzy:
                best = 0.0
                for n in e.norms:
                    # difflib's cheap upper bounds first (length, then letters), as
                    # get_close_matches does; the matcher caches the query side.
                    if 2.0 * min(size, len(n)) < FUZZY_CUTOFF * (size + len(n)):
                        continue
                    matcher.set_seq1(n)
                    if matcher.quick_ratio() >= FUZZY_CUTOFF:
                        best = max(best, matcher.ratio())
                if best >= FUZZY_CUTOFF:
                    fuzzies.append(Hit(e.id, 4, best))
        fuzzies.sort(key=lambda h: (-h.similarity, h.id))
        hits.extend(fuzzies[:fuzzy])
        hits.sort(key=lambda h: h.id)
        hits.sort(key=lambda h: -h.similarity)
        hits.sort(key=lambda h: self.prominence(h.id), reverse=True)
        hits.sort(key=lambda h: h.tier)
        return hits


def _similarity(query: str, norms: Sequence[str]) -> float:
    return max(difflib.SequenceMatcher(None, query, n).ratio() for n in norms)


# -- the indexes of a dataset: one ranking for the service's lists and the offline Client ----
#: The resources ``ranked_ids`` ranks by a ``SearchIndex`` (factors rank by id and subject).
INDEXED = ("hardware", "zones", "sources")


def build_index(ds: Searchable, resource: str) -> SearchIndex:
    """The search index of one resource of ``ds`` (a pure function of the dataset).

    Hardware is the hardware matcher's own index (mainstream parts first among equals);
    zones rank by how many factors describe them; sources by how many factors cite them.
    The counts come from the store (``Store.stats``), so no factor is decoded. Callers keep
    the index (the service per version, the Client per dataset): building it costs
    milliseconds, ranking with it a few.
    """
    if resource == "hardware":
        index: SearchIndex = ds.names.search
        return index
    counts = ds.store.stats()  # how many factors per subject and per source, precomputed
    if resource == "zones":
        subjects = counts["subjects"]
        return SearchIndex(
            (
                (z["id"], [z["name"], z.get("location") or "", *z.get("aliases", ())])
                for z in ds.zone_records
            ),
            lambda zid: int(subjects.get(zid, 0)),
        )
    if resource == "sources":
        cited = counts["sources"]
        return SearchIndex(
            (
                (s["id"], [s.get("title") or "", s.get("producer") or "", s.get("citation") or ""])
                for s in ds.sources.values()
            ),
            lambda sid: int(cited.get(sid, 0)),
        )
    raise ValueError(f"no search index for {resource!r} (one of {', '.join(INDEXED)})")


def factor_ids(factors: Iterable[Any], q: str) -> list[str]:
    """Ids of the factors matching ``q``, best first: the factor whose id is ``q``, then
    those about subject ``q``, then the other hits (``q`` a case-insensitive substring of
    the id, subject or method), each group in id order. Factors have no names to match
    loosely, so there is no fuzzy tier. The API's ``/factors?q=`` applies the same rule in
    SQL over its listing database (so a served version never decodes every factor); the
    Client parity test holds the two equal."""
    needle = q.casefold()
    hits: list[tuple[int, str]] = []
    for f in factors:
        fid, subject, method = f.id, f.subject, f.method or ""
        if fid.casefold() == needle:
            hits.append((0, fid))
        elif subject.casefold() == needle:
            hits.append((1, fid))
        elif (
            needle in fid.casefold() or needle in subject.casefold() or needle in method.casefold()
        ):
            hits.append((2, fid))
    hits.sort()
    return [fid for _, fid in hits]
