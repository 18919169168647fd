"""Class PS: a sized instance default set beside what the lists say for its CPU platform.

Rule C3 sizes a type the lists do not value on its host by the CCF component model, and
its bounds are the model's calibration percentiles. The same CPU micro-architecture is
often listed for another type, usually at another provider (Azure's Milan Dadsv5 sized at
~20 kgCO2e per vCPU against AWS's Milan types at ~6-18 on the CCF 2026 list). Such a
disagreement is evidence on file and must be visible: this module finds the listed types
on the same micro-architecture with a comparable memory per vCPU, says their per-vCPU
spread in the note and lets the bounds reach it where the sized value lies outside.
The screen ``instance-platform-spread`` (``instance_platform_screen``) checks the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..hardware_screens import sized_plain_instance, usable_embodied
from ..instance_storage import storage_source
from ._cpu_arch import ArchMapper

Record = dict[str, Any]

#: Listed types count as comparable when their memory per vCPU is within this ratio.
MEMORY_BAND = 1.5
#: Fewest listed types on a platform for a spread to be stated.
MIN_LISTED = 3
#: Sources whose values this project sizes itself: never evidence about the model.
OWN_SOURCES = frozenset({"carbonfactors-derived", "carbonfactors-accelerator-model"})

_MAPPER = ArchMapper(Path("/nonexistent"))  # named words and model patterns only


def platform(h: Record) -> str | None:
    """The one CCF micro-architecture of a plain type's CPU, or None (no CPU, an
    accelerated type, or a series named on several CPUs: no single platform)."""
    specs = h.get("specs") or {}
    cpu = str(specs.get("cpu") or "")
    if not cpu or "," in cpu or specs.get("accelerators"):
        return None
    return _MAPPER.arch(cpu)


def _shape(h: Record) -> tuple[float, float]:
    specs = h.get("specs") or {}
    return float(specs.get("vcpus") or 0), float(specs.get("memory_gb") or 0)


class PlatformSpread:
    """Listed kgCO2e per vCPU by micro-architecture, with each type's memory per vCPU."""

    def __init__(self) -> None:
        self.listed: dict[str, list[tuple[float, float, str]]] = defaultdict(list)

    def add(self, h: Record, kg: float) -> None:
        arch = platform(h)
        v, m = _shape(h)
        if arch and v >= 1 and m > 0:
            self.listed[arch].append((m / v, kg / v, str(h["id"])))

    def span(self, h: Record) -> tuple[str, float, float, int, list[str]] | None:
        """(arch, lowest, highest kg per vCPU, count, providers) of the comparable listed
        types, or None when fewer than ``MIN_LISTED`` are on file."""
        arch = platform(h)
        v, m = _shape(h)
        if not arch or v < 1 or m <= 0:
            return None
        own = m / v
        near = [
            (kg, hid)
            for gb, kg, hid in self.listed.get(arch, [])
            if own / MEMORY_BAND <= gb <= own * MEMORY_BAND
        ]
        if len(near) < MIN_LISTED:
            return None
        kgs = [kg for kg, _ in near]
        providers = sorted({hid.split(":", 1)[0] for _, hid in near})
        return arch, min(kgs), max(kgs), len(near), providers

    def apply(
        self, h: Record, value: float, low: float, high: float
    ) -> tuple[float, float, str, Any]:
        """Bounds reaching the listed spread's nearest edge, the sentence, the input."""
        s = self.span(h)
        if s is None:
            return low, high, "", None
        arch, lo, hi, n, providers = s
        v, m = _shape(h)
        per = value / v
        where = "inside" if lo <= per <= hi else "above" if per > hi else "below"
        if per > hi:
            low = min(low, hi * v)
        elif per < lo:
            high = max(high, lo * v)
        note = (
            f" Listed types on the same CPU micro-architecture ({arch}; {n} types of "
            f"{'/'.join(providers)} with {m / v:.3g} GB per vCPU within x{MEMORY_BAND:g}) carry "
            f"{lo:.1f}..{hi:.1f} kgCO2e per vCPU; this value's {per:.1f} lies {where} that "
            f"spread" + ("." if where == "inside" else ", and the bounds reach its nearest edge.")
        )
        return low, high, note, [round(lo, 3), round(hi, 3), n]


def collect(
    hardware: Iterable[Record],
    factors: Iterable[Record],
    is_open: Callable[[Record], bool],
    outside: Callable[[Record], bool],
) -> PlatformSpread:
    """The open listed values of the plain sized types, lowest per type (as rule C3
    calibrates), storage-optimised types and ``outside`` ones (managed nodes, Mac hosts:
    not evidence about a rack server) aside. Rule C3 and the screen both build it here."""
    listed: dict[str, list[float]] = defaultdict(list)
    for f in factors:
        if (
            f["kind"] == "embodied"
            and f.get("unit", "kgCO2e") == "kgCO2e"
            and f.get("source") not in OWN_SOURCES
            and usable_embodied(f)
            and is_open(f)
        ):
            listed[f["subject"]].append(float(f["value"]))
    spread = PlatformSpread()
    for h in hardware:
        hid = str(h["id"])
        if hid in listed and sized_plain_instance(h) and not storage_source(hid) and not outside(h):
            spread.add(h, min(listed[hid]))
    return spread
