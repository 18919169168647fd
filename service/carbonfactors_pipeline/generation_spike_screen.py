"""Screen ``generation-spike`` (audit 1796658609 a-G1): one-year spikes in a grid's generation.

Réunion 2020 (Ember, 643.8 g) rested on a total generation of 3.79 TWh between 3.05 and
3.09 TWh, with the intensity moving with it, and stood with no bound and no word: the
year-on-year screen only sees a 2x jump. The Ember importer writes the three totals into a
spike row's ``inputs`` (``importers/_generation_spike``); this screen re-judges them against
the neighbouring rows on file. Every spike is listed for review (the value is Ember's, kept
unless ``factors/corrections.yaml`` gives a cited one); one whose bounds do not reach both
neighbouring years' intensities, or whose method does not say so, is a problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .grid_screens import KIND, GridFlag
from .importers._generation_spike import spike

RULE = "generation-spike"
#: Words a spike row's method carries: the importer's note or a correction's.
SAID = ("GENERATION SPIKE", "corrections.yaml")


def flags(factors: Iterable[Mapping[str, Any]]) -> list[GridFlag]:
    """One flag per generation-spike row (module doc); a problem when unbounded or unsaid."""
    rows = [f for f in factors if f.get("kind") == KIND]
    by_key = {(f["subject"], f["source"], f.get("basis"), int(f["year"])): f for f in rows}
    out: list[GridFlag] = []
    for f in rows:
        inputs = f.get("inputs") or {}
        twh, around = inputs.get("generation_twh"), inputs.get("neighbour_generation_twh")
        if not isinstance(twh, (int, float)) or not isinstance(around, list) or len(around) != 2:
            continue
        key = (f["subject"], f["source"], f.get("basis"))
        before, after = (by_key.get((*key, int(f["year"]) + d)) for d in (-1, 1))
        if before is None or after is None:
            continue
        upstream = _upstream(f)
        vals = (float(before["value"]), upstream, float(after["value"]))
        if not spike((float(around[0]), float(twh), float(around[1])), vals):
            continue
        reach = min(vals[0], vals[2]), max(vals[0], vals[2])
        low, high = f.get("low"), f.get("high")
        bounded = low is not None and high is not None and low <= reach[0] and high >= reach[1]
        said = any(w in str(f.get("method") or "") for w in SAID)
        out.append(
            GridFlag(
                RULE,
                str(f["id"]),
                f"{f['subject']} {f['year']}: total generation {twh:g} TWh between "
                f"{around[0]:g} and {around[1]:g} TWh, a one-year spike the intensity follows "
                f"({vals[0]:g} / {upstream:g} / {vals[2]:g})"
                + (
                    "; corrected with cited evidence (factors/corrections.yaml)"
                    if bounded and "corrections.yaml" in str(f.get("method") or "")
                    else "; bounded to the neighbouring years and said: review for a cited figure"
                    if bounded and said
                    else "; its bounds must reach the neighbouring years' intensities "
                    f"[{reach[0]:g}..{reach[1]:g}] and its method say so"
                ),
                problem=not (bounded and said),
            )
        )
    return out


def _upstream(f: Mapping[str, Any]) -> float:
    """The producer's own value of a row (a correction keeps it in its note's last words:
    ``upstream value N``), else the row's value."""
    method = str(f.get("method") or "")
    mark = "upstream value "
    if mark in method:
        tail = method.rsplit(mark, 1)[1].rstrip(").")
        try:
            return float(tail)
        except ValueError:
            pass
    return float(f["value"])
