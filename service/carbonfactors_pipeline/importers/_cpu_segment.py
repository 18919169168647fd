"""CPU market segments and their embodied-carbon category defaults (audit 2026-12-06, class E).

Why: every CPU without an embodied value of its own took Cloud Carbon Footprint's 100 kg per
server socket, also a 15 W mobile dual-core or an 8 W Atom (about 8x any die-area model).
No open source gives die areas per CPU model (Boavizta's are AGPL code), so the default is
set per **segment**, decided from the model name by ``segment`` below, and sized by a
die-area model evaluated over the segment's die-area range, whose ends are cited facts:

* value = ``(A + 0.491 cm²) x 1.97 kgCO2e/cm² + 9.14 kgCO2e`` (the CPU manufacturing model
  documented on BoaviztAPI's CPU component page, ``boavizta-cpu-doc``: quoted figures, the
  component factors of the Umweltbundesamt "Green Cloud Computing" study) at the midpoint
  ``A`` of the segment's die range;
* high = the same model at the largest die of the segment;
* low = ACT's logic model (die and one package only, ``act-logic-gupta-2022``: a silicon
  floor) on the smallest die of the segment at its node.

Server and workstation CPUs (also Intel's Core X-series HEDT parts, cut from server dies)
are sized the same way over the cited server packages (audit 2026-12-06 #52, #48): the
documented model at the midpoint of ``SERVER_RANGE`` (ACT's Dell R740 CPU die, a monolithic
server die, to AMD's 2nd-generation EPYC package, eight core dies and the server I/O die),
with CCF's per-socket figure as the **high** bound (a cited convention, above any package
the model sizes) and ACT's logic model on the R740 die as low. The value is no longer CCF's
100 kg, about 4x the die model for a server die.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from carbonfactors.kinds import category_subject, factor_id

from ._common import rounded

Record = dict[str, Any]

#: BoaviztAPI CPU component page (``boavizta-cpu-doc``): kgCO2e per cm² of die, the cm² the
#: formula adds to the die, and the base per CPU.
DIE_KG_PER_CM2 = 1.97
EXTRA_CM2 = 0.491
BASE_KG = 9.14
DOC = "boavizta-cpu-doc"


@dataclass(frozen=True)
class Die:
    """A cited die area: the part, its area (mm²), its node (nm) and the source id."""

    part: str
    mm2: float
    nm: float
    source: str


#: Smallest and largest die of each client segment (cited facts, ``factors/sources.yaml``).
#: Desktop and mobile share the client dies found: Cannon Lake (i3-8121U) is the smallest
#: client Core die on file, Rocket Lake (i9-11900K) the largest and Raptor Lake (i9-13900,
#: also sold as HX mobile parts) the largest of a generation with mobile parts.
RANGES: dict[str, tuple[Die, Die]] = {
    "embedded": (
        Die("Intel Atom Silverthorne (Z5xx)", 25.0, 45.0, "techreport-atom-2008"),
        Die("Intel Penryn dual-core", 107.0, 45.0, "edwards-silverthorne-2008"),
    ),
    "mobile": (
        Die("Intel Cannon Lake (Core i3-8121U)", 71.0, 10.0, "tweakpc-cannon-lake-2018"),
        Die("Intel Raptor Lake (Core i9-13900)", 257.0, 10.0, "computerbase-raptor-lake-2022"),
    ),
    "desktop": (
        Die("Intel Cannon Lake (Core i3-8121U)", 71.0, 10.0, "tweakpc-cannon-lake-2018"),
        Die("Intel Rocket Lake (Core i9-11900K)", 280.0, 14.0, "computerbase-raptor-lake-2022"),
    ),
}
CLIENT = tuple(RANGES)

#: The largest cited die (or package silicon) of any era sold in a client segment, where it
#: lies above the range's high end (audit 1796606525 class DR): the **high** bound is the
#: model on it, so the bounds hold every cited client die, while the value stays the model
#: at the midpoint of the current-generation range above (an older 45 nm die does not move
#: the central figure of a 10/14 nm part). Desktop: AMD's Thuban (Phenom II X6), one 346 mm²
#: 45 nm die, the same as the server Opteron 2400/8400 (also above Lynnfield's 296 mm² and
#: Bulldozer/Piledriver's 315 mm²). Mobile: Haswell's quad-core GT3e package (Iris Pro
#: 5200: the 260 mm² die and the 77 mm² Crystalwell eDRAM, Intel at ISSCC 2014 as relayed),
#: sold in the HQ / EQ notebook and embedded parts; it lies above Dragon Range (Ryzen 9
#: 7945HX, 2 x 70 mm² Zen 4 core dies + 124.7 mm² client I/O die, 264.7 mm²), the mobile
#: high before audit 1796660847 class CW. ``cpu_screens.segment_die_range`` holds each cited
#: die of a part to its segment's bounds; ``cpu_config_screens.segment_high_covers_cited``
#: holds each segment's high to every cited die or package of a part filed in it.
LARGEST: dict[str, Die] = {
    "desktop": Die(
        "AMD Thuban (Phenom II X6), one monolithic 45 nm die", 346.0, 45.0, "xbitlabs-thuban-2010"
    ),
    "mobile": Die(
        "Intel Haswell quad-core GT3e (Iris Pro 5200) package, 260 mm² 22 nm die + 77 mm² eDRAM",
        337.0,
        22.0,
        "anandtech-haswell-isscc-2014",
    ),
}
#: What the high sentence adds for a segment (class CW): who is on the largest package.
LARGEST_WHO: dict[str, str] = {
    "mobile": (
        " The Haswell quad-core HQ / EQ parts with Iris Pro 5200 graphics sit on it (the "
        "others on the 177 mm² GT2 die); which parts those are is Intel ARK's graphics "
        "field, not on file, so a part without a die of its own on file takes this default "
        "and is not sized on the package one by one (audit 1796660847 CW)."
    ),
}


def largest(seg: str) -> Die:
    """The die the segment's high bound is sized on: ``LARGEST`` or the range's high end."""
    hi = RANGES[seg][1]
    wide = LARGEST.get(seg)
    return wide if wide is not None and wide.mm2 > hi.mm2 else hi


#: Smallest and largest cited server CPU package silicon: the CPU die of ACT's Dell
#: PowerEdge R740 bill of materials (6.98 cm², MIT) and AMD's 2nd-generation EPYC (ISSCC
#: 2020: eight 74 mm² core complex dies around the 416 mm² server I/O die = 1,008 mm²).
SERVER_RANGE = (
    Die("CPU die of ACT's Dell PowerEdge R740 BOM", 698.0, 28.0, "act-gupta-2022"),
    Die(
        "AMD 2nd-gen EPYC, 8 x 74 mm² CCD + 416 mm² I/O die", 1008.0, 7.0, "amd-chiplet-isscc-2020"
    ),
)


def doc_model_kg(mm2: float) -> float:
    """The BoaviztAPI-documented CPU manufacturing model for a die of ``mm2``."""
    return (mm2 / 100.0 + EXTRA_CM2) * DIE_KG_PER_CM2 + BASE_KG


def act_node(nm: float, nodes: list[int]) -> int:
    """ACT's tabulated node for ``nm``: the nearest, ties to the coarser (above 28 -> 28)."""
    return min(nodes, key=lambda n: (abs(n - nm), -n))


