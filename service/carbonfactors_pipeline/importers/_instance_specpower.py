"""SPECpower_ssj2008 results of the same CPU generation and socket count as an instance's
host: the measured range a CCF-method instance power is held against (audit 1796585890,
class D).

CCF's method charges DRAM a flat 0.392 W/GB at full load (0.2 W/GB idle, the Teads floor)
whatever the capacity. On terabyte hosts DRAM becomes most of the value:
``aws:u7i-12tb.224xlarge`` (8 Sapphire Rapids sockets, 12 TB) came out 8,545 W at full
load and 3,386 W idle, while SPECpower measured 8-socket Sapphire Rapids servers (8 x
Xeon Platinum 8490H) at 3,995-4,087 W and 1,200-1,308 W. The formula's value is kept (it is
the method every instance shares) but its low bound reaches the measured results, scaled
by the instance's vCPU share of its host, and the method says so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..instance_power_screen import COEFF_RATIO as COEFF_RATIO
from ..instance_power_screen import CORE_GENERATION, CORE_SOURCES, GENERATION_ONLY, SCREEN_RATIO
from ..instance_power_screen import MEASURED_ONLY as MEASURED_ONLY
from ._common import number, read_csv, rounded
from ._cpu_arch import ArchMapper

#: The SPECpower results as redistributed by Cloud Carbon Footprint (Apache-2.0); unlike
#: the server PCF importer this keeps 8-socket results (large-memory hosts have 8 sockets).
SPECPOWER = Path("ccf-coefficients") / "data" / "SPECpower-2026-03-09.csv"


@dataclass(frozen=True)
class Held:
    """How a type's host was counted for its SPECpower reference (classes SK and CS):
    ``threads`` hardware threads per vCPU (2 where a vCPU is a whole core with SMT off)
    and ``parent``, the constrained-vCPU size's parent whose vCPUs set the share
    (``parent_vcpus``) while only ``active`` of them run. ``nearest``: the socket
    count(s) of the results held to where none has the host's own (class HN,
    ``nearest_socket``), each scaled per hardware thread to the host's ``host_threads``."""

    threads: int = 1
    parent: str = ""
    parent_vcpus: float = 0.0
    active: float = 0.0
    nearest: str = ""
    host_threads: float = 0.0

    def sockets(self) -> str:
        """How the results' socket count relates to the host's, for the sentence."""
        if self.nearest:
            return "and the socket count nearest the host's (none has its own)"
        return "and socket count"

    def inputs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.nearest:
            out["specpower_nearest_sockets"] = self.nearest
        if self.threads != 1:
            out["specpower_threads_per_vcpu"] = self.threads
        if self.parent:
            out["specpower_share_vcpus"] = rounded(self.parent_vcpus)
        return out

    def words(self) -> str:
        out = ""
        if self.nearest:
            out += (
                f" (no SPECpower result has the host's socket count, so each result of the "
                f"nearest one is taken per hardware thread x the host's {self.host_threads:g} "
                "threads, then by vCPU share)"
            )
        if self.threads != 1:
            out += (
                f" (host counted as {self.threads} hardware threads per vCPU: each vCPU is "
                "a whole core with SMT off, so the host's chips carry twice the threads its "
                "vCPUs number)"
            )
        if self.parent:
            out += (
                f" (the share of its parent size {self.parent}, {self.parent_vcpus:g} vCPUs, "
                f"which it holds whole with {self.active:g} active: its memory and platform "
                f"stay its own, so the measured share is the parent's; the formula counts the "
                f"{self.active:g} active vCPUs only, the hidden cores uncounted as in CCF's "
                "per-vCPU method)"
            )
        return out


@dataclass(frozen=True)
class Result:
    idle: float
    full: float
    chips: int
    threads: int
    system: str


def measured_arch(description: str, mapper: ArchMapper) -> str | None:
    """The micro-architecture SPECpower results and an instance's CPU are grouped by:
    CCF's, else one of ``MEASURED_ONLY`` (a chip measured but without a CCF row)."""
    arch = mapper.arch(description)
    if arch:
        return arch
    low = description.lower()
    return next((name for word, name in MEASURED_ONLY if word in low), None)


def same_generation(archs: list[str], specpower: dict[str, list[Result]]) -> tuple[str, list[str]]:
    """(core generation, its measured groups) for a single architecture with no result of
    its own whose core generation has some (class TA: Graviton2 beside Ampere Altra /
    Altra Max, all Neoverse N1 in CCF's family list), else ("", [])."""
    gen = dict(CORE_GENERATION)
    held = {name for _, name in GENERATION_ONLY}  # not BOUND_ONLY chips (class AV)
    if len(archs) != 1 or specpower.get(archs[0]) or archs[0] not in held or archs[0] not in gen:
        return "", []
    core = gen[archs[0]]
    peers = [a for a, g in CORE_GENERATION if g == core and a != archs[0] and specpower.get(a)]
    return (core, peers) if peers else ("", [])


