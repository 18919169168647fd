"""Screens on what an instance value is held against (audit 1796636393, classes SR and XR).

* ``specpower-hold-coverage`` (class SR): the ``cloud-instances`` importer holds a CCF-method
  power to the SPECpower_ssj2008 results of its CPU micro-architecture and the host's socket
  count (``importers/_instance_specpower.same_host``) and records every result of that
  architecture as ``inputs.specpower_census`` (``chips x threads per chip: count``) with
  the host's hardware threads (``inputs.specpower_host_threads``). The screen recounts on
  its own: a result is of the host's socket count when its chips are the host's threads
  over its threads per chip, rounded to the nearest (at least 1). A hold that kept fewer
  than half of those is flagged: rounding up counted the 384-thread ``aws:c8id.32xlarge``
  host as 3-socket beside 2 x 86-core Xeon 6787P servers (172 threads per chip) and kept 3
  of its 20 2-socket results, so its low bound (71.3 W) missed the measured 52.3 W.
  Class HN (audit 1796672257): a value whose census lists results but which carries no
  ``inputs.specpower_same_host_w`` fails unless its method says why none applies
  (``UNHELD_WORDS``): the 32-vCPU Haswell host of ``azure:standard_g2`` rounded to 1 socket
  beside 36-thread chips, no 1-socket result existed and the hold returned silently beside
  twelve 2-socket servers, its idle 18.8 W 1.98x their highest share with no bound.
* ``ccf-readings-span`` (class XR): where a type has both CCF embodied readings (the 2026
  list and the 2021 method), each one's ``inputs.other_ccf_reading_kgco2e`` is the other
  factor's value (within ``READING_TOLERANCE``) and lies within its bounds. The 2026 bound
  was the 2021 platform total at the 2026 vCPU share, not the 2021 reading filed beside it
  (``aws:t2.micro`` 30.8 kg quoted vs 24.2 kg filed; ``aws:m4.large``'s filed 40.97 kg
  outside [25..39.81]).
"""

from __future__ import annotations

import math
from typing import Any

HOLD_RULE = "specpower-hold-coverage"
SPAN_RULE = "ccf-readings-span"
RULES = (HOLD_RULE, SPAN_RULE)
#: A hold keeping fewer than this share of the results the recount finds is flagged.
MIN_KEPT_SHARE = 0.5
#: What a power value's method says where results of its micro-architecture are on file
#: but none applies (class HN: without it the hold must have left a reference).
UNHELD_WORDS = "no SPECpower_ssj2008 result applies"
#: Relative difference allowed between the quoted other reading and the other factor's
#: value (both rounded to 3 decimals on file).
READING_TOLERANCE = 0.005


def parse_census(text: str) -> list[tuple[int, float, int]]:
    """``"2x172:15 2x256:2"`` -> [(chips, threads per chip, results)]; bad parts skipped."""
    out = []
    for part in str(text).split():
        try:
            shape, n = part.split(":")
            chips, per = shape.split("x")
            out.append((int(chips), float(per), int(n)))
        except ValueError:
            continue
    return out


def nearest_sockets(host_threads: float, per_chip: float) -> int:
    """The host's socket count by a chip of ``per_chip`` threads: nearest, halves up, >= 1."""
    return max(1, math.floor(host_threads / per_chip + 0.5))


def hold_coverage(mine: list[dict[str, Any]], flag: Any) -> None:
    """``specpower-hold-coverage``: a hold that kept under half the results of the
    host's nearest socket count (see the module docstring)."""
    for f in mine:
        inputs = f.get("inputs") or {}
        census, threads = inputs.get("specpower_census"), inputs.get("specpower_host_threads")
        if f["kind"] != "power" or not census or not isinstance(threads, (int, float)):
            continue
        rows = parse_census(census)
        matching = [(c, p, n) for c, p, n in rows if p > 0 and nearest_sockets(threads, p) == c]
        expected = sum(n for _, _, n in matching)
        kept = inputs.get("specpower_results") or 0
        ref = inputs.get("specpower_same_host_w")
        if not isinstance(ref, (int, float)) and UNHELD_WORDS not in (f.get("method") or ""):
            flag(
                f["id"],
                HOLD_RULE,
                f"its census lists SPECpower results of its micro-architecture ({census}) but "
                f"it was held to none (no inputs.specpower_same_host_w) and its method does "
                "not say why: hold it to the nearest socket count's results per thread (HN)",
            )
            continue
        if expected and kept < MIN_KEPT_SHARE * expected:
            shapes = ", ".join(f"{n} x {c} chips of {p:g} threads" for c, p, n in matching)
            flag(
                f["id"],
                HOLD_RULE,
                f"its SPECpower hold kept {kept} result(s) where {expected} of its "
                f"micro-architecture are of the socket count nearest its {threads:g}-thread "
                f"host ({shapes}): the measured range it states is cut (socket count rounded?)",
            )


def readings_span(mine: list[dict[str, Any]], flag: Any) -> None:
    """``ccf-readings-span``: the other CCF reading quoted in a value's bounds must be the
    other factor's filed value and lie within the bounds (see the module docstring)."""
    emb = [f for f in mine if f["kind"] == "embodied" and f["unit"] == "kgCO2e"]
    for f in emb:
        quoted = (f.get("inputs") or {}).get("other_ccf_reading_kgco2e")
        if not isinstance(quoted, (int, float)):
            continue
        others = [
            o
            for o in emb
            if o is not f
            and o["source"] == f["source"]
            and o["basis"] == f["basis"]
            and o["year"] != f["year"]
        ]
        if len(others) != 1:
            continue
        filed = others[0]["value"]
        lo = f["value"] if f.get("low") is None else f["low"]
        hi = f["value"] if f.get("high") is None else f["high"]
        tol = READING_TOLERANCE * max(abs(filed), 1e-9)
        if abs(quoted - filed) > tol:
            flag(
                f["id"],
                SPAN_RULE,
                f"its bounds quote the other CCF reading as {quoted:g} kgCO2e while that "
                f"reading filed for this type ({others[0]['id']}) is {filed:g}: computed at "
                "another share than the factor on file",
            )
        elif not lo - tol <= filed <= hi + tol:
            flag(
                f["id"],
                SPAN_RULE,
                f"the other CCF reading filed for this type ({filed:g} kgCO2e, "
                f"{others[0]['id']}) lies outside its bounds [{lo:g}..{hi:g}]",
            )
