"""CPU screens: client CPUs never on the server figure, whole-core vCPUs count their threads,
a TDP far outside its family says it is unconfirmed.

Rules ``cpu-segment-default``, ``cpu-server-socket-default`` and ``cpu-tdp-outside-family``
(validator) and ``instance-smt`` (a hardware screen run by
``hardware_screens.screen_hardware``); their reasons are in that module's docstring and in
``factors/README.md`` (audit 2026-12-06, classes E and F of issue 20; audit 1796599352,
class TV).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from carbonfactors.kinds import category_subject, category_subjects

from .instance_names import managed_base

#: CPU segments that are not servers (``cpu-segment-default``).
CLIENT_SEGMENTS = ("desktop", "mobile", "embedded")
#: Families whose vCPU is a whole x86 core, SMT off, and the source that says so.
#: AWS ("CPU options for Amazon EC2 instances": "Each vCPU is a thread of a CPU core, except
#: for T2 instances, M7a instances, Apple silicon Mac instances, and ... Graviton"; threads
#: per core cannot be changed on T2, C7a, M7a, R7a): matched on the family before the dot.
#: Azure HPC sizes (the HBv2/HBv3/HBv4, HX and HC overview pages: "Simultaneous
#: Multithreading (SMT) is disabled", HC "HT disabled"; the H-series page: "8 or 16 Intel
#: Xeon E5 2667 v3 processor cores ... and no hyperthreading"): matched on the size name.
#: Arm families have no SMT: their per-vCPU coefficient is per core already.
CORE_VCPU_FAMILIES: dict[str, tuple[str, ...]] = {"aws": ("t2", "m7a", "c7a", "r7a")}
CORE_VCPU_SIZES: dict[str, re.Pattern[str]] = {
    "azure": re.compile(
        r"standard_(hb(120|176)(-\d+)?rs_v[234]|hx176(-\d+)?rs|hc44(-\d+)?rs|h(8|16)m?r?(_promo)?)"
    )
}
CORE_VCPU_SOURCES = {"aws": "aws-ec2-cpu-options", "azure": "azure-hpc-vm-overviews"}
#: Families with the whole-core sign (a 1-vCPU size on an SMT x86 CPU, as m7a's) that no
#: source on file says are SMT-off (audit 1796621837, class F8): AWS's CPU-options page names
#: T2, C7a, M7a and R7a only, and no AWS text for the 8th-generation AMD families was found.
#: Their central value counts one thread per vCPU; the method says the question and the
#: high bound must reach the two-thread reading (``instance-smt-coverage``).
SMT_UNCONFIRMED: dict[str, tuple[str, ...]] = {"aws": ("m8a", "c8a", "r8a", "m8azn")}
SMT_UNCONFIRMED_MARK = "WHOLE CORE UNCONFIRMED"


def smt_unconfirmed(hid: str) -> bool:
    """Whether a type's family has the whole-core sign but no source saying so (F8)."""
    provider, _, name = hid.partition(":")
    if provider == "aws" and (base := managed_base(name)):
        name = base[0]
    return name.split(".")[0] in SMT_UNCONFIRMED.get(provider, ())


#: Hardware threads per core of the x86 server CPUs of those families (SMT-2).
SMT_THREADS_PER_CORE = 2


def core_vcpu_source(hid: str) -> str | None:
    """The source saying an instance type's vCPU is a whole core, or None (a thread)."""
    provider, _, name = hid.partition(":")
    if provider == "aws" and (base := managed_base(name)):
        name = base[0]  # a managed-service node is its EC2 base type's hardware (V1)
    sizes = CORE_VCPU_SIZES.get(provider)
    whole = name.split(".")[0] in CORE_VCPU_FAMILIES.get(provider, ()) or bool(
        sizes and sizes.fullmatch(name)
    )
    return CORE_VCPU_SOURCES[provider] if whole else None


