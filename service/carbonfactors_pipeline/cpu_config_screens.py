"""CPU screens on which die a part's embodied value stands on (audit 1796611373, classes XE,
NS and G4).

* ``cpu-segment-die-consistent`` (XE): a part cut from another segment's die than its name's
  segment (a Xeon E3 / E-2000 is a desktop die in a server SKU, ``_cpu_dies.die_segment``)
  is filed in the die's segment, so it never takes the name's segment default (70 such
  Xeons took the server default, sized on 698-1,008 mm² packages, for a 280 mm² die).
* ``cpu-intel-soc-segment`` (NS): every Intel J- or N-series part (``n50``, ``n100``,
  ``j4125``) is an embedded SoC; read from the id here, independently of the segment rule's
  pattern, which missed two-digit names (N50, N97 took the generic CPU default).
* ``cpu-segment-from-table`` (SG, audit 1796613359): a part whose maker's table states its
  segment (``specs.form_factor``, AMD's "Laptops" / "Desktops") is never on the generic CPU
  default, and one sold only in laptops or handhelds is filed mobile: 32 laptop APUs
  ("7th Gen A6-9225 APU") took the generic default, bounds up to a server socket's 100 kg.
  The mobile workstation Xeons (W-11955M, E3-1505M v5, E-2176M) trip
  ``cpu-segment-die-consistent`` when not filed mobile (``_cpu_dies._MOBILE_DIE_XEON``).
* ``cpu-cited-die-config`` (G4): a part cited to be on a larger configuration than its code
  name's cited die (``CitedDie.excludes``: the Skylake GT4e parts) is never valued on that
  die, whose value would be its floor, not its estimate.
"""

from __future__ import annotations

import re
from typing import Any

Problem = tuple[str, str]
#: An Intel J/N-series model number token (any digit count).
_SOC = re.compile(r"[jn]\d+[a-z]*")


def _vendor(h: dict[str, Any]) -> str:
    return "intel" if str(h.get("vendor") or "").lower() == "intel" else "amd"


def segment_die_consistent(hardware: list[dict[str, Any]]) -> list[Problem]:
    """(CPU id, reason) for a part not filed in the segment of the die it is cut from, and
    for an Intel J/N-series part not filed as embedded."""
    from .importers._cpu_dies import die_segment  # the importers import the screens
    from .importers._cpu_segment import segment

    out: list[Problem] = []
    for h in hardware:
        if h.get("category") != "cpu":
            continue
        hid, filed = h["id"], (h.get("specs") or {}).get("segment")
        named = segment(_vendor(h), hid)
        die = die_segment(hid, named)
        if die != named and filed != die:
            out.append(
                (
                    hid,
                    f"cpu-segment-die-consistent: filed as {filed or 'no segment'} but cut from "
                    f"a {die} die (importers/_cpu_dies.die_segment): it would take the "
                    f"{filed or 'generic'} embodied default; file it in the die's segment",
                )
            )
        toks = hid.split("-")[1:]
        if _vendor(h) == "intel" and any(_SOC.fullmatch(t) for t in toks) and filed != "embedded":
            out.append(
                (
                    hid,
                    f"cpu-intel-soc-segment: an Intel J/N-series SoC filed as "
                    f"{filed or 'no segment'}: it must take the embedded default "
                    "(importers/_cpu_segment._INTEL_EMBEDDED)",
                )
            )
    return out


def segment_from_table(hardware: list[dict[str, Any]]) -> list[Problem]:
    """(CPU id, reason) for a part filed against the segment its maker's table states."""
    from .importers._cpu_stated_segment import stated

    out: list[Problem] = []
    for h in hardware:
        specs = h.get("specs") or {}
        if h.get("category") != "cpu" or not specs.get("form_factor"):
            continue
        told, filed = stated(specs["form_factor"]), specs.get("segment")
        if not told or filed in told or (filed == "server" and told == {"desktop"}):
            continue  # Threadripper: a server die AMD lists under "Desktops"
        out.append(
            (
                h["id"],
                f"cpu-segment-from-table: the maker's table sells it in "
                f"'{specs['form_factor']}' ({' / '.join(sorted(told))}) but it is filed as "
                f"{filed or 'no segment'}: it would take the {filed or 'generic'} CPU embodied "
                "default (importers/_cpu_stated_segment.filed_segment)",
            )
        )
    return out


def cited_die_config(factors: list[dict[str, Any]]) -> list[Problem]:
    """(factor id, reason) for an embodied value of a part cited on a larger configuration
    (``CitedDie.excludes``) that is sized on the smaller cited die."""
    from .importers._cpu_dies import CITED

    out: list[Problem] = []
    for (vendor, code, cores), cited in CITED.items():
        parts = set(cited.excludes)
        for f in factors:
            if f["kind"] != "embodied" or f.get("excluded") or f["subject"] not in parts:
                continue
            area = (f.get("inputs") or {}).get("die_area_mm2")
            if area is not None and abs(float(area) - cited.mm2) < 0.05:
                out.append(
                    (
                        f["id"],
                        f"cpu-cited-die-config: {f['subject']} is cited on a larger "
                        f"{vendor} {code} {cores}-core configuration ({cited.excludes_source}) "
                        f"but valued on the {cited.mm2:g} mm² {cited.what}: that is its floor, "
                        "not its estimate; give it its segment default or its own die",
                    )
                )
    return out
