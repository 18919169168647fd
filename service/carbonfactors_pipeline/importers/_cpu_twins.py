"""CPU names the catalog read as other parts than they are (systematic CPU pass, 2026-12-07).

Why, one class each:

* **VT** (vendor-table name variants): AMD's product table (``amd_cpu_desktop_dataset.csv``,
  via CodeCarbon) names 95 parts with their graphics, "E2-3800 with Radeon™ HD 8280", while
  CodeCarbon's TDP list, the catalog's key, says "AMD E2-3800". The table row never met its
  part, so its "Form Factor", cores, launch date and cTDP went unread: 29 parts AMD sells only
  in "Laptops" (E1/E2/A4-5000 APUs, 15 W) were filed desktop by the name rule. ``table_keys``
  gives the ids a table name also stands for (the name without " with …").
* **FW** (family word missing): CodeCarbon lists ~80 AMD parts twice, once without the
  family word ("AMD 6276" beside "AMD Opteron 6276", same TDP). The bare id had no segment
  and took the generic CPU default (bounds 0.48-100 kg) while its twin took the server one.
  ``family_twins`` finds the one family-named twin with the same model number and TDP; the
  catalog files both spellings under the twin's id (the bare name an alias, so it resolves).
  A bare name whose family-named parts disagree on TDP or segment stays unmerged.
* **P0** (TDP cell unreadable): CodeCarbon's cell for four Celerons is two numbers run
  together ("27.29.5") and for the Quark D1000 "0.0" (its 0.03 W rounded), so those parts had
  no power of their own and took the CPU category's 65 W. ``fallback_tdp`` takes the part's
  own row in Intel's ARK extract (same repository), else eco2ai's copy of the list, and the
  factor's method quotes the unreadable cell.
* **SP** (spelling twins, audit 1796655557 O6): CodeCarbon lists AMD parts again under AMD's
  decorations ("AMD 7th Gen A10-9700 APU" beside "AMD A10-9700"; "Phenom II X2 550 BE" beside
  "Phenom II X2 550") and, for Phenom II, with the core-count word AMD's own table row drops
  ("AMD Phenom II X2 570 BE" beside the table's "AMD Phenom II 570", 2 cores). Same TDP and
  segment: one part under two ids. ``spelling_twins`` files both under one id. The core-count
  word is dropped only where AMD's table gives the other id that many cores: "Athlon 64 3600+"
  (one core) and "Athlon 64 X2 3600+" are two parts, and their TDPs differ too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ._common import number
from ._cpu_eco2ai import Eco2aiRow, undecorated

#: AMD family words: an id with one names its line ("amd-opteron-6276").
FAMILY_WORDS = frozenset(
    {
        "opteron",
        "phenom",
        "athlon",
        "sempron",
        "turion",
        "duron",
        "fx",
        "epyc",
        "ryzen",
        "a4",
        "a6",
        "a8",
        "a9",
        "a10",
        "a12",
        "e1",
        "e2",
    }
)
#: A table name's trailing graphics or bundle phrase ("-with-radeon-hd-8280").
_WITH = re.compile(r"-with-.*$")


def table_keys(cid: str) -> list[str]:
    """The ids an AMD table name stands for: itself, then without its " with …" phrase."""
    plain = _WITH.sub("", cid)
    return [cid] if plain == cid else [cid, plain]


def bare(cid: str) -> bool:
    """True for an AMD id with a model number and no family word ("amd-6276")."""
    vendor, _, rest = cid.partition("-")
    toks = rest.split("-") if rest else []
    return vendor == "amd" and bool(toks) and not any(t in FAMILY_WORDS for t in toks)


def family_twins(
    tdp: dict[str, float], ids: Iterable[str], segment_of: Callable[[str], str | None]
) -> dict[str, str]:
    """``{bare id: twin id}``: the family-named part with the same model-number tail and TDP.

    Candidates are AMD ids whose first token after the vendor is a family word and whose
    last tokens are the bare id's; only those with the bare id's TDP count, and they must
    name one segment (``segment_of``). Of several (``athlon-425e``, ``athlon-ii-x3-425e``:
    one part spelled twice itself) the longest id is the twin.
    """
    named: dict[str, list[str]] = {}
    for c in ids:
        toks = c.split("-")
        if toks[0] == "amd" and len(toks) > 2 and toks[1] in FAMILY_WORDS:
            for n in range(1, len(toks) - 1):
                named.setdefault("-".join(toks[-n:]), []).append(c)
    out: dict[str, str] = {}
    for cid, w in sorted(tdp.items()):
        if not bare(cid):
            continue
        tail = cid.split("-", 1)[1]
        same = [c for c in named.get(tail, ()) if c in tdp and abs(tdp[c] - w) < 1e-6]
        if same and len({segment_of(c) for c in same}) == 1:
            out[cid] = max(same, key=lambda c: (len(c), c))
    return out


#: AMD's core-count word in a name ("x2" in "Phenom II X2 570").
_CORE_WORD = re.compile(r"^x(\d)$")


def spelling_twins(
    tdp: dict[str, float],
    segment_of: Callable[[str], str | None],
    cores_of: Callable[[str], int | None],
    key: Callable[[str], str],
) -> dict[str, str]:
    """``{id: kept id}`` for AMD parts spelled twice (class SP, see the module docstring).

    ``key``: an id without AMD's decorations (``_cpu_eco2ai.undecorated``). Two ids with one
    key, or one key once a core-count token "x<d>" is dropped from one of them while AMD's
    table gives the other d cores, are one part when their TDP and segment agree. The kept
    id is the one AMD's table names (``cores_of`` not None), else the shorter spelling.
    """
    groups: dict[str, list[str]] = {}
    for c in sorted(tdp):
        if not c.startswith("amd-"):
            continue
        k = key(c)
        groups.setdefault(k, []).append(c)
        toks = k.split("-")
        for i, t in enumerate(toks):
            m = _CORE_WORD.match(t)
            if m:
                groups.setdefault("#".join(["-".join(toks[:i] + toks[i + 1 :]), m[1]]), []).append(
                    c
                )
    out: dict[str, str] = {}
    for k, ids in groups.items():
        if "#" in k:  # the core-count spelling: join the ids with that many cores
            plain, n = k.split("#")
            ids = ids + [c for c in groups.get(plain, []) if cores_of(c) == int(n)]
        ids = sorted(set(ids) - set(out))
        if (
            len(ids) < 2
            or len({tdp[c] for c in ids}) != 1
            or len({segment_of(c) for c in ids}) != 1
        ):
            continue
        kept = min(ids, key=lambda c: (cores_of(c) is None, len(c), c))
        out |= {c: kept for c in ids if c != kept}
    return out


def read_eco2ai_tdp(rows: Iterable[Eco2aiRow]) -> dict[str, float]:
    """``{cpu id: TDP W}`` from eco2ai's copy of the list (first positive reading wins)."""
    out: dict[str, float] = {}
    for r in rows:
        if r.tdp is not None:
            out.setdefault(r.cid, r.tdp)
    return out


