"""What a bill read: rows and cost classified, by service; non-usage counts; the top lines.

Accumulated chunk by chunk (memory bounded by the number of distinct services, SKUs,
regions and resources, not by the file), then frozen into a plain dict for JSON, the CLI
and the upload endpoint. Costs are summed per currency and never across currencies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .codes import objects, row_groups
from .mapping import NOT_BY_QUANTITY, UNSUPPORTED_TYPES

#: Error types that mean "the bill line was not classified" (rather than "not computed").
UNCLASSIFIED = frozenset(
    {"unknown-sku", "unknown-unit", "no-quantity", "unsupported-provider", *UNSUPPORTED_TYPES}
)
TOP = 10
_TOTALS = ("total_kgco2e", "total_kgco2e_low", "total_kgco2e_high")


def _four() -> list[float]:
    return [0, 0, 0.0, 0.0]


def _two() -> list[float]:
    return [0, 0.0]


class Summary:
    """Counts of a bill, picklable (a Dask cluster sends partition summaries back)."""

    def __init__(self) -> None:
        self.rows = 0
        self.non_usage: Counter[str] = Counter()
        self.non_usage_cost: dict[str, float] = defaultdict(float)
        self.usage = 0
        self.classified = 0
        self.computed = 0
        self.cost: dict[str, float] = defaultdict(float)
        self.cost_classified: dict[str, float] = defaultdict(float)
        self.not_by_quantity = 0
        self.cost_not_by_quantity: dict[str, float] = defaultdict(float)
        self.by_service: dict[tuple[str, str], list[float]] = defaultdict(_four)
        self.unclassified: dict[tuple[str, ...], list[float]] = defaultdict(_two)
        self.errors: Counter[str] = Counter()
        self.emissions: dict[str, dict[Any, float]] = {
            k: defaultdict(float) for k in ("service", "location", "resource_id")
        }
        self.total = [0.0, 0.0, 0.0]
        self.energy = 0.0
        self.versions: set[str] = set()
        self.currencies: set[str] = set()

    def add(self, chunk: Any, result: Any) -> None:
        """Count a classified chunk (all lines) and its computed usage lines (``result``);
        every count is a sum per distinct combination of codes, never a loop over lines."""
        import numpy as np

        self.rows += len(chunk)
        self.currencies.update(
            "?" if c is None else str(c) for (c,) in _sums([chunk["currency"]], {})
        )
        non = (chunk["charge_kind"] != "usage").to_numpy()
        if non.any():
            cost = chunk["cost"].to_numpy(dtype=float)[non]
            cols = [chunk["charge_kind"][non], chunk["currency"][non]]
            for (k, c), v in _sums(cols, {"cost": cost}).items():
                self.non_usage[str(k)] += int(v["lines"])
                self.non_usage_cost[f"{k} {'?' if c is None else c}"] += v["cost"]
        if len(result) == 0:
            return
        etype = result["error_type"]
        unclassified = etype.isin(list(UNCLASSIFIED)).to_numpy()
        counted = etype.isin(list(NOT_BY_QUANTITY)).to_numpy()
        ok = result["error"].isna().to_numpy()
        rcost = np.nan_to_num(result["cost"].to_numpy(dtype=float))
        self.usage += len(result)
        self.classified += int((~unclassified).sum())
        self.not_by_quantity += int(counted.sum())
        self.computed += int(ok.sum())
        weights = {
            "classified": (~unclassified).astype(float),
            "cost": rcost,
            "cc": np.where(unclassified, 0.0, rcost),
            "nq": np.where(counted, rcost, 0.0),
        }
        cols = [result["provider"], result["service"], result["currency"]]
        for (p, sv, c), v in _sums(cols, weights).items():
            cur = "?" if c is None else str(c)
            self.cost[cur] += v["cost"]
            self.cost_classified[cur] += v["cc"]
            self.cost_not_by_quantity[cur] += v["nq"]
            acc = self.by_service[(_none(p), _none(sv))]
            acc[0] += int(v["lines"])
            acc[1] += int(round(v["classified"]))
            acc[2] += v["cost"]
            acc[3] += v["cc"]
        for t, n in etype.value_counts().items():
            if n:
                self.errors[str(t)] += int(n)
        if unclassified.any():
            keys = ("provider", "service", "usage_type", "description", "sku", "error_type")
            cols = [result[k][unclassified] for k in keys]
            for (p, sv, usage_type, description, sku, e), v in _sums(
                cols, {"cost": rcost[unclassified]}
            ).items():
                key = (p or "", sv or "", usage_type or description or sku or "", e or "")
                acc2 = self.unclassified[key]
                acc2[0] += int(v["lines"])
                acc2[1] += v["cost"]
        if ok.any():
            done = result.loc[ok, ["dataset_version", "energy_kwh", *_TOTALS, *self.emissions]]
            self.versions.update(str(v) for v in done["dataset_version"].dropna().unique())
            self.energy += float(done["energy_kwh"].sum())
            for i, col in enumerate(_TOTALS):
                self.total[i] += float(done[col].sum())
            total = {"kg": np.nan_to_num(done["total_kgco2e"].to_numpy(dtype=float))}
            for name, acc3 in self.emissions.items():
                for (k2,), v in _sums([done[name]], total).items():
                    acc3[_none(k2)] += v["kg"]

    def merge(self, other: Summary) -> Summary:
        """Add another part's counts into this one (the Dask path sums partitions)."""
        self.rows += other.rows
        self.usage += other.usage
        self.classified += other.classified
        self.not_by_quantity += other.not_by_quantity
        self.computed += other.computed
        self.energy += other.energy
        self.non_usage.update(other.non_usage)
        self.errors.update(other.errors)
        for mine, theirs in (
            (self.non_usage_cost, other.non_usage_cost),
            (self.cost, other.cost),
            (self.cost_classified, other.cost_classified),
            (self.cost_not_by_quantity, other.cost_not_by_quantity),
        ):
            for k, v in theirs.items():
                mine[k] += v
        for sk, acc in other.by_service.items():
            self.by_service[sk] = [a + b for a, b in zip(self.by_service[sk], acc, strict=True)]
        for uk, acc in other.unclassified.items():
            self.unclassified[uk] = [a + b for a, b in zip(self.unclassified[uk], acc, strict=True)]
        for key, acc3 in other.emissions.items():
            for k, v in acc3.items():
                self.emissions[key][k] += v
        self.total = [a + b for a, b in zip(self.total, other.total, strict=True)]
        self.versions |= other.versions
        self.currencies |= other.currencies
        return self

    def to_dict(self, *, resources: bool = True) -> dict[str, Any]:
        """The summary as JSON; ``resources=False`` leaves resource ids out (uploads)."""

        def share(part: float, whole: float) -> float | None:
            return None if whole == 0 else round(part / whole, 6)

        def top(acc: dict[Any, float]) -> list[dict[str, Any]]:
            items = sorted(acc.items(), key=lambda kv: -kv[1])[:TOP]
            return [{"name": str(k), "total_kgco2e": v} for k, v in items]

        out: dict[str, Any] = {
            "rows": self.rows,
            "usage_rows": self.usage,
            "non_usage_rows": dict(sorted(self.non_usage.items())),
            "non_usage_cost": dict(sorted(self.non_usage_cost.items())),
            "classified_rows": self.classified,
            "computed_rows": self.computed,
            "classified_row_share": share(self.classified, self.usage),
            "usage_cost": dict(self.cost),
            "classified_cost": dict(self.cost_classified),
            "classified_cost_share": {
                c: share(self.cost_classified[c], v) for c, v in self.cost.items()
            },
            # lines billed per request, as a flat fee or a licence (NOT_BY_QUANTITY): typed
            # and counted above; here apart, with the shares of the other usage lines
            "not_by_quantity_rows": self.not_by_quantity,
            "not_by_quantity_cost": {c: self.cost_not_by_quantity[c] for c in self.cost},
            "classified_by_quantity_row_share": share(
                self.classified, self.usage - self.not_by_quantity
            ),
            "classified_by_quantity_cost_share": {
                c: share(self.cost_classified[c], v - self.cost_not_by_quantity[c])
                for c, v in self.cost.items()
            },
            "currencies": sorted(self.currencies),
            "errors": dict(sorted(self.errors.items())),
            "total_kgco2e": self.total[0],
            "total_kgco2e_low": self.total[1],
            "total_kgco2e_high": self.total[2],
            "energy_kwh": self.energy,
            "dataset_version": ",".join(sorted(self.versions)) or None,
            "by_service": [
                {
                    "provider": p,
                    "service": s,
                    "rows": int(v[0]),
                    "classified_rows": int(v[1]),
                    "cost": v[2],
                    "classified_cost": v[3],
                }
                for (p, s), v in sorted(self.by_service.items(), key=lambda kv: -kv[1][2])
            ],
            "top_unclassified": [
                {
                    "provider": k[0],
                    "service": k[1],
                    "sku": k[2],
                    "error_type": k[3],
                    "rows": int(v[0]),
                    "cost": v[1],
                }
                for k, v in sorted(
                    self.unclassified.items(), key=lambda kv: (-kv[1][1], -kv[1][0])
                )[:TOP]
            ],
            "top_services": top(self.emissions["service"]),
            "top_regions": top(self.emissions["location"]),
        }
        if resources:
            out["top_resources"] = top(self.emissions["resource_id"])
        return out


