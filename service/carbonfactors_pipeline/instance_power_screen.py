"""Screen ``instance-above-specpower`` (audit 1796585890, class D).

CCF's instance power charges DRAM a flat 0.392 W/GB at full load whatever the capacity, so
on terabyte hosts the formula runs far above anything measured: ``aws:u7i-12tb.224xlarge``
came out 8,545 W where SPECpower_ssj2008 measured 8-socket Sapphire Rapids servers at
3,995-4,087 W. The ``cloud-instances`` importer records on every CCF-method power value the
highest SPECpower result of the same CPU micro-architecture and socket count, scaled by the
instance's vCPU share of its host (``inputs.specpower_same_host_w``,
``importers/_instance_specpower``). A value more than ``SCREEN_RATIO`` times above it whose
low bound does not reach it is a point value the measurements contradict: flagged.
"""

from __future__ import annotations

from typing import Any

RULE = "instance-above-specpower"
#: The ``cloud-instances`` importer bounds a CCF-method value only when it is this many
#: times above the highest matching result (below, it is within the spread of
#: configurations); this screen flags such a value whose low bound does not reach it.
SCREEN_RATIO = 1.25


def specpower_screen(mine: list[dict[str, Any]], flag: Any) -> None:
    """Flag power values far above the measured same-generation, same-socket servers."""
    for f in mine:
        if f["kind"] != "power" or f["unit"] != "W":
            continue
        ref = (f.get("inputs") or {}).get("specpower_same_host_w")
        if not isinstance(ref, (int, float)) or ref <= 0:
            continue
        v = f["value"]
        if v > SCREEN_RATIO * ref and f.get("low", v) > ref:
            flag(
                f["id"],
                RULE,
                f"{v:g} W is {v / ref:.2f}x the highest SPECpower result of the same CPU "
                f"generation and socket count ({ref:g} W, by vCPU share) and its low bound "
                "does not reach it (CCF's flat DRAM W/GB on a large memory?)",
            )
