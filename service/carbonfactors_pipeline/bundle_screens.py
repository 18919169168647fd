"""Screens over what each bundle resolves: an accelerated instance covers its accelerators.

The factor screens (``hardware_screens``) judge one value at a time; this one judges the
*defaults* a footprint uses, bundle by bundle, because that is where the defect of issue 19
lived: in ``open``, ``aws:p4d.24xlarge`` resolved to the accelerated-instance CATEGORY
DEFAULT (1,403 kgCO2e) while its eight A100s resolve to 8 x 224 = 1,793 kgCO2e, so a p4d
job came out lower than the same job described as "8x A100". The rule:

* ``instance-under-accelerators``: in each bundle, an accelerated cloud instance's default
  embodied value, and its default power at full load, are at least the sum over its listed
  accelerators (``specs.accelerators``) of count x the accelerator's own default in the
  same bundle. A host is never negative, so a value below that sum cannot hold them.

A shortfall fails ``carbonfactors validate`` unless a reviewer keeps it in
``factors/screens.yaml`` (``keep`` with this rule and the resolved factor's id) with a
note saying why it cannot be composed (a type whose accelerators only an AGPL archetype
gives keeps the category default). It never excludes a value: excluding the default of
one bundle would leave the instance with none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from carbonfactors import defaults
from carbonfactors.dataset import Dataset

from . import licensing

RULE = "instance-under-accelerators"
#: Sums are rounded to 3 decimals and accelerator values to 2: below this is no shortfall.
TOLERANCE_KG_OR_W = 0.01


@dataclass(frozen=True)
class Shortfall:
    """One accelerated instance whose default is below its accelerators' in a bundle."""

    bundle: str
    instance: str
    kind: str  # "embodied" or "power"
    factor: str  # the id of the instance's resolved factor (power: the first of its curve)
    value: float
    floor: float
    parts: str  # "8 x nvidia-a100-sxm4-40gb 224.12"

    @property
    def reason(self) -> str:
        unit = "kgCO2e" if self.kind == "embodied" else "W at full load"
        return (
            f"in the {self.bundle} bundle, {self.instance}'s default {self.kind} "
            f"({self.value:g} {unit}) is below its accelerators' own ({self.parts} = "
            f"{self.floor:g}): the instance value cannot hold them"
        )


def _accelerators(h: Mapping[str, Any]) -> list[tuple[str, int]]:
    specs = h.get("specs") or {}
    return [(str(a["model"]), int(a.get("count") or 0)) for a in specs.get("accelerators") or []]


def shortfalls(snapshot: Mapping[str, Any]) -> list[Shortfall]:
    """Every (bundle, instance, kind) whose default is below its accelerators' sum."""
    out: list[Shortfall] = []
    instances = [
        h
        for h in snapshot.get("hardware", [])
        if h.get("category") == "cloud_instance" and _accelerators(h)
    ]
    if not instances:
        return out
    for name in licensing.BUNDLES:
        ds = Dataset.from_snapshot(licensing.bundle(snapshot, name), version="dev")
        uses: dict[str, defaults.HardwareUse] = {}

        def use(hid: str, ds: Dataset = ds, uses: dict[str, defaults.HardwareUse] = uses) -> Any:
            if hid not in uses:
                uses[hid] = defaults.hardware(ds, hid)
            return uses[hid]

        for h in sorted(instances, key=lambda r: r["id"]):
            if h["id"] not in ds.hardware:
                continue
            mine = use(h["id"])
            parts = [
                (model, n, use(model)) for model, n in _accelerators(h) if model in ds.hardware
            ]
            for kind in ("embodied", "power"):
                own = mine.embodied if kind == "embodied" else mine.power
                each = [(m, n, u.embodied if kind == "embodied" else u.power) for m, n, u in parts]
                if own is None or not each or any(v is None for _, _, v in each):
                    continue  # nothing to compare (a missing value is another check's)
                floor = sum(n * v.value for _, n, v in each)
                if own.value >= floor - TOLERANCE_KG_OR_W:
                    continue
                fid = own.id if kind == "embodied" else own.factors[0]
                text = " + ".join(f"{n} x {m} {v.value:g}" for m, n, v in each)
                out.append(
                    Shortfall(name, h["id"], kind, str(fid), own.value, round(floor, 3), text)
                )
    return out