def fallback_tdp(cell: str, ark: float | None, eco: float | None) -> tuple[float, str, str] | None:
    """(W, source id, method) for a part whose CodeCarbon cell is unreadable or zero.

    ``ark``: the part's TDP in Intel's ARK extract (CodeCarbon's dataset builder); ``eco``:
    eco2ai's reading of the same name. None when neither has one.
    """
    said = "CodeCarbon cpu_power.csv's TDP cell for this part " + (
        f"reads '{cell.strip()}'" if cell.strip() else "is empty"
    )
    why = (
        "no reading"
        if not cell.strip()
        else "zero (a rounded sub-watt figure)"
        if number(cell) == 0
        else "not a number"
    )
    if ark is not None and ark > 0:
        return (
            ark,
            "codecarbon-cpu-power",
            f"{said}, {why}: value from the part's own row in Intel's ARK extract in the same "
            f"repository (cpu_dataset_builder/intel_cpu_ark_dataset.csv, {ark:g} W).",
        )
    if eco is not None and eco > 0:
        return (
            eco,
            "eco2ai",
            f"{said}, {why}: value from eco2ai's copy of the same list (eco2ai/cpu_names.csv, "
            f"{eco:g} W for this name), a secondary relay of the maker's figure; no second "
            "reading on file, so no bounds.",
        )
    return None


Record = dict[str, Any]


def merge_one(
    models: dict[str, Record],
    tdps: dict[str, list[tuple[str, float]]],
    unread: dict[str, str],
    cid: str,
    twin: str,
    bz: dict[str, Record],
) -> str:
    """File part ``cid`` under ``twin`` (its names aliases, its readings the twin's, its
    Boavizta row the twin's where the twin has none, so no embodied value is lost); the
    gone part's name, for the twin's method note (classes FW and SP)."""
    if cid in bz:
        bz.setdefault(twin, bz[cid])
        del bz[cid]
    gone = models.pop(cid)
    t = models[twin]
    for a in (gone["name"], *gone["aliases"]):
        if a != t["name"] and a not in t["aliases"]:
            t["aliases"].append(a)
    tdps[twin] = tdps.get(twin, []) + tdps.pop(cid, [])
    if cid in unread:
        unread.setdefault(twin, unread.pop(cid))
    return str(gone["name"])


def merge_twins(
    models: dict[str, Record],
    tdps: dict[str, list[tuple[str, float]]],
    unread: dict[str, str],
    bz: dict[str, Record],
    segment_of: Callable[..., str | None],
    builder_of: Callable[[str], Record],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Classes FW and SP, in place: "AMD 6276" is "AMD Opteron 6276", and "AMD Phenom II X2
    570 BE" is AMD's "Phenom II 570": each pair one id, the other names aliases. Returns the
    gone names by kept id, bare names (FW) and spellings (SP), for the kept part's method.
    ``segment_of(id, form factor=None)``: the filed segment; ``builder_of``: the launch
    table's record of an id (cores, form factor)."""
    first = {c: v[0][1] for c, v in tdps.items()}
    bare_names: dict[str, list[str]] = {}
    for cid, twin in family_twins(first, models, lambda c: segment_of(c)).items():
        bare_names.setdefault(twin, []).append(merge_one(models, tdps, unread, cid, twin, bz))
    first = {c: v[0][1] for c, v in tdps.items()}
    spelled: dict[str, list[str]] = {}
    for cid, twin in spelling_twins(
        first,
        lambda c: segment_of(c, builder_of(c).get("form_factor")),
        lambda c: builder_of(c).get("cores"),
        undecorated,
    ).items():
        spelled.setdefault(twin, []).append(merge_one(models, tdps, unread, cid, twin, bz))
    return bare_names, spelled
