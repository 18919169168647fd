"""Client CPU die areas Boavizta borrowed from other parts, and the cited dies that replace them
(audit 1796606525, class BD).

Why: ``boaviztapi/crowdsourcing/cpu_specs.csv`` fills a missing die area from other parts and
says so in ``total_die_size_source``: "Max value of ..." (the largest die of the
microarchitecture: 622 mm², the 18-core Haswell-EP server die, for a quad-core i7-4770K whose
own die is 177 mm²), "Linear regression of ...", "Rule of three of ..." (another part's die
scaled by cores: 41 mm² for a two-core Comet Lake) or "Value of cpu_specs <url>" (another
part's own figure). Such an area is no fact about the part; ~140 client CPUs took an
embodied value from one. A copied figure is kept only when it is a sibling's: the named part
has the same code name, core count and segment (one die sold as several SKUs).

A client part on a borrowed area instead takes, in order:

1. its siblings' own die (cpu_specs rows of the same vendor, code name, cores and segment
   whose area is their own, all agreeing on one figure): Coffee Lake quad-cores, 126 mm²;
2. a cited die of its configuration (``CITED``);
3. nothing: it falls to its segment default (rule C4) with that default's bounds, and the
   upstream factor stays on file, excluded by the ``cpu-borrowed-die-area`` screen with the
   reason.

Server parts (312 "Max value of", 8 "Linear regression", 1 copy in cpu_specs.csv) follow the
same rule with one more case of an own die (``own_largest``): a server microarchitecture is
cut as several dies (Intel's LCC/MCC/HCC/XCC), and the "Max value of" area is its largest
one. A part is on that die when it enables as many cores as any server part of its code name
(an 18-core Haswell-EP/EX part on the 18-core die), or when its line is built on that die
only (``ONE_DIE``: the Xeon E7 v2 line, Ivy Bridge-EX, every part a chop of the 15-core
Ivytown die). A 4-core Xeon E5 v3 on the 18-core die is not, nor a 32-core EPYC 7532 on
1,600 mm² (Rome's largest package is eight 74 mm² core dies and the 416 mm² I/O die, 1,008
mm²). Xeon E3 and Xeon E-2000 parts are client dies in a server SKU (LGA115x/1200, the
Core desktop dies) and are judged with the desktop dies (``die_segment``); their
M / ML suffixed parts and the Xeon W-10000M / W-11000M parts are notebook H-series dies,
judged with the mobile dies (audit 1796613359 class XE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from carbonfactors.kinds import factor_id

from ._common import rounded, undated
from ._cpu_segment import doc_model_kg, largest

#: How Boavizta's cpu_specs says a die area was not measured on the part itself (the start of
#: ``total_die_size_source``): borrowed from another part, a family maximum or a fit.
BORROWED = ("Linear regression", "Value of cpu_specs", "Rule of three", "Max value of")

Record = dict[str, Any]

#: ``total_die_size_source`` openings of an area not read for the part itself.
BORROWED = ("Linear regression", "Value of cpu_specs", "Rule of three", "Max value of")
#: The one borrowed kind that may be a sibling's own figure.
COPY = "Value of cpu_specs"
CLIENT = ("desktop", "mobile", "embedded")
#: Segments whose borrowed areas are judged (server: audit 1796606525 class BD, server part).
JUDGED = (*CLIENT, "server")
#: Server parts on a client (desktop) die: Xeon E3-1200/1500 and Xeon E-2100 ... E-2300.
_CLIENT_DIE_XEON = re.compile(r"^intel-xeon-(e3-|e-2\d{3})")
#: Mobile workstation Xeons (audit 1796613359, class XE rest): BGA parts on the notebook
#: H-series dies, model numbers ending in M / ML / MLE: Xeon E3-1500M v5/v6 (Skylake-H,
#: Kaby Lake-H), E-2100M/E-2200M(L) (Coffee Lake-H), W-10000M (Comet Lake-H), W-11000M(LE)
#: (Tiger Lake-H45, which ``factors/corrections.yaml`` calls a notebook part). Not the
#: server "M" SKUs (Xeon Gold/Platinum 6xxxM/8xxxM, W-3xxxM, 7xxxM: more memory).
_MOBILE_DIE_XEON = re.compile(r"^intel-xeon-(e3-15\d{2}|e-2\d{3}|w-1\d{4})(m|ml|mle)(-v\d+)?$")
#: Server lines sold on one die only, the largest of their microarchitecture (id pattern,
#: why). Xeon E7 v2 (Ivy Bridge-EX): the ISSCC 2014 Ivytown paper describes the E7-8800 v2
#: chip as one fully populated 15-core die (APH Networks relaying X-bit labs,
#: ``aphnetworks-ivytown-isscc-2014``); that the lower-core E7 v2 parts are that die with
#: cores fused off, not its 10- or 6-core chops (the E5 v2 dies), is the finding of audit
#: 1796606525's reviewers, not in that relay.
ONE_DIE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^intel-xeon-e7-\d{4}[a-z]*-v2$"),
        "the Xeon E7 v2 line (Ivy Bridge-EX) is the 15-core Ivytown die "
        "(aphnetworks-ivytown-isscc-2014, secondary) with cores fused off (audit 1796606525 "
        "reviewers; not in the relay)",
    ),
)


def die_segment(cid: str, segment: str | None) -> str | None:
    """The segment whose dies a part is cut from: a Xeon E3 / E-2000 is a desktop die, a
    mobile workstation Xeon (``_MOBILE_DIE_XEON``) a mobile one."""
    if segment in ("server", "desktop") and _MOBILE_DIE_XEON.match(cid):
        return "mobile"
    return "desktop" if segment == "server" and _CLIENT_DIE_XEON.match(cid) else segment


def own_largest(
    kind: str | None, cid: str, die: tuple[str, str, float | None], top: float | None
) -> str | None:
    """Why a server part's "Max value of" area is its own die, or None. ``die``: (vendor,
    code name, cores); ``top``: the most cores any server part of its vendor and code name
    enables. A configuration with a cited die (``SERVER_CITED``) takes that instead: Rome's
    "largest" 1,600 mm² in cpu_specs.csv is sixteen core dies, twice what any Rome holds."""
    vendor, code, cores = die
    if kind != "Max value of" or (vendor.lower(), code, int(cores or 0)) in SERVER_CITED:
        return None
    for pattern, why in ONE_DIE:
        if pattern.match(cid):
            return why
    if cores and top and cores >= top:
        return (
            f"it enables {cores:g} cores, the most of any server part of its code name, so it "
            "is on the largest die"
        )
    return None


_URL = re.compile(r"https?://\S+")


def borrowed_kind(source: str) -> str | None:
    """The borrowed kind a ``total_die_size_source`` (or a method quoting it) names, or None."""
    for kind in BORROWED:
        if source.startswith(kind) or f"total_die_size ({kind}" in source:
            return kind
    return None


def copied_url(source: str) -> str | None:
    """The part page a "Value of cpu_specs <url>" copy names (trailing punctuation dropped)."""
    m = _URL.search(source.split("Value of cpu_specs", 1)[-1])
    return m.group(0).rstrip(").,") if m else None


def url_slug(url: str) -> str:
    """TechPowerUp's part slug: ``.../cpu-specs/core-i3-8020.c2088`` -> ``core-i3-8020``."""
    return url.rstrip("/").rsplit("/", 1)[-1].split(".c")[0].lower()