def generation_label(core: str, own: str, peers: list[str], found: dict[str, list[Result]]) -> str:
    """What a chip held through its core generation was held to, the gap said."""
    parts = ", ".join(f"{a}: {len(found.get(a, [])) or 'none'}" for a in peers)
    cited = CORE_SOURCES.get(core, ("",))[0]
    return (
        f"its core generation ({core}, {own} with {' / '.join(peers)}: {cited}; {parts}; "
        f"no {own} result exists, so a sibling chip of the same core stands in)"
    )


def read_results(sources: Path, mapper: ArchMapper) -> dict[str, list[Result]]:
    """SPECpower results by the CCF micro-architecture of their CPU (or a measured-only
    Arm chip's, ``MEASURED_ONLY``)."""
    out: dict[str, list[Result]] = defaultdict(list)
    path = sources / SPECPOWER
    if not path.is_file():
        return out
    for r in read_csv(path):
        idle, full = number(r["avg. watts @ active idle"]), number(r["avg. watts @ 100%"])
        chips, threads = number(r["Chips"]), number(r["Total Threads"])
        arch = measured_arch(r["CPU Description"], mapper)
        if None in (idle, full, chips, threads) or not arch or not chips or not threads:
            continue
        assert idle is not None and full is not None
        out[arch].append(Result(idle, full, int(chips), int(threads), r["System"].strip()))
    return out


def host_sockets(host_threads: float, per_chip: float) -> set[int]:
    """The socket counts a host may have beside a measured chip of ``per_chip`` threads:
    its threads over the chip's rounded up (the host's chips no larger than the one
    measured: 896 vCPUs on 120-thread 8490H chips, 7.5 -> 8) and rounded to the nearest,
    halves up, at least 1 (the host's chips up to half as large again as the one measured,
    a provider's custom part beside the retail one: 384 threads on 172-thread 6787P
    chips, 2.2 -> 2, not 3)."""
    if per_chip <= 0:
        return set()
    x = host_threads / per_chip
    return {math.ceil(x - 1e-9), max(1, math.floor(x + 0.5))}


def same_host(results: list[Result], host_threads: float) -> list[Result]:
    """Results whose socket count is one the host may have (``host_sockets``). Rounding up
    alone counted the 384-thread host of the custom 96-core Xeon 6 as 3-socket beside
    the 86-core chips measured and kept 3 of the 20 2-socket results (audit 1796636393
    class SR, screen ``specpower-hold-coverage``).

    ``host_threads`` is the host's vCPUs times the hardware threads each vCPU stands for:
    where a vCPU is a whole core with SMT off (m7a, HBv3) the host has twice the silicon
    its vCPU count suggests, so 192 m7a vCPUs are two 96-core Genoa chips (384 threads),
    not one (audit class SK, ``_cloud_instance_factors._hold_to_specpower``)."""
    return [r for r in results if r.chips in host_sockets(host_threads, r.threads / r.chips)]


def nearest_socket(results: list[Result], host_threads: float) -> list[Result]:
    """Where no result has a socket count the host may have (``same_host`` keeps none),
    the results of the socket count nearest it, each scaled per hardware thread to the
    host's threads (audit 1796672257 class HN: the 32-vCPU G5 host of ``azure:standard_g2``
    rounds to 1 socket beside 36-thread E5-2699 v3 chips, no 1-socket Haswell-EP result
    exists, and the hold returned silently beside twelve 2-socket results far below).

    Nearness is by ratio (|log(result chips / host sockets)|), the host's sockets by each
    result's chip size (nearest, halves up, at least 1); ties keep both counts. The
    per-thread scaling leaves each server's memory and platform in proportion, as the
    vCPU share does for a matched host. [] without results."""
    if not results or host_threads <= 0:
        return []

    def gap(r: Result) -> float:
        est = max(1, math.floor(host_threads * r.chips / r.threads + 0.5))
        return abs(math.log(r.chips / est))

    best = min(gap(r) for r in results)
    k = host_threads
    return [
        replace(r, idle=r.idle * k / r.threads, full=r.full * k / r.threads)
        for r in results
        if gap(r) <= best + 1e-9
    ]


def census(results: list[Result]) -> str:
    """Every result of the micro-architecture(s) as ``chips x threads per chip: count``,
    recorded so the screen ``specpower-hold-coverage`` can recount the hold on its own."""
    counts: dict[tuple[int, float], int] = defaultdict(int)
    for r in results:
        counts[(r.chips, r.threads / r.chips)] += 1
    return " ".join(f"{c}x{t:g}:{n}" for (c, t), n in sorted(counts.items()))


def arch_label(found: dict[str, list[Result]]) -> str:
    """The micro-architectures a multi-architecture type was held to, with the number of
    same-socket results of each (none: said, so a gap is not read as agreement)."""
    parts = [f"{a}: {len(r) or 'none'}" for a, r in found.items()]
    return f"each micro-architecture the type runs on ({', '.join(parts)})"


