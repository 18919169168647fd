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
  A Xeon Phi coprocessor card (form factor "PCIe coprocessor card", Intel ARK's word
  "Coprocessor", audit 1796672257 class CP) is held to the server segment.
* ``cpu-cited-die-config`` (G4): a part cited to be on a larger configuration than its code
  name's cited die (``CitedDie.excludes``: the Skylake GT4e parts) is never valued on that
  die, whose value would be its floor, not its estimate.
* ``segment-high-covers-cited-dies`` (CW, audit 1796660847): a segment default's high must
  reach the documented die model on every cited die or package of a part filed in the
  segment (``CITED`` / ``SERVER_CITED`` configurations and their ``largest``, the named dies
  of ``_cpu_named_dies``), also when the part is not sized on it: the Iris Pro 5200 parts
  are on Haswell's 337 mm² GT3e package but took the mobile default, whose high (264.7 mm²)
  excluded it.
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


def _cited_areas(
    h: dict[str, Any], cited: dict[tuple[str, str, int], Any]
) -> list[tuple[float, str]]:
    """(mm², what) of each cited die or package a CPU record's configuration is sold on."""
    from .importers._cpu_named_dies import named_die

    specs = h.get("specs") or {}
    out: list[tuple[float, str]] = []
    key = (_vendor(h), str(specs.get("microarchitecture") or ""), int(specs.get("cores") or 0))
    c = cited.get(key)
    if c is not None:
        out.append((float(c.mm2), f"{c.what} ({c.source})"))
        if c.largest is not None:
            out.append((float(c.largest), c.largest_note))
    named = named_die(h["id"])
    if named is not None:
        out.append((named.mm2, f"{named.what} ({named.source})"))
    return out


def segment_high_covers_cited(
    factors: list[dict[str, Any]],
    hardware: list[dict[str, Any]],
    cited: dict[tuple[str, str, int], Any] | None = None,
) -> list[Problem]:
    """(factor id, reason) for a CPU segment default whose high lies below the documented die
    model on a cited die or package of a part filed in that segment. ``cited``: the cited
    configurations, (vendor, microarchitecture, cores) -> ``CitedDie`` (default: ``CITED``
    and ``SERVER_CITED``)."""
    from carbonfactors.kinds import category_subject

    from .importers._cpu_dies import CITED, SERVER_CITED
    from .importers._cpu_segment import doc_model_kg

    table = {**CITED, **SERVER_CITED} if cited is None else cited
    highs: dict[str, tuple[float, str]] = {}
    for f in factors:
        if f["kind"] != "embodied" or f.get("excluded"):
            continue
        for seg in ("embedded", "mobile", "desktop", "server"):
            if f["subject"] == category_subject("cpu", seg):
                highs[seg] = (float(f.get("high", f["value"])), f["id"])
    worst: dict[str, tuple[float, str, str]] = {}  # segment -> (mm², what, part)
    for h in hardware:
        filed = str((h.get("specs") or {}).get("segment") or "")
        if h.get("category") != "cpu" or filed not in highs:
            continue
        for mm2, what in _cited_areas(h, table):
            if mm2 > worst.get(filed, (0.0, "", ""))[0]:
                worst[filed] = (mm2, what, h["id"])
    out: list[Problem] = []
    for seg, (mm2, what, part) in sorted(worst.items()):
        high, fid = highs[seg]
        kg = doc_model_kg(mm2)
        if round(kg, 2) > high:
            out.append(
                (
                    fid,
                    f"segment-high-covers-cited-dies: the {seg} default's high {high:g} lies "
                    f"below the documented die model on {what}, {mm2:g} mm² ({kg:.2f} kgCO2e), "
                    f"cited for {part}, filed {seg}: size the high on it "
                    "(importers/_cpu_segment.py LARGEST)",
                )
            )
    return out
