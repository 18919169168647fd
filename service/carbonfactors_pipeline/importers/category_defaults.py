"""Category defaults for CPUs, servers, storage and cloud instances (rule C2).

A default footprint must compute for every item of the catalog in both bundles (issue 19
item 5): a model with no power or embodied value of its own falls to its category's
default (``category:<category>``), which the engine names as a CATEGORY DEFAULT with its
bounds. These defaults pool only values whose computed licence lets them into the ``open``
bundle (``licensing.open_sources`` and the licence computed from each value's inputs), so
the same default serves ``open`` and ``full``. The rule, per default (``factors/README.md``):

- **pool**: one value per model (its own value, best source priority then latest year) of
  the models named below; value = the median, low/high = the smallest and largest pooled
  value (wide on purpose: the default says how far models of the category spread);
- **CPU power**: the TDPs of the catalog's CPUs; **CPU embodied**: by segment (rule C4,
  ``_cpu_segment``): client segments sized by a cited die-area model over cited die ranges,
  servers Cloud Carbon Footprint's per-socket figure, the generic default the segments'
  median;
- **server power and embodied**: the CCF-method values of the bare-metal cloud instance
  types (``*.metal``: a whole host server each, CCF coefficients, Apache-2.0);
- **storage embodied**: CCF's per-drive HDD and SSD figures; **storage power**: CCF's HDD
  coefficient (0.65 W per TB) times the capacity of each drive of the catalog;
- **cloud-instance power and embodied**: the open per-instance values of the catalog's
  instances without accelerators (the engine never gives them to an accelerated instance).

Each default records what it rests on in ``derived_from`` (the pooled factors when there
are few, else the sources they rest on) so its licence is computed, never typed.

Re-run (byte-identical on unchanged data; reads the factors tree, not upstream files)::

    carbonfactors import category-defaults --sources /work/shared/sources
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from carbonfactors.kinds import factor_id

from .. import licensing
from ..instance_names import managed_base
from . import Importer, register
from . import _cpu_segment as seg
from . import _instance_component as c3
from ._accelerator_catalog import ACT_CI, ACT_LOGIC
from ._common import header, rounded, write_folder
from ._gcp_list import gcp_listed_kg
from .components import ACT_PACKAGE_KG
from .gpu_accelerators import _act_per_cm2

NAME = "category-defaults"
OUT = Path("hardware") / "category-defaults"
FILE = "category-defaults.yaml"
#: Rule C3's per-type values (``_instance_component``): sized instance defaults.
C3_FILE = "cloud-instances-sized.yaml"
SOURCE = "carbonfactors-derived"
YEAR = 2026
#: A pool's factors are listed one by one up to this many; above, the sources they rest on.
LISTED = 60
#: ACT's server CPU die (components importer): the low end of the CPU category default.
CPU_DIE = "cpu-die-act-dell-r740"
#: CCF HDD storage coefficient, W per TB (ccf-constants, HDDCOEFFICIENT 0.65 Wh per TB-hour).
CCF_HDD_W_PER_TB = 0.65
CCF_STORAGE_CONSTANTS = "ccf-constants/ccf_power_and_other_constants.csv (HDDCOEFFICIENT)"

Record = dict[str, Any]
#: ACT's kgCO2e per cm² of logic by node, and its package (kg): sizes the CPU segments (C4).
ActLogic = tuple[dict[int, float], float]


class Pool:
    """Open values of the factors tree, one per model, for category defaults."""

    def __init__(self, snapshot: Record) -> None:
        self.snapshot = snapshot
        self.prov = licensing.Provenance(snapshot)
        self.priority = {s["id"]: s.get("priority", 100) for s in snapshot["sources"]}
        self.hardware = {h["id"]: h for h in snapshot["hardware"]}
        self.factors = snapshot["factors"]

    def is_open(self, f: Record) -> bool:
        return licensing.tier(self.prov.license(f["id"])) == licensing.OPEN

    def per_model(
        self, kind: str, unit: str, bases: tuple[str | None, ...], models: Callable[[Record], bool]
    ) -> dict[str, Record]:
        """The best open factor of each model ``models`` accepts (priority, latest year)."""
        best: dict[str, Record] = {}
        for f in self.factors:
            h = self.hardware.get(f["subject"])
            if (
                h is None
                or f["kind"] != kind
                or f["unit"] != unit
                or f.get("basis") not in bases
                or f.get("rung") == "lower-bound"
                or f.get("excluded")
                or not models(h)
                or not self.is_open(f)
            ):
                continue
            key = (self.priority.get(f["source"], 100), -f["year"], f["id"])
            old = best.get(f["subject"])
            if old is None or key < (
                self.priority.get(old["source"], 100),
                -old["year"],
                old["id"],
            ):
                best[f["subject"]] = f
        return best

    def derived_from(self, factors: Iterable[Record], extra: Iterable[str] = ()) -> Record:
        ids = sorted(f["id"] for f in factors)
        sources = set(extra)
        for fid in ids:
            sources |= self.prov.sources(fid)
        if len(ids) <= LISTED:
            return {"factors": ids, "sources": sorted(extra)}
        return {"factors": [], "sources": sorted(sources)}


def _default(
    kind: str,
    category: str,
    values: list[float],
    unit: str,
    basis: str,
    what: str,
    derived: Record,
    *,
    digits: int = 2,
) -> Record:
    values = sorted(values)
    return {
        "id": factor_id(kind, f"category:{category}", YEAR, SOURCE, basis),
        "kind": kind,
        "subject": f"category:{category}",
        "year": YEAR,
        "value": rounded(statistics.median(values), digits),
        "unit": unit,
        # a sub-0.05 W part (Quark D1000, 0.03 W) must not round to an impossible 0
        "low": rounded(values[0], digits) or rounded(values[0], 3),
        "high": rounded(values[-1], digits),
        "basis": basis,
        "rung": "category-default",
        "source": SOURCE,
        "method": (
            f"CATEGORY DEFAULT (rule C2, factors/README.md), used only for a {category} "
            f"with no {kind} value of its own: median of {what}; low/high = the smallest and "
            f"largest of them (n = {len(values)}), so the bounds show how far models of the "
            f"category spread. Only values the open bundle carries are pooled, so the "
            f"default is the same in both bundles."
        ),
        "inputs": {"values": len(values)},
        "derived_from": derived,
    }


def _category(cat: str) -> Callable[[Record], bool]:
    return lambda h: h["category"] == cat


def _plain_instance(h: Record) -> bool:
    """A cloud instance without accelerators: the only kind the instance default serves
    (the engine never gives it to an accelerated instance: a different scope).

    AWS managed-service variants (``cache.``, ``db.``, ``.search``) are left out: they run on
    their EC2 base type and repeat its values (``_managed_variants``), so counting them would
    weigh the families that have managed services twice in the median."""
    if h["category"] != "cloud_instance" or (h.get("specs") or {}).get("accelerators"):
        return False
    provider, _, name = h["id"].partition(":")
    return not (provider == "aws" and managed_base(name))


def _metal(h: Record) -> bool:
    return h["category"] == "cloud_instance" and h["id"].endswith(".metal")


def build(snapshot: Record, act: ActLogic | None = None) -> list[Record]:
    """The category defaults of C2 (and C4, CPU segments, when ``act`` is given: ACT's
    kgCO2e per cm² of logic by node and its package) from a validated snapshot."""
    pool = Pool(snapshot)
    out: list[Record] = []

    tdp = pool.per_model("power", "W", ("tdp",), _category("cpu"))
    if tdp:
        out.append(
            _default(
                "power",
                "cpu",
                [f["value"] for f in tdp.values()],
                "W",
                "tdp",
                f"the datasheet TDPs of the {len(tdp)} CPUs of the catalog that have one",
                pool.derived_from(tdp.values()),
                digits=1,
            )
        )
    socket = [
        f
        for f in snapshot["factors"]
        if f["subject"] == "cpu-socket" and f["kind"] == "embodied" and pool.is_open(f)
    ]
    die = [
        f
        for f in snapshot["factors"]
        if f["subject"] == CPU_DIE and f["kind"] == "embodied" and pool.is_open(f)
    ]
    if socket:
        f = _default(
            "embodied",
            "cpu",
            [f["value"] for f in socket],
            "kgCO2e",
            "manufacturing",
            "Cloud Carbon Footprint's embodied figure per CPU socket (the only open per-CPU value)",
            pool.derived_from(socket + die),
        )
        if die:
            # No open source gives CPU die areas per model (Boavizta's are AGPL), so no
            # per-model ACT route exists; ACT's own server CPU sets how low a CPU can go.
            f["low"] = rounded(min(d["value"] for d in die), 2)
            f["method"] += (
                f" The low bound is not pooled: it is ACT's logic model on the CPU die of "
                f"ACT's Dell R740 bill of materials ({f['low']:g} kgCO2e, {CPU_DIE}: die "
                f"and package only, the silicon floor of a server CPU; small desktop and mobile dies go lower); the high bound and "
                f"the value are CCF's per-socket figure, the largest open per-CPU figure "
                f"(no open source publishes a larger one, nor die areas per CPU model, so "
                f"the default sits at the top of its range rather than under-counting)."
            )
            f["inputs"] = {"values": len(socket), "low_from": [d["id"] for d in die]}
        if act is not None:
            segments = seg.defaults(act[0], act[1], dict(f), socket + die)
            out.extend(segments)
            f = _generic_cpu(f, segments)
        out.append(f)
    for kind, unit, bases, basis in (
        ("power", "W", ("max",), "max"),
        ("embodied", "kgCO2e", ("manufacturing", None), "manufacturing"),
    ):
        metal = pool.per_model(kind, unit, bases, _metal)
        if metal:
            out.append(
                _default(
                    kind,
                    "server",
                    [f["value"] for f in metal.values()],
                    unit,
                    basis,
                    f"the CCF-method {kind} of the {len(metal)} bare-metal cloud instance "
                    f"types (*.metal, each a whole host server) of the catalog",
                    pool.derived_from(metal.values()),
                )
            )
        inst = pool.per_model(kind, unit, bases, _plain_instance)
        if inst:
            out.append(
                _default(
                    kind,
                    "cloud_instance",
                    [f["value"] for f in inst.values()],
                    unit,
                    basis,
                    f"the open {kind} values of the {len(inst)} cloud instance types without "
                    f"accelerators of the catalog that have one (sizes differ widely: give the "
                    f"type's own value when you know it; never used for an instance with "
                    f"accelerators)",
                    pool.derived_from(inst.values()),
                )
            )
    drives = [
        f
        for f in snapshot["factors"]
        if f["subject"] in ("hdd-drive", "ssd-drive")
        and f["kind"] == "embodied"
        and pool.is_open(f)
    ]
    if drives:
        out.append(
            _default(
                "embodied",
                "storage",
                [f["value"] for f in drives],
                "kgCO2e",
                "manufacturing",
                "Cloud Carbon Footprint's per-drive embodied figures (one HDD, one SSD)",
                pool.derived_from(drives),
            )
        )
    capacities = sorted(
        h["specs"]["capacity_gb"]
        for h in snapshot["hardware"]
        if h["category"] == "storage" and (h.get("specs") or {}).get("capacity_gb")
    )
    if capacities:
        out.append(
            _default(
                "power",
                "storage",
                [c / 1000 * CCF_HDD_W_PER_TB for c in capacities],
                "W",
                "average",
                f"Cloud Carbon Footprint's HDD coefficient ({CCF_HDD_W_PER_TB:g} W per TB, "
                f"{CCF_STORAGE_CONSTANTS}) times the capacity of each of the "
                f"{len(capacities)} drives of the catalog (capacity read in the drive's name)",
                {"factors": [], "sources": ["ccf-methodology"]},
            )
        )
    out.extend(accelerated_fallbacks(pool))
    return sorted(out, key=lambda f: f["id"])


def _generic_cpu(f: Record, segments: list[Record]) -> Record:
    """The CPU default for a part whose segment the name does not tell (rule C4).

    Such parts are mostly client parts listed without a family word (CodeCarbon's "AMD
    1075T"), so they must not take the server figure as their value: the median of the
    segment defaults, low/high = the smallest and largest of their bounds (wide on purpose).
    """
    values = sorted(s["value"] for s in segments)
    listed = ", ".join(f"{s['subject']} {s['value']:g}" for s in segments)
    return f | {
        "value": rounded(statistics.median(values), 2),
        "low": min(s["low"] for s in segments),
        "high": max(s["high"] for s in segments),
        "method": (
            f"CATEGORY DEFAULT (rules C2 and C4, factors/README.md), used only for a CPU with "
            f"no embodied value of its own whose segment (server, desktop, mobile, embedded) "
            f"its name does not tell: the median of the {len(values)} segment defaults "
            f"({listed}); low/high = "
            f"the smallest and largest of their bounds, so the range covers an 8 W SoC and a "
            f"server socket alike. Each segment default says how it is sized."
        ),
        "inputs": {"values": len(values), "segment_defaults": [s["id"] for s in segments]},
        "derived_from": {
            "factors": sorted(f["derived_from"]["factors"]),
            "sources": sorted(
                {src for s in segments for src in s["derived_from"]["sources"]}
                | set(f["derived_from"]["sources"])
            ),
        },
    }


def sized(snapshot: Record, set_aside: dict[str, float] | None = None) -> list[Record]:
    """Rule C3: a sized embodied value for each plain instance type with none of its own.
    ``set_aside``: listed figures no importer keeps (the CCF 2026 GCP list), which the
    method names as set aside rather than absent."""
    pool = Pool(snapshot)
    return c3.build(snapshot["hardware"], snapshot["factors"], pool.is_open, set_aside or {})


def _accelerated_instance(h: Record) -> bool:
    """A cloud instance with accelerators, or a GPU share the catalog cannot size
    (``specs.gpu_unsized``: Azure NVv4, types whose model only AGPL code names)."""
    specs = h.get("specs") or {}
    gpu = specs.get("accelerators") or specs.get("gpu_unsized")
    return h["category"] == "cloud_instance" and bool(gpu)


#: Marks the per-instance fallbacks below (and keeps them out of their own next pool).
ACCEL_MARK = "CATEGORY DEFAULT of accelerated cloud instances"


def accelerated_fallbacks(pool: Pool) -> list[Record]:
    """Power and embodied for accelerated instances with no open value of their own.

    The engine never gives an accelerated instance the plain instance default (a different
    scope), so an accelerated type whose composition only an AGPL archetype gives (Scaleway,
    OVHcloud GPU types) would raise in both bundles. Each gets, as a factor of its own with
    rung ``category-default``, the median of the open values of the accelerated instances
    that have one, low/high = their smallest and largest: wide on purpose, since nothing
    citable says what is inside. In ``full`` a better value of the type wins (rung, curve).
    """
    out: list[Record] = []
    for kind, unit, bases, basis in (
        ("power", "W", ("max",), "max"),
        ("embodied", "kgCO2e", ("manufacturing", None), "manufacturing"),
    ):
        have = pool.per_model(kind, unit, bases, _accelerated_instance)
        if not have:
            continue
        values = sorted(f["value"] for f in have.values())
        derived = pool.derived_from(have.values())
        for h in sorted(pool.hardware.values(), key=lambda h: h["id"]):
            if not _accelerated_instance(h) or h["id"] in have:
                continue
            own = [f for f in pool.factors if f["subject"] == h["id"] and f["kind"] == kind]
            if any(pool.is_open(f) for f in own):
                continue
            why = (
                "the values it has rest on a source outside the open bundle, such as the "
                "Teads sheet (licence unstated) or an AGPL archetype"
                if own
                else "its composition is published only in an AGPL archetype, which is never "
                "the source of a value"
            )
            f = _default(kind, "cloud_instance", values, unit, basis, "", derived)
            floor, listed = _idle_floor(pool, h) if kind == "power" else (0.0, "")
            raised = ""
            if floor > f["value"]:
                # A loaded power below its own accelerators' idle draw cannot include them
                # (the validator's instance power floor): the median is raised to it.
                f["value"] = rounded(floor, 2)
                f["high"] = max(f["high"], f["value"])
                raised = (
                    f" The median ({rounded(statistics.median(values), 2):g} W) is below the "
                    f"idle draw of the accelerators its catalog record lists ({listed} = "
                    f"{floor:g} W), so the value is raised to that floor."
                )
            f.update(
                id=factor_id(kind, h["id"], YEAR, SOURCE, basis, "category-default"),
                subject=h["id"],
                method=(
                    f"{ACCEL_MARK} (rule C2, factors/README.md): {h['id']} has no open "
                    f"{kind} value of its own ({why}), so it takes the median "
                    f"of the open {kind} values of the {len(values)} accelerated cloud "
                    f"instance types of the catalog that have one; low/high = the smallest "
                    f"and largest of them, so the bounds show how far accelerated instances "
                    f"spread. Give the type's own value when you know it.{raised}"
                ),
            )
            out.append(f)
    return out


def _idle_floor(pool: Pool, h: Record) -> tuple[float, str]:
    """Sum of count x idle (else min) power of the accelerators ``h`` lists, and the terms."""
    idle: dict[str, float] = {}
    for f in pool.factors:
        if f["kind"] == "power" and f["unit"] == "W" and f.get("basis") in ("idle", "min"):
            prior = idle.get(f["subject"])
            if prior is None or f["basis"] == "idle" or f["value"] < prior:
                idle[f["subject"]] = f["value"]
    parts = [
        (p["count"], p["model"], idle[p["model"]])
        for p in (h.get("specs") or {}).get("accelerators") or []
        if p["model"] in idle
    ]
    listed = " + ".join(f"{n} x {m} idle {w:g} W" for n, m, w in parts)
    return float(sum(n * w for n, _, w in parts)), listed


def convert(upstream: Path, factors_root: Path) -> list[Path]:
    from ..validate import validate_tree

    folder = factors_root / OUT
    result = validate_tree(factors_root)
    own = {f["id"] for f in result.snapshot.get("factors", []) if f["source"] == SOURCE}
    snapshot = dict(result.snapshot)
    # Our own previous output is not an input.
    snapshot["factors"] = [
        f
        for f in snapshot["factors"]
        if not (
            f["id"] in own
            and (
                (f["subject"].startswith("category:") and "C2" in (f.get("method") or ""))
                or seg.MARK in (f.get("method") or "")
                or c3.RULE in (f.get("method") or "")
                or ACCEL_MARK in (f.get("method") or "")
            )
        )
    ]
    act = (_act_per_cm2(upstream / ACT_LOGIC, upstream / ACT_CI), ACT_PACKAGE_KG)
    files = {
        FILE: {"factors": build(snapshot, act)},
        C3_FILE: {"factors": sized(snapshot, gcp_listed_kg(upstream / "ccf-coefficients"))},
    }
    head = header(
        NAME,
        [
            "the factors tree (open values only)",
            CCF_STORAGE_CONSTANTS,
            "ccf-coefficients/data/gcp-instances-latest-2026.csv (figures set aside, named)",
            "act/models/logic/*.yaml, act/models/carbon_intensity/location_2022.yaml (ACT)",
            "cited CPU die areas (importers/_cpu_segment.py)",
        ],
    )
    return write_folder(folder, files, head)


register(
    Importer(
        name=NAME,
        description="Category defaults (rule C2) for CPUs, servers, storage and cloud instances, "
        "pooled from open values only",
        upstream=".",
        convert=convert,
        requires=("cpus", "cloud-instances", "components", "boavizta-pcf", "accelerators"),
    )
)
