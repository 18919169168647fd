"""How many of Cloud Carbon Footprint's 213 test expectations ``--method ccf`` reproduces.

Reads the old tool's billing test rows and the kWh / CO2e values its tests assert
(``shared/sources/ccf-billing-fixtures/derived``), computes every fixture with
``footprint_bill(..., method="ccf")`` on the development factors, sums the lines the way
CCF's queries aggregate them (fixture, day, service, region) and compares: an expectation
is reproduced when our facility energy (CCF's ``kilowattHours`` includes PUE) and our
kgCO2e are both within 1 % of CCF's (or both zero for services CCF does not estimate).

    .venv/bin/python tools/ccf_parity.py [--sources ../shared/sources] [--json out.json]

Why the others differ is printed per group (see docs/bills.md, "Side by side with CCF").
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "AWS": ("aws_athena_fixture_rows.csv", "aws-cur"),
    "GCP": ("gcp_bigquery_fixture_rows.csv", "gcp-billing"),
    "Azure": ("azure_consumption_fixture_rows.csv", "azure-cost"),
}
TOLERANCE = 0.01


def _dev_dataset() -> Any:
    from carbonfactors.dataset import Dataset
    from carbonfactors_pipeline.validate import validate_tree

    res = validate_tree(ROOT / "factors")
    return Dataset.from_snapshot(dict(res.snapshot, version="dev"), version="dev")


def _close(a: float, b: float) -> bool:
    if abs(b) < 1e-12:
        return abs(a) < 1e-9
    return abs(a - b) <= TOLERANCE * abs(b)


def run(sources: Path, ds: Any = None) -> dict[str, Any]:
    from carbonfactors.readers.bills import footprint_bill

    ds = ds or _dev_dataset()
    derived = sources / "ccf-billing-fixtures" / "derived"
    expected = list(csv.DictReader((derived / "ccf_test_expected_estimates.csv").open()))
    ours: dict[tuple[str, str, str, str, str], list[Any]] = defaultdict(
        lambda: [0.0, 0.0, 0, set(), set()]
    )
    reasons: Counter[str] = Counter()
    for provider, (name, fmt) in FILES.items():
        rows = list(csv.DictReader((derived / name).open()))
        by_fixture: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in rows:
            by_fixture[r["fixture"]].append(r)
        for fixture, frows in by_fixture.items():
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=list(frows[0]))
            w.writeheader()
            w.writerows(frows)
            data = io.BytesIO(buf.getvalue().encode())
            result = footprint_bill(data, fmt, dataset=ds, method="ccf")
            for _, line in result.lines.iterrows():
                day = str(line["start"] or "")[:10]
                svc = str(line["service"] or "")
                region = str(line["region"] or "")
                key = (provider, fixture, day, svc.lower(), region.lower())
                acc = ours[key]
                if line["error"] is None:
                    acc[0] += float(line["facility_energy_kwh"] or 0.0) + _embodied_kwh(line)
                    acc[1] += float(line["total_kgco2e"] or 0.0)
                    acc[4].add(str(line["usage_kind"]))
                else:
                    reasons[f"{provider}: {line['error_type']}"] += 1
                    acc[3].add(_error_class(line["error_type"], str(line["error"])))
                acc[2] += 1
    out: dict[str, Any] = {"total": len(expected), "reproduced": 0, "by_provider": {}}
    misses: list[dict[str, Any]] = []
    # CCF groups a day's estimates by tag too (resource tags in its query); ours are summed
    # over tags, so where one test asserts several estimates for one key (its tags apart),
    # ours is compared with their sum (docs/bills.md)
    by_test: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in expected:
        if e["timestamp"]:
            k = (e["it_line"], e["provider"], e["fixture"], e["timestamp"][:10])
            k += (e["serviceName"].lower(), e["region"].lower())
            by_test[k][0] += float(e["kilowattHours"])
            by_test[k][1] += float(e["co2e_kg_derived"])
    for e in expected:
        if not e["timestamp"]:  # lookup-table expectations: per-unit inputs, not fixture rows
            key = None
        else:
            key = (
                e["provider"],
                e["fixture"],
                e["timestamp"][:10],
                e["serviceName"].lower(),
                e["region"].lower(),
            )
        got = ours.get(key) if key else None
        kwh, kg = (got[0], got[1]) if got else (None, None)
        ok = (
            got is not None
            and _close(kwh, float(e["kilowattHours"]))
            and _close(kg, float(e["co2e_kg_derived"]))
        )
        if not ok and got is not None and key is not None:
            whole = by_test[(e["it_line"], *key)]
            ok = _close(kwh, whole[0]) and _close(kg, whole[1])
        p = out["by_provider"].setdefault(e["provider"], {"total": 0, "reproduced": 0})
        p["total"] += 1
        if ok:
            p["reproduced"] += 1
            out["reproduced"] += 1
        else:
            misses.append(
                {
                    "provider": e["provider"],
                    "fixture": e["fixture"],
                    "line": e["co2e_line"],
                    "service": e["serviceName"],
                    "region": e["region"],
                    "usage": e["usageType"] or e["machineType"],
                    "ccf_kwh": float(e["kilowattHours"]),
                    "our_kwh": kwh,
                    "ccf_kg": float(e["co2e_kg_derived"]),
                    "our_kg": kg,
                    "why": _why(got, e),
                }
            )
    out["misses"] = misses
    out["why"] = dict(Counter(m["why"] for m in misses).most_common())
    out["line_errors"] = dict(reasons.most_common())
    return out


def _embodied_kwh(line: Any) -> float:
    """CCF adds to its kilowattHours the embodied CO2e divided by the region's grid factor
    (``EmbodiedEmissionsEstimator``: ``estimateKwh(co2e)``), an energy no machine drew;
    our lines keep energy and embodied apart, so the comparison adds it back."""
    emb = float(line.get("embodied_kgco2e") or 0.0)
    energy = float(line.get("facility_energy_kwh") or 0.0)
    operational = float(line.get("operational_kgco2e") or 0.0)
    if emb != emb or not emb or not energy or not operational:
        return 0.0
    return emb * energy / operational


def _error_class(error_type: str, error: str) -> str:
    if error_type == "factor-not-found" and error.startswith("location"):
        return "no CCF grid factor imported for the region"
    if error_type == "factor-not-found":
        return "no CCF power coefficient for the instance"
    if error_type == "unknown-sku":
        return "usage type no rule classifies"
    if error_type.startswith("unsupported-"):
        return "a service our tables leave without a factor"
    return error_type


def _why(got: list[Any] | None, e: dict[str, str]) -> str:
    """The class of one miss (docs/bills.md explains each)."""
    if not e["timestamp"]:
        return "lookup-table expectation (per-unit input, no fixture row)"
    if got is None:
        return "no line of ours for this day/service/region"
    kwh = float(e["kilowattHours"])
    if got[2] and got[0] == 0 and kwh > 0:
        return "not computed: " + (" / ".join(sorted(got[3])) or "no line with energy")
    if got[3]:
        return "partly computed: " + " / ".join(sorted(got[3]))
    if kwh and not _close(got[0], kwh):
        ratio = got[0] / kwh
        kinds = got[4]
        if kinds == {"storage"} and ratio > 1e6:
            return "energy differs: CCF reads ByteHrs amounts as byte-hours (billed in GB-Mo)"
        if kinds == {"storage"} and any(abs(ratio - d) < 0.02 * d for d in (28, 29, 30, 31)):
            return "energy differs: CCF reads an Azure GB/Month quantity as GB held one day"
        if kinds <= {"instance", "vcpu", "gpu", "memory"}:
            return "energy differs: compute (Fargate memory as storage, ARM Lambda, see docs)"
        return "energy differs: storage or network classes and units"
    return "energy matches, CO2e differs (grid factor or embodied)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", default=str(ROOT.parent / "shared" / "sources"))
    ap.add_argument("--json", help="write the full comparison here")
    args = ap.parse_args(argv)
    out = run(Path(args.sources))
    print(f"reproduced {out['reproduced']} of {out['total']} CCF expectations (within 1 %)")
    for p, v in out["by_provider"].items():
        print(f"  {p}: {v['reproduced']} of {v['total']}")
    print("why the others differ:")
    for k, v in out["why"].items():
        print(f"  {v:4d}  {k}")
    print("lines not computed, by error type:")
    for k, v in out["line_errors"].items():
        print(f"  {v:4d}  {k}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