@dataclass(frozen=True)
class Part:
    """What makes two parts one die: code name, enabled cores and segment."""

    code: str
    cores: int | None
    segment: str | None

    def same_die(self, other: Part) -> bool:
        return bool(self.code) and self.cores is not None and self == other


@dataclass(frozen=True)
class CitedDie:
    """A cited die of one configuration: area (mm²), the source id, what it is, and the
    largest die (mm²) the same configuration is also sold on, when cited, else None."""

    mm2: float
    source: str
    what: str
    largest: float | None
    largest_note: str
    #: Parts cited to be on the larger configuration of ``largest_note`` (audit 1796611373
    #: class G4, screen ``cpu-cited-die-config``): never sized on this die; they take their
    #: segment default, whose high bound is the segment's largest cited die.
    excludes: tuple[str, ...] = ()
    excludes_source: str = ""


#: (vendor, code name, cores) -> its cited client die. AnandTech's tables (secondary, press):
#: Haswell 4C/GT2 177 mm² and Ivy Bridge 4C/GT2 160 mm² (Haswell review, June 2013); Haswell
#: 4C/GT3e 260 + 77 mm² eDRAM (Intel at ISSCC 2014, as reported); Skylake 4C/GT2 122.4 mm²
#: (measured on a package photo, 2015). Ivy Bridge sold every quad-core on one die.
CITED: dict[tuple[str, str, int], CitedDie] = {
    ("intel", "Haswell", 4): CitedDie(
        177.0,
        "anandtech-haswell-2013",
        "Haswell quad-core GT2 die (4+2)",
        337.0,
        "the quad-core GT3e configuration (Iris Pro), 260 mm² die + 77 mm² eDRAM "
        "(anandtech-haswell-isscc-2014)",
    ),
    ("intel", "Ivy Bridge", 4): CitedDie(
        160.0, "anandtech-haswell-2013", "Ivy Bridge quad-core GT2 die (4+2)", None, ""
    ),
    ("intel", "Skylake", 4): CitedDie(
        122.4,
        "anandtech-skylake-package-2015",
        "Skylake quad-core GT2 die (4+2), measured on a package photo",
        None,
        "the quad-core GT4e parts (Iris Pro 580) sit on a larger die whose area is not on file",
        # the mobile Iris Pro 580 parts, named by notebookinfo.de (secondary, press); the Xeon
        # E3-1565L/1585/1585L v5 (Iris Pro P580) are not named by a source on file
        (
            "intel-core-i5-6350hq",
            "intel-core-i7-6770hq",
            "intel-core-i7-6870hq",
            "intel-core-i7-6970hq",
        ),
        "notebookinfo-iris-pro-580",
    ),
}
#: (vendor, code name, cores) -> the cited die (package silicon) of a server configuration.
#: 2nd-gen EPYC (Rome): AMD's ISSCC 2020 paper gives the 74 mm² core die and the 416 mm²
#: server I/O die, eight core dies on the largest package (1,008 mm²); the 64-core parts
#: fill it, and a 32-core part is the eight-die package with half of each die's cores on or
#: the four-die one (712 mm²): the eight-die figure is then its upper case, said in its note.
_ROME = "AMD 2nd-gen EPYC (Rome) package, 8 x 74 mm² core dies + 416 mm² server I/O die"
SERVER_CITED: dict[tuple[str, str, int], CitedDie] = {
    ("amd", "Rome", 64): CitedDie(1008.0, "amd-chiplet-isscc-2020", _ROME, None, ""),
    ("amd", "Rome", 32): CitedDie(
        1008.0,
        "amd-chiplet-isscc-2020",
        _ROME + " (a 32-core Rome part carries four or eight core dies; on four it would be "
        "712 mm², so this is its upper case)",
        None,
        "",
    ),
    # class CC (systematic CPU pass 2026-12-07): the 48-core EPYC 7552 / 7642 rows state their
    # own "12x 74 mm²", counting core complexes (four cores) as core dies; Rome holds eight
    ("amd", "Rome", 48): CitedDie(
        1008.0,
        "amd-chiplet-isscc-2020",
        _ROME + " (a 48-core Rome part carries six or eight core dies; on six it would be "
        "860 mm², so this is its upper case)",
        None,
        "",
    ),
}
#: The kind of a stated chiplet area above its generation's largest cited package (class CC).
ABOVE_PACKAGE = "Above the cited package"


