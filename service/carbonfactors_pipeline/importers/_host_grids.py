"""Countries with no grid series of their own that sit inside a neighbour's grid: facts.

Why: Ember and Electricity Maps publish nothing for San Marino or Monaco, so every lookup
for them was refused (audit 2026-12-06 seed 1796563618, class R: #2 and #7), although the
harmonised default grid factors of the international financial institutions (UNFCCC IFI,
2021 v3.1, as re-published by co2.js) give each exactly its neighbour's row: they draw on
that grid. Which grid serves a country is a fact, not the IFI data (CC BY-SA), so it is
cited like the region mappings (``host-grid-evidence``, facts cited) and every bundle
carries it; the value a lookup gets is the neighbour's own series, under its own licence.
A country whose IFI row differs from every neighbour's (Andorra, Liechtenstein) is not
mapped.
"""

from __future__ import annotations

SOURCE = "host-grid-evidence"
#: country -> (the grid it draws on, the evidence)
HOST_GRIDS: dict[str, tuple[str, str]] = {
    "SM": (
        "IT",
        "San Marino's row in the IFI harmonised default grid factors 2021 (v3.1) equals "
        "Italy's in every column (224, 343, 224, 224, 414 gCO2/kWh): it is served by the "
        "Italian grid",
    ),
    "MC": (
        "FR",
        "Monaco's row in the IFI harmonised default grid factors 2021 (v3.1) equals "
        "France's in every column (68, 124, 68, 68, 158 gCO2/kWh): it is served by the "
        "French grid",
    ),
}