def smt_screen(mine: list[dict[str, Any]], source: str, flag: Any) -> None:
    """``instance-smt``: a CCF-method value on a whole-core vCPU counts its threads."""
    for f in mine:
        inputs = f.get("inputs") or {}
        if f["kind"] != "power" or "w_per_vcpu" not in inputs or "Arm" in str(f.get("method")):
            continue
        if inputs.get("threads_per_vcpu") != SMT_THREADS_PER_CORE:
            flag(
                f["id"],
                "instance-smt",
                f"{inputs['w_per_vcpu']:g} W per vCPU is CCF's per-thread coefficient, but each "
                f"vCPU of this family is a whole core ({SMT_THREADS_PER_CORE} threads with SMT "
                f"on; {source}): about half the CPU's draw",
            )


def client_cpu_defaults(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(CPU id, reason) for each client CPU whose default embodied value is the server's.

    Rule ``cpu-segment-default`` (see above): the validator fails each one found. Nothing is
    checked without a server default to compare with (a partial tree).
    """
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in factors:
        if f["kind"] == "embodied" and f["unit"] == "kgCO2e":
            by_subject[f["subject"]].append(f)
    servers = by_subject.get(category_subject("cpu", "server"), [])
    if not servers:
        return []
    server = min(f["value"] for f in servers)
    out: list[tuple[str, str]] = []
    for h in hardware:
        specs = h.get("specs") or {}
        if h.get("category") != "cpu" or specs.get("segment") not in CLIENT_SEGMENTS:
            continue
        if any(
            not f.get("excluded") and f.get("rung") != "lower-bound"
            for f in by_subject.get(h["id"], [])
        ):
            continue
        for subject in category_subjects("cpu", specs):
            found = [f for f in by_subject.get(subject, []) if not f.get("excluded")]
            if found:
                worst = max(f["value"] for f in found)
                if worst >= server:
                    out.append(
                        (
                            h["id"],
                            f"{specs['segment']} CPU '{h['id']}' would take {worst:g} kgCO2e "
                            f"from {subject}, the server per-socket figure ({server:g}) or "
                            "more: a client CPU never gets the server figure",
                        )
                    )
                break
    return out


#: CCF's per-socket figure (``cpu-socket``): the high bound of the server segment, never its value.
SOCKET_SUBJECT = "cpu-socket"


def server_socket_defaults(factors: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(factor id, reason) for a server CPU default that sits on CCF's per-socket figure.

    Rule ``cpu-server-socket-default`` (audit 2026-12-06 #52, issue 20): a 32-core Xeon took
    100 kgCO2e, about 4x the documented die model for any cited server package. The server
    segment's default (rule C4) is sized by that model; CCF's figure is its high bound only.
    Nothing is checked without both figures (a partial tree).
    """
    socket = [
        f["value"]
        for f in factors
        if f["subject"] == SOCKET_SUBJECT and f["kind"] == "embodied" and not f.get("excluded")
    ]
    if not socket:
        return []
    ceiling = min(socket)
    return [
        (
            f["id"],
            f"the server CPU default is {f['value']:g} kgCO2e, CCF's per-socket figure "
            f"({ceiling:g}) or more: size it by the die model over cited server dies and keep "
            "the per-socket figure as its high bound (rule C4)",
        )
        for f in factors
        if f["subject"] == category_subject("cpu", "server")
        and f["kind"] == "embodied"
        and not f.get("excluded")
        and f["value"] >= ceiling
    ]


#: ``cpu-tdp-outside-family`` (audit 1796599352 #53, class TV): a TDP above HIGH_RATIO x the
#: highest, or below LOW_RATIO x the lowest, TDP of its family's parts that the maker tables
#: describe, on a part they do not describe, is shipped only with UNCONFIRMED_MARK in its
#: method and low/high reaching the family range (``importers/_cpu_tdp_family``).
HIGH_RATIO = 1.5
LOW_RATIO = 0.5
#: Described parts a family needs before its range is trusted.
MIN_BACKED = 3
UNCONFIRMED_MARK = "UNCONFIRMED TDP:"
#: Starts the note of a value ``factors/corrections.yaml`` fixes with cited evidence.
CORRECTED = "Corrected in factors/corrections.yaml"


def tdp_outside_family(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(factor id, reason) for each unmarked TDP far outside its family (rule above).

    The validator does not read the maker tables, so a part counts as described when its
    record holds what they give (``specs.cores``); the family is the model-number series
    (``importers._cpu_dates.series``) of a part whose name gives a family (``specs.family``). A part known by a TDP alone, outside that range, must
    carry the note and bounds that reach the range.
    """
    from .importers._cpu_dates import series  # the importers package imports this module

    cpus = {h["id"]: h for h in hardware if h.get("category") == "cpu"}
    tdp = {
        f["subject"]: f
        for f in factors
        if f["kind"] == "power"
        and f.get("basis") == "tdp"
        and f["subject"] in cpus
        and f.get("source") == "codecarbon-cpu-power"
    }
    family: dict[str, list[float]] = defaultdict(list)
    for cid, f in tdp.items():
        if (cpus[cid].get("specs") or {}).get("cores") and (key := series(cid)):
            family[key].append(f["value"])
    out: list[tuple[str, str]] = []
    for cid, f in sorted(tdp.items()):
        key = series(cid)
        vals = family.get(key or "", [])
        specs = cpus[cid].get("specs") or {}
        if specs.get("cores") or not specs.get("family") or len(vals) < MIN_BACKED:
            continue  # described, or in no named family (CodeCarbon's bare "AMD 3280")
        lo, hi, v = min(vals), max(vals), f["value"]
        if not (v > HIGH_RATIO * hi or v < LOW_RATIO * lo):
            continue
        reaches = f.get("low", v) <= hi and f.get("high", v) >= lo
        method = f.get("method") or ""
        if (UNCONFIRMED_MARK in method and reaches) or CORRECTED in method:
            continue  # said and bounded, or fixed with cited evidence (corrections.yaml)
        out.append(
            (
                f["id"],
                f"{v:g} W on a part no maker table describes lies outside {HIGH_RATIO:g}x / "
                f"{LOW_RATIO:g}x its family's range ({key}: {lo:g}-{hi:g} W over {len(vals)} "
                f"described parts): say '{UNCONFIRMED_MARK}' and bound it to reach the range "
                "(importers/_cpu_tdp_family)",
            )
        )
    return out


#: ``cpu-segment-die-range`` (audit 1796606525 class DR): the segments whose defaults it holds.
SIZED_SEGMENTS = (*CLIENT_SEGMENTS, "server")


def segment_die_range(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(CPU id, reason) for each cited die whose model value lies outside its segment's bounds.

    Rule ``cpu-segment-die-range``: a segment default's low/high (rule C4) must hold every
    part filed in the segment, so the documented die model (``_cpu_segment.doc_model_kg``)
    on each part's own cited die (``specs.die_area_mm2``) must lie between them. A 346 mm²
    45 nm Thuban die (16.9 kg) above a desktop high sized on 10/14 nm dies (15.62) trips it.
    A die area borrowed from other parts (its embodied method names a regression, another
    part's value or a family maximum: ``_cpu_dies.BORROWED``) is no fact about the part
    and is not held to it; a cited die that replaced it (``importers/_cpu_dies.py``) is. Nothing is checked for a segment without a default.
    """
    from .importers._cpu_dies import BORROWED as _BORROWED
    from .importers._cpu_segment import doc_model_kg  # the importers import this module

    bounds: dict[str, tuple[float, float, str]] = {}
    borrowed: set[tuple[str, float]] = set()
    for f in factors:
        if f["kind"] != "embodied" or f.get("excluded"):
            continue
        for s in SIZED_SEGMENTS:
            if f["subject"] == category_subject("cpu", s):
                v = f["value"]
                bounds[s] = (f.get("low", v), f.get("high", v), f["id"])
        method = str(f.get("method") or "")
        if any(f"total_die_size ({b}" in method for b in _BORROWED):
            # the area it was sized on (0: any area of the part, when the factor names none)
            borrowed.add((f["subject"], float((f.get("inputs") or {}).get("die_area_mm2") or 0)))
    out: list[tuple[str, str]] = []
    for h in hardware:
        specs = h.get("specs") or {}
        seg, area = specs.get("segment"), specs.get("die_area_mm2")
        if (
            h.get("category") != "cpu"
            or seg not in bounds
            or not area
            or (h["id"], float(area)) in borrowed
            or (h["id"], 0.0) in borrowed
        ):
            continue
        low, high, fid = bounds[seg]
        kg = doc_model_kg(float(area))
        if not low <= round(kg, 2) <= high:
            out.append(
                (
                    h["id"],
                    f"cpu-segment-die-range: its cited {area:g} mm² die gives {kg:.2f} kgCO2e by "
                    f"the documented die model, outside the {seg} default's bounds "
                    f"[{low:g}..{high:g}] ({fid}): widen the segment's cited die range "
                    "(importers/_cpu_segment.py RANGES / LARGEST) or file the part elsewhere",
                )
            )
    return out


def _same_die(a: dict[str, Any], b: dict[str, Any], seg_a: Any, seg_b: Any) -> bool:
    """Two CPU records on one die: same vendor, microarchitecture, cores and die segment."""
    sa, sb = a.get("specs") or {}, b.get("specs") or {}
    keys = ("microarchitecture", "cores")
    return (
        a.get("vendor") == b.get("vendor")
        and bool(seg_a)
        and seg_a == seg_b
        and all(sa.get(k) for k in keys)
        and all(sa.get(k) == sb.get(k) for k in keys)
    )


def borrowed_die_area(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(factor id, reason) for each client or server CPU embodied value sized on a die not its own.

    Rule ``cpu-borrowed-die-area`` (audit 1796606525 class BD, a hardware screen: the value
    is excluded from defaults): a CPU's embodied value whose upstream note says its die area
    was taken from other parts (cpu_specs.csv's "Max value of", "Linear regression of",
    "Rule of three of", or "Value of cpu_specs <url>" naming a part that is not a same-die
    sibling: same microarchitecture, cores and segment), or, for a client part, whose die
    area is above the largest cited die ever sold in its segment (``_cpu_segment.largest``).
    An i7-4770K or an 8-core Xeon E5 v3 on the 622 mm² 18-core Haswell die trips it, as does
    an EPYC 7532 on 1,600 mm² (Rome's largest package: 1,008 mm²), and so does any server
    area above its generation's largest cited package, stated or borrowed (class CC: the
    64-core EPYC 7742's own row counts sixteen 74 mm² dies); a server "Max value of"
    area that is the part's own die passes (``_cpu_dies.own_largest``), and a Xeon E3 /
    E-2000 is judged as the desktop die it is (``_cpu_dies.die_segment``). Its sibling's or
    a cited die (``importers/_cpu_dies.py``) or its segment default then gives the value.
    """
    from .importers._cpu_dies import (
        COPY,
        JUDGED,
        borrowed_kind,
        cited_package,
        copied_url,
        die_segment,
        own_largest,
        url_slug,
    )
    from .importers._cpu_segment import largest

    cpus = {h["id"]: h for h in hardware if h.get("category") == "cpu"}
    segs = {hid: die_segment(hid, (h.get("specs") or {}).get("segment")) for hid, h in cpus.items()}
    top: dict[tuple[str, str], float] = {}
    for hid, h in cpus.items():
        specs = h.get("specs") or {}
        if segs[hid] == "server" and specs.get("microarchitecture") and specs.get("cores"):
            key = (str(h.get("vendor")), str(specs["microarchitecture"]))
            top[key] = max(top.get(key, 0.0), float(specs["cores"]))
    out: list[tuple[str, str]] = []
    for f in factors:
        part = cpus.get(f["subject"])
        seg = segs.get(f["subject"])
        if f["kind"] != "embodied" or part is None or seg not in JUDGED:
            continue
        h = part
        specs = h.get("specs") or {}
        method = str(f.get("method") or "")
        kind = borrowed_kind(method)
        if kind == COPY and (url := copied_url(method)):
            other = cpus.get(f"{str(h.get('vendor')).lower()}-{url_slug(url)}")
            same = other is not None and _same_die(h, other, seg, segs.get(other["id"]))
            kind = None if same else kind
        if seg == "server":
            code = (str(h.get("vendor")), str(specs.get("microarchitecture")))
            if own_largest(kind, h["id"], (*code, specs.get("cores")), top.get(code)):
                kind = None
        area = float((f.get("inputs") or {}).get("die_area_mm2") or 0.0)
        top_die = largest(seg) if seg in CLIENT_SEGMENTS else None
        pkg = cited_package(str(h.get("vendor")), specs.get("microarchitecture"))
        if kind:
            why = f"its die area was taken from other parts upstream ({kind})"
        elif seg == "server" and pkg is not None and area > pkg.mm2 + 0.5:
            why = (  # class CC: Rome's 64-core rows state sixteen 74 mm² core dies
                f"its {area:g} mm² is above the largest cited package of its generation "
                f"({pkg.mm2:g} mm², {pkg.source})"
            )
        elif top_die is not None and area > top_die.mm2:
            why = (
                f"its {area:g} mm² die is above the largest cited {seg} die of any era "
                f"({top_die.mm2:g} mm², {top_die.part})"
            )
        else:
            continue
        out.append(
            (
                f["id"],
                f"cpu-borrowed-die-area: {why}: not this part's die; size it on its own or a "
                "same-die sibling's cited die (importers/_cpu_dies.py), else its segment "
                "default applies",
            )
        )
    return out


#: Marketing suffixes that name no other part (``cpu-duplicate-segment``): ARK's "X-series",
#: AMD's "BE" / "Black Edition" and "APU".
MARKETING_SUFFIXES = (("x", "series"), ("black", "edition"), ("be",), ("apu",))


def _plain_name(name: str) -> tuple[str, bool]:
    """(``name`` slugged without its trailing marketing suffixes, whether it had one)."""
    toks = [t for t in re.split(r"[^a-z0-9]+", name.lower()) if t and t != "processor"]
    had = False
    for suffix in MARKETING_SUFFIXES:
        n = len(suffix)
        if len(toks) > n and tuple(toks[-n:]) == suffix:
            toks, had = toks[:-n], True
    return "-".join(toks), had


def duplicate_segments(hardware: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(CPU id, reason) for a CPU filed in another segment than its suffix-less twin.

    Rule ``cpu-duplicate-segment`` (audit 1796606525 class HX, recurring from 1796548636 #48):
    two CPU records whose names differ only by a marketing suffix are one part and must share
    one segment. ``intel-core-i9-10900x-x-series`` (ARK's "X-series" name) on the desktop
    default beside ``intel-core-i9-10900x`` on the server one trips it; the catalog now files
    one id per part (``cpu_catalog.cpu_id``), the suffixed name an alias of it.
    """
    groups: dict[str, list[tuple[str, str | None, bool]]] = defaultdict(list)
    for h in hardware:
        if h.get("category") != "cpu":
            continue
        key, had = _plain_name(str(h.get("name") or h["id"]))
        groups[key].append((h["id"], (h.get("specs") or {}).get("segment"), had))
    out: list[tuple[str, str]] = []
    for members in groups.values():
        if len({seg for _, seg, _ in members}) < 2:
            continue
        twins = ", ".join(f"{hid} ({seg or 'no segment'})" for hid, seg, _ in sorted(members))
        for hid, _, had in sorted(members):
            if had:
                out.append(
                    (
                        hid,
                        f"cpu-duplicate-segment: one part under several ids in different "
                        f"segments: {twins}; merge them (one id, the suffixed name an alias)",
                    )
                )
    return out
