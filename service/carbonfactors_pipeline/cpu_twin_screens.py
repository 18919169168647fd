"""CPU screens on one part filed under two ids, and a part with no power of its own
(systematic CPU pass 2026-12-07, classes FW and P0; ``importers/_cpu_twins``).

* ``cpu-family-word-twin`` (FW): an AMD id with no family word ("amd-6276") beside the
  family-named part with the same model number and TDP ("amd-opteron-6276") is one part under
  two ids; the bare one sat on the generic CPU default (0.48-100 kg) while its twin took the
  server default. The catalog files one id per part, the bare name an alias.
* ``cpu-power-missing`` (P0): every catalog CPU comes from CodeCarbon's TDP list, so one
  without a power factor of its own had a cell no importer could read ("27.29.5", "0.0") and
  fell to the CPU category's 65 W (a 0.03 W Quark microcontroller at 65 W). The importer
  takes the part's own row elsewhere on file; a part with none stays a problem to explain.
"""

from __future__ import annotations

from typing import Any

Problem = tuple[str, str]


def _tdp(factors: list[dict[str, Any]]) -> dict[str, float]:
    """First TDP factor value per subject (the catalog's own readings)."""
    out: dict[str, float] = {}
    for f in factors:
        if f.get("kind") == "power" and f.get("basis") == "tdp" and not f.get("excluded"):
            out.setdefault(str(f["subject"]), float(f["value"]))
    return out


def family_word_twins(
    hardware: list[dict[str, Any]], factors: list[dict[str, Any]]
) -> list[Problem]:
    """(CPU id, reason) for a bare AMD id whose family-named twin has its TDP."""
    from .importers._cpu_twins import family_twins  # the importers import the screens

    cpus = {h["id"]: h for h in hardware if h.get("category") == "cpu"}
    tdp = {k: v for k, v in _tdp(factors).items() if k in cpus}
    seg = {k: (h.get("specs") or {}).get("segment") for k, h in cpus.items()}
    return [
        (
            cid,
            f"cpu-family-word-twin: the same part as {twin} (same model number and "
            f"{tdp[cid]:g} W TDP, the family word missing from the name) under a second "
            "id; file one id, this name an alias (importers/_cpu_twins.family_twins)",
        )
        for cid, twin in family_twins(tdp, cpus, seg.get).items()
    ]


def power_missing(hardware: list[dict[str, Any]], factors: list[dict[str, Any]]) -> list[Problem]:
    """(CPU id, reason) for a catalog CPU with no power factor of its own."""
    have = {str(f["subject"]) for f in factors if f.get("kind") == "power"}
    return [
        (
            h["id"],
            "cpu-power-missing: no power factor of its own, so it takes the CPU category's "
            "median TDP; read its TDP cell or its own row in another table on file "
            "(importers/_cpu_twins.fallback_tdp)",
        )
        for h in hardware
        if h.get("category") == "cpu" and h["id"] not in have
    ]
