"""Screen ``sized-host-covers-series`` (audit 1796682238 class HS).

Why: rule C3 valued ovhcloud:b3-128 as 32/64 of a 64-vCPU, 256 GB host, "the largest size
of its series", while b3-512 and b3-640 of the same series were on file (memory only): the
host is at least 640 GB and the value sat at the top of what the file allows, with nothing
said. A C3 value whose host is the largest size of its series fails when a type of the same
series (``_instance_component.family``) has more memory or more vCPUs than that host, unless
its method carries the ``WIDER HOST`` note (``importers/_series_memory``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .importers._instance_component import RULE as C3_MARK
from .importers._instance_component import family
from .importers._series_memory import WIDER_HOST

SERIES_HOST_RULE = "sized-host-covers-series"
#: The C3 method words of a value whose host is its own series' largest size.
SERIES_HOST = "the largest size of its series"


def host_covers_series(
    factors: list[dict[str, Any]], hardware: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(factor id, reason) for each C3 value whose host is smaller than a size of its own
    series on file and whose method does not say so."""
    by_id = {h["id"]: h for h in hardware}
    series: dict[tuple[str, str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for h in hardware:
        specs = h.get("specs") or {}
        if h.get("category") == "cloud_instance" and not specs.get("accelerators"):
            v, m = float(specs.get("vcpus") or 0), float(specs.get("memory_gb") or 0)
            series[family(h)].append((v, m, h["id"]))
    out = []
    for f in factors:
        method = str(f.get("method") or "")
        if f.get("kind") != "embodied" or C3_MARK not in method or SERIES_HOST not in method:
            continue
        if WIDER_HOST in method or f["subject"] not in by_id:
            continue
        i = f.get("inputs") or {}
        hv, hm = float(i.get("host_vcpus") or 0), float(i.get("host_memory_gb") or 0)
        bigger = [(v, m, t) for v, m, t in series[family(by_id[f["subject"]])] if v > hv or m > hm]
        if hv and hm and bigger:
            v, m, t = max(bigger, key=lambda b: (b[1], b[0]))
            out.append(
                (
                    f["id"],
                    f"{SERIES_HOST_RULE}: host {hv:g} vCPUs / {hm:g} GB, but {t} of the same "
                    f"series is on file with {v:g} vCPUs / {m:g} GB (0 = not on file); re-run "
                    "'carbonfactors import cloud-instances' (audit 1796682238 HS)",
                )
            )
    return out
