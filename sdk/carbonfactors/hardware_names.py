"""The one hardware-name matcher: a typed name → one catalog id, a refusal with candidates.

The SDK engine (``Dataset.match_hardware``, through ``resolve.hardware``) and the HTTP API
(``/v1/hardware/{model}``, the footprint endpoints, which use the SDK's engine) use this
module, so a name means the same model everywhere.

Resolution, in order (the first step that answers wins):

1. **Exact id** (``nvidia-h100-sxm5-80gb``).
2. **Cloud TPU slice names** (``v5p-128``, ``TPU v4-32``, ``v5litepod-16``, ``v6e-8``): the
   TPU chip times the number of chips in the slice, as a match with a ``multiplier``.
   Google's accelerator-type names count *TensorCores* for v2, v3, v4 and v5p (two per chip:
   ``v5p-32`` is "a v5p TPU slice with 32 TensorCores (16 chips)") and *chips* for v5e and
   v6e (``v$VERSION-$CHIP_COUNT``; ``v6e-8`` is the 2x4 topology, 8 chips). Sources: Cloud
   TPU documentation, https://cloud.google.com/tpu/docs/v5p ("Using the AcceleratorType
   parameter"), https://cloud.google.com/tpu/docs/types-topologies (TensorCore-based
   configurations for v2-v4: "v4-128 specifies a configuration with TPU v4 and 128
   TensorCores"), https://cloud.google.com/tpu/docs/v4 ("Each TPU v4 chip contains two
   TensorCores"), https://cloud.google.com/tpu/docs/v5e (format ``v$VERSION_NUMBER-$CHIP_COUNT``,
   one TensorCore per chip) and https://cloud.google.com/tpu/docs/v6e (``v6e-8``: 8 chips).
3. **Normalized names**: the name, lower-cased with punctuation and trademark marks removed,
   equal to a model's normalized id, name or alias (``how == "alias"``); then the same after
   removing noise that never distinguishes two models ("CPU", "Processor", "N-Core", a clock
   speed after "@", Intel's "11th Gen" prefix, a leading vendor word) (``"name matcher"``);
   then with a missing vendor word added, accepted only when exactly one vendor fits.

**One clash rule**: a normalized key that names two or more models resolves to none of
them; the name is refused as ambiguous and the models it could mean are the candidates.
The validator forbids such keys in ``factors/``, so this only bites for unvalidated data and
for the vendor-less forms.

**Systems are not chips**: a name that reads like a multi-accelerator system (DGX, HGX,
NVL72, SuperPOD, pod, rack, cluster, baseboard, "8x H100") never resolves to a single
chip (a ``gpu``, ``tpu``, ``accelerator`` or ``cpu`` record): it resolves to a system record
of its own (server, cloud instance, or a ``system`` category) or is refused with candidates.

There is no fuzzy *resolution*: fuzzy similarity (``difflib``) only proposes "did you mean"
candidates for a refusal, and ranks search results (``carbonfactors.search``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .names import normalize_name
from .search import SearchIndex

#: Words that name a vendor; an input may carry them or not.
VENDOR_WORDS: tuple[str, ...] = ("nvidia", "amd", "intel", "google", "aws", "amazon")
#: Categories of single chips: a system-looking name never resolves to one of them.
CHIP_CATEGORIES: frozenset[str] = frozenset({"gpu", "tpu", "accelerator", "cpu"})
#: How many "did you mean" candidates a refusal carries.
MAX_CANDIDATES = 5

_CLOCK = re.compile(r"@.*$")
_CORES = re.compile(r"\b\d+ core\b")
_NOISE_WORDS = re.compile(r"\b(?:cpu|processor|with radeon graphics)\b")
_SPACES = re.compile(r"\s+")
#: "12th Gen Intel(R) Core(TM) i7-12700H": the generation prefix Intel adds since 11th gen.
_GEN = re.compile(r"^\d+th gen (?=intel )")
#: Words of a normalized name that make it a multi-accelerator system, not one chip. Generic
#: words that also occur in chip names ("RTX PRO 6000 Blackwell Server Edition") are not.
_SYSTEM = re.compile(
    r"\b(?:dgx|hgx|nvl\d+|superpod|pod|pods|rack|racks|cluster|baseboard)\b"
    r"|^\d{1,4} ?x\b"
)
#: Cloud TPU accelerator types: ``v5p-128``, ``tpu v4 32``, ``v5litepod-16``, ``v6e-8``.
_SLICE = re.compile(r"^(?:google )?(?:cloud )?(?:tpu )?(v2|v3|v4|v5p|v5e|v5litepod|v6e) (\d{1,6})$")
#: TensorCores per chip of each TPU generation whose slice suffix counts TensorCores.
_CORES_PER_CHIP: dict[str, int] = {"v2": 2, "v3": 2, "v4": 2, "v5p": 2}
#: Generation word of a slice name → the catalog alias of its chip.
_SLICE_CHIP: dict[str, str] = {
    "v2": "tpu v2",
    "v3": "tpu v3",
    "v4": "tpu v4",
    "v5p": "tpu v5p",
    "v5e": "tpu v5e",
    "v5litepod": "tpu v5e",
    "v6e": "tpu v6e",
}

Catalog = Sequence[Mapping[str, Any]] | Mapping[str, Any]


@dataclass(frozen=True)
class NameMatch:
    """A typed name resolved to one catalog model, possibly times a number of units."""

    id: str
    #: "id", "alias", "name matcher" or "slice" (a Cloud TPU slice name).
    how: str
    #: Catalog units one typed unit stands for (64 for "v5p-128"); 1 otherwise.
    multiplier: int = 1
    #: Human-readable expansion for the factor trail, e.g. "v5p-128 → 64 × google-tpu-v5p".
    expansion: str | None = None
    #: The name as typed.
    query: str = ""

    @property
    def trail(self) -> str:
        """How the name was read, for a footprint's notes and factor trail."""
        if self.expansion is not None:
            return self.expansion
        return f"'{self.query}' → {self.id} ({self.how})"