def _none(value: Any) -> str:
    return "(none)" if value is None else str(value)


def _sums(cols: list[Any], weights: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, float]]:
    """Per distinct combination of ``cols`` (None for null): its line count (``lines``)
    and the sum of each of ``weights`` (arrays as long as the columns)."""
    import numpy as np

    codes, first = row_groups(cols)
    m = len(first)
    values = [objects(c)[first] for c in cols]
    sums = {k: np.bincount(codes, weights=w, minlength=m) for k, w in weights.items()}
    sums["lines"] = np.bincount(codes, minlength=m).astype(float)
    return {
        tuple(v[i] for v in values): {k: float(a[i]) for k, a in sums.items()} for i in range(m)
    }


def text(s: dict[str, Any]) -> str:
    """The summary as aligned text for the CLI."""
    pct = s["classified_row_share"]
    lines = [
        f"rows: {s['rows']:,}  usage: {s['usage_rows']:,}  classified: {s['classified_rows']:,}"
        f" ({'-' if pct is None else f'{pct:.1%}'} of usage rows)  computed: {s['computed_rows']:,}",
    ]
    for cur, share in s["classified_cost_share"].items():
        lines.append(
            f"cost classified: {s['classified_cost'][cur]:,.2f} of {s['usage_cost'][cur]:,.2f} {cur}"
            f" ({'-' if share is None else f'{share:.1%}'})"
        )
    if s.get("not_by_quantity_rows"):
        q = s["classified_by_quantity_row_share"]
        lines.append(
            f"priced per request, flat fee or licence (no quantity of a resource): "
            f"{s['not_by_quantity_rows']:,} rows; classified of the other usage rows: "
            f"{'-' if q is None else f'{q:.1%}'}"
        )
    if len(s["currencies"]) > 1:
        lines.append(
            f"currencies: {', '.join(s['currencies'])} (costs are never summed across them)"
        )
    if s["non_usage_rows"]:
        lines.append(
            "non-usage (not computed): "
            + ", ".join(f"{k} {v}" for k, v in s["non_usage_rows"].items())
        )
    lines.append(
        f"total: {s['total_kgco2e']:,.3f} kgCO2e (range {s['total_kgco2e_low']:,.3f} .. "
        f"{s['total_kgco2e_high']:,.3f}), energy {s['energy_kwh']:,.3f} kWh; "
        f"dataset {s['dataset_version'] or '-'}"
    )
    for key, title in (
        ("top_services", "services"),
        ("top_regions", "regions"),
        ("top_resources", "resources"),
    ):
        if s.get(key):
            lines.append(f"top {title} by emissions:")
            lines += [f"  {_tail(r['name']):60} {r['total_kgco2e']:14,.4f} kgCO2e" for r in s[key]]
    if s["top_unclassified"]:
        lines.append("top unclassified lines (by cost):")
        for r in s["top_unclassified"]:
            lines.append(
                f"  {r['provider']}/{r['service'][:30]}: {r['sku'][:60]} [{r['error_type']}] "
                f"{r['rows']:,} rows, cost {r['cost']:,.4f}"
            )
    if s["errors"]:
        lines.append("lines not computed: " + ", ".join(f"{k} {v}" for k, v in s["errors"].items()))
    return "\n".join(lines) + "\n"


def _tail(name: str, width: int = 60) -> str:
    """A long name (an ARN, an Azure resource id) by its end, where it differs."""
    return name if len(name) <= width else "…" + name[-(width - 1) :]