def cited_package(vendor: str, code: str | None) -> CitedDie | None:
    """The largest cited package of a server generation (``SERVER_CITED``), or None."""
    found = [c for (v, k, _), c in SERVER_CITED.items() if v == vendor.lower() and k == code]
    return max(found, key=lambda c: c.mm2) if found else None


#: Sources the cited dies need beside their own (the GT3e die).
EXTRA_SOURCES = {("intel", "Haswell", 4): ("anandtech-haswell-isscc-2014",)}


Row = dict[str, str]


def part_of(cid: str, row: Row, cores: float | None = None) -> Part:
    """The die key of a cpu_specs row filed under catalog id ``cid``; ``cores``: the
    catalog's (Intel ARK / AMD) when the row has none (its borrowed rows often lack them)."""
    from ._common import number
    from ._cpu_segment import segment

    cores = number(row.get("cores") or "") or cores
    vendor = "intel" if row.get("manufacturer", "").lower() == "intel" else "amd"
    # siblings of a client-die Xeon are still the desktop parts it was judged with since
    # audit 1796611373 (also its M parts, now filed mobile): their own areas size it
    seg = "desktop" if _CLIENT_DIE_XEON.match(cid) else die_segment(cid, segment(vendor, cid))
    return Part(row.get("code_name") or "", int(cores) if cores else None, seg)


@dataclass(frozen=True)
class Replacement:
    """The die a borrowed-area part is sized on instead, and what to say about it."""

    mm2: float
    sources: tuple[str, ...]
    note: str
    high_mm2: float | None
    high_note: str


