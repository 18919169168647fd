"""Screen ``instance-platform-spread``: a sized instance value beside its CPU platform's
listed values (class PS, systematic pass 2026-12-07 d over the instance defaults).

Rule C3 sizes a plain type no list values on its host with the CCF component model, but
the lists often value the same CPU micro-architecture for other types, at another provider
(Azure's Milan ``standard_e16ads_v5`` at 19.8 kgCO2e per vCPU against 17.7 for AWS's Milan
types of the same memory per vCPU; Scaleway's Milan ``play2-micro`` at 26.2 against 6.25
listed for the 2 GB-per-vCPU types, its low bound short of it). Nothing said so. The screen
recounts, for every C3 value (drive-scaled storage types aside: their drives are not on the
listed types), the open listed kgCO2e per vCPU of the same micro-architecture at a memory
per vCPU within ``MEMORY_BAND`` (``importers/_instance_platform_spread.collect``, the pool
rule C3 uses), and fails a value whose note does not state that spread or whose bounds do
not reach its nearest edge.
"""

from __future__ import annotations

from typing import Any

from . import licensing
from .importers._instance_component import _outside_model
from .importers._instance_platform_spread import collect
from .screens import Flag, Reasons

RULE = "instance-platform-spread"
#: The sentence rule C3 writes when a spread is on file.
SAID = "Listed types on the same CPU micro-architecture"
#: Relative slack for rounding on file.
SLACK = 0.01


def _c3(f: dict[str, Any]) -> bool:
    inputs = f.get("inputs") or {}
    return (
        f["kind"] == "embodied"
        and f.get("source") == "carbonfactors-derived"
        and "rule C3" in str(f.get("method") or "")
        and "storage_scale" not in inputs
    )


def platform_screen(
    factors: list[dict[str, Any]],
    hardware: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    reasons: Reasons,
    excluded: frozenset[str] = frozenset(),
) -> list[Flag]:
    """Each C3 value whose platform spread is unsaid or out of its bounds' reach;
    ``excluded``: the values the other screens keep out of defaults (the validator marks
    them only after screening), never a listed value here as they are not in C3's pool."""
    prov = licensing.Provenance({"sources": sources, "factors": factors})

    def is_open(f: dict[str, Any]) -> bool:
        return f["id"] not in excluded and licensing.tier(prov.license(f["id"])) == licensing.OPEN

    spread = collect(hardware, factors, is_open, _outside_model)
    by_id = {h["id"]: h for h in hardware}
    out = []
    for f in factors:
        h = by_id.get(f["subject"])
        if h is None or not _c3(f) or (span := spread.span(h)) is None:
            continue
        arch, lo, hi, n, _ = span
        vcpus = float(h["specs"]["vcpus"])
        low = f["value"] if f.get("low") is None else f["low"]
        high = f["value"] if f.get("high") is None else f["high"]
        if SAID not in str(f.get("method") or ""):
            why = f"the note does not say that {n} listed types on its CPU micro-architecture"
            why += f" ({arch}) carry {lo:.1f}..{hi:.1f} kgCO2e per vCPU"
        elif low / vcpus > hi * (1 + SLACK) or high / vcpus < lo * (1 - SLACK):
            why = (
                f"its bounds [{low / vcpus:.1f}..{high / vcpus:.1f}] kgCO2e per vCPU do not "
                f"reach the {lo:.1f}..{hi:.1f} its platform's ({arch}) {n} listed types carry"
            )
        else:
            continue
        out.append(reasons.flag(f["id"], RULE, f"{f['subject']}: {why}"))
    return out
