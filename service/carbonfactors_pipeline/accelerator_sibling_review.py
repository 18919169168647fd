"""Validator screens for accelerator values that ignore a named sibling (audit 1796630035).

* ``accel-stem-sibling`` (class N1, #34 H100 NVL): a part answered by a class value (MEMORY
  PEERS, NODE PEERS or BANDWIDTH CLASS) whose id shares its model stem (the id up to its
  first token with a digit: ``nvidia-h100`` of ``nvidia-h100-nvl``) with a part of the same
  vendor that has a die area or a product LCA on file. The family rule links ids only where
  one is the prefix of the other, so a same-die part named by a suffix (NVL, PCIe) fell to
  its class. Cite the die (``_accelerator_same_die.SAME_DIE_AS``) so the same-die rules size
  it, or keep it in ``screens.yaml`` with the reason it is not the sibling's die. A part
  whose ``specs.same_die_as`` is set and still has a class value fails too, and so does one
  whose die code name (``specs.die_name``, cited: ``_accelerator_same_die.DIE_NAMES``) is a
  sized part's of the same vendor, whatever its id (H20 and L40S share no stem with the
  H100 and L40 cards whose GH100 and AD102 they carry).
* ``sibling-memory-rate`` (class S4, #35 MI325X): a SAME SILICON value (``inputs.
  same_silicon_as``) whose memory increment, per GB, is more than ``RATE_RATIO`` x off the
  rate the sibling's own value charges for memory (``_accelerator_siblings.sibling_rate``):
  one chain priced the same HBM at two rates (0.388 against 0.853 kg/GB).
* ``accel-power-same-die`` (audit 1796655557 class PS, #39 RTX 6000 Ada): a part with no
  power factor of its own (so the engine answers the category default, rule P1) while a
  part on its very die (same vendor, die area and transistor count, or linked by
  ``specs.same_die_as``) has a datasheet TDP factor. The importer's SAME DIE step
  (``_accelerator_same_die_power``) gives such a part the same-die boards' value.
* ``accel-same-die-bounds`` (audit 1796674267 class TB, #36 Ascend 910A Pro): a sized value
  linked to another part's (``inputs.same_die_as`` or ``inputs.family_model``) with the
  same central value but other bounds, where the silicon inputs differ (die, node span,
  extra tiles, compute dies): the link dropped part of the package (the 910's 771.75 mm²
  of I/O die, HBM and dummies, in its high bound, not in the 910A's). Bounds that differ
  only by memory (the 910's unknown capacity spans 32..64 GB) are said in the notes.
"""

from __future__ import annotations

import re
from typing import Any

from .importers._accelerator_same_die_power import same_die_tdp_boards
from .importers._accelerator_siblings import CHIP_CATEGORIES, sibling_rate

Problem = tuple[str, str, str]  # (record kind, id, reason)
STEM_RULE = "accel-stem-sibling"
RATE_RULE = "sibling-memory-rate"
POWER_RULE = "accel-power-same-die"
BOUNDS_RULE = "accel-same-die-bounds"
#: Inputs that describe the silicon of a sized value (not its memory).
SILICON_INPUTS = (
    "die_area_mm2",
    "die_kgco2e",
    "process_nm_range",
    "tiles_beyond_die_kgco2e",
    "compute_dies",
    "compute_dies_low",
)
#: Sources whose power figures are derived (class values, defaults), not a datasheet's.
DERIVED_POWER_SOURCES = ("carbonfactors-derived",)
#: Method marks of the class values (``_accelerator_peers``, ``_accelerator_siblings``).
CLASS_MARKS = ("MEMORY PEERS", "NODE PEERS", "BANDWIDTH CLASS")
#: An increment this many times off the sibling's own rate (either way) is another rate.
RATE_RATIO = 1.5
_DIGIT = re.compile(r"\d")


def model_stem(hid: str) -> str | None:
    """The id up to and including its first token with a digit (``nvidia-h100``), or None
    when no token has one (``intel-gaudi``: no model number to share)."""
    tokens = hid.split("-")
    for i, tok in enumerate(tokens):
        if i > 0 and _DIGIT.search(tok):
            return "-".join(tokens[: i + 1])
    return None


