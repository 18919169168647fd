"""Per bundle of the development version: factor counts by computed licence, and the
catalog hardware ids whose default footprint raises (issue 19, "every catalog item
computes in both bundles").

Usage (from the repository root, the SDK and service on PYTHONPATH)::

    python tools/bundle_coverage.py [--factors factors] [--show 20] [--job MODEL ...]

``--job`` also prints the 1,000 h footprint in ``US`` of each model in each bundle.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

import carbonfactors
from carbonfactors import Dataset
from carbonfactors_pipeline import licensing
from carbonfactors_pipeline.validate import validate_tree


def _raising(ds: Dataset, hardware: list[dict[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for h in hardware:
        if h["category"] == "component":
            continue  # parts a composition uses, not items a job runs
        try:
            carbonfactors.footprint(
                dataset=ds, hardware=[{"model": h["id"], "count": 1}], hours=1, location="US"
            )
        except carbonfactors.CarbonFactorsError as exc:
            out[h["id"]] = f"{h['category']}: {exc}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", default="factors")
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--job", nargs="*", default=[])
    args = ap.parse_args()
    result = validate_tree(Path(args.factors))
    dev = dict(result.snapshot, version="dev", released=None)
    print(
        f"validate ok={result.ok}; {len(dev['factors'])} factors, {len(dev['hardware'])} hardware"
    )
    for name in licensing.BUNDLES:
        part = licensing.bundle(dev, name)
        counts = Counter(f["license"] for f in part["factors"])
        print(f"\n== bundle {name}: {len(part['factors'])} factors")
        for lic, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"  {n:7d}  {lic}")
        ds = Dataset.from_snapshot(part)
        fails = _raising(ds, dev["hardware"])
        by_cat = Counter(v.split(":", 1)[0] for v in fails.values())
        print(f"  default footprint raises for {len(fails)} catalog ids: {dict(by_cat)}")
        for hid in sorted(fails)[: args.show]:
            print(f"    {hid}: {fails[hid][:160]}")
        for model in args.job:
            job = {"hardware": [{"model": model, "count": 1}], "hours": 1000, "location": "US"}
            try:
                fp = carbonfactors.footprint(dataset=ds, **job).to_dict()
            except carbonfactors.CarbonFactorsError as exc:
                print(f"  job {model}: raises {exc}")
                continue
            line = fp["hardware"][0]
            print(
                f"  job {model}: total {fp['total_kgco2e']:.1f} kg "
                f"(operational {fp['operational_kgco2e']:.1f}, embodied {fp['embodied_kgco2e']:.1f}); "
                f"power {line['power_w']:.0f} W; factors "
                + ", ".join(f["id"] for f in fp["factors"] if f["role"].startswith("hardware"))
            )


if __name__ == "__main__":
    main()
