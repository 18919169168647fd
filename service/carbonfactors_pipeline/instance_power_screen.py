"""Screen ``instance-above-specpower`` (audit 1796585890, class D).

CCF's instance power charges DRAM a flat 0.392 W/GB at full load whatever the capacity, so
on terabyte hosts the formula runs far above anything measured: ``aws:u7i-12tb.224xlarge``
came out 8,545 W where SPECpower_ssj2008 measured 8-socket Sapphire Rapids servers at
3,995-4,087 W. The ``cloud-instances`` importer records on every CCF-method power value the
highest SPECpower result of the same CPU micro-architecture and socket count, scaled by the
instance's vCPU share of its host (``inputs.specpower_same_host_w``,
``importers/_instance_specpower``). A value more than ``SCREEN_RATIO`` times above it whose
low bound does not reach it is a point value the measurements contradict: flagged.

The reference is only as good as the host it was scaled to (``inputs.specpower_host_vcpus``;
older values lack it and were scaled to a listed host or to the type itself). A type no
list names a host for was held to whole servers of its own vCPUs while its embodied value
is sized on a larger inferred host (audit 1796606525, class SH: ``aws:m8i.16xlarge``, 64
vCPUs against whole 1-socket servers instead of 1/6 of its 384-vCPU host). A value whose
reference host is its own vCPUs while its rule C3 embodied value (``inputs.host_vcpus``)
infers a larger one is flagged too: its check ran on the wrong host.

A type listed on several micro-architectures (CCF's mean of their rows) was not checked
at all (audit 1796613359, class MA: ``azure:standard_e48ads_v5``, Milan + Genoa, idle
2.7-3.6x the highest measured share, no bound). The importer now holds it to the results of
all of them and records which (``inputs.specpower_archs``); such a value without that
record skipped the check: flagged.

A sum-of-parts power of an accelerated instance (``inputs.accelerators``) is held on its
host part (audit 1796621837, class DA: ``aws:g6e.16xlarge``, host part 131.56 W idle,
2.07x the highest measured 2-socket Milan share, as a point): the value less the
accelerators' central watts is compared with the reference, and its low bound less them
must reach it.

The Teads whole-instance curve (``teads-aws-ec2``, the default where it exists) was not held
at all (audit 1796655557, class TS: ``aws:m5.8xlarge`` idle 70.6 W, 2.93x the highest
measured share of 24.1 W, no bound). The importer now records the same reference on each
Teads point (``importers/_teads_specpower``) and the check above runs on it; a Teads point
without one while the CCF-method value of the same type has one skipped the hold: flagged.

Results were matched by CPU name, so a chip with none of its own was held to nothing even
where chips of its core generation were measured (audit 1796660847, class TA:
``aws:r6g.medium``, Graviton2, Teads 2.3-7.7 W, 1.8-2.4x the 1-socket Ampere Altra /
Altra Max results at its 1/64 share, no bound; CCF lists Graviton2 with them as Neoverse
N1). The importer now holds such a chip to its generation's results
(``CORE_GENERATION``); a power value of such a CPU (``GENERATION_ONLY``) without a
reference skipped the hold: flagged, and the ratio check above runs on the rest.
"""

from __future__ import annotations

from typing import Any

from .instance_dram_screen import accelerator_w

