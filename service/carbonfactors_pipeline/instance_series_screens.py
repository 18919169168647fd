"""Screens comparing an instance's embodied value with its own series and its siblings.

Each rule is a review rule (listed, never excluding: the value stays the default) that
the validator reports as a problem until a reviewer's ``keep`` note in
``factors/screens.yaml`` explains it, like ``pcf-sibling-spread``. Both found classes of
audit 2026-12-06 seed 1796594162 that every per-value screen passed:

* ``instance-series-spread`` (class A3): within one series on one CPU at one memory per
  vCPU, one source and year, an instance's embodied carbon per vCPU differs more than
  ``SERIES_SPREAD`` from the series' median (at least three sizes). The sizes of a series
  share one host design, so their shares are proportional: CCF's row giving ``D16 v4`` a
  16-vCPU host (1,183 kg, 74 kg per vCPU against 9.5 for its siblings) fails. A whole
  server is not a share and is not compared: a value citing its host as one
  (``inputs.whole_host``: an isolated Azure size, ``importers/_azure_hosts``) and AWS's
  bare-metal types; any other is kept only by a reviewer's note.
* ``instance-sibling-shape`` (class C3F): a variant family's type (``-flex``, sold on its
  parent family's servers: ``importers/_variant_families``) more than ``SIBLING_RATIO``
  times the highest embodied value of a parent-family type with the same vCPUs and
  memory (the CPU is the same by the variant's definition; lists spell it differently):
  ``c7i-flex.xlarge`` 72.2 kg against ``c7i.xlarge``'s 29.2.
* ``instance-series-monotone`` (class SZ, audit 2026-12-07 seed 1796611373 part c): within
  one series on one CPU, one source and year, a size with at least the vCPUs and memory of
  another has an embodied value that falls below it, or rises more than ``SERIES_SPREAD``
  times faster than the size (the larger of the vCPU and memory ratios): shares of one
  host grow with the size and in proportion to it. Unlike ``instance-series-spread`` it
  compares sizes of different memory per vCPU and needs only two of them. Scaleway's
  letter sizes, each its own host while the series key blanked digits only, gave
  ent1-m (16 vCPU) 1,066.6 kg against ent1-s (8 vCPU) 125.9: 8.5x for twice the size.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from typing import Any

from .hardware_screens import usable_embodied
from .importers._variant_families import host_family
from .instance_names import series
from .instance_per_vcpu_screen import RULE as PER_VCPU_RULE
from .instance_per_vcpu_screen import per_vcpu_screen
from .screens import Flag, Reasons

SERIES_RULE = "instance-series-spread"
SIBLING_RULE = "instance-sibling-shape"
MONOTONE_RULE = "instance-series-monotone"
RULES = (SERIES_RULE, SIBLING_RULE, MONOTONE_RULE, PER_VCPU_RULE)
#: Rounding slack before a larger size's smaller value counts as falling.
MONOTONE_SLACK = 0.01
#: The values ``instance-series-monotone`` judges: this project's own sizing (rule C3 and
#: the settled Azure hosts). A list's rows are its authors' hosts, judged by the other
#: rules; ten CCF rows (t2.medium above t2.large, n2d-highmem-N above n2d-standard-2N,
#: m1-ultramem-40 above -80) fail it and are left to review (audit 1796611373 part c, SZ).
MONOTONE_SOURCE = "carbonfactors-derived"
#: Largest ratio of a size's kg per vCPU (beyond DRAM) to its series' median.
SERIES_SPREAD = 1.5
#: Largest ratio of a variant type's embodied to its same-shape parent-family sibling's.
SIBLING_RATIO = 1.5


def confidential_twin(hid: str) -> str | None:
    """The non-confidential twin of an Azure confidential-VM type: the ``C`` sub-family
    letter after the family dropped (``standard_ec48ads_v5`` -> ``standard_e48ads_v5``,
    ``standard_dc4as_v5`` -> ``standard_d4as_v5``), the naming rule of ``azure-vm-naming``.
    Microsoft's series pages give the two the same sizes and processor (ECasv5/ECadsv5 and
    Easv5/Eadsv5: AMD EPYC 7763v), so a twin valued while the confidential type falls to
    the category median is a gap (audit 1796599352, class AZC); None for any other id."""
    m = re.fullmatch(r"azure:standard_([a-z])c([0-9].*)", hid)
    return f"azure:standard_{m.group(1)}{m.group(2)}" if m else None


def _cpu(specs: dict[str, Any]) -> str:
    return str(specs.get("microarchitecture") or specs.get("cpu") or "")


def whole_server(hid: str) -> bool:
    """A bare-metal type (AWS's ``.metal``): a whole server by the provider's naming, its
    value the server's own figure, not a share of the series' host."""
    return hid.startswith("aws:") and ".metal" in hid


def _plain(h: dict[str, Any]) -> bool:
    specs = h.get("specs") or {}
    return (
        h.get("category") == "cloud_instance"
        and not specs.get("accelerators")
        and float(specs.get("vcpus") or 0) >= 1
    )


def _embodied(factors: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in factors:
        if f["kind"] == "embodied" and f["unit"] == "kgCO2e" and usable_embodied(f):
            out[f["subject"]].append(f)
    return out


def series_screen(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``instance-series-spread``: sizes of one series far apart per vCPU."""
    by_subject = _embodied(factors)
    groups: dict[tuple[str, ...], list[tuple[float, dict[str, Any]]]] = defaultdict(list)
    for h in hardware:
        if not _plain(h):
            continue
        specs = h["specs"]
        vcpus = float(specs["vcpus"])
        memory = float(specs.get("memory_gb") or 0.0)
        if whole_server(h["id"]):
            continue
        for f in by_subject.get(h["id"], []):
            inputs = f.get("inputs") or {}
            if inputs.get("whole_host"):
                continue  # a cited whole server (an isolated size): not a share
            held = inputs.get("instance_vcpus")
            n = held if isinstance(held, (int, float)) and held >= vcpus else vcpus
            # the same memory per vCPU: the shares of one host are then proportional
            ratio = f"{memory / n:.3g}"
            key = (series(h["id"]), _cpu(specs), ratio, str(f["source"]), str(f["year"]))
            groups[key].append((f["value"] / n, f))
    out = []
    for (ser, cpu, ratio, src, year), members in sorted(groups.items()):
        if len({f["subject"] for _, f in members}) < 3:
            continue  # a median of two says nothing about which is off
        mid = statistics.median(p for p, _ in members)
        if mid <= 0:
            continue
        for per, f in members:
            if per > mid * SERIES_SPREAD or per < mid / SERIES_SPREAD:
                out.append(
                    reasons.flag(
                        f["id"],
                        SERIES_RULE,
                        f"{per:.1f} kgCO2e per vCPU against {mid:.1f}, the median of series "
                        f"{ser} on {cpu or 'an unnamed CPU'} at {ratio} GB per vCPU "
                        f"({src}, {year}): the sizes of a series share one host design",
                    )
                )
    return out


def sibling_screen(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``instance-sibling-shape``: a variant type far above its parent-family twin."""
    by_subject = _embodied(factors)
    shapes: dict[tuple[str, float, float], list[str]] = defaultdict(list)
    for h in hardware:
        if _plain(h):
            s = h["specs"]
            key = (series(h["id"]), float(s["vcpus"]), float(s.get("memory_gb") or 0))
            shapes[key].append(h["id"])
    out = []
    for (ser, vcpus, memory), ids in sorted(shapes.items()):
        provider, fam = ser.split(":", 1)
        parent = host_family(fam)
        if parent == fam:
            continue
        # No CPU in the key: lists spell one part two ways (c7i "Intel Xeon Platinum
        # 8488C", c7i-flex "Intel Xeon Sapphire Rapids"); a parent family on several
        # CPUs is compared at the highest of its same-shape values.
        twins = shapes.get((f"{provider}:{parent}", vcpus, memory), [])
        theirs = [f["value"] for t in twins for f in by_subject.get(t, [])]
        if not theirs:
            continue
        top = max(theirs)
        for hid in ids:
            for f in by_subject.get(hid, []):
                if f["value"] > top * SIBLING_RATIO:
                    out.append(
                        reasons.flag(
                            f["id"],
                            SIBLING_RULE,
                            f"{f['value']:g} kgCO2e is {f['value'] / top:.2f}x its same-shape "
                            f"sibling in the parent family ({', '.join(twins)}: {top:g}; same "
                            f"vCPUs and memory): a variant runs on its parent's servers",
                        )
                    )
    return out


def _not_monotone(
    small: tuple[float, float, float], big: tuple[float, float, float]
) -> tuple[str, bool]:
    """Why ``big`` (vCPUs, memory GB, kgCO2e; at least ``small``'s size) and ``small`` are
    not shares of one host ("" if they can be), and whether the smaller size is the one
    to list (it is valued above a larger one; else the larger rises too fast)."""
    (v0, m0, k0), (v1, m1, k1) = small, big
    if k1 < k0 * (1 - MONOTONE_SLACK):
        return f"is valued above a larger size ({k0:g} against {k1:g} kgCO2e)", True
    grow = max(v1 / v0, m1 / m0 if m0 else 1.0)
    if k0 > 0 and k1 / k0 > grow * SERIES_SPREAD:
        return f"is valued {k1 / k0:.2f}x a smaller size for {grow:.2f}x its size", False
    return "", False


def monotone_screen(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """``instance-series-monotone``: a size valued above a larger size of its series, or
    a larger size far above a smaller one for its size; each listed once, naming the other."""
    by_subject = _embodied(factors)
    groups: dict[tuple[str, ...], list[tuple[float, float, dict[str, Any]]]] = defaultdict(list)
    for h in hardware:
        if not _plain(h) or whole_server(h["id"]):
            continue
        specs = h["specs"]
        for f in by_subject.get(h["id"], []):
            if f["source"] != MONOTONE_SOURCE or (f.get("inputs") or {}).get("whole_host"):
                continue  # a list's own row, or a cited whole server: not our share
            key = (series(h["id"]), _cpu(specs), str(f["source"]), str(f["year"]))
            memory = float(specs.get("memory_gb") or 0.0)
            groups[key].append((float(specs["vcpus"]), memory, f))
    out: dict[str, Flag] = {}
    for (ser, cpu, src, year), members in sorted(groups.items()):
        for v0, m0, f0 in members:
            for v1, m1, f1 in members:
                if (v1, m1) == (v0, m0) or v1 < v0 or m1 < m0:
                    continue
                why, smaller = _not_monotone((v0, m0, f0["value"]), (v1, m1, f1["value"]))
                listed, other = (f0, f1) if smaller else (f1, f0)
                if why and listed["id"] not in out:
                    out[listed["id"]] = reasons.flag(
                        listed["id"],
                        MONOTONE_RULE,
                        f"{listed['subject']} ({listed['value']:g} kgCO2e) {why}: "
                        f"{f0['subject']} ({v0:g} vCPU, {m0:g} GB) and {f1['subject']} "
                        f"({v1:g} vCPU, {m1:g} GB), series {ser} on "
                        f"{cpu or 'an unnamed CPU'} ({src}, {year}); the sizes of a series "
                        f"are shares of one host, growing with the size",
                    )
    return list(out.values())


def screen_series(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]], reasons: Reasons
) -> list[Flag]:
    """Every rule, in factor-id order."""
    flags = (
        series_screen(factors, hardware, reasons)
        + sibling_screen(factors, hardware, reasons)
        + monotone_screen(factors, hardware, reasons)
        + per_vcpu_screen(factors, hardware, reasons)  # class HS, across series keys
    )
    return sorted(flags, key=lambda fl: (fl.factor, fl.rule))
