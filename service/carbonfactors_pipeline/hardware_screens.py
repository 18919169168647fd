"""Plausibility screens for hardware factors: cloud instances and CPU die areas.

The grid screens (``screens.py``) catch impossible intensities; these catch the hardware
errors an audit of release 2026.12 found by sampling (issue 20, classes 2 and 7), each of
which passed every schema check. A flagged factor is kept and queryable but never a
default, exactly like a flagged grid value (``Flag``; a reviewer lifts a flag with a
``keep`` note in ``factors/screens.yaml``).

Instance rules (``cloud_instance`` hardware without accelerators unless said otherwise):

* ``instance-vcpus``: an instance's vCPU count is a whole number >= 1. A fraction is a
  ratio stored in the wrong column (CCF's Azure list keeps the 0.25/0.5 active-core ratio
  of constrained-vCPU sizes there), so every power and embodied factor of it is flagged.
* ``instance-over-host``: an instance's share of a host is at most the embodied carbon of
  a server built for it alone by the CCF 2021 method (the method behind every instance
  value on file: 1,000 kgCO2e base + 533 per 384 GB of DRAM above 16 GB), with generous
  add-ons for what its specs do not say: ``EXTRA_SOCKETS`` (or one per
  ``VCPUS_PER_SOCKET`` vCPUs) more CPU sockets at 100 each, one 100 kg SSD per
  ``SMALLEST_LOCAL_SSD_GB`` of local storage (a storage-optimised type stating none: 24
  drives, ``instance_storage.unstated_drives_kg``), 150 per GPU. More than that is a share of
  the wrong host (SAP HANA S224 got 2.4x a server of its own size). A value that is a
  whole host's own figure (instance vCPUs = host vCPUs) is not a share and is not held
  to it.
* ``instance-kg-per-vcpu``: embodied carbon beyond the instance's own DRAM and local drives
  (as above, with the same 24-drive allowance for a storage-optimised type stating none), per vCPU, at
  most ``MAX_KG_PER_VCPU``: the highest such figure of any host platform in CCF's 2021
  AWS list (mac1.metal, 1,000 kgCO2e over 12 vCPUs). A burstable type charged its whole
  platform (t2.micro: 1,100 kg for 1 vCPU) fails it.
* ``instance-host-below-platform``: a list's share of a host whose host platform has
  fewer vCPUs than any CCF host platform (``MIN_HOST_VCPUS``, mac1.metal's 12): the list
  took the family's largest size for the host, but such a family is a slice of bigger
  servers (Azure Av2 tops out at 8 vCPUs: CCF gives standard_a1_v2 an eighth of a server,
  146 kgCO2e for 1 vCPU). Rule C3 sizes it on the provider's series hosts instead. A CCF
  Azure host below ``SERVER_VCPUS`` fails too unless the value cites it as a whole server
  (``inputs.whole_host``: an isolated size, the H-series' whole node): B1ms on the Bs
  family's 20-vCPU "host" (class AZB; ``importers/_azure_hosts`` re-hosts it).
* ``instance-kg-per-gb``: embodied carbon at least half the instance's own DRAM at the
  CCF factor (1.388 kgCO2e/GB): the memory alone weighs that much, and the half leaves
  room for denser DRAM than the 2021 factor assumes. CCF's GCP m2 rows (1,100 kg for
  11.7 TB) fail it.
* ``instance-w-per-vcpu``: full-load power (``max`` or ``load-100``) per vCPU of an
  instance within the range of full-load watts per hardware thread of every SPECpower
  result in ``ccf-coefficients`` (1,088 servers: 0.70 to 176 W per thread).

* ``instance-above-specpower`` (``instance_power_screen``): a power value more than 1.25x
  the highest SPECpower result of the same CPU generation and socket count (by vCPU share)
  whose low bound does not reach it (audit 1796585890 class D: CCF's flat DRAM W/GB on TBs);
  a chip with no result of its own is matched by core generation, and a Graviton2 value
  held to none of its Neoverse N1 siblings is flagged (audit 1796660847 class TA); a
  Graviton4 one held to none of its Neoverse V2 sibling (Grace) too (class AV).
* ``instance-arm-below-measured`` (``instance_arm_screen``): an Arm CCF-method point whose
  high bound is below the measured share of its core generation's top (every Arm server's
  where none of its generation is measured), bounded by another generation than its own, or
  whose note does not name every Arm server it was checked against (audit 1796669258 AV).
* ``instance-ccf-coefficient`` (``instance_power_screen``): a central W per hardware thread
  over 2x CCF's own recount from the SPECpower results of its micro-architecture (audit
  1796606525 class TU: CCF's EPYC 5th Gen row).
* ``specpower-hold-coverage`` and ``ccf-readings-span`` (``instance_hold_screens``): a
  SPECpower hold that kept under half the results of the host's nearest socket count; a
  CCF reading's bound quoting the other reading at another share than the one filed.
* ``instance-dram-share`` (``instance_dram_screen``): a CCF-method power over half DRAM whose
  method does not say so, or, unmeasured, whose low does not reach the CPU term (class D).
  This one and ``instance-above-specpower`` also screen the host part of an accelerated
  type's sum-of-parts power (audit 1796621837 class DA: ``aws:g6e.16xlarge``).

* ``instance-storage-drives`` (``instance_storage``): a storage-optimised type's share
  of a host is above the drive-less CCF share of its shape (audit 2026-12-06 class C3S).

* ``instance-accel-power``: an accelerated instance's published whole-instance power (rung
  ``published-estimate``: the Teads curves) at full load is at most ``MAX_OVER_PARTS``
  times its own sum of parts (count x the accelerator's TDP + the CCF-method host, rung
  ``component-model``, ``max``). Above that the figure counts more accelerator than the
  instance holds: Teads charges each of P2's 16 GPUs a whole 300 W K80 board (two GPUs
  per board), 1.9x the parts; every point of its curve is flagged, so the sum applies.
  Every other published figure on file is within 1.38x of its parts (g4dn.16xlarge).

Accelerator rule:

* ``power-above-tdp``: a chip's (``gpu``, ``tpu``, ``accelerator``) maximum or full-load
  power is at most ``TDP_TOLERANCE`` times the highest TDP on file for it. A generic
  curve filed under a specific variant (CCF's "P100" at 306 W on the 250 W P100 PCIe)
  fails; CCF's own maxima sit at 102% of the datasheet TDP and pass.

* ``chip-kg-per-w``: a chip's embodied value (any rung but ``lower-bound``) per watt of its
  highest datasheet TDP is at most ``MAX_CHIP_KG_PER_TDP_W``: about 2.5x the highest of
  any product LCA or published estimate on file (Schneider et al.'s TPU v4i, 285 kg for
  175 W = 1.63 kg/W). The 224 kg median of two HBM datacenter GPUs filed under an 8 W
  inference SoC (28 kg/W, audit 2026-12-06 class D) fails it.

* ``instance-smt``: on a family whose vCPU is a whole core (``CORE_VCPU_FAMILIES``: AWS
  T2, M7a, C7a, R7a, whose threads per core cannot be changed, per AWS's CPU options page;
  ``CORE_VCPU_SIZES``: Azure's HPC sizes, SMT disabled per Microsoft's overview pages),
  a CCF-method power value must count ``SMT_THREADS_PER_CORE`` hardware threads per vCPU
  (``inputs.threads_per_vcpu``): CCF's W per vCPU is per SPECpower hardware thread, so an
  m7a value charged one thread per vCPU is about half the CPU's draw (audit 2026-12-06
  class F).

CPU rules:

* ``cpu-segment-default`` (validator, audit 2026-12-06 class E): a client CPU (segment
  ``desktop``, ``mobile`` or ``embedded``, ``specs.segment``) with no usable embodied value
  of its own never takes the server figure: the default it falls to (its segment's, else
  the generic CPU default, ``kinds.category_subjects``) must be below the server segment's
  default (CCF's 100 kg per socket). The flat 100 kg given to an 8 W Atom or a 15 W mobile
  dual-core fails it.
* ``die-area``: a CPU's die area (``specs.die_area_mm2``) is at most
  ``MAX_MM2_PER_CORE`` per enabled core for its process node (or one ``SINGLE_DIE_MM2``
  die, whichever is larger), and at most four reticle-limited dies (``MAX_PACKAGE_MM2``).
  A 3,640 mm² die for a two-core i3-8121U (real: 70.5 mm²) fails, and so does the 1,908
  mm² of four Sapphire Rapids XCC tiles given to 8-32-core MCC parts (one die); embodied
  factors derived from such an area are flagged. AMD EPYC and Threadripper parts may add
  their I/O die (``CHIPLET_IO_DIE_MM2``), and are held to the bound of the most cores any
  part of their generation (vendor + microarchitecture) enables: a chiplet part carries as
  many core dies as its package holds whatever cores it enables (EPYC 72F3: 8 CCDs for 8
  cores, 1,064 mm², the same silicon as the 64-core EPYC 7763).
* ``cpu-borrowed-die-area`` (audit 1796606525 class BD): a client CPU's embodied value on
  a die area its upstream row took from other parts, or above its segment's largest cited
  die (``cpu_screens.borrowed_die_area``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from .cpu_screens import borrowed_die_area, core_vcpu_source, smt_screen
from .host_chip_screens import host_below_chip, smt_coverage
from .instance_arm_screen import arm_measured_screen
from .instance_dram_screen import dram_share_screen
from .instance_hold_screens import hold_coverage, readings_span
from .instance_host_readings_screen import host_readings_screen
from .instance_host_screens import mac_flags, managed_flags, whole_host_over_server
from .instance_power_screen import coefficient_screen, specpower_screen
from .instance_power_shape_screen import (
    arm_idle_screen,
    burst_screen,
    hpc_screen,
    whole_host_screen,
)
from .instance_shape_screen import shape_spread
from .instance_storage import storage_screen, unstated_drives_kg
from .screens import Flag, Reasons

CCF_BASE_KG = 1000.0
CCF_DRAM_KG_PER_GB = 533.0 / 384.0
CCF_DRAM_BASE_GB = 16.0
CCF_CPU_KG = 100.0
CCF_SSD_KG = 100.0
CCF_GPU_KG = 150.0
#: Sockets beyond the first that an instance's own server may hold (4-socket hosts exist),
#: and one more per ``VCPUS_PER_SOCKET`` vCPUs beyond that (8-socket 448-vCPU hosts).
EXTRA_SOCKETS = 3
VCPUS_PER_SOCKET = 16
#: The smallest local SSD a provider attaches (GCP local SSD partitions are 375 GB).
SMALLEST_LOCAL_SSD_GB = 375.0
#: mac1.metal in ccf-coefficients output/coefficients-aws-embodied.csv: 1,000 kg / 12 vCPUs.
MAX_KG_PER_VCPU = 1000.0 / 12.0
#: The fewest vCPUs of any host platform in CCF's lists (mac1.metal, 12): a family whose
#: largest size is smaller is a slice of bigger servers (Scaleway DEV1, OVH D2, Azure Av2).
MIN_HOST_VCPUS = 12.0
#: The fewest vCPUs a CCF Azure host may have unless its largest size is a whole server
#: (an isolated size, or a cited whole-node series: ``inputs.whole_host``): below every
#: two-socket SPECpower result in ccf-coefficients of the Xeon generations Azure's
#: families run on (48 threads: Xeon Gold 6xxx; E5 v3 72), so a 16-24-vCPU CCF host is the
#: family's largest size, a slice (audit 2026-12-06 seed 1796594162, class AZB: B1ms).
SERVER_VCPUS = 32.0
#: Share of the instance's own DRAM (CCF factor) its embodied value may not fall below.
MIN_DRAM_SHARE = 0.5
#: Full-load watts per hardware thread over ccf-coefficients data/SPECpower-2026-03-09.csv:
#: lowest 269 W / 384 threads (V-Raptor SQ), highest 352 W / 2 threads (DL360 G4p).
SPECPOWER_W_PER_THREAD = (269.0 / 384.0, 352.0 / 2.0)
FULL_LOAD = ("max", "load-100")
#: Largest silicon per enabled core in mm² by process node (nm, inclusive upper edge),
#: cache and uncore included: Sapphire Rapids XCC is 4 tiles of ~477 mm² for up to 60
#: cores (32 mm² per core), Skylake-SP XCC 694 mm² for 28 (25), Ice Lake-SP 628 mm² for 40
#: (16); the bounds sit above every multi-core server die on file.
MAX_MM2_PER_CORE = ((10.0, 55.0), (16.0, 80.0), (32.0, 120.0), (math.inf, 200.0))
#: Any part may sit on one die this large, whatever its enabled cores (client dies with a
#: large GPU and few enabled cores: Raven Ridge 210 mm², Ice Lake-U 122 mm² for 2 cores).
SINGLE_DIE_MM2 = 250.0
#: AMD's server and workstation parts (EPYC, Threadripper) add a 12 nm I/O die of up to
#: 416 mm² (Rome/Milan) to their core dies: the EPYC 7252 is 2 CCDs + IOD = 564 mm².
CHIPLET_IO_DIE_MM2 = 416.0
#: Four reticle-limited dies (858 mm² each) in one package: nothing on file is larger.
MAX_PACKAGE_MM2 = 4 * 858.0
#: A full-load figure may exceed the datasheet TDP this much (CCF's GPU maxima are 1.02x).
TDP_TOLERANCE = 1.05
#: Ceiling of a published accelerated-instance full-load figure over its sum of parts
#: (``instance-accel-power``): above the 1.38x of every other published figure on file.
MAX_OVER_PARTS = 1.5
#: Ceiling of a chip's embodied kgCO2e per TDP watt (``chip-kg-per-w``, see above).
MAX_CHIP_KG_PER_TDP_W = 4.0
CHIP_CATEGORIES = ("gpu", "tpu", "accelerator")
HARDWARE_RULES = (
    "power-above-tdp",
    "chip-kg-per-w",
    "instance-vcpus",
    "instance-over-host",
    "instance-kg-per-vcpu",
    "instance-host-below-platform",
    "instance-kg-per-gb",
    "instance-w-per-vcpu",
    "instance-above-specpower",
    "instance-ccf-coefficient",
    "instance-dram-share",
    "instance-accel-power",
    "instance-smt",
    "die-area",
    "cpu-borrowed-die-area",
    "instance-managed-vs-base",
    "instance-mac-rack-base",
    "instance-whole-host-over-server",
    "instance-same-shape-spread",
    "instance-whole-host-power",
    "instance-arm-idle",
    "instance-arm-below-measured",
    "instance-burstable-baseline",
    "instance-hpc-threads",
    # instance_hold_screens.RULES (audit 1796636393 classes SR, XR)
    "specpower-hold-coverage",
    "ccf-readings-span",
    "instance-family-host-readings",  # instance_host_readings_screen.RULE (sys15 class 2H)
)


#: Lists whose facts no value may rest on: AGPL code repositories (issue 19). A catalog
#: record may still show what they state, with the list named in ``specs.sources``.
AGPL_FACT_SOURCES = frozenset({"boavizta-api"})


def shape_sources(h: dict[str, Any]) -> set[str]:
    """The sources an instance record names for its vCPUs and memory (``specs.sources``)."""
    cited = (h.get("specs") or {}).get("sources") or {}
    return {cited[k] for k in ("vcpus", "memory_gb") if k in cited}


def sized_plain_instance(h: dict[str, Any]) -> bool:
    """A cloud instance type without accelerators whose vCPUs and memory are on file, from
    a list a value may rest on (not only an AGPL archetype).

    Rule C3 (``importers/_instance_component``) gives every such type an embodied value
    sized by its vCPUs and memory; the validator fails one left without any (it would take
    the size-blind category default: audit 2026-12-06, class C). A type whose shape only an
    AGPL archetype states is not sized: it takes the category default (issue 19)."""
    specs = h.get("specs") or {}
    return (
        h.get("category") == "cloud_instance"
        and not specs.get("accelerators")
        and float(specs.get("vcpus") or 0) >= 1
        and float(specs.get("memory_gb") or 0) > 0
        and not shape_sources(h) & AGPL_FACT_SOURCES
    )


def sized_chip(h: dict[str, Any]) -> bool:
    """An accelerator whose die area, process node and release year are on file.

    The ``accelerators`` importer sizes every such part without a credible value of its own
    (``importers/_accelerator_sized``); the validator fails one left without any (it would
    take the category default, the median of HBM datacenter parts: audit 2026-12-06,
    class D)."""
    specs = h.get("specs") or {}
    return (
        h.get("category") in CHIP_CATEGORIES
        and bool(specs.get("die_area_mm2"))
        and bool(specs.get("process_nm"))
        and h.get("release_year") is not None
    )


def usable_embodied(f: dict[str, Any]) -> bool:
    """An embodied figure that may be a default: not excluded by a screen, not a lower bound."""
    return not f.get("excluded") and f.get("rung") != "lower-bound"


def own_server_kg(specs: dict[str, Any]) -> float:
    """A server holding only this instance, by the CCF 2021 method, with generous add-ons."""
    memory = float(specs.get("memory_gb") or 0.0)
    gpus = sum(int(a.get("count") or 0) for a in specs.get("accelerators") or [])
    sockets = max(EXTRA_SOCKETS, math.ceil(float(specs.get("vcpus") or 0) / VCPUS_PER_SOCKET))
    return (
        CCF_BASE_KG
        + max(memory - CCF_DRAM_BASE_GB, 0.0) * CCF_DRAM_KG_PER_GB
        + sockets * CCF_CPU_KG
        + storage_kg(specs)
        + gpus * CCF_GPU_KG
    )


def storage_kg(specs: dict[str, Any]) -> float:
    """Local drives at CCF's 100 kg per SSD, one per smallest local SSD a provider sells."""
    storage = float(specs.get("storage_gb") or 0.0)
    return math.ceil(storage / SMALLEST_LOCAL_SSD_GB) * CCF_SSD_KG