@dataclass(frozen=True)
class Refusal:
    """A name the matcher will not resolve, with why and what it could have meant."""

    name: str
    #: "unknown", "ambiguous" (a key naming several models) or "system" (a system-looking
    #: name that only matches a chip) or "invalid" (a malformed slice name).
    reason: str
    detail: str
    candidates: tuple[str, ...] = field(default=())


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def candidates(name: str) -> list[str]:
    """Normalized forms of ``name`` to look up, from the most literal to the most cleaned."""
    out: list[str] = []

    def add(text: str) -> None:
        t = _squash(text)
        if t and t not in out:
            out.append(t)
            for v in VENDOR_WORDS:
                if t.startswith(v + " ") and len(t) > len(v) + 1:
                    rest = t[len(v) + 1 :]
                    if rest not in out:
                        out.append(rest)

    add(normalize_name(name))
    no_clock = normalize_name(_CLOCK.sub("", name))
    add(no_clock)
    cleaned = _NOISE_WORDS.sub(" ", _CORES.sub(" ", _GEN.sub("", no_clock)))
    add(cleaned)
    return out


def looks_like_system(name: str) -> bool:
    """True when a name reads like a multi-accelerator system (DGX, HGX, NVL72, 8x ...)."""
    return _SYSTEM.search(normalize_name(name)) is not None


