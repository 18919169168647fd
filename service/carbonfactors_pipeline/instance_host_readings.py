"""Class 2H: one host, two readings of its total within one family of accelerated types.

A sum of parts takes its host from the first listed reading of the type's own row (CCF
2026 list, then CCF 2021 method) and, for a size no list names, from the family's largest
type sized by rule C3. So one physical host gets two totals in one family: AWS g4ad's
xlarge and 2xlarge on the CCF 2026 list's 1,200 kg, its 4xlarge..16xlarge on the sized
1,333.1 kg; GCP a2-ultragpu-1g on the CCF 2021 platform's 5,465.5 kg, its 2g..8g on the
sized 2,865.5 kg. Each reading is evidence about the other sizes' host: this step lets
every sum's bounds reach its host share at each other total of its group (same series,
host vCPUs and accelerator model), scaled by the totals, and says so. The screen
``instance-family-host-readings`` (``instance_host_readings_screen``) checks it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .instance_names import series

Record = dict[str, Any]
#: Relative slack for rounding on file.
SLACK = 0.005


def group_key(f: Record) -> tuple[str, float, str] | None:
    """(series, host vCPUs, accelerator models) of a one-host sum of parts, or None."""
    inputs = f.get("inputs") or {}
    totals, vcpus = inputs.get("host_kgco2e") or [], inputs.get("host_vcpus") or []
    if f.get("kind") != "embodied" or len(totals) != 1 or len(vcpus) != 1:
        return None
    if not inputs.get("accelerators") or not inputs.get("host_share_kgco2e"):
        return None
    models = ",".join(sorted(str(a.get("model")) for a in inputs["accelerators"]))
    return series(str(f["subject"])), float(vcpus[0]), models


def readings(factors: list[Record]) -> dict[tuple[str, float, str], dict[float, str]]:
    """Each group's host totals on file, with the source each rests on."""
    out: dict[tuple[str, float, str], dict[float, str]] = defaultdict(dict)
    for f in factors:
        key = group_key(f)
        if key is not None:
            inputs = f["inputs"]
            out[key].setdefault(float(inputs["host_kgco2e"][0]), str(inputs["host_source"]))
    return out


def others_of(factors: list[Record]) -> dict[str, dict[float, str]]:
    """Per sum id, the host totals its siblings carry and the type itself does not (a
    type with both CCF readings is spanned against its own other reading: class XR)."""
    found = readings(factors)
    own: dict[str, set[float]] = defaultdict(set)
    for f in factors:
        if group_key(f) is not None:
            own[f["subject"]].add(float(f["inputs"]["host_kgco2e"][0]))
    out = {}
    for f in factors:
        key = group_key(f)
        if key is not None:
            rest = {t: s for t, s in found[key].items() if t not in own[f["subject"]]}
            if rest:
                out[f["id"]] = rest
    return out


def at_other(f: Record, total: float) -> float:
    """The sum's value with its host share scaled from its own total to ``total``."""
    inputs = f["inputs"]
    share = float(inputs["host_share_kgco2e"])
    return float(f["value"]) - share + share * total / float(inputs["host_kgco2e"][0])


def reach_other_readings(factors: list[Record]) -> int:
    """Widen each sum's bounds to its value at every other host total of its group and
    say so; returns how many factors changed."""
    other = others_of(factors)
    changed = 0
    for f in factors:
        key = group_key(f)
        if key is None or f["id"] not in other:
            continue
        own = float(f["inputs"]["host_kgco2e"][0])
        others = other[f["id"]]
        values = [at_other(f, t) for t in others]
        low = min([float(f["low"] if "low" in f else f["value"]), *values])
        high = max([float(f["high"] if "high" in f else f["value"]), *values])
        f["low"], f["high"] = round(low, 3), round(high, 3)
        said = ", ".join(f"{s} {t:,.1f} kg" for t, s in sorted(others.items()))
        f["method"] = (
            f"{f['method']} Other sizes of this series on the same host "
            f"({key[1]:g} vCPUs, {key[2]}) take its total from another reading ({said}; this "
            f"type: {f['inputs']['host_source']} {own:,.1f} kg); the bounds reach this type's "
            f"value at each ({', '.join(f'{v:,.1f}' for v in values)} kg, the host share "
            f"scaled by the totals)."
        )
        f["inputs"]["other_host_kgco2e"] = sorted(round(t, 3) for t in others)
        changed += 1
    return changed
