"""Parts whose own die is cited on file by name, sized on it (audit 1796642882 O5).

Why: the segment defaults' ranges are sized on cited dies of named parts (``_cpu_segment``:
Thuban, Cannon Lake, Rocket Lake, Raptor Lake, Silverthorne, Dragon Range), but those
parts themselves took their segment's central value unless Boavizta's AGPL cpu_specs.csv
had a row (which is evidence only, never shipped): every Phenom II X6 (Thuban, 346 mm²)
was filed 13.56 kg, the desktop midpoint, while the model on its own cited die gives
16.92 kg. The segment note says "give the model's own value when you know its die": a
part named here is sized on its cited die with the model the segment defaults use.

Only parts a citation names (or a line it says is all on that die) are listed; a die
shared by other SKUs is not extended to them without a source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from carbonfactors.kinds import factor_id

from ._common import rounded, undated
from ._cpu_segment import doc_model_kg

Record = dict[str, Any]


@dataclass(frozen=True)
class NamedDie:
    """Catalog ids the die is cited for (pattern), its area (mm²), source id and what it is."""

    ids: re.Pattern[str]
    mm2: float
    source: str
    what: str


NAMED: tuple[NamedDie, ...] = (
    NamedDie(
        re.compile(r"^amd-phenom-ii-x6-"),
        346.0,
        "xbitlabs-thuban-2010",
        "Thuban die (Phenom II X6: one monolithic 45 nm six-core die)",
    ),
    NamedDie(  # the same review: Thuban is the server Istanbul die
        re.compile(r"^amd-opteron-(24|84)\d\d(-[a-z]+)?$"),
        346.0,
        "xbitlabs-thuban-2010",
        "Istanbul die (Opteron 2400 / 8400), the same 45 nm six-core die as Thuban",
    ),
    NamedDie(
        re.compile(r"^intel-atom-z5\d\d[a-z]*$"),
        25.0,
        "techreport-atom-2008",
        "Silverthorne die (Atom Z5xx, single-core 45 nm)",
    ),
    NamedDie(
        re.compile(r"^intel-core-i3-8121u$"),
        71.0,
        "tweakpc-cannon-lake-2018",
        "Cannon Lake CPU die of the Core i3-8121U (teardown)",
    ),
    NamedDie(
        re.compile(r"^intel-core-i9-11900k$"),
        280.0,
        "computerbase-raptor-lake-2022",
        "Rocket Lake die of the Core i9-11900K (measured)",
    ),
    NamedDie(
        re.compile(r"^intel-core-i9-13900$"),
        257.0,
        "computerbase-raptor-lake-2022",
        "Raptor Lake die of the Core i9-13900 (measured)",
    ),
    NamedDie(
        re.compile(r"^amd-ryzen-9-7945hx$"),
        264.7,
        "airvers-zen4-2022",
        "Dragon Range package of the Ryzen 9 7945HX, 2 x 70 mm² Zen 4 core dies + 124.7 mm² "
        "client I/O die",
    ),
)


def named_die(cid: str) -> NamedDie | None:
    """The cited die a part is named on, or None."""
    return next((d for d in NAMED if d.ids.match(cid)), None)


def sized_on_named(die: NamedDie, cid: str, fyear: int, year: int | None, why_year: str) -> Record:
    """The part's embodied value: the documented CPU model on its own cited die."""
    return {
        "id": factor_id("embodied", cid, fyear, "carbonfactors-derived", "manufacturing"),
        "kind": "embodied",
        "subject": cid,
        "year": fyear,
        "value": rounded(doc_model_kg(die.mm2), 3),
        "unit": "kgCO2e",
        "basis": "manufacturing",
        **undated(year),
        "rung": "component-model",
        "source": "carbonfactors-derived",
        "method": (
            "The CPU manufacturing model documented by BoaviztAPI (boavizta-cpu-doc: (die + "
            "0.491 cm²) x 1.97 kgCO2e/cm² + 9.14 kgCO2e), the model the segment defaults use, "
            f"on this part's own cited die: the {die.what}, {die.mm2:g} mm² ({die.source}, "
            "secondary). No bounds: one die reading, the model's own spread not on file "
            "(audit 1796642882 O5, screen cpu-named-die-unused)." + why_year
        ),
        "inputs": {"die_area_mm2": rounded(die.mm2, 3)},
        "derived_from": {"factors": [], "sources": sorted({die.source, "boavizta-cpu-doc"})},
    }