# --- segment rule -------------------------------------------------------------------------

_SERVER = ("xeon", "epyc", "opteron", "threadripper", "itanium")
_CLIENT_FAMILIES = (
    "core",
    "pentium",
    "celeron",
    "ryzen",
    "athlon",
    "phenom",
    "fx",
    "sempron",
    "turion",
    "a4",
    "a6",
    "a8",
    "a9",
    "a10",
    "a12",
    "e1",
    "e2",
)
#: Intel model-number suffixes of mobile dies (U, Y, M, H... and their embedded variants:
#: UE, HE, EQ, QE, ME, LE, LM, UL...).
_INTEL_MOBILE = re.compile(
    r"^\d{3,5}(u|y|m|h|hq|hk|hx|hs|hf|hl|qm|xm|mq|mx|um|lm|le|ue|ul|ure|he|hre|eq|qe|me|ec|"
    r"g\d|ng\d|g|du)$"
)
#: Intel mobile model numbers of the Core 2 / Pentium era (T7500, P8600, SU9400, U5400).
_INTEL_MOBILE_PREFIX = re.compile(r"^(t|p|l|u|su|sl|sp)\d{4}$")
#: AMD model-number suffixes of mobile dies (U, H, HS, HX, M, MX, C: laptops, Chromebooks);
#: P only on A-series and FX parts (an Opteron 6338P is a server part).
_AMD_MOBILE = re.compile(r"^\d{3,5}(u|h|hs|hx|m|mx|c|ce)$")
_AMD_MOBILE_P = re.compile(r"^\d{4}p$")
#: AMD low-power lines CodeCarbon names without a family word (audit 1796613359 SG):
#: C-, E- and Z-series APUs (C-60, E-350, Z-01: netbook, notebook and tablet parts) and
#: Turion 64 X2 TL parts (TL-60), as "amd-c-60", "amd-tl-60".
_AMD_MOBILE_LINE = re.compile(r"^(c|e|z|tl)-\d{2,3}$")
#: Intel low-power SoC lines (Celeron/Pentium J and N, N-series), and Atom; two digits too
#: (N50, N97: the Alder Lake-N die of N100/N200; audit 1796611373 class NS).
_INTEL_EMBEDDED = re.compile(r"^[jn]\d{2,4}[a-z]*$")
#: Intel Core X-series HEDT parts (i7-3960X ... i9-10980XE): cut from Xeon server dies
#: (Sandy Bridge-E to Cascade Lake-X), sold on the workstation platform.
_INTEL_HEDT = re.compile(r"^\d{4,5}(x|xe)$")
#: The Kaby Lake-X parts of the same X-series: client quad-core dies, not server dies.
_INTEL_CLIENT_X = ("7360x", "7640x", "7740x")


