"""Coverage report of a dataset: what ``carbonfactors validate`` prints on success.

Counts answer the reviewer's question "how much does this dataset cover?" in terms of
what users ask for (countries, cloud regions, accelerators...), not only rows per kind.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from carbonfactors import snapshot as snap
from carbonfactors.kinds import CATEGORY_SUBJECT_PREFIX, KINDS


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
    by_basis: dict[str, dict[str, Any]] = {}
    for basis in KINDS[grid].bases:
        years = {
            subject: {f["year"] for f in kinds.get(grid, []) if f["basis"] == basis}
            for subject, kinds in by_subject.items()
        }
        per_type: dict[str, int] = defaultdict(int)
        for z in zones.values():
            if years.get(z["id"]):
                per_type[z["type"]] += 1
        by_basis[basis] = {
            "countries": per_type["country"],
            "countries_from_2015": sum(
                1
                for z in zones.values()
                if z["type"] == "country" and 2015 in years.get(z["id"], ())
            ),
            "subnational_zones": per_type["subnational"],
            "cloud_regions_own_values": per_type["cloud_region"],
        }
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
            "by_basis": by_basis,
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
    for basis, c in g["by_basis"].items():
        lines.append(
            f"grid {basis}: {c['countries']} countries with values "
            f"({c['countries_from_2015']} with 2015), {c['subnational_zones']} sub-national zones, "
            f"{c['cloud_regions_own_values']} cloud regions with their own values"
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
