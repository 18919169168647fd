"""Screen ``vendor-tdp-reached`` (audit 1796660847 class TV, #33 Intel Gaudi).

Gaudi shipped Epoch's 300 W (a 2019 launch article) with no bound while Intel's own Hot
Chips 2024 table, on file and already used for the part's memory and node, states 400 W for
the Gaudi OAM. A TDP the part's own vendor source states (``_accelerator_extras.
STATED_TDP``: catalog id -> (W, source)) must lie within the part's default power factor's
low..high (its value where it has no bounds); the default is the datasheet TDP factor the
engine picks, by source priority, then the latest year. A problem: it fails ``carbonfactors
validate`` until the factor is corrected or bounded (``factors/corrections.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .importers._accelerator_extras import STATED_TDP

RULE = "vendor-tdp-reached"
#: Sources whose power figures are derived (class values, defaults), not a datasheet's.
DERIVED = ("carbonfactors-derived",)
#: Rounding slack in W.
SLACK = 0.5


def default_tdp(
    factors: Sequence[Mapping[str, Any]], subject: str, priority: Callable[[str], int]
) -> Mapping[str, Any] | None:
    """The datasheet TDP factor a part resolves to: best source priority, then latest year."""
    own = [
        f
        for f in factors
        if f.get("kind") == "power"
        and f.get("subject") == subject
        and f.get("basis") == "tdp"
        and f.get("source") not in DERIVED
    ]
    if not own:
        return None
    return min(own, key=lambda f: (priority(str(f["source"])), -int(f.get("year") or 0)))


def problems(
    factors: Sequence[Mapping[str, Any]],
    priority: Callable[[str], int],
    stated: Mapping[str, tuple[float, str]] = STATED_TDP,
) -> list[tuple[str, str]]:
    """(factor id, reason) for each default TDP whose range leaves out a vendor-stated TDP."""
    out: list[tuple[str, str]] = []
    for hid, (watts, source) in sorted(stated.items()):
        f = default_tdp(factors, hid, priority)
        if f is None:
            continue
        value = float(f["value"])
        lo = value if f.get("low") is None else float(f["low"])
        hi = value if f.get("high") is None else float(f["high"])
        if lo - SLACK <= watts <= hi + SLACK:
            continue
        out.append(
            (
                str(f["id"]),
                f"{RULE}: {hid} answers {value:g} W [{lo:g}..{hi:g}] while its own vendor "
                f"source {source} states a TDP of {watts:g} W (audit 1796660847 TV): bound "
                "the factor to reach it (factors/corrections.yaml) or file the vendor figure",
            )
        )
    return out