#: ARK's marketing suffix on Core X-series names ("Core i9-10900X X-series"): not part of the
#: model number, which the HEDT rule reads in the last token (audit 1796606525 class HX).
X_SERIES = ("x", "series")


def strip_suffix(toks: list[str]) -> list[str]:
    """``toks`` without a trailing "x series" (kept when nothing else would be left)."""
    n = len(X_SERIES)
    return toks[:-n] if len(toks) > n and tuple(toks[-n:]) == X_SERIES else toks


def segment(vendor: str, cid: str) -> str | None:
    """The market segment of a CPU from its catalog id (``cpu_catalog.cpu_id``), or None.

    First rule that matches wins:

    1. server: Xeon (incl. W and D), EPYC, Opteron, Threadripper, Itanium, and Intel Core
       X-series HEDT parts with a 4-5 digit X/XE model number (on server dies), except the
       Kaby Lake-X client dies (i3-7360X, i5-7640X, i7-7740X);
    2. embedded: Atom; Intel J/N-series SoCs (Celeron J4125, Pentium N3700, N100);
    3. mobile: Intel Core M / Core Ultra, and model numbers ending in U, Y, M, H(Q/K/X/S),
       QM, XM, G1..G7 and their embedded variants (UE, HE, EQ...), 12th-gen+ P parts
       (``1270p``), Core 2 era T/P/L/U/SU/SL numbers, "mobile", "ULV" or "LV" in the name;
       AMD model numbers ending in U, H, HS, HX, M, MX, C (and P on A-series and FX),
       Ryzen Z handhelds; AMD C-/E-/Z-series and Turion TL parts named without a family;
    4. desktop: every other Core, Pentium, Celeron, Ryzen, Athlon, Phenom, FX, Sempron or
       A-series part;
    5. otherwise unknown (None): the generic CPU default applies.

    The catalog files a part by the die it is cut from (``_cpu_dies.die_segment``): a Xeon
    E3 / E-2000 is "server" here but filed "desktop" (audit 1796611373 class XE).
    """
    toks = strip_suffix(cid.split("-")[1:])
    if not toks:
        return None
    if any(t in _SERVER for t in toks):
        return "server"
    last = toks[-1]
    if vendor == "intel":
        if "core" in toks and _INTEL_HEDT.match(last) and last not in _INTEL_CLIENT_X:
            return "server"
        if "atom" in toks or any(_INTEL_EMBEDDED.match(t) for t in toks):
            return "embedded"
        if any(t in ("mobile", "ulv", "lv") for t in toks) or toks[:2] in (
            ["core", "m"],
            ["core", "m3"],
            ["core", "m5"],
            ["core", "m7"],
        ):
            return "mobile"
        if "ultra" in toks or any(
            _INTEL_MOBILE.match(t) or _INTEL_MOBILE_PREFIX.match(t) for t in toks
        ):
            return "mobile"
        if re.fullmatch(r"1\d{3}p", last):
            return "mobile"
    else:
        if "mobile" in toks or any(_AMD_MOBILE.match(t) for t in toks):
            return "mobile"
        if _AMD_MOBILE_LINE.match("-".join(toks)):
            return "mobile"
        if any(t == "fx" or re.fullmatch(r"a\d+", t) for t in toks) and any(
            _AMD_MOBILE_P.match(t) for t in toks
        ):
            return "mobile"
        if "ryzen" in toks and any(re.fullmatch(r"z\d", t) for t in toks):
            return "mobile"
    if toks[0] in _CLIENT_FAMILIES or any(t in _CLIENT_FAMILIES for t in toks[:2]):
        return "desktop"
    return None