#: ``COEFF_RATIO`` (imported above): a CCF W-per-vCPU coefficient this many times the mean
#: per-thread draw of the SPECpower results of its own micro-architecture (in the same CCF
#: file) does not reproduce from them: the recount is the central value, CCF's row the
#: high bound. CCF's 3rd/4th Gen EPYC, Emerald and Granite Rapids rows reproduce within
#: ~30 %; its 2026 EPYC 5th Gen row (3.68 / 8.96 W) is 13.9x / 6.1x (audit 1796606525).


def recount(results: list[Result]) -> tuple[float, float] | None:
    """CCF's per-thread (min, max) W of a micro-architecture recounted from its SPECpower
    results: the mean over results of active-idle and 100 % watts over total hardware
    threads. This reproduces CCF's published rows to every digit (EPYC 2nd/3rd Gen,
    Broadwell, Haswell, Ivy Bridge, Coffee Lake) or within a few % (Granite Rapids 0.584 /
    2.522 vs 0.582 / 2.527): the same method on the same file. None without results."""
    if not results:
        return None
    n = len(results)
    return sum(r.idle / r.threads for r in results) / n, sum(
        r.full / r.threads for r in results
    ) / n


def coefficient_check(results: list[Result], lo: float, hi: float, arch: str) -> str:
    """A sentence when CCF's per-thread min/max W for ``arch`` is ``COEFF_RATIO`` times the
    mean per-thread idle/full draw of the SPECpower results of that micro-architecture
    (CCF's documented derivation: the average over those results), else ""."""
    mean = recount(results)
    if mean is None:
        return ""
    idle, full = mean
    if lo <= COEFF_RATIO * idle and hi <= COEFF_RATIO * full:
        return ""
    return (
        f" CCF's {arch} coefficient ({lo:.3g} / {hi:.3g} W per hardware thread) is "
        f"{lo / idle:.1f}x / {hi / full:.1f}x the mean per-thread idle / full draw of the "
        f"{len(results)} SPECpower results of that micro-architecture in the same CCF file "
        f"({idle:.3g} / {full:.3g} W, data/SPECpower-2026-03-09.csv): it does not reproduce "
        f"from the measurements it is said to average, so this value is likely high."
    )


def bound(
    fac: dict[str, Any],
    basis: str,
    vcpus: float,
    host_vcpus: float,
    results: list[Result],
    dram_w: float = 0.0,
    label: str | None = None,
    held: Held | None = None,
) -> None:
    """Give a CCF-method power point above every matching SPECpower result a low bound
    reaching them, and say so in its method and inputs (value kept). ``label``: what the
    results are, when not one micro-architecture (a type on several: class MA).
    ``vcpus``: the vCPUs the type holds on its host (a constrained-vCPU size: its parent's,
    class CS); ``held``: how the host and share were counted, recorded for the screen."""
    if not results or not host_vcpus:
        return
    share = min(vcpus / host_vcpus, 1.0)
    pick = (lambda r: r.idle) if basis == "min" else (lambda r: r.full)
    scaled = sorted(pick(r) * share for r in results)
    top = scaled[-1]
    value = fac["value"]
    # The measured reference is recorded on every value it exists for: the validator
    # screen ``instance-above-specpower`` reads it, whatever this function did with it.
    fac["inputs"] = (
        fac.get("inputs", {})
        | {
            "specpower_same_host_w": rounded(top, 3),
            "specpower_results": len(results),
            "specpower_host_vcpus": rounded(host_vcpus),
        }
        | (held.inputs() if held else {})
    )
    if value <= SCREEN_RATIO * top:
        return  # within the spread of configurations: no bound needed
    low = rounded(min(fac.get("low", value), scaled[0]), 3)
    high = rounded(max(fac.get("high", value), value), 3)
    rest = {k: v for k, v in fac.items() if k not in ("low", "high")}
    fac.clear()
    for k, v in rest.items():  # low/high right after the value, as every factor file
        fac[k] = v
        if k == "value":
            fac["low"], fac["high"] = low, high
    what = "active idle" if basis == "min" else "100 % load"
    systems = sorted({r.system for r in results})
    cpu_w = value - dram_w
    cause = (
        f"the CPU term alone ({cpu_w:.4g} W) is {cpu_w / top:.2f}x the highest, so CCF's W "
        f"per vCPU for this micro-architecture is above the measured servers"
        if dram_w and cpu_w > SCREEN_RATIO * top
        else "as CCF's flat DRAM W/GB grows with capacity"
    )
    chips = "/".join(str(c) for c in sorted({r.chips for r in results}))
    fac["method"] += (
        f" SPECpower_ssj2008 measured {len(results)} server(s) of "
        f"{label or 'the same CPU micro-architecture'} {held.sockets() if held else 'and socket count'} ({chips}; "
        f"{', '.join(systems[:3])}{', ...' if len(systems) > 3 else ''}) at "
        f"{min(pick(r) for r in results):g}-{max(pick(r) for r in results):g} W at {what}"
        f"{'' if share == 1 else f', x {share:.4g} vCPU share'}"
        f"{held.words() if held else ''}: the formula is "
        f"{value / top:.2f}x the highest, {cause} "
        f"(ccf-coefficients data/SPECpower-2026-03-09.csv); low reaches the measured range."
    )