RULE = "instance-above-specpower"
#: The ``cloud-instances`` importer bounds a CCF-method value only when it is this many
#: times above the highest matching result (below, it is within the spread of
#: configurations); this screen flags such a value whose low bound does not reach it.
SCREEN_RATIO = 1.25
#: Arm server chips with SPECpower results on file but no CCF coefficient row (class AP,
#: systematic pass 2026-12-07): CCF's list has no Ampere family, so GCP's T2A (Altra
#: Q64-30) and Scaleway's COPARM1 (Altra Max M128-30) got the mean of CCF's Arm rows and
#: were held to nothing, while FALINUX, Foxconn and Gigabyte Altra / Altra Max servers
#: were measured at 1 and 2 sockets. (word in the CPU name, group), most specific first.
#: Audit 1796669258 class AV: the same file holds an NVIDIA Grace CPU Superchip result
#: (line 1029, Neoverse V2, Graviton4's core) and a Socionext SC2A11 one (Cortex-A53), Arm
#: servers both, which the set left out while notes called it "every Arm server on file".
MEASURED_ONLY: tuple[tuple[str, str], ...] = (
    ("altra max", "Ampere Altra Max"),
    ("altra", "Ampere Altra"),
    ("grace", "NVIDIA Grace"),
    ("sc2a11", "Socionext SC2A11"),
)
#: Core generations (class TA, audit 1796660847): a chip with no SPECpower result of its
#: own is held to the measured chips of its core generation. CCF's own family list for
#: Neoverse N1 (``ccf-coefficients/cpu-families/amd-neoverse-n1.csv``) holds the Ampere
#: Altra Q32..Q80 and Altra Max M96/M128 models and "Graviton 2": the same core, matched
#: there but not by the name lookup, so ``aws:r6g.medium``'s Teads curve (2.3-7.7 W) was
#: held to nothing. Neoverse V2 (class AV, audit 1796669258): Graviton4 and NVIDIA Grace
#: (``nextplatform-graviton4-neoverse-v2``, secondary; NVIDIA's own
#: ``nvidia-nvpl-neoverse-v2``) and Google Axion (``theregister-google-axion``, secondary);
#: Grace is measured. Graviton (A1, Cortex-A72), Graviton3/3E (V1) and Cobalt 100 (N2) have
#: no measured chip of their generation on file: not listed.
#: (group or CCF architecture, core generation).
CORE_GENERATION: tuple[tuple[str, str], ...] = (
    ("Graviton2", "Arm Neoverse N1"),
    ("Ampere Altra Max", "Arm Neoverse N1"),
    ("Ampere Altra", "Arm Neoverse N1"),
    ("Graviton4", "Arm Neoverse V2"),
    ("Google Axion", "Arm Neoverse V2"),
    ("NVIDIA Grace", "Arm Neoverse V2"),
)
#: Where each core generation's membership is cited: (generation, words, source ids).
CORE_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Arm Neoverse N1": (
        "CCF's family list cpu-families/amd-neoverse-n1.csv",
        ("ccf-coefficients",),
    ),
    "Arm Neoverse V2": (
        "Graviton4 and Grace as Neoverse V2 per nextplatform-graviton4-neoverse-v2 "
        "(secondary) and NVIDIA's nvidia-nvpl-neoverse-v2, Axion per "
        "theregister-google-axion (secondary)",
        (
            "nextplatform-graviton4-neoverse-v2",
            "nvidia-nvpl-neoverse-v2",
            "theregister-google-axion",
        ),
    ),
}
#: Words of an instance CPU name whose chip is only measured through its core generation
#: and held to its results by the importer (Axion is an Arm-mean CPU, bounded only:
#: ``ARM_CHIP_WORDS``).
GENERATION_ONLY: tuple[tuple[str, str], ...] = (
    ("graviton2", "Graviton2"),
    ("graviton 2", "Graviton2"),
)
#: Chips bounded through their core generation only (class AV): Graviton4's metal-24xl
#: sizes are listed as their own host while their embodied value is sized on the 48xl
#: (class SH), so a share hold on Grace would exclude them; their high bounds reach the
#: Grace share instead (``importers/_instance_arm_power``).
BOUND_ONLY: tuple[tuple[str, str], ...] = (
    ("graviton4", "Graviton4"),
    ("graviton 4", "Graviton4"),
)
#: Words of an Arm instance CPU name -> its group in ``CORE_GENERATION`` (class AV).
ARM_CHIP_WORDS: tuple[tuple[str, str], ...] = (
    *GENERATION_ONLY,
    *BOUND_ONLY,
    *MEASURED_ONLY,
    ("axion", "Google Axion"),
)


def core_generation(cpu: str) -> tuple[str, str] | None:
    """(chip group, core generation) of an Arm instance CPU name, or None (not known)."""
    low = (cpu or "").lower()
    chip = next((name for word, name in ARM_CHIP_WORDS if word in low), None)
    core = dict(CORE_GENERATION).get(chip or "")
    return (chip, core) if chip and core else None


#: The importer's words for an Arm CPU given the mean of CCF's Arm rows.
ARM_MEAN = "Arm CPU without a CCF row ("
#: The importer's words for a CCF coefficient that is a mean over several architectures.
MULTI_ARCH = "(mean of the architectures the type runs on)"
#: The Teads AWS sheet's source id: its whole-instance curve is held as the CCF value is.
TEADS = "teads-aws-ec2"