# --- defaults -----------------------------------------------------------------------------

YEAR = 2026
SOURCE = "carbonfactors-derived"
#: Marks these defaults' methods (and keeps them out of the importer's next pool).
MARK = "CPU SEGMENT DEFAULT"


def defaults(
    per_cm2: dict[int, float],
    package_kg: float,
    server: Record | None,
    generic: list[Record],
) -> list[Record]:
    """The ``category:cpu:<segment>`` embodied defaults.

    ``per_cm2``: ACT's kgCO2e per cm² of logic by node; ``package_kg``: ACT's package;
    ``server``: the generic CPU default (CCF per socket, its ACT low), copied for servers;
    ``generic``: the factors the generic default rests on (for ``derived_from``).
    """
    out: list[Record] = []
    nodes = sorted(per_cm2)
    for seg in CLIENT:
        lo, hi = RANGES[seg]
        mid = (lo.mm2 + hi.mm2) / 2.0
        node = act_node(lo.nm, nodes)
        floor = lo.mm2 / 100.0 * per_cm2[node] + package_kg
        article = "an" if seg[0] in "aeiou" else "a"
        top = largest(seg)
        value, high = doc_model_kg(mid), doc_model_kg(top.mm2)
        sources = sorted({DOC, lo.source, hi.source, top.source, "act-logic-gupta-2022"})
        if top is hi:
            high_note = f"High: the same model on the largest die ({high:.2f})."
        else:
            high_note = (
                f"High: the same model on the largest cited die or package of any era on "
                f"file among {seg} parts, {top.mm2:g} mm² ({top.part}, {top.source}; "
                f"{high:.2f}), above the range's {hi.mm2:g} mm², so the bounds hold older or "
                f"multi-die {seg} parts too (audit 1796606525 DR)." + LARGEST_WHO.get(seg, "")
            )
        out.append(
            {
                "id": factor_id(
                    "embodied", category_subject("cpu", seg), YEAR, SOURCE, "manufacturing"
                ),
                "kind": "embodied",
                "subject": category_subject("cpu", seg),
                "year": YEAR,
                "value": rounded(value, 2),
                "unit": "kgCO2e",
                "low": rounded(floor, 2),
                "high": rounded(high, 2),
                "basis": "manufacturing",
                "rung": "category-default",
                "source": SOURCE,
                "method": (
                    f"{MARK} (rule C4, factors/README.md), used only for {article} {seg} CPU (segment "
                    f"from the maker's table or the model name, importers/_cpu_stated_segment"
                    f".py) with no embodied value "
                    f"of its own. Value: the CPU manufacturing model documented by BoaviztAPI "
                    f"(boavizta-cpu-doc: (die + {EXTRA_CM2:g} cm²) x {DIE_KG_PER_CM2:g} "
                    f"kgCO2e/cm² + {BASE_KG:g} kgCO2e, component factors of the UBA Green "
                    f"Cloud Computing study) at the midpoint ({mid:g} mm²) of the segment's "
                    f"die range, {lo.mm2:g} mm² ({lo.part}, {lo.source}) to {hi.mm2:g} mm² "
                    f"({hi.part}, {hi.source}). {high_note} Low: ACT's logic model, die and "
                    f"one package only, on the "
                    f"smallest die at ACT's {node} nm row ({per_cm2[node]:.3f} kgCO2e/cm², fab "
                    f"in Taiwan, yield 0.875, GPA97; {floor:.2f}): the silicon floor. Not "
                    f"CCF's 100 kg per server socket, which is ~8x this model for a client "
                    f"die. Give the model's own value when you know its die."
                ),
                "inputs": {
                    "die_mm2_low": lo.mm2,
                    "die_mm2_high": hi.mm2,
                    "die_mm2_mid": mid,
                    **({"die_mm2_largest": top.mm2} if top is not hi else {}),
                    "act_node": f"{node}nm",
                    "act_kgco2e_per_cm2": rounded(per_cm2[node], 4),
                    "die_kgco2e_per_cm2": DIE_KG_PER_CM2,
                    "extra_cm2": EXTRA_CM2,
                    "base_kgco2e": BASE_KG,
                },
                "derived_from": {"factors": [], "sources": sources},
            }
        )
    if server is not None:
        out.append(server_default(server, generic))
    return out


