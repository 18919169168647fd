"""Sub-national grids linked only to other sub-zones of their country, never to its grid.

Why: audit ``factors/audits/2026-12-07-seed-1796655557-part-a.md``, class a-IS (#11,
Tenerife 2017). The isolated-grid list (``_isolated_grids``) holds the zones with no
interconnector at all; the foreign-linked list (``_foreign_linked_grids``) those whose links
all lead abroad. Island groups linked only to each other fell between them: Electricity Maps
models Tenerife-La Gomera (``ES-CN-IG_ES-CN-TE``) and Fuerteventura-Lanzarote
(``ES-CN-FV_ES-CN-LZ``) and nothing to mainland Spain, yet the four zones were treated as fed
from Spain's grid: rule G3 scaled their own values by the mainland's change (Tenerife 2017
846.5 g, above every Tenerife value on file; La Gomera 2022 1,138.88 g, above its own 938 g
that the lifecycle ceiling had screened out) and direct-basis lookups answered Spain's
190-318 g for oil-fired islands whose own lifecycle values are 668-951 g.

Rule: take the connected components of the exchange graph (``_em_exchanges.PAIRS``). A
sub-national zone is cut off from its parent country when its component holds only the
parent's own sub-zones and holds neither the parent nor every linked sub-zone of the parent
(those with an interconnector that are not already marked isolated). A component that holds
all of them is the country's grid itself (Japan's nine zones, the NEM, the Philippines'
three), so the country's value stands for it. Like the lists it extends, this is a fact about
Electricity Maps' configuration (electricitymaps-contrib config/exchanges @ b354f28), copied
from no file: the AGPL repository is the evidence, never the source of a value.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from ._em_exchanges import EVIDENCE as EXCHANGES
from ._em_exchanges import PAIRS


def components(pairs: Iterable[str] = PAIRS) -> dict[str, frozenset[str]]:
    """Zone -> the zones it is linked to, directly or through others (itself included)."""
    near: dict[str, set[str]] = {}
    for pair in pairs:
        a, b = pair.split("_", 1)
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    out: dict[str, frozenset[str]] = {}
    for start in sorted(near):
        if start in out:
            continue
        seen, todo = {start}, [start]
        while todo:
            for n in near[todo.pop()]:
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        group = frozenset(seen)
        out.update((z, group) for z in group)
    return out


def cut_off(
    parents: Mapping[str, str],
    isolated: Collection[str] = frozenset(),
    pairs: Iterable[str] = PAIRS,
) -> dict[str, frozenset[str]]:
    """Sub-national zone -> its linked group, for every zone cut off from its parent by the
    rule of the module doc. ``parents`` maps each sub-national zone to its country;
    ``isolated`` holds the zones already marked isolated (left out of the parent's grid)."""
    groups = components(pairs)
    linked: dict[str, set[str]] = {}
    for z, p in parents.items():
        if z in groups and z not in isolated:
            linked.setdefault(p, set()).add(z)
    out: dict[str, frozenset[str]] = {}
    for z, p in sorted(parents.items()):
        group = groups.get(z)
        if group is None or z in isolated:
            continue
        if p in group or any(parents.get(m) != p for m in group):
            continue
        if linked.get(p, set()) <= group:
            continue  # the group is the country's grid (every linked sub-zone is in it)
        out[z] = group
    return out


def evidence(zone: str, group: Collection[str], parent: str) -> str:
    """The ``isolated`` text for a cut-off zone: what it is linked to, and what it is not."""
    others = sorted(set(group) - {zone})
    links = sorted(p for p in PAIRS if zone in p.split("_", 1))
    return (
        f"not fed from {parent}'s grid: in Electricity Maps' exchange configuration "
        f"({EXCHANGES}) it is linked only to {', '.join(others)} ({', '.join(links)}), "
        f"another part of {parent} with no interconnector path to {parent} or its other grid "
        f"zones, so {parent}'s value (lifecycle or direct) does not stand for it"
    )
