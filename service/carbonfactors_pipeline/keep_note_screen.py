"""Reviewers' keep notes carried into the factor's own method (audit 1796647084, class KN).

Why: ``factors/screens.yaml`` kept the HPE ProLiant DL345 Gen10 Plus's 2,503 kg with a
note calling it "the outlier" (3.7x its same-configuration DL365 sibling), but the
factor's method said nothing, so a user of the value (and the audit worksheet) saw a
maker's figure with symmetric bounds and no word. A keep note records a finding about a
value (an outlier, an upstream error, a real jump, why a bound is missing); it belongs
where the value is read. ``carry`` appends each keep note naming a factor to that
factor's method in the snapshot (``REVIEWED (...)``: the text the SDK, the API and the
resolved tables serve), once; the screen ``keep-note-in-method`` lists any keep note on a
factor whose method does not hold it, so the carry cannot silently stop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RULE = "keep-note-in-method"
MARK = "REVIEWED"


def _flat(text: str) -> str:
    return " ".join(str(text or "").split())


def sentence(rule: str, note: str) -> str:
    """The method sentence a keep note becomes."""
    return f" {MARK} (factors/screens.yaml keep, rule {rule}): {_flat(note)}"


def carry(factors: Mapping[str, dict[str, Any]], keep: Mapping[tuple[str, str], str]) -> int:
    """Append each keep note on a factor id to that factor's method; returns how many."""
    n = 0
    for (fid, rule), note in sorted(keep.items()):
        f = factors.get(fid)
        if f is None or _flat(note) in _flat(f.get("method") or ""):
            continue
        f["method"] = str(f.get("method") or "").rstrip() + sentence(rule, note)
        n += 1
    return n


def problems(
    factors: Mapping[str, dict[str, Any]], keep: Mapping[tuple[str, str], str]
) -> list[tuple[str, str]]:
    """``keep-note-in-method``: (factor id, reason) for each keep note on a factor whose
    method does not carry it. Keeps on a hardware id or a cloud region are not factors."""
    out = []
    for (fid, rule), note in sorted(keep.items()):
        f = factors.get(fid)
        if f is not None and _flat(note) not in _flat(f.get("method") or ""):
            out.append(
                (
                    fid,
                    f"{RULE}: the keep note of rule {rule} in factors/screens.yaml is not in "
                    "the factor's method, so a user of the value does not see it",
                )
            )
    return out
