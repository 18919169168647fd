"""Screen ``grid-mostly-unknown`` (audit 1796599352, class a-B1).

An Electricity Maps row whose zone's own yearly production mix is more than half "unknown"
(priced at one fixed factor) is a model more than a measurement; the importers mark it
(``importers/_unknown_mix.py``: ``MOSTLY UNKNOWN`` in its method) and give it bounds that
reach the other figures on file for the place. A marked row without bounds (no other figure
on file, or a hand edit that lost them) is answered as a bare number again, as CA-NB 2025
was (161 g, no bounds, against provincial figures of 260-270 g): a problem unless a ``keep``
note in ``factors/screens.yaml`` says why the number stands alone. Never excludes a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .grid_screens import GridFlag
from .importers._unknown_mix import MARK

RULE = "grid-mostly-unknown"
RULES = (RULE,)


def flags(snapshot: Mapping[str, Any]) -> list[GridFlag]:
    """Every marked grid row that carries no bounds."""
    out: list[GridFlag] = []
    for f in snapshot.get("factors", ()):
        if f["kind"] != "grid_intensity" or MARK not in (f.get("method") or ""):
            continue
        if f.get("low") is None and f.get("high") is None:
            out.append(
                GridFlag(
                    RULE,
                    f["id"],
                    f"{f['subject']} {f['year']} ({f['value']:g} {f['unit']}, {f['source']}) "
                    "rests mostly on 'unknown' production in Electricity Maps' own mix, yet "
                    "carries no bounds: no other figure for the place or its country is on file",
                )
            )
    return out