def _accelerator_parts(rec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    specs = rec.get("specs") or {}
    parts = specs.get("accelerators") if isinstance(specs, Mapping) else None
    return [p for p in parts or () if isinstance(p, Mapping) and p.get("model")]


class HardwareIndex:
    """The matcher for one catalog: normalized id/name/alias keys and a mainstream score.

    ``factors`` (optional) feeds the **mainstream score** used to order candidates and
    search hits among equals: how many catalog systems (servers, cloud instances) contain
    the model in their composition, then how many distinct sources give factors about it,
    then how many factors. A part that clouds deploy and several sources describe (NVIDIA
    V100) thus ranks before a lookalike described by one source (Tianshu BI-V100). It is a
    signal from the data, not a list of favoured names.
    """

    def __init__(
        self,
        records: Iterable[Mapping[str, Any]],
        factors: Iterable[Mapping[str, Any]] = (),
        *,
        mainstream: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        """``mainstream``: the scores already counted (a pack carries them, so a store
        need not read every factor to rank names); otherwise counted from ``factors``."""
        self.records: dict[str, Mapping[str, Any]] = {}
        self.categories: dict[str, str] = {}
        #: normalized key → every model it names (several = a clash).
        self.owners: dict[str, list[str]] = defaultdict(list)
        for rec in records:
            hid = str(rec["id"])
            self.records[hid] = rec
            self.categories[hid] = str(rec.get("category") or "")
            for text in (hid, rec.get("name") or "", *(rec.get("aliases") or ())):
                key = normalize_name(str(text))
                if key and hid not in self.owners[key]:
                    self.owners[key].append(hid)
        #: Unambiguous keys only (a slice's chip is looked up here).
        self.keys: dict[str, str] = {k: ids[0] for k, ids in self.owners.items() if len(ids) == 1}
        contained: Counter[str] = Counter()
        for rec in self.records.values():
            for part in _accelerator_parts(rec):
                contained[str(part["model"])] += 1
        sources: dict[str, set[str]] = defaultdict(set)
        counts: Counter[str] = Counter()
        for f in factors:
            subject = f.get("subject")
            if subject in self.records:
                sources[subject].add(str(f.get("source")))
                counts[subject] += 1
        self.mainstream: dict[str, tuple[int, int, int]] = {
            hid: (contained[hid], len(sources.get(hid, ())), counts[hid]) for hid in self.records
        }
        if mainstream is not None:
            self.mainstream = {
                hid: (int(s[0]), int(s[1]), int(s[2]))
                for hid, s in ((h, mainstream.get(h, (0, 0, 0))) for h in self.records)
            }
        self._search: SearchIndex | None = None

    # -- resolution -------------------------------------------------------------------------
    def resolve(
        self, name: str, *, category: str | Iterable[str] | None = None
    ) -> NameMatch | Refusal:
        """The model ``name`` denotes (see the module doc), or why not and what it could be."""
        if not isinstance(name, str) or not name.strip():
            return Refusal(str(name), "unknown", "an empty name names no model")
        allowed = (
            None if category is None else {category} if isinstance(category, str) else set(category)
        )

        def ok(hid: str) -> bool:
            return allowed is None or self.categories.get(hid) in allowed

        if name in self.records and ok(name):
            return NameMatch(name, "id", query=name)
        sliced = self._slice(name)
        if sliced is not None:
            if isinstance(sliced, NameMatch) and not ok(sliced.id):
                return Refusal(name, "unknown", f"'{name}' is not in the categories asked for")
            return sliced
        keys = candidates(name)
        for i, key in enumerate(keys):
            owners = [h for h in self.owners.get(key, ()) if ok(h)]
            if owners:  # the vendor-less twin only adds ambiguity, never a match of its own
                owners += [h for h in self._same_without_vendor(key) if ok(h) and h not in owners]
            if len(owners) == 1:
                how = "alias" if i == 0 else "name matcher"
                return self._guard(name, NameMatch(owners[0], how, query=name))
            if len(owners) > 1:
                return Refusal(
                    name,
                    "ambiguous",
                    f"'{name}' names {len(owners)} models: {', '.join(self.order(owners))}",
                    tuple(self.order(owners))[:MAX_CANDIDATES],
                )
        # "Xeon Platinum 8380", "Quadro RTX 8000": the vendor word was left out. Accept a
        # hit only when exactly one vendor prefix gives one.
        hits = {
            hid
            for key in keys
            for v in VENDOR_WORDS
            for hid in self.owners.get(f"{v} {key}", ())
            if ok(hid)
        }
        if len(hits) == 1:
            return self._guard(name, NameMatch(hits.pop(), "name matcher", query=name))
        if hits:
            ranked = self.order(hits)
            return Refusal(
                name,
                "ambiguous",
                f"'{name}' could be any of {', '.join(ranked)} (vendor not given)",
                tuple(ranked[:MAX_CANDIDATES]),
            )
        if looks_like_system(name):  # "DGX H100", "8x H100 SXM": a system around a chip
            core = _squash(_SYSTEM.sub(" ", normalize_name(name)))
            inner = self.resolve(core, category=category) if core else None
            if isinstance(inner, NameMatch) and inner.multiplier == 1:
                return self._guard(name, inner)
        return Refusal(
            name,
            "unknown",
            f"'{name}' names no model in the catalog",
            self.suggest(name, allowed),
        )

    def match(self, name: str, *, category: str | Iterable[str] | None = None) -> str | None:
        """The id a plain chip or system name denotes, else None (slices excluded: they are
        a count of chips, not one model)."""
        found = self.resolve(name, category=category)
        if isinstance(found, NameMatch) and found.multiplier == 1:
            return found.id
        return None

    def _same_without_vendor(self, key: str) -> list[str]:
        """Models the key names once its leading vendor word is dropped, when that vendor
        is theirs: a vendor word never distinguishes two models of its own vendor, so
        "NVIDIA GB200" (the per-GPU record's id) and "GB200" (the superchip's alias) clash
        and the name is refused as ambiguous. "Intel A100" keeps meaning Intel's part: the
        plain "A100" is NVIDIA's, so Intel's word does not reach it."""
        word, _, rest = key.partition(" ")
        if word not in VENDOR_WORDS or not rest:
            return []
        return [
            h
            for h in self.owners.get(rest, ())
            if normalize_name(str(self.records[h].get("vendor") or "")).split(" ")[0] == word
        ]

    def _guard(self, name: str, match: NameMatch) -> NameMatch | Refusal:
        """Refuse a system-looking name that only matched a single chip."""
        if self.categories.get(match.id) in CHIP_CATEGORIES and looks_like_system(name):
            core = _squash(_SYSTEM.sub(" ", normalize_name(name)))
            systems = [
                c for c in self.suggest(name, None) if self.categories.get(c) not in CHIP_CATEGORIES
            ]
            return Refusal(
                name,
                "system",
                f"'{name}' names a multi-accelerator system, but it only matches the single "
                f"chip {match.id}; no system record matches it, and a chip is not a system. "
                f"Give the chip and its count "
                f"(e.g. {{'model': '{match.id}', 'count': 8}}) or a system id",
                tuple(dict.fromkeys([*systems, match.id, *self.suggest(core)]))[:MAX_CANDIDATES],
            )
        return match

    def _slice(self, name: str) -> NameMatch | Refusal | None:
        m = _SLICE.match(normalize_name(name))
        if m is None:
            return None
        gen, size = m.group(1), int(m.group(2))
        chip = self.keys.get(_SLICE_CHIP[gen])
        if chip is None:
            return None  # the catalog lacks this TPU generation: an unknown name
        per_chip = _CORES_PER_CHIP.get(gen, 1)
        if size < 1 or size % per_chip:
            return Refusal(
                name,
                "invalid",
                f"'{name}': a {gen} slice counts TensorCores, {per_chip} per chip, so its "
                f"size must be a positive multiple of {per_chip}",
                (chip,),
            )
        chips = size // per_chip
        unit = "TensorCores" if per_chip > 1 else "chips"
        expansion = f"{name} → {chips} × {chip} (Cloud TPU accelerator type: {size} {unit}"
        expansion += f", {per_chip} per chip)" if per_chip > 1 else ")"
        return NameMatch(chip, "slice", chips, expansion, name)

    # -- ranking ----------------------------------------------------------------------------
    def order(self, ids: Iterable[str]) -> list[str]:
        """Ids, the mainstream part first (see the class doc), then by id."""
        return sorted(ids, key=lambda h: (tuple(-x for x in self.mainstream.get(h, (0, 0, 0))), h))

    @property
    def search(self) -> SearchIndex:
        """Ranked free-text search over ids, names and aliases (``carbonfactors.search``),
        the mainstream part first among equals."""
        if self._search is None:
            self._search = SearchIndex(
                (
                    (hid, [str(rec.get("name") or ""), *(rec.get("aliases") or ())])
                    for hid, rec in self.records.items()
                ),
                self.mainstream.__getitem__,
            )
        return self._search

    def suggest(self, name: str, allowed: set[str] | None = None) -> tuple[str, ...]:
        """ "Did you mean" candidates, best first: search hits for the name (exact to
        substring), then for the name without its system words ("DGX A100" → "A100"), then
        for each of its model numbers, then fuzzy hits for the name."""
        core = _squash(_SYSTEM.sub(" ", normalize_name(name)))
        words = [w for w in core.split() if any(c.isdigit() for c in w)]
        full = self.search.rank(name)
        hits = [h.id for h in full if h.tier < 4]
        if core and core != normalize_name(name):
            hits += [h.id for h in self.search.rank(core)]
        for word in words:
            hits += [h.id for h in self.search.rank(word) if h.tier < 4]
        hits += [h.id for h in full if h.tier == 4]
        out = [
            h for h in dict.fromkeys(hits) if allowed is None or self.categories.get(h) in allowed
        ]
        return tuple(out[:MAX_CANDIDATES])


_cache: tuple[int, int, HardwareIndex] | None = None


def _records(catalog: Catalog) -> Sequence[Mapping[str, Any]]:
    if isinstance(catalog, Mapping):
        hardware: Sequence[Mapping[str, Any]] = catalog.get("hardware", [])
        return hardware
    return catalog


def hardware_index(catalog: Catalog) -> HardwareIndex:
    """The index of a catalog (a snapshot dict or its ``hardware`` list), reusing the last one.

    The cache holds one index, keyed on the identity and length of the record list, so a
    service answering many lookups against one snapshot builds it once. A snapshot dict
    also feeds its ``factors`` to the mainstream score.
    """
    global _cache
    records = _records(catalog)
    key = (id(records), len(records))
    if _cache is None or _cache[:2] != key:
        factors = catalog.get("factors", ()) if isinstance(catalog, Mapping) else ()
        _cache = (key[0], key[1], HardwareIndex(records, factors))
    return _cache[2]


def match_hardware(
    name: str, catalog: Catalog, *, category: str | Iterable[str] | None = None
) -> str | None:
    """The catalog id that ``name`` denotes, or None when it names no single known model.

    ``catalog`` is a snapshot dict (``snapshot["hardware"]`` is used) or a list of hardware
    records with ``id``, ``name``, ``category`` and ``aliases``.
    """
    return hardware_index(catalog).match(name, category=category)
