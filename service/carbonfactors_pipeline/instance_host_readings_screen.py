"""Screen ``instance-family-host-readings`` (class 2H, systematic pass 2026-12-07 d).

Sums of parts of one series on one host (same host vCPUs and accelerator model) whose
host totals come from different readings (AWS g4ad: the CCF 2026 list's 1,200 kg for the
xlarge and 2xlarge, the sized 1,333.1 kg for the larger sizes) must each have bounds that
reach their value at every other total of the group that the type itself does not carry (host share scaled by the totals,
``instance_host_readings``) and name those totals (``inputs.other_host_kgco2e``):
otherwise two readings of one host are on file and one size's note hides the other.
"""

from __future__ import annotations

from typing import Any

from .instance_host_readings import SLACK, at_other, group_key, others_of

RULE = "instance-family-host-readings"


def host_readings_screen(factors: list[dict[str, Any]], flag: Any) -> None:
    """Flag each sum whose bounds do not reach its value at another host total."""
    other = others_of(factors)
    for f in factors:
        key = group_key(f)
        if key is None or f["id"] not in other:
            continue
        own = float(f["inputs"]["host_kgco2e"][0])
        low, high = f.get("low", f["value"]), f.get("high", f["value"])
        said = {round(float(t), 3) for t in f["inputs"].get("other_host_kgco2e") or []}
        for total, src in sorted(other[f["id"]].items()):
            v = at_other(f, total)
            if total == own:
                continue
            if not low * (1 - SLACK) <= v <= high * (1 + SLACK):
                why = f"{v:.1f} kg at that total lies outside [{low:g}..{high:g}]"
            elif round(total, 3) not in said:
                why = "not said (inputs.other_host_kgco2e, the method)"
            else:
                continue
            flag(
                f["id"],
                RULE,
                f"its host total {own:g} kg ({f['inputs']['host_source']}) has a sibling "
                f"reading {total:g} kg ({src}) for the same host ({key[1]:g} vCPUs, "
                f"{key[2]}): {why}",
            )