class Dies:
    """The borrowed-area test and its replacements over cpu_specs rows (id -> row)."""

    def __init__(
        self, rows: dict[str, Row], area_of: object, cores: dict[str, Any] | None = None
    ) -> None:
        """``cores``: the catalog's core counts (Intel ARK / AMD) of the parts the catalog
        ships, by id; when given, only those parts count toward a code name's most cores
        (``top``), as the screen counts the shipped hardware records."""
        self.rows = rows
        self.area_of = area_of  # cpu_catalog.die_area: row -> (mm², note)
        self.by_slug = {url_slug(r.get("source") or ""): cid for cid, r in rows.items()}
        own: dict[tuple[str, Part], dict[float, list[str]]] = {}
        for cid, r in rows.items():
            area = area_of(r)[0]  # type: ignore[operator]
            if area and not borrowed_kind(r.get("total_die_size_source") or ""):
                key = (r.get("manufacturer", "").lower(), part_of(cid, r))
                own.setdefault(key, {}).setdefault(float(area), []).append(r["name"])
        self.own = own
        top: dict[tuple[str, str], float] = {}
        for cid, r in rows.items():
            if cores is not None and cid not in cores:
                continue
            me = part_of(cid, r)
            n = (cores or {}).get(cid) or me.cores  # the catalog's first, as its records
            if me.segment == "server" and me.code and n:
                code = (r.get("manufacturer", "").lower(), me.code)
                top[code] = max(top.get(code, 0.0), float(n))
        self.top = top

    def borrowed(self, cid: str, row: Row, cores: float | None = None) -> str | None:
        """The borrowed kind of a client part's area, None when it is its own or a sibling's."""
        source = row.get("total_die_size_source") or ""
        kind = borrowed_kind(source)
        me = part_of(cid, row, cores)
        if kind is None and me.segment == "server":  # class CC: more core dies than it holds
            pkg = cited_package(row.get("manufacturer", ""), me.code)
            area = self.area_of(row)[0]  # type: ignore[operator]
            if pkg is not None and area and float(area) > pkg.mm2 + 0.5:
                return ABOVE_PACKAGE
        if kind is None or me.segment not in JUDGED:
            return None
        if kind == COPY and (url := copied_url(source)):
            other = self.by_slug.get(url_slug(url))
            if other is not None and part_of(other, self.rows[other]).same_die(me):
                return None  # one die sold as several SKUs
        if self.kept(cid, row, cores):
            return None
        return kind

    def kept(self, cid: str, row: Row, cores: float | None = None) -> str | None:
        """Why a server part's borrowed "Max value of" area is its own die, else None."""
        me = part_of(cid, row, cores)
        if me.segment != "server":
            return None
        kind = borrowed_kind(row.get("total_die_size_source") or "")
        top = self.top.get((row.get("manufacturer", "").lower(), me.code))
        vendor = row.get("manufacturer", "").lower()
        return own_largest(kind, cid, (vendor, me.code, cores or me.cores), top)

    def replacement(self, cid: str, row: Row, cores: float | None = None) -> Replacement | None:
        """The sibling's own die or the cited die of a borrowed-area part, None when neither."""
        me = part_of(cid, row, cores)
        vendor = row.get("manufacturer", "").lower()
        found = self.own.get((vendor, me), {}) if me.code and me.cores else {}
        if me.segment == "server" and (vendor, me.code, me.cores or 0) in SERVER_CITED:
            found = {}  # a cited server die goes before upstream siblings' figures
        if len(found) == 1:
            ((mm2, names),) = found.items()
            shown = ", ".join(sorted(names)[:3]) + (" ..." if len(names) > 3 else "")
            return Replacement(
                mm2,
                ("boavizta-api",),
                f"its siblings' own die in cpu_specs.csv ({mm2:g} mm², {len(names)} rows of "
                f"{me.code}, {me.cores} cores, {me.segment}: {shown})",
                None,
                "",
            )
        table = SERVER_CITED if me.segment == "server" else CITED
        cited = table.get((vendor, me.code, me.cores or 0))
        if cited is None or cid in cited.excludes:
            return None
        return Replacement(
            cited.mm2,
            (cited.source, *EXTRA_SOURCES.get((vendor, me.code, me.cores or 0), ())),
            f"the cited {cited.what}, {cited.mm2:g} mm² ({cited.source})",
            cited.largest,
            cited.largest_note,
        )