def specpower_screen(mine: list[dict[str, Any]], flag: Any, cpu: str = "") -> None:
    """Flag power values far above the measured same-generation, same-socket servers,
    and those whose measured reference was scaled to the type itself while its embodied
    sizing infers a larger host. ``cpu``: the instance's CPU name (a plain instance, not a
    sum of parts), for the core-generation check (class TA)."""
    sized = _sized_host(mine)
    held_ccf = _held_ccf(mine)
    generation = _generation_chip(cpu)
    for f in mine:
        if f["kind"] != "power" or f["unit"] != "W":
            continue
        inputs = f.get("inputs") or {}
        if MULTI_ARCH in (f.get("method") or "") and "gpus" not in inputs:
            if not inputs.get("specpower_archs"):
                flag(
                    f["id"],
                    RULE,
                    "it runs on several micro-architectures and was not held to the "
                    "SPECpower results of any of them (no inputs.specpower_archs)",
                )
                continue
        ref = inputs.get("specpower_same_host_w")
        if not isinstance(ref, (int, float)) or ref <= 0:
            if f.get("source") == TEADS and held_ccf:
                flag(
                    f["id"],
                    RULE,
                    f"the CCF-method value of this type was held to SPECpower results "
                    f"({held_ccf}) but this Teads point was not (no "
                    "inputs.specpower_same_host_w): hold it to the same share",
                )
                continue
            if generation and not inputs.get("gpus") and not inputs.get("accelerators"):
                chip, core, peers = generation
                flag(
                    f["id"],
                    RULE,
                    f"its CPU ({chip}) has no SPECpower_ssj2008 result but its core generation "
                    f"({core}) has ({peers}), and the value was held to none of them (no "
                    "inputs.specpower_same_host_w): match results by core generation",
                )
                continue
            if chip := _measured_chip(f.get("method") or ""):
                flag(
                    f["id"],
                    RULE,
                    f"its CPU ({chip}) has SPECpower_ssj2008 results on file but the value "
                    "was held to none of them (no inputs.specpower_same_host_w)",
                )
            continue
        if reason := _miscounted_host(f["subject"], inputs):
            flag(f["id"], RULE, reason)
            continue
        acc = accelerator_w(inputs)  # a sum of parts is held on its host part
        v = f["value"] - acc
        own = inputs.get("vcpus")
        held = inputs.get("specpower_host_vcpus", own)
        if sized and isinstance(own, (int, float)) and held == own and sized > own:
            flag(
                f["id"],
                RULE,
                f"its SPECpower reference ({ref:g} W) was scaled to a host of its own {own:g} "
                f"vCPUs, as a whole server, while its embodied value is sized on an inferred "
                f"host of {sized:g} vCPUs (rule C3): hold it to its share of that host",
            )
            continue
        if (
            v > SCREEN_RATIO * ref
            and (f["value"] if f.get("low") is None else f["low"]) - acc > ref
        ):
            flag(
                f["id"],
                RULE,
                f"{'its host part ' if acc else ''}{v:g} W is {v / ref:.2f}x the highest SPECpower result of the same CPU "
                f"generation and socket count ({ref:g} W, by vCPU share) and its low bound "
                "does not reach it ("
                + (
                    "the Teads model's DRAM and platform terms?"
                    if f.get("source") == TEADS
                    else "CCF's flat DRAM W/GB on a large memory?"
                )
                + ")",
            )


def _held_ccf(mine: list[dict[str, Any]]) -> str:
    """The id of a CCF-method power value of the type (no GPUs) held to SPECpower, or "":
    where one is, the type's Teads curve must be held too (class TS)."""
    for f in mine:
        inputs = f.get("inputs") or {}
        if (
            f["kind"] == "power"
            and f.get("source") != TEADS
            and isinstance(inputs.get("specpower_same_host_w"), (int, float))
            and not inputs.get("gpus")
            and not inputs.get("accelerators")
        ):
            return str(f["id"])
    return ""


def _generation_chip(cpu: str) -> tuple[str, str, str] | None:
    """(chip, core generation, its measured groups) when an instance CPU has no result of
    its own but its core generation has (class TA), else None."""
    low = (cpu or "").lower()
    chip = next((name for word, name in GENERATION_ONLY if word in low), None)
    gen = dict(CORE_GENERATION)
    if chip is None or chip not in gen:
        return None
    measured = dict(MEASURED_ONLY).values()
    peers = [a for a, g in CORE_GENERATION if g == gen[chip] and a != chip and a in measured]
    return chip, gen[chip], " / ".join(peers)