def _class_valued(factors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Embodied class values (each bundle's: the open and the full value of one part)."""
    return sorted(
        (
            f
            for f in factors
            if f.get("kind") == "embodied"
            and any(m in str(f.get("method") or "") for m in CLASS_MARKS)
        ),
        key=lambda f: f["id"],
    )


def stem_sibling_problems(
    factors: list[dict[str, Any]],
    hardware: list[dict[str, Any]],
    keep: dict[tuple[str, str], str] | None = None,
) -> list[Problem]:
    """Class-valued parts sharing a model stem or a die code name with a part whose die or
    LCA is on file, or naming a same-die sibling yet still class-valued."""
    hw = {h["id"]: h for h in hardware}
    lca = {f["subject"] for f in factors if f.get("rung") == "product-lca"}
    known = {
        h
        for h, r in hw.items()
        if r.get("category") in CHIP_CATEGORIES
        and ((r.get("specs") or {}).get("die_area_mm2") or h in lca)
    }
    out: list[Problem] = []
    for f in _class_valued(factors):
        hid = f["subject"]
        rec = hw.get(hid)
        if rec is None or (keep or {}).get((f["id"], STEM_RULE)) is not None:
            continue
        named = (rec.get("specs") or {}).get("same_die_as")
        stem = model_stem(hid)
        sibs = sorted(
            p
            for p in known
            if p != hid
            and stem is not None
            and model_stem(p) == stem
            and hw[p].get("vendor") == rec.get("vendor")
        )
        die = (rec.get("specs") or {}).get("die_name")
        same_die = sorted(
            p
            for p in known
            if p != hid
            and die
            and (hw[p].get("specs") or {}).get("die_name") == die
            and hw[p].get("vendor") == rec.get("vendor")
        )
        if named:
            why = f"its specs name {named} as the same die, yet"
        elif same_die:
            why = f"its die {die} is that of {', '.join(same_die)} (die or LCA on file), yet"
        elif sibs:
            why = f"it shares the model stem '{stem}' with {', '.join(sibs)} (die or LCA on file)"
        else:
            continue
        out.append(
            (
                "factors",
                f["id"],
                f"{STEM_RULE}: {why} {hid} is answered by a class value (audit 1796630035 "
                "N1): cite the shared die (_accelerator_same_die.SAME_DIE_AS) so the same-die "
                "rules size it, or keep it in screens.yaml saying why it is another die",
            )
        )
    return out


def memory_rate_problems(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[Problem]:
    """SAME SILICON values whose memory increment is costed off the sibling's own rate."""
    hw = {h["id"]: h for h in hardware}
    by_id = {f["id"]: f for f in factors}
    out: list[Problem] = []
    for f in factors:
        i = f.get("inputs") or {}
        sib_id = i.get("same_silicon_as")
        if f.get("kind") != "embodied" or not sib_id or sib_id not in hw:
            continue
        delta_gb = float(i.get("memory_gb") or 0.0) - float(i.get("sibling_memory_gb") or 0.0)
        sib = next(
            (
                by_id[x]
                for x in (f.get("derived_from") or {}).get("factors") or []
                if x in by_id and by_id[x].get("subject") == sib_id
            ),
            None,
        )
        if sib is None or not delta_gb:
            continue
        own = sibling_rate(sib, hw[sib_id].get("specs") or {})
        if own is None:
            continue
        used = (float(f["value"]) - float(sib["value"])) / delta_gb
        if used <= 0 or max(used / own[0], own[0] / used) > RATE_RATIO:
            out.append(
                (
                    "factors",
                    f["id"],
                    f"{RATE_RULE}: {f['subject']} adds its {delta_gb:g} GB beyond {sib_id} at "
                    f"{used:.4f} kgCO2e/GB while {sib_id}'s own value charges {own[0]:.4f} "
                    f"({own[1]}; audit 1796630035 S4): cost the increment at the sibling's "
                    "rate (importers/_accelerator_siblings.py)",
                )
            )
    return out


def same_die_power_problems(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[Problem]:
    """Chips left to the category power default although a same-die part has a TDP."""
    hw = {h["id"]: h for h in hardware}
    powered = {
        f["subject"] for f in factors if f.get("kind") == "power" and f.get("basis") != "idle"
    }
    tdp = {
        f["subject"]: f
        for f in sorted(factors, key=lambda f: f["id"])
        if f.get("kind") == "power"
        and f.get("basis") == "tdp"
        and f.get("source") not in DERIVED_POWER_SOURCES
        and not str(f.get("subject", "")).startswith("category:")
    }
    out: list[Problem] = []
    for hid in sorted(hw):
        if hw[hid].get("category") not in CHIP_CATEGORIES or hid in powered:
            continue
        boards = same_die_tdp_boards(hid, hw, tdp)
        if not boards:
            continue
        listed = ", ".join(f"{p} {float(tdp[p]['value']):g} W" for p in boards)
        out.append(
            (
                "hardware",
                hid,
                f"{POWER_RULE}: {hid} has no power factor of its own, so it is answered by "
                f"its category's default power (rule P1), while parts on its very die have "
                f"datasheet TDPs ({listed}; audit 1796655557 PS): give it the SAME DIE value "
                "(importers/_accelerator_same_die_power.py) or its own cited figure",
            )
        )
    return out


def same_die_bounds_problems(
    factors: list[dict[str, Any]], keep: dict[tuple[str, str], str] | None = None
) -> list[Problem]:
    """Linked sized values (same die or family) equal in value but not in bounds, whose
    silicon inputs differ: the link carried the die but not the whole package (TB)."""
    by_subject: dict[tuple[str, str], dict[str, Any]] = {}
    for f in sorted(factors, key=lambda f: f["id"]):
        if f.get("kind") == "embodied":
            by_subject.setdefault((f["subject"], str(f.get("source"))), f)
    out: list[Problem] = []
    for f in sorted(factors, key=lambda f: f["id"]):
        i = f.get("inputs") or {}
        if f.get("kind") != "embodied" or (keep or {}).get((f["id"], BOUNDS_RULE)) is not None:
            continue
        for link in ("same_die_as", "family_model"):
            other = by_subject.get((str(i.get(link)), str(f.get("source"))))
            if other is None or float(other["value"]) != float(f["value"]):
                continue
            mine = (f.get("low"), f.get("high"))
            theirs = (other.get("low"), other.get("high"))
            oi = other.get("inputs") or {}
            diff = [k for k in SILICON_INPUTS if i.get(k) != oi.get(k)]
            if mine == theirs or not diff:
                continue
            out.append(
                (
                    "factors",
                    f["id"],
                    f"{BOUNDS_RULE}: {f['subject']} takes the value of {other['subject']} "
                    f"({link}, {float(f['value']):g} kgCO2e) with bounds {mine[0]}..{mine[1]} "
                    f"against {theirs[0]}..{theirs[1]}, and their silicon inputs differ "
                    f"({', '.join(diff)}; audit 1796674267 TB): carry the package's fields "
                    "over the link (_accelerator_same_die.SAME_DIE_FIELDS, family_value) or "
                    "keep it in screens.yaml saying why the silicon differs",
                )
            )
    return out
