"""Screens on hardware notes that say something other than the rule applied, or leave a
weakness on file unsaid (audit 1796655557 part c, observations O3, O4, O8, O10).

Each is a validator problem on the factor (fixed in the importer, never excluded):

* ``instance-host-rule-named`` (O3): a CCF 2026 embodied value whose host was sized by one
  rule (``inputs.host_platforms`` records it: "Teads platform vCPUs", the family's
  bare-metal size, the largest of the family) must name that rule in its method; m3.xlarge's
  said "largest instance of the family" (8 vCPUs) while its host was the Teads platform (32).
* ``constrained-size-one-memory`` (O4): an Azure constrained-vCPU size's power and embodied
  must use one memory figure (M64-16ms: power 1,750 GB, embodied 1,792 GB), and its
  embodied method must say why CCF's own row for the size is set aside.
* ``pcf-series-spread-unsaid`` (O8): the same maker's PCF shares of one series and year
  more than ``SIBLING_RATIO`` apart, sheets stating no configuration, must each say so.
* ``pcf-share-range-unsaid`` (O10): a PCF share without bounds whose cradle-to-grave
  factor says why it has none ("No range: …") must say it too: the default resolves to the
  share, and the reason was only on the total.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .importers._cloud_records import HOST_RULES, constrained_parent
from .importers._pcf_siblings import SERIES_MARK, series_key
from .server_screens import SIBLING_RATIO

Problem = tuple[str, str]
#: The tag a host platform label carries per rule (``importers/_cloud_read``).
_RULE_TAGS = {
    "(Teads platform vCPUs": "teads",
    "(its bare-metal size listing the total": "metal",
    "(largest of the family": "largest",
}
NO_RANGE = "No range:"
SET_ASIDE = "CCF's own row for this size"


def host_rule_named(factors: list[dict[str, Any]]) -> list[Problem]:
    """(factor id, reason) for a 2026 embodied method not naming its host's rule."""
    out: list[Problem] = []
    for f in factors:
        platforms = (f.get("inputs") or {}).get("host_platforms") or []
        if f["kind"] != "embodied" or not isinstance(platforms, list):
            continue
        method = f.get("method") or ""
        for tag, rule in _RULE_TAGS.items():
            if any(tag in str(p) for p in platforms) and HOST_RULES[rule] not in method:
                out.append(
                    (
                        f["id"],
                        f"instance-host-rule-named: the host was sized by rule '{rule}' "
                        f"({tag.lstrip('(')}) but the method does not name it "
                        "(importers/_cloud_records.HOST_RULES)",
                    )
                )
    return out


def constrained_one_memory(factors: list[dict[str, Any]]) -> list[Problem]:
    """(factor id, reason) for a constrained Azure size whose embodied memory differs from
    its power's, or whose embodied method leaves CCF's own row unexplained."""
    power_gb: dict[str, float] = {}
    for f in factors:
        gb = (f.get("inputs") or {}).get("memory_gb")
        if f["kind"] == "power" and isinstance(gb, (int, float)):
            power_gb.setdefault(f["subject"], float(gb))
    out: list[Problem] = []
    for f in factors:
        subject = str(f["subject"])
        if f["kind"] != "embodied" or not subject.startswith("azure:"):
            continue
        if constrained_parent(subject.split(":", 1)[1]) is None:
            continue
        gb = (f.get("inputs") or {}).get("instance_memory_gb")
        if isinstance(gb, (int, float)) and subject in power_gb and gb != power_gb[subject]:
            out.append(
                (
                    f["id"],
                    f"constrained-size-one-memory: embodied allocated at {gb:g} GB, power "
                    f"at {power_gb[subject]:g} GB: one size, one memory figure",
                )
            )
        if f.get("source") == "ccf-coefficients" and SET_ASIDE not in (f.get("method") or ""):
            out.append(
                (
                    f["id"],
                    "constrained-size-one-memory: CCF's own row for this constrained size "
                    "is set aside for its parent's hosts without a word",
                )
            )
    return out


def series_spread_unsaid(
    hardware: list[dict[str, Any]], factors: list[dict[str, Any]]
) -> list[Problem]:
    """(factor id, reason) for a PCF share in a series spread wider than ``SIBLING_RATIO``
    whose method does not say it (``importers/_pcf_siblings.say_series_spread``)."""
    hw = {h["id"]: h for h in hardware}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for f in factors:
        if f.get("excluded"):
            continue
        key = series_key(f, hw.get(f["subject"]))
        if key is not None:
            groups[key].append(f)
    out: list[Problem] = []
    for key, facs in groups.items():
        lo, hi = min(f["value"] for f in facs), max(f["value"] for f in facs)
        if hi <= SIBLING_RATIO * lo:
            continue
        out += [
            (
                f["id"],
                f"pcf-series-spread-unsaid: the {key[1]} sheets of {key[4]} spread "
                f"{hi / lo:.1f}x and this value's method does not say so ('{SERIES_MARK}')",
            )
            for f in facs
            if SERIES_MARK not in (f.get("method") or "")
        ]
    return out


def share_range_unsaid(factors: list[dict[str, Any]]) -> list[Problem]:
    """(factor id, reason) for an unbounded PCF share whose total says why it has no range
    while the share does not."""
    said = {
        f["subject"]
        for f in factors
        if f.get("basis") == "cradle-to-grave" and NO_RANGE in (f.get("method") or "")
    }
    return [
        (
            f["id"],
            "pcf-share-range-unsaid: the cradle-to-grave factor says why no range is given "
            "('No range: …'), this share the default resolves to does not",
        )
        for f in factors
        if f["kind"] == "embodied"
        and f.get("basis") in ("manufacturing", "non-use")
        and f["subject"] in said
        and f.get("low") is None
        and NO_RANGE not in (f.get("method") or "")
    ]


def problems(hardware: list[dict[str, Any]], factors: list[dict[str, Any]]) -> list[Problem]:
    """Every problem of this module's four screens."""
    return (
        host_rule_named(factors)
        + constrained_one_memory(factors)
        + series_spread_unsaid(hardware, factors)
        + share_range_unsaid(factors)
    )
