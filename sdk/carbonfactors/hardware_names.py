"""Match the hardware names people and tools report to a catalog id, or to nothing.

Tools print names like ``Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz`` (``/proc/cpuinfo``),
``AMD EPYC 7763 64-Core Processor`` or ``NVIDIA A100-SXM4-40GB`` (``nvidia-smi``). A match is
only ever an *exact* hit of the normalized name on a catalog id, name or alias, after
removing noise that never distinguishes two models (trademark marks, "CPU", "Processor",
"N-Core", a clock speed after "@", a leading vendor word; a missing vendor word is tried
for every vendor and accepted only when exactly one gives a hit). There is no fuzzy or prefix
matching, so a name is resolved to the right model or to ``None``, never to a neighbour:
"A100" resolves only because the catalog defines it as an alias (see the alias policy in
``carbonfactors_service/importers/_accelerator_table.py``), and "A800" resolves to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .names import normalize_name

#: Words that name a vendor; an input may carry them or not.
VENDOR_WORDS: tuple[str, ...] = ("nvidia", "amd", "intel", "google", "aws", "amazon")

_CLOCK = re.compile(r"@.*$")
_CORES = re.compile(r"\b\d+ core\b")
_NOISE_WORDS = re.compile(r"\b(?:cpu|processor|with radeon graphics)\b")
_SPACES = re.compile(r"\s+")
#: "12th Gen Intel(R) Core(TM) i7-12700H": the generation prefix Intel adds since 11th gen.
_GEN = re.compile(r"^\d+th gen (?=intel )")

Catalog = Sequence[Mapping[str, Any]] | Mapping[str, Any]


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


class HardwareIndex:
    """Normalized id/name/alias -> hardware id, built once for a catalog."""

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        self.keys: dict[str, str] = {}
        self.categories: dict[str, str] = {}
        clashes: set[str] = set()
        for rec in records:
            hid = str(rec["id"])
            self.categories[hid] = str(rec.get("category") or "")
            for text in (hid, rec.get("name") or "", *(rec.get("aliases") or ())):
                key = normalize_name(str(text))
                if not key:
                    continue
                other = self.keys.setdefault(key, hid)
                if other != hid:
                    clashes.add(key)
        # A key naming two models (the validator forbids it) must match neither.
        for key in clashes:
            del self.keys[key]

    def match(self, name: str, *, category: str | Iterable[str] | None = None) -> str | None:
        """The id ``name`` denotes, optionally only within ``category``; else None."""
        if not isinstance(name, str) or not name.strip():
            return None
        allowed = (
            None if category is None else {category} if isinstance(category, str) else set(category)
        )
        keys = candidates(name)
        for key in keys:
            hid = self.keys.get(key)
            if hid is not None and (allowed is None or self.categories.get(hid) in allowed):
                return hid
        # "Xeon Platinum 8380", "Quadro RTX 8000": the vendor word was left out. Accept a
        # hit only when exactly one vendor prefix gives one.
        hits = {
            hid
            for key in keys
            for v in VENDOR_WORDS
            if (hid := self.keys.get(f"{v} {key}")) is not None
            and (allowed is None or self.categories.get(hid) in allowed)
        }
        return hits.pop() if len(hits) == 1 else None


_cache: tuple[int, int, HardwareIndex] | None = None


def _records(catalog: Catalog) -> Sequence[Mapping[str, Any]]:
    if isinstance(catalog, Mapping):
        hardware: Sequence[Mapping[str, Any]] = catalog.get("hardware", [])
        return hardware
    return catalog


def hardware_index(catalog: Catalog) -> HardwareIndex:
    """The index of a catalog (a snapshot dict or its ``hardware`` list), reusing the last one.

    The cache holds one index, keyed on the identity and length of the record list, so a
    service answering many lookups against one snapshot builds it once.
    """
    global _cache
    records = _records(catalog)
    key = (id(records), len(records))
    if _cache is None or _cache[:2] != key:
        _cache = (key[0], key[1], HardwareIndex(records))
    return _cache[2]


def match_hardware(
    name: str, catalog: Catalog, *, category: str | Iterable[str] | None = None
) -> str | None:
    """The catalog id that ``name`` denotes, or None when it names no single known model.

    ``catalog`` is a snapshot dict (``snapshot["hardware"]`` is used) or a list of hardware
    records with ``id``, ``name``, ``category`` and ``aliases``.
    """
    return hardware_index(catalog).match(name, category=category)
