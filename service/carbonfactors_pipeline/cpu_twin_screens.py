"""CPU screens on one part filed under two ids, and a part with no power of its own
(systematic CPU pass 2026-12-07, classes FW and P0; ``importers/_cpu_twins``).

* ``cpu-family-word-twin`` (FW): an AMD id with no family word ("amd-6276") beside the
  family-named part with the same model number and TDP ("amd-opteron-6276") is one part under
  two ids; the bare one sat on the generic CPU default (0.48-100 kg) while its twin took the
  server default. The catalog files one id per part, the bare name an alias.
* ``cpu-spelling-twin`` (SP, audit 1796655557 O6): two AMD ids that are one name once AMD's
  decorations ("7th Gen … APU", "BE") or, where AMD's table gives the other that many cores,
  the core-count word ("X2") are dropped, with one TDP and segment: "amd-phenom-ii-570" and
  "amd-phenom-ii-x2-570-be" were one part under two ids. The catalog files one id per part.
* ``cpu-power-missing`` (P0): every catalog CPU comes from CodeCarbon's TDP list, so one
  without a power factor of its own had a cell no importer could read ("27.29.5", "0.0") and
  fell to the CPU category's 65 W (a 0.03 W Quark microcontroller at 65 W). The importer
  takes the part's own row elsewhere on file; a part with none stays a problem to explain.
* ``cpu-laptop-tdp`` (TM): a part its maker's table sells only in laptops with a TDP above
  ``LAPTOP_MAX_W`` (the highest of every other laptop-only row of AMD's table, the 35-54 W
  cTDP of the H parts) that no correction confirms: the scraped table gives five FP3/FT3b
  BGA APUs (A8-7200P, E2-7110...) 65-100 W, eco2ai's own rows 15-35 W. HX parts (55 W and
  more, desktop silicon in a laptop package) are exempt.
"""

from __future__ import annotations

from typing import Any

Problem = tuple[str, str]
#: Highest TDP of a laptop-only, non-HX row in AMD's table (the H parts' cTDP high), W.
LAPTOP_MAX_W = 54.0


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


def spelling_twin(hardware: list[dict[str, Any]], factors: list[dict[str, Any]]) -> list[Problem]:
    """(CPU id, reason) for an AMD id spelled twice (class SP): the one not kept."""
    from .importers._cpu_eco2ai import undecorated  # the importers import the screens
    from .importers._cpu_twins import spelling_twins

    cpus = {h["id"]: h for h in hardware if h.get("category") == "cpu"}
    tdp = {k: v for k, v in _tdp(factors).items() if k in cpus}
    specs = {k: h.get("specs") or {} for k, h in cpus.items()}
    return [
        (
            cid,
            f"cpu-spelling-twin: the same part as {kept} ({tdp[cid]:g} W TDP and segment "
            "alike; the names differ only by AMD's decorations or core-count word) under a "
            "second id; file one id, this name an alias (importers/_cpu_twins.spelling_twins)",
        )
        for cid, kept in spelling_twins(
            tdp,
            lambda c: specs[c].get("segment"),
            lambda c: specs[c].get("cores"),
            undecorated,
        ).items()
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


def laptop_tdp(hardware: list[dict[str, Any]], factors: list[dict[str, Any]]) -> list[Problem]:
    """(factor id, reason) for a laptop-only part's TDP above ``LAPTOP_MAX_W``, uncorrected."""
    laptop = {
        h["id"]
        for h in hardware
        if h.get("category") == "cpu"
        and str((h.get("specs") or {}).get("form_factor") or "").strip() == "Laptops"
        and not h["id"].endswith("hx")
    }
    return [
        (
            f["id"],
            f"cpu-laptop-tdp: its maker's table sells it only in laptops, yet its TDP is "
            f"{float(f['value']):g} W, above every other laptop-only part's {LAPTOP_MAX_W:g} W; "
            "correct it with the part's own reading in factors/corrections.yaml",
        )
        for f in factors
        if f.get("kind") == "power"
        and f.get("basis") == "tdp"
        and f["subject"] in laptop
        and float(f["value"]) > LAPTOP_MAX_W
        and "factors/corrections.yaml" not in str(f.get("method") or "")
    ]


def tdp_second_reading(factors: list[dict[str, Any]]) -> list[Problem]:
    """(factor id, reason) for a CPU TDP whose second reading on file (eco2ai's, kept in
    ``inputs`` by the importer, also under AMD's undecorated spelling) lies outside its
    bounds (audit 1796642882 class TD: FX-8800P 15 W, no bounds, eco2ai 35 W)."""
    from .importers._cpu_eco2ai import INPUT_W, SAME_W

    out: list[Problem] = []
    for f in factors:
        other = (f.get("inputs") or {}).get(INPUT_W)
        if f.get("kind") != "power" or f.get("basis") != "tdp" or other is None:
            continue
        lo, hi = float(f.get("low", f["value"])), float(f.get("high", f["value"]))
        if not lo - SAME_W <= float(other) <= hi + SAME_W:
            out.append(
                (
                    str(f["id"]),
                    f"cpu-tdp-second-reading: another reading of this part's TDP is on file "
                    f"({float(other):g} W, {(f.get('inputs') or {}).get('eco2ai_name')}) outside "
                    f"its bounds [{lo:g}..{hi:g}]; widen them and say why "
                    "(importers/_cpu_eco2ai.second_reading)",
                )
            )
    return out


def named_die_unused(
    hardware: list[dict[str, Any]], factors: list[dict[str, Any]]
) -> list[Problem]:
    """(CPU id, reason) for a part whose own die is cited on file by name
    (``importers/_cpu_named_dies.NAMED``) with no embodied value but Boavizta's AGPL one:
    it sat on its segment's central value (audit 1796642882 O5, Phenom II X6 on Thuban)."""
    from .importers._cpu_named_dies import named_die

    shipped = {
        str(f["subject"])
        for f in factors
        if f.get("kind") == "embodied" and f.get("source") != "boavizta-api"
    }
    return [
        (
            h["id"],
            f"cpu-named-die-unused: its own die is cited on file ({d.what}, {d.mm2:g} mm², "
            f"{d.source}) but it has no embodied value on it, so it takes its segment default; "
            "size it on its die (importers/_cpu_named_dies.sized_on_named)",
        )
        for h in hardware
        if h.get("category") == "cpu"
        and (d := named_die(str(h["id"]))) is not None
        and h["id"] not in shipped
    ]
