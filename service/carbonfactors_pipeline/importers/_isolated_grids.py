"""Sub-national grids that are not interconnected with any other zone: facts, by hand.

Why: a lookup falls back from a sub-national grid to its country when the grid has no value
for the year (``resolve.grid``). For an island or a separate system (the Chatham Islands'
diesel grid under New Zealand's hydro-heavy one) the country's value is a wrong number, not
a coarser one (audit ``factors/audits/2026-12-06-seed-1796536060.md``, class A).

The list is every zone of Electricity Maps' zone index (``electricitymaps/zones_index.csv``)
that appears in no exchange (interconnector) file of the same repository snapshot's
``config/exchanges/`` (electricitymaps-contrib @ b354f28, 382 files; read with git in a
mirror of the repository, the folder is not in the shared sources). It is a fact about the
configuration (which zones Electricity Maps models as exchanging power), copied from no
file: the AGPL repository is the evidence, never the source of a value. A zone tied to its
neighbours by a cable Electricity Maps does not model would be listed too; for it the rule
is merely conservative (its own series, else no value), never a wrong number.
"""

from __future__ import annotations

EVIDENCE = (
    "no interconnector with any other zone in Electricity Maps' exchange configuration, "
    "electricitymaps-contrib config/exchanges @ b354f28, the snapshot of its zone list"
)
ISOLATED: frozenset[str] = frozenset(
    {
        "AU-LH",
        "AU-NT",
        "AU-TAS-CBI",
        "AU-TAS-FI",
        "AU-TAS-KI",
        "AU-WA",
        "AU-WA-RI",
        "CA-NT",
        "CA-NU",
        "CA-YT",
        "CL-CHP",
        "CL-SEA",
        "CL-SEM",
        "DK-BHM",
        "ES-CE",
        "ES-CN-GC",
        "ES-CN-HI",
        "ES-CN-LP",
        "ES-ML",
        "FO-MI",
        "FO-SI",
        "GB-ORK",
        "GB-ZET",
        "IN-AN",
        "JP-ON",
        "MY-EM",
        "NZ-NZA",
        "NZ-NZC",
        "NZ-NZST",
        "PT-AC",
        "PT-MA",
        "RU-EU",
        "RU-FE",
        "US-AK",
        "US-AK-SEAPA",
        "US-HI",
    }
)
