"""Coverage report of a dataset: what ``carbonfactors validate`` prints on success.

Counts answer the reviewer's question "how much does this dataset cover?" in terms of
what users ask for (countries, cloud regions, accelerators...), not only rows per kind.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from carbonfactors import snapshot as snap
from carbonfactors.kinds import CATEGORY_SUBJECT_PREFIX


def summarize(s: snap.Snapshot) -> dict[str, Any]:
    factors = s.get("factors", [])
    zones = {z["id"]: z for z in s.get("zones", [])}
    hardware = {h["id"]: h for h in s.get("hardware", [])}
    by_subject: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for f in factors:
        by_subject[f["subject"]][f["kind"]].append(f)

    def has(subject: str | None, kind: str) -> bool:
        return subject is not None and bool(by_subject.get(subject, {}).get(kind))

    grid = "grid_intensity"
    countries = [z for z in zones.values() if z["type"] == "country"]
    countries_grid = [z for z in countries if has(z["id"], grid)]
    from_2015 = [
        z for z in countries_grid if any(f["year"] == 2015 for f in by_subject[z["id"]][grid])
    ]
    subnational = [z for z in zones.values() if z["type"] == "subnational" and has(z["id"], grid)]
    regions = [z for z in zones.values() if z["type"] == "cloud_region"]

    def resolves(z: dict[str, Any]) -> bool:
        seen = set()
        cur: dict[str, Any] | None = z
        while cur is not None and cur["id"] not in seen:
            seen.add(cur["id"])
            if has(cur["id"], grid):
                return True
            nxt = cur.get("grid_zone") or cur.get("parent")
            cur = zones.get(nxt) if nxt else None
        return False

    regions_by_provider: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for z in regions:
        regions_by_provider[z["provider"]][0] += 1
        regions_by_provider[z["provider"]][1] += int(resolves(z))

    pue_subjects: dict[str, set[int]] = defaultdict(set)
    for f in factors:
        if f["kind"] == "pue":
            pue_subjects[f["subject"]].add(f["year"])
    operators = {o["id"]: o for o in s.get("operators", [])}
    pue_ops = {
        k: v for k, v in pue_subjects.items() if operators.get(k, {}).get("type") == "operator"
    }
    industry = {
        k: v for k, v in pue_subjects.items() if operators.get(k, {}).get("type") == "industry"
    }

    hw_cat: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for h in hardware.values():
        cat = hw_cat[h["category"]]
        cat["models"] += 1
        if has(h["id"], "power"):
            cat["with_power"] += 1
        if has(h["id"], "embodied"):
            cat["with_embodied"] += 1
    lifetimes = sorted(
        f["subject"][len(CATEGORY_SUBJECT_PREFIX) :]
        for f in factors
        if f["kind"] == "lifetime" and f["subject"].startswith(CATEGORY_SUBJECT_PREFIX)
    )
    return {
        "factors": snap.counts(s),
        "records": {name: len(s.get(name, [])) for name in snap.COLLECTIONS},
        "grid": {
            "countries_with_values": len(countries_grid),
            "countries_with_2015": len(from_2015),
            "subnational_zones_with_values": len(subnational),
            "cloud_regions": {
                p: {"regions": n, "resolving": r}
                for p, (n, r) in sorted(regions_by_provider.items())
            },
        },
        "pue": {
            "operators": {k: sorted(v) for k, v in sorted(pue_ops.items())},
            "industry": {k: sorted(v) for k, v in sorted(industry.items())},
            "subjects_with_pue": len(pue_subjects),
        },
        "hardware": {k: dict(v) for k, v in sorted(hw_cat.items())},
        "lifetimes": sorted(set(lifetimes)),
    }


def render(report: dict[str, Any]) -> str:
    lines = ["factors per kind:"]
    lines += [f"  {k:16} {v:7d}" for k, v in report["factors"].items()]
    lines.append("records: " + ", ".join(f"{k} {v}" for k, v in report["records"].items()))
    g = report["grid"]
    lines.append(
        f"grid: {g['countries_with_values']} countries with values "
        f"({g['countries_with_2015']} from 2015), "
        f"{g['subnational_zones_with_values']} sub-national zones"
    )
    regions = g["cloud_regions"]
    total = sum(v["regions"] for v in regions.values())
    resolving = sum(v["resolving"] for v in regions.values())
    lines.append(
        f"cloud regions: {total} ({resolving} resolving to a grid factor): "
        + ", ".join(f"{p} {v['resolving']}/{v['regions']}" for p, v in regions.items())
    )
    p = report["pue"]
    lines.append(
        f"pue: {len(p['operators'])} operators with figures, {p['subjects_with_pue']} subjects in all; "
        + "; ".join(f"{k} {v[0]}-{v[-1]}" for k, v in p["operators"].items())
    )
    for k, v in p["industry"].items():
        lines.append(f"pue industry average ({k}): {len(v)} years {v[0]}-{v[-1]}")
    lines.append("hardware:")
    for cat, c in report["hardware"].items():
        lines.append(
            f"  {cat:16} {c.get('models', 0):6d} models, {c.get('with_power', 0):6d} with power, "
            f"{c.get('with_embodied', 0):6d} with embodied"
        )
    lines.append("lifetimes for: " + (", ".join(report["lifetimes"]) or "none"))
    return "\n".join(lines)