def larger_config(cid: str) -> str:
    """What a part cited to be on a larger configuration than its code name's cited die says
    (class G4), or ""."""
    for cited in CITED.values():
        if cid in cited.excludes:
            return (
                f" LARGER DIE: this part is one of {cited.largest_note.split(' sit on')[0]} "
                f"({cited.excludes_source}, secondary), not on the cited {cited.what} "
                f"({cited.mm2:g} mm², {cited.source}), so it is not sized on that die: its "
                "segment default applies, whose high bound is the segment's largest cited die "
                "(audit 1796611373 class G4, screen cpu-cited-die-config)."
            )
    return ""


def own_note(why: str) -> str:
    """What a server factor whose borrowed "Max value of" area is its own die says."""
    return (
        f" The area is the largest die of its microarchitecture, borrowed upstream, and kept as "
        f"this part's own (screen cpu-borrowed-die-area, audit 1796606525 class BD): {why}."
    )


def borrowed_note(kind: str, swap: Replacement | None) -> str:
    """What the upstream factor of a borrowed-area client part says (class BD)."""
    then = (
        f"it is sized on {swap.note} instead"
        if swap
        else "no die of its own is on file, so it takes its segment's default (rule C4)"
    )
    if kind == ABOVE_PACKAGE:
        return (
            " PACKAGE ABOVE THE CITED ONE: cpu_specs.csv's area counts more core dies than "
            "any package of its generation holds (its core complexes taken for core dies); "
            f"not used (screen cpu-borrowed-die-area, class CC): {then}."
        )
    return (
        f" BORROWED DIE AREA: cpu_specs.csv took this area from other parts ({kind}), not "
        f"from this part's die; not used (screen cpu-borrowed-die-area): {then}."
    )


def sized_on(
    swap: Replacement,
    cid: str,
    fyear: int,
    year: int | None,
    seg: str | None,
    model: tuple[float, float],
    why_year: str,
    kind: str | None = None,
) -> Record:
    """The embodied value of a borrowed-area client part on its sibling's or cited die.

    A sibling's own cpu_specs die is costed like the sibling (factors.yml ``cpu.gwp``), so
    one die sold as several SKUs has one value; a cited die from the literature is costed by
    the model BoaviztAPI documents (``boavizta-cpu-doc``), as the segment defaults are. The
    high bound is the same model on the largest die the configuration is sold on, when
    cited, else on the segment's largest cited die (a larger variant exists, its area not
    on file).
    """
    sibling = swap.sources == ("boavizta-api",)
    die_factor, base = model
    cost = (lambda a: a * die_factor + base) if sibling else doc_model_kg
    how = (
        "Boavizta CPU model (factors.yml cpu.gwp: die_area_mm2 x die_impact + base), as its "
        "siblings"
        if sibling
        else "the CPU manufacturing model documented by BoaviztAPI (boavizta-cpu-doc: (die + "
        "0.491 cm²) x 1.97 kgCO2e/cm² + 9.14 kgCO2e)"
    )
    f: Record = {
        "id": factor_id("embodied", cid, fyear, "carbonfactors-derived", "manufacturing"),
        "kind": "embodied",
        "subject": cid,
        "year": fyear,
        "value": rounded(cost(swap.mm2), 3),
        "unit": "kgCO2e",
    }
    high_note = ""
    if swap.high_mm2 is not None:
        f["high"] = rounded(cost(swap.high_mm2), 3)
        high_note = f" High: the same model on {swap.high_note}, {swap.high_mm2:g} mm²."
    elif swap.high_note and seg in ("desktop", "mobile", "embedded"):
        top = largest(seg)
        f["high"] = rounded(cost(top.mm2), 3)
        high_note = (
            f" High: {swap.high_note}, so the same model on the segment's largest cited die, "
            f"{top.mm2:g} mm² ({top.part}, {top.source})."
        )
    sources = sorted({*swap.sources, "boavizta-api" if sibling else "boavizta-cpu-doc"})
    if "high" in f and not sibling and swap.high_mm2 is None:
        sources = sorted({*sources, largest(str(seg)).source})
    f.update(
        {
            "basis": "manufacturing",
            **undated(year),
            "rung": "component-model",
            "source": "carbonfactors-derived",
            "method": (
                f"{how}, on {swap.note}: "
                + (
                    "cpu_specs.csv's area for this part counts more core dies than any "
                    "package of its generation holds and is not used (class CC, screen "
                    "cpu-borrowed-die-area)."
                    if kind == ABOVE_PACKAGE
                    else "cpu_specs.csv's area for this part is borrowed from other parts "
                    "and not used (audit 1796606525 class BD)."
                )
                + high_note
                + why_year
            ),
            "inputs": {"die_area_mm2": rounded(swap.mm2, 3)},
            "derived_from": {"factors": [], "sources": sources},
        }
    )
    return f