def server_default(server: Record, generic: list[Record]) -> Record:
    """``category:cpu:server``: the documented die model over the cited server packages.

    ``server``: the generic CPU default (CCF's per-socket figure as value and high, ACT's
    R740 die as low), whose high and low are kept: CCF's figure is the cited per-socket
    convention and stays the ceiling; the value is the model at the midpoint of
    ``SERVER_RANGE`` (audit 2026-12-06 #52: a 32-core Xeon on 100 kg, ~4x any die model).
    """
    lo, hi = SERVER_RANGE
    mid = (lo.mm2 + hi.mm2) / 2.0
    value = doc_model_kg(mid)
    sources = sorted({DOC, lo.source, hi.source})
    return server | {
        "id": factor_id(
            "embodied", category_subject("cpu", "server"), YEAR, SOURCE, "manufacturing"
        ),
        "subject": category_subject("cpu", "server"),
        "value": rounded(value, 2),
        "method": (
            f"{MARK} (rule C4, factors/README.md) for server and workstation CPUs (Xeon, EPYC, "
            f"Opteron, Threadripper, Itanium, Intel Core X-series HEDT parts on server dies; "
            f"not Xeon E3 / E-2000 parts, desktop dies filed as desktop, nor the mobile "
            f"workstation Xeons (E3-1500M, E-2000M, W-10000M/W-11000M), filed as mobile; "
            f"segment from the model name, importers/_cpu_segment.py) with no embodied value "
            f"of its own. Value: the CPU manufacturing model documented by BoaviztAPI "
            f"(boavizta-cpu-doc: (die + {EXTRA_CM2:g} cm²) x {DIE_KG_PER_CM2:g} kgCO2e/cm² + "
            f"{BASE_KG:g} kgCO2e) at the midpoint ({mid:g} mm²) of the cited server package "
            f"silicon, {lo.mm2:g} mm² ({lo.part}, {lo.source}) to {hi.mm2:g} mm² ({hi.part}, "
            f"{hi.source}). High: Cloud Carbon Footprint's embodied figure per CPU socket "
            f"({server['high']:g} kgCO2e), the cited per-socket convention, above the model for "
            f"any package on file (larger multi-die packages such as 12-die EPYC or 4-tile "
            f"Xeon stay below it). Low: ACT's logic model on the R740 die, die and package "
            f"only ({server['low']:g}). Per-model die areas are not used (the only per-model "
            f"source is AGPL code); give the model's own value when you know its die. "
            f"Intel's Xeon Phi Knights Corner coprocessors (PCIe cards, specs.form_factor "
            f"'PCIe coprocessor card', audit 1796672257 class CP) take this default too: it "
            f"covers their die package only, not the card's GDDR5 memory and board."
        ),
        "inputs": {
            "die_mm2_low": lo.mm2,
            "die_mm2_high": hi.mm2,
            "die_mm2_mid": mid,
            "die_kgco2e_per_cm2": DIE_KG_PER_CM2,
            "extra_cm2": EXTRA_CM2,
            "base_kgco2e": BASE_KG,
            "high_from": "cpu-socket (CCF)",
        },
        "derived_from": {
            "factors": sorted(f["id"] for f in generic),
            "sources": sources,
        },
    }