def _measured_chip(method: str) -> str:
    """The CPU named in an Arm-mean method when it is a measured-only chip (class AP)."""
    if ARM_MEAN not in method:
        return ""
    cpu = method.split(ARM_MEAN, 1)[1].split(")", 1)[0]
    return cpu if any(word in cpu.lower() for word, _ in MEASURED_ONLY) else ""


def _miscounted_host(subject: str, inputs: dict[str, Any]) -> str:
    """Why a value's SPECpower reference was counted on the wrong host or share, or "".

    Class SK (systematic pass 2026-12-07): a whole-core vCPU (SMT off: m7a, HBv3) stands
    for two hardware threads of silicon, but the reference matched results on the host's
    vCPUs as threads, so ``aws:m7a.48xlarge`` (2 x 96-core EPYC 9R14) was held to 1-socket
    96-core servers (100 / 433 W) instead of 2-socket ones (105-145 / 591-827 W) and its
    note called the formula 4.4x "the highest". Class CS: a constrained-vCPU size keeps
    its parent size's share of the host (memory, idle cores, platform) with fewer vCPUs
    active, but was scaled by its active vCPUs: ``azure:standard_hb120-16rs_v3``, a whole
    HBv3 server, got a low bound of 7 W at idle."""
    per = inputs.get("threads_per_vcpu") or 1
    if per != 1 and inputs.get("specpower_threads_per_vcpu") != per:
        return (
            f"its vCPU is a whole core ({per} hardware threads) but its SPECpower reference "
            "was matched on its host's vCPUs as threads, so it was held to servers of half "
            "its host's cores: match on vCPUs x threads per vCPU"
        )
    from .importers._cloud_records import constrained_parent  # no cycle at import time

    provider, _, name = subject.partition(":")
    parent = constrained_parent(name) if provider == "azure" else None
    if parent and inputs.get("specpower_share_vcpus") != parent[2]:
        return (
            f"a constrained-vCPU size holds its parent {parent[0]}'s share of the host "
            f"({parent[2]} vCPUs, {parent[1]} active) but its SPECpower reference was scaled "
            "by its active vCPUs: scale it by the parent's"
        )
    return ""


#: Rule C3's wording when no host of server size is on file and the provider's median
#: series host stands in (``_instance_component.Hosts.unknown_span``): a guess that sizes
#: the embodied value with wide bounds, not a host to hold a power value to.
MEDIAN_HOST = "the median host of the provider's sized series"


def _sized_host(mine: list[dict[str, Any]]) -> float | None:
    """The host vCPUs the type's rule C3 embodied value infers, if it infers one."""
    for f in mine:
        hv = (f.get("inputs") or {}).get("host_vcpus")
        method = f.get("method") or ""
        if f["kind"] == "embodied" and "rule C3" in method and MEDIAN_HOST not in method and hv:
            return float(hv)
    return None


COEFF_RULE = "instance-ccf-coefficient"
#: A W per hardware thread this many times CCF's own recount from SPECpower is never the
#: central value (the importer's ``_instance_specpower.COEFF_RATIO``).
COEFF_RATIO = 2.0


def coefficient_screen(mine: list[dict[str, Any]], flag: Any) -> None:
    """Flag a power value whose central W per hardware thread (``inputs.w_per_vcpu`` over
    ``threads_per_vcpu``) is over ``COEFF_RATIO`` times the recount of CCF's method on the
    SPECpower results of its micro-architecture (``inputs.specpower_w_per_thread``): a
    coefficient that does not reproduce from its own data is at most a high bound (audit
    1796606525, class TU: CCF's EPYC 5th Gen 8.96 W max per thread vs 1.46 W recounted
    made aws:r8a.xlarge 48.4 W, 11.7x its measured share)."""
    for f in mine:
        inputs = f.get("inputs") or {}
        per, ref = inputs.get("w_per_vcpu"), inputs.get("specpower_w_per_thread")
        if f["kind"] != "power" or not isinstance(per, (int, float)):
            continue
        if not isinstance(ref, (int, float)) or ref <= 0:
            continue
        thread = per / (inputs.get("threads_per_vcpu") or 1)
        if thread > COEFF_RATIO * ref:
            flag(
                f["id"],
                COEFF_RULE,
                f"its central {thread:.4g} W per hardware thread is {thread / ref:.1f}x the "
                f"{ref:.4g} W CCF's own method recounts from the SPECpower results of its "
                "micro-architecture: use the recount, keep the coefficient as the high bound",
            )