def _hosts_below_platform(f: dict[str, Any]) -> str:
    """The host vCPUs a list allocated from, when every one is below ``MIN_HOST_VCPUS``
    (on a CCF Azure host not cited as a whole server: below ``SERVER_VCPUS``)."""
    inputs = f.get("inputs") or {}
    hosts = inputs.get("host_vcpus")
    if not isinstance(hosts, list) or not hosts:
        return ""
    floor = MIN_HOST_VCPUS
    if str(f.get("subject", "")).startswith("azure:") and not inputs.get("whole_host"):
        floor = SERVER_VCPUS if f.get("source") == "ccf-coefficients" else floor
    if all(isinstance(h, (int, float)) and h < floor for h in hosts):
        return "/".join(f"{h:g}" for h in hosts)
    return ""


def allocated(f: dict[str, Any]) -> bool:
    """Whether the value is a share of a larger host (not a whole host's own figure)."""
    inputs = f.get("inputs") or {}
    hosts, mine = inputs.get("host_vcpus"), inputs.get("instance_vcpus")
    if not isinstance(hosts, list) or not isinstance(mine, (int, float)):
        return True
    return any(isinstance(h, (int, float)) and mine < h for h in hosts)


def max_die_mm2(cores: float, process_nm: float | None, io_die: bool = False) -> float:
    """The largest credible die area for a CPU with this many cores on this node."""
    node = process_nm if process_nm else math.inf
    per_core = next(mm2 for edge, mm2 in MAX_MM2_PER_CORE if node <= edge)
    core_dies = cores * per_core + (CHIPLET_IO_DIE_MM2 if io_die else 0.0)
    return min(max(core_dies, SINGLE_DIE_MM2), MAX_PACKAGE_MM2)


