"""Screens of audit 1796621837 classes HV and F8 (hardware screens, run by
``hardware_screens.screen_hardware``).

* ``instance-host-below-chip`` (HV): an embodied value allocated from host vCPUs below the
  thread count of its named CPU (``CHIP_THREADS``: sockets x threads per socket in CCF's
  ``data/aws-instances-cpus.csv``, Apache-2.0) needs a low bound reaching the chip-sized
  reading: is4gen.2xlarge took 900 kg from a 32-vCPU "host" on a 64-thread Graviton2.
  A sized (rule C3) value's inferred host is held to ONE chip of its cited CPU
  (``chip_sizes``: CCF's per-socket list and a cited table of Ampere and AMD parts; audit
  1796647084: scaleway coparm1 on a 32-vCPU "host" of a 128-core Altra Max M128-30).
* ``instance-smt-coverage`` (F8): an AWS x86 family with a 1-vCPU size (the sign of a
  whole-core vCPU) that is neither on ``cpu_screens.CORE_VCPU_FAMILIES`` nor said in the
  method (``SMT_UNCONFIRMED_MARK``) with a high bound reaching the two-thread reading.
Both exclude the value unless a ``keep`` note in ``factors/screens.yaml`` says why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from .ccf_host import host_share_kg
from .chip_sizes import one_chip
from .cpu_screens import CORE_VCPU_FAMILIES, SMT_THREADS_PER_CORE, SMT_UNCONFIRMED_MARK

CHIP_RULE = "instance-host-below-chip"
COVERAGE_RULE = "instance-smt-coverage"
#: Whole-platform hardware threads of AWS platform CPUs with more than one family's host
#: on file (ccf-coefficients data/aws-instances-cpus.csv, "Platform Total Number of vCPU").
CHIP_THREADS = {"Graviton2": 64.0, "EPYC 7R32": 96.0, "Xeon Platinum 8176M": 448.0}
#: Xen-era families whose 1-vCPU size is a hyperthread of a Teads-listed SMT platform
#: (m1.small, m3.medium, t1.micro, before AWS sold whole-core vCPUs): kept, not flagged.
XEN_ERA = ("m1", "m3", "t1")
ARM = re.compile(r"graviton|ampere|neoverse|apple", re.I)

Flagger = Callable[[str, str, str], None]


def _chip(cpu: str) -> float | None:
    found = [n for n in CHIP_THREADS if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", cpu)]
    return CHIP_THREADS[max(found, key=len)] if found else None


def _sized_reading(inputs: Mapping[str, Any], threads: float) -> float | None:
    """A rule-C3 value's reading on a one-chip host at its family's memory per vCPU."""
    host, host_gb = inputs.get("host_vcpus"), inputs.get("host_memory_gb")
    v, m = inputs.get("vcpus"), inputs.get("memory_gb")
    if not (host and host_gb and v) or m is None:
        return None
    scale = inputs.get("storage_scale", 1.0)
    return float(host_share_kg(v, m, threads, host_gb * threads / host)) * scale


def host_below_chip(specs: Mapping[str, Any], mine: list[dict[str, Any]], flag: Flagger) -> None:
    """``instance-host-below-chip`` on one instance's embodied factors: a list's host
    (``host_vcpus`` a list) against the CCF platform, a sized value's inferred host
    (rule C3, one number) against one chip of its cited CPU (``chip_sizes``, audit
    1796647084: COPARM1 on a 128-core Altra Max)."""
    cpu = str(specs.get("cpu") or "")
    if specs.get("accelerators"):  # accelerated hosts: their own path
        return
    one = one_chip(cpu)
    for f in mine:
        inputs = f.get("inputs") or {}
        host = inputs.get("host_vcpus")
        if f["kind"] == "embodied" and isinstance(host, (int, float)) and one and host < one[0]:
            reading = _sized_reading(inputs, one[0])
            if reading is not None and f.get("low", f["value"]) > reading * 1.001:
                flag(
                    f["id"],
                    CHIP_RULE,
                    f"sized on a {host:g}-vCPU host, below one {one[0]:g}-thread chip of its "
                    f"CPU ({one[1]}); the one-chip reading ({reading:.4g} kgCO2e) is not in "
                    "the bounds",
                )
    chip = _chip(cpu)
    if not chip:
        return
    for f in mine:
        inputs = f.get("inputs") or {}
        hosts = inputs.get("host_vcpus")
        if f["kind"] != "embodied" or not isinstance(hosts, list) or not hosts:
            continue
        host = min(hosts)
        if host >= chip:
            continue
        reading = f["value"] * host / chip
        if f.get("low", f["value"]) > reading * 1.001:
            flag(
                f["id"],
                CHIP_RULE,
                f"allocated from a {host:g}-vCPU host, below its CPU's {chip:g} threads; the "
                f"chip-sized reading ({reading:.4g} kgCO2e) is not in the bounds",
            )


def smt_coverage(
    hardware: list[dict[str, Any]], by_subject: Mapping[str, list], flag: Flagger
) -> None:
    """``instance-smt-coverage`` over the AWS catalog."""
    families: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for h in hardware:
        if h.get("category") == "cloud_instance" and h["id"].startswith("aws:"):
            families[h["id"][4:].split(".")[0]].append(h)
    whole = CORE_VCPU_FAMILIES.get("aws", ())
    for fam, members in families.items():
        cpus = [str((m.get("specs") or {}).get("cpu") or "") for m in members]
        one = any((m.get("specs") or {}).get("vcpus") == 1 for m in members)
        if fam in whole or fam in XEN_ERA or not one or any(ARM.search(c) for c in cpus):
            continue
        for m in members:
            for f in by_subject.get(m["id"], []):
                inputs = f.get("inputs") or {}
                per = inputs.get("w_per_vcpu")
                if f["kind"] != "power" or not per:
                    continue
                two = f["value"] + (SMT_THREADS_PER_CORE - 1) * per * inputs.get("vcpus", 0)
                if SMT_UNCONFIRMED_MARK in str(f.get("method")) and f.get("high", 0) >= two:
                    continue
                flag(
                    f["id"],
                    COVERAGE_RULE,
                    f"family {fam} has a 1-vCPU size (a whole-core vCPU's sign) but is not on "
                    f"the whole-core list, and no note with a high bound of {two:.4g} W "
                    "says the question",
                )