def chiplet_server_part(hardware: dict[str, Any]) -> bool:
    """AMD EPYC and Threadripper parts: core dies around a large I/O die."""
    name = str(hardware.get("name") or hardware.get("id") or "").lower()
    return hardware.get("vendor") == "AMD" and ("epyc" in name or "threadripper" in name)


def screen_hardware(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """Every hardware factor a rule flags, in factor-id order."""
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in factors:
        if f["kind"] in ("power", "embodied"):
            by_subject[f["subject"]].append(f)
    found: dict[str, Flag] = {}

    def flag(fid: str, rule: str, reason: str) -> None:
        if fid not in found:
            found[fid] = reasons.flag(fid, rule, reason)

    full_cores = generation_cores(hardware)
    for h in hardware:
        specs = h.get("specs") or {}
        mine = by_subject.get(h["id"], [])
        if h.get("category") == "cloud_instance":
            _instance(h["id"], specs, mine, flag)
            storage_screen(h["id"], specs, mine, flag)
            host_below_chip(specs, mine, flag)  # audit 1796621837 class HV
            hold_coverage(mine, flag)  # audit 1796636393 class SR
            readings_span(mine, flag)  # audit 1796636393 class XR
            if specs.get("accelerators"):
                _accelerated_power(mine, flag)
                # the host part of a sum of parts, as a plain CCF-method value (class DA)
                specpower_screen(mine, flag)
                dram_share_screen(mine, flag)
            else:
                specpower_screen(mine, flag, str(specs.get("cpu") or ""))  # class TA
                coefficient_screen(mine, flag)
                dram_share_screen(mine, flag)
                whole_host_screen(mine, flag)  # sys13 class HP
                arm_idle_screen(mine, flag)  # sys13 class AI
                arm_measured_screen(mine, flag, str(specs.get("cpu") or ""))  # class AV
                burst_screen(h["id"], mine, flag)  # sys13 class SC
                hpc_screen(h["id"], mine, flag)  # sys13 class HT
                if smt_source := core_vcpu_source(h["id"]):
                    smt_screen(mine, smt_source, flag)
        elif h.get("category") in CHIP_CATEGORIES:
            _chip_power(mine, flag)
        elif h.get("category") == "cpu" and specs.get("die_area_mm2") and specs.get("cores"):
            chiplets = chiplet_server_part(h)
            cores = float(specs["cores"])
            if chiplets:
                cores = max(cores, full_cores.get(_generation(h), 0.0))
            _die(specs, cores, chiplets, mine, flag)
    for fid, reason in borrowed_die_area(factors, hardware):
        flag(fid, "cpu-borrowed-die-area", reason)
    managed_flags(hardware, by_subject, flag)  # audit 1796613359 class V1
    mac_flags(by_subject, flag)  # class MAC
    shape_spread(hardware, by_subject, flag)  # class MS
    smt_coverage(hardware, by_subject, flag)  # class F8
    host_readings_screen(factors, flag)  # class 2H (sys15)
    return sorted(found.values(), key=lambda fl: fl.factor)


def _generation(hardware: dict[str, Any]) -> tuple[str, str]:
    specs = hardware.get("specs") or {}
    return (str(hardware.get("vendor") or ""), str(specs.get("microarchitecture") or ""))


def generation_cores(hardware: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    """The most cores a chiplet part of each generation (vendor, microarchitecture) enables.

    Why: AMD builds low-core EPYC parts from the same package as the full part, with cores
    disabled per core die (the 8-core EPYC 72F3 has the 64-core 7763's 8 CCDs), so its
    silicon is that of the full part; the die-area bound follows the package, not the
    enabled cores. A part with no microarchitecture keeps its own core count."""
    out: dict[tuple[str, str], float] = {}
    for h in hardware:
        specs = h.get("specs") or {}
        gen = _generation(h)
        if h.get("category") == "cpu" and chiplet_server_part(h) and gen[1] and specs.get("cores"):
            out[gen] = max(out.get(gen, 0.0), float(specs["cores"]))
    return out


def _instance(hid: str, specs: dict[str, Any], mine: list[dict[str, Any]], flag: Any) -> None:
    vcpus = specs.get("vcpus")
    if vcpus is None:
        return
    if vcpus < 1 or vcpus != int(vcpus):
        for f in mine:
            flag(
                f["id"],
                "instance-vcpus",
                f"{hid} has {vcpus:g} vCPUs: a vCPU count is a whole number >= 1 "
                "(a ratio stored as a count?)",
            )
        return
    if specs.get("accelerators"):
        return
    memory = float(specs.get("memory_gb") or 0.0)
    for f in mine:
        v = f["value"]
        if f["kind"] == "embodied" and f["unit"] == "kgCO2e":
            unstated = unstated_drives_kg(hid, specs)
            cap = own_server_kg(specs) + unstated
            # per vCPU allocated: a constrained-vCPU size holds its parent's vCPUs
            held = (f.get("inputs") or {}).get("instance_vcpus")
            held = held if isinstance(held, (int, float)) and held >= vcpus else vcpus
            # the drives of a storage-optimised type stating none get the same allowance
            # as under instance-over-host (AWS is4gen: its storage was an AGPL archetype's)
            drives = storage_kg(specs) + unstated
            per_vcpu = (v - memory * CCF_DRAM_KG_PER_GB - drives) / held
            if v > cap and allocated(f):
                flag(
                    f["id"],
                    "instance-over-host",
                    f"{v:g} kgCO2e is more than a server built for this instance alone "
                    f"({cap:.0f} kgCO2e by the CCF method, generous add-ons): a share of the wrong host",
                )
            elif allocated(f) and (below := _hosts_below_platform(f)):
                flag(
                    f["id"],
                    "instance-host-below-platform",
                    f"a share of a {below}-vCPU host: no CCF host platform "
                    f"has fewer than {MIN_HOST_VCPUS:g} vCPUs, and no Azure server fewer than "
                    f"{SERVER_VCPUS:g} unless its largest size is a cited whole server, so the "
                    "list took a slice for the server (rule C3 sizes it on the provider's "
                    "series hosts)",
                )
            elif per_vcpu > MAX_KG_PER_VCPU:
                flag(
                    f["id"],
                    "instance-kg-per-vcpu",
                    f"{per_vcpu:.1f} kgCO2e per vCPU beyond its DRAM and drives is above every CCF host "
                    f"platform's ({MAX_KG_PER_VCPU:.1f}, mac1.metal)",
                )
            elif not allocated(f) and v > cap:
                whole_host_over_server(f, cap, flag)  # class WH
            elif memory and v < MIN_DRAM_SHARE * memory * CCF_DRAM_KG_PER_GB:
                flag(
                    f["id"],
                    "instance-kg-per-gb",
                    f"{v:g} kgCO2e for {memory:g} GB is {v / memory:.3f} kgCO2e/GB, below half "
                    f"its own DRAM at the CCF factor ({CCF_DRAM_KG_PER_GB:.3f} kgCO2e/GB)",
                )
        elif f["kind"] == "power" and f["unit"] == "W" and f["basis"] in FULL_LOAD:
            lo, hi = SPECPOWER_W_PER_THREAD
            w = v / vcpus
            if not lo <= w <= hi:
                flag(
                    f["id"],
                    "instance-w-per-vcpu",
                    f"{w:.2f} W per vCPU at full load is outside SPECpower's full-load range "
                    f"per hardware thread ({lo:.2f}..{hi:g} W)",
                )


def _accelerated_power(mine: list[dict[str, Any]], flag: Any) -> None:
    """``instance-accel-power``: a published curve far above the instance's sum of parts."""
    parts = [
        f["value"]
        for f in mine
        if f["kind"] == "power" and f.get("rung") == "component-model" and f["basis"] == "max"
    ]
    published = [f for f in mine if f["kind"] == "power" and f.get("rung") == "published-estimate"]
    full = [f["value"] for f in published if f["basis"] in FULL_LOAD]
    if not parts or not full or max(full) <= MAX_OVER_PARTS * max(parts):
        return
    for f in published:
        flag(
            f["id"],
            "instance-accel-power",
            f"published full-load power {max(full):g} W is {max(full) / max(parts):.2f}x the "
            f"instance's sum of parts ({max(parts):g} W: accelerators at their TDP + host), "
            f"above {MAX_OVER_PARTS:g}x: it counts more accelerator than the instance holds",
        )


def _chip_power(mine: list[dict[str, Any]], flag: Any) -> None:
    tdps = [f["value"] for f in mine if f["kind"] == "power" and f["basis"] == "tdp"]
    if not tdps:
        return
    tdp = max(tdps)
    for f in mine:
        if f["kind"] == "power" and f["unit"] == "W" and f["basis"] in FULL_LOAD:
            if f["value"] > tdp * TDP_TOLERANCE:
                flag(
                    f["id"],
                    "power-above-tdp",
                    f"{f['value']:g} W at {f['basis']} is above the part's datasheet TDP "
                    f"({tdp:g} W) by more than {TDP_TOLERANCE - 1:.0%}: a curve of another "
                    "variant",
                )
    for f in mine:
        if f["kind"] == "embodied" and f["unit"] == "kgCO2e" and f.get("rung") != "lower-bound":
            if f["value"] > tdp * MAX_CHIP_KG_PER_TDP_W:
                flag(
                    f["id"],
                    "chip-kg-per-w",
                    f"{f['value']:g} kgCO2e for a {tdp:g} W part is "
                    f"{f['value'] / tdp:.1f} kgCO2e per TDP watt, above "
                    f"{MAX_CHIP_KG_PER_TDP_W:g} (2.5x the highest product LCA on file): a "
                    "value of a larger part",
                )


def _die(
    specs: dict[str, Any], cores: float, io_die: bool, mine: list[dict[str, Any]], flag: Any
) -> None:
    area = float(specs["die_area_mm2"])
    cap = max_die_mm2(cores, specs.get("process_nm"), io_die)
    # no node: the loosest bound (MAX_MM2_PER_CORE's last row) applies
    if area <= cap:
        return
    for f in mine:
        if f["kind"] == "embodied":
            flag(
                f["id"],
                "die-area",
                f"die area {area:g} mm² is above the credible maximum for {specs['cores']:g} "
                f"cores at {specs.get('process_nm') or 'an unknown'} nm ({cap:g} mm²)",
            )
