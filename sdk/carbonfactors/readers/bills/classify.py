"""Classify canonical bill lines with the mapping tables, into the frame layout.

Each distinct line key (provider, service, usage type, description, unit, resource type,
instance type) is classified once per read (``memo``), so a bill of millions of lines
costs one pass of regular expressions per SKU. What a kind becomes (model, quantity in
the engine's units) and every reason a line is not computed are in ``docs/bills.md``.
"""

from __future__ import annotations

from typing import Any

from . import units
from .formats import NON_USAGE, USAGE, Format
from .mapping import KINDS, Rule, Table, by_name

#: What ``usage_amount`` is in, per kind (after conversion).
KIND_UNITS = {
    "instance": "instance-hours",
    "gpu": "accelerator-hours",
    "vcpu": "vCPU-hours",
    "memory": "GB-hours",
    "storage": "TB-hours",
    "network": "GB",
}


def _charge_kind(c: Any) -> Any:
    import numpy as np

    kind = np.full(len(c), "usage", dtype=object)
    if "charge_category" in c.columns:
        cat = c["charge_category"].fillna("usage").str.lower().str.replace(" ", "", regex=False)
        known = cat.map(lambda v: "usage" if v in USAGE else NON_USAGE.get(v, "other-charge"))
        kind = known.to_numpy(dtype=object)
    if "charge_class" in c.columns:
        kind = np.where(
            c["charge_class"].fillna("").str.lower() == "correction", "correction", kind
        )
    if "commitment_status" in c.columns:
        unused = c["commitment_status"].fillna("").str.lower() == "unused"
        kind = np.where(unused & (kind == "usage"), "unused-commitment", kind)
    negative = (c["quantity"] < 0).to_numpy()
    return np.where(negative & (kind == "usage"), "refund", kind)


_KEY = (
    "provider",
    "service",
    "usage_type",
    "description",
    "unit",
    "resource_type",
    "instance_type",
)


def classify(c: Any, fmt: Format, all_tables: dict[str, Table], memo: dict[Any, Any]) -> Any:
    """Frame-layout rows for the canonical chunk ``c`` (see the module doc)."""
    import numpy as np
    import pandas as pd

    names = by_name(all_tables)
    if fmt.provider is not None:
        c["provider"] = fmt.provider
    else:
        prov = c["provider_name"].fillna("").str.strip().str.lower()
        c["provider"] = prov.map(lambda p: names[p].provider if p in names else p or None)
    c["charge_kind"] = _charge_kind(c)
    for k in _KEY:
        if k not in c.columns:
            c[k] = None
    n = len(c)
    out: dict[str, Any] = {
        k: np.full(n, None, dtype=object)
        for k in ("usage_kind", "rule", "model", "location", "error", "error_type", "usage_unit")
    }
    per_unit = np.full(n, np.nan)
    replication = np.ones(n)
    codes = c.groupby(list(_KEY), dropna=False, sort=False).ngroup().to_numpy()
    firsts = pd.Series(np.arange(n)).groupby(codes).first()
    for code, i in firsts.items():
        key = tuple(c[k].iat[i] for k in _KEY)
        hit = memo.get(key)
        if hit is None:
            hit = _classify_key(dict(zip(_KEY, key, strict=True)), all_tables)
            if len(memo) > 100_000:
                memo.clear()
            memo[key] = hit
        rows = codes == code
        for k, v in hit.items():
            if k == "factor":
                per_unit[rows] = v
            elif k == "ccf_replication":
                replication[rows] = v
            else:
                out[k][rows] = v
    for k, v in out.items():
        c[k] = v
    c["ccf_replication"] = replication
    usage = c["charge_kind"].to_numpy() == "usage"
    qty = c["quantity"].to_numpy(dtype=float)
    amount = qty * per_unit
    region_loc = _locations(c, all_tables)
    c["location"] = region_loc
    ok = usage & (c["error"].isna().to_numpy())
    no_qty = ok & ~(qty > 0)
    c.loc[no_qty, "error"] = "quantity: missing or zero on a usage line"
    c.loc[no_qty, "error_type"] = "no-quantity"
    ok &= ~no_qty
    no_loc = ok & pd.isna(region_loc)
    c.loc[no_loc, "error"] = "region: missing on a usage line (no location to compute)"
    c.loc[no_loc, "error_type"] = "no-region"
    kind = c["usage_kind"].to_numpy(dtype=object)
    c["usage_amount"] = np.where(ok, amount, np.nan)
    c["count"] = np.where(ok, 1.0, np.nan)
    c["hours"] = np.where(ok, amount, np.nan)
    c["include_embodied"] = np.isin(kind, ("instance", "gpu")) | ~ok
    not_usage = ~usage
    c.loc[not_usage, ["error", "error_type", "model", "usage_kind", "rule"]] = None
    c.loc[~ok, ["model"]] = None
    return c


def _locations(c: Any, all_tables: dict[str, Table]) -> Any:
    """The location of every line, worked out once per distinct (provider, region)."""
    import numpy as np
    import pandas as pd

    codes, pairs = pd.MultiIndex.from_arrays(
        [c["provider"].astype(object), c["region"].astype(object)]
    ).factorize()
    found = np.empty(len(pairs) + 1, dtype=object)  # the last slot: a missing pair
    for i, (provider, region) in enumerate(pairs):
        t = all_tables.get(provider) if isinstance(provider, str) else None
        found[i] = t.location(region) if (t is not None and isinstance(region, str)) else None
    return found[codes]


def _classify_key(line: dict[str, Any], all_tables: dict[str, Table]) -> dict[str, Any]:
    """One distinct line key: its rule, model, kind, conversion factor, or its error."""
    table = all_tables.get(line["provider"] or "")
    if table is None:
        return {
            "error": f"provider: no mapping table for '{line['provider']}'",
            "error_type": "unsupported-provider",
        }
    text = {k: (v if isinstance(v, str) else "") for k, v in line.items()}
    rule = table.classify(text)
    if rule is None:
        return {
            "error": "sku: no rule of the mapping table matches this line",
            "error_type": "unknown-sku",
        }
    if rule.kind == "unsupported":
        return _failed(rule, f"service: {rule.reason}", rule.error_type or "unsupported-service")
    # a rule's own unit is the table's statement: its leading block always counts
    parsed = units.parse(rule.unit) if rule.unit else units.parse(text["unit"], blocks=table.blocks)
    want = _dimension(rule.kind)
    if parsed is None or parsed[0] != want:
        what = f"unit: '{text['unit']}' is not a {want.replace('_', '-')} unit"
        return _failed(rule, what, "unknown-unit")
    count = rule.count(text)
    if count is None:
        what = "sku: the count of units per quantity cannot be read from the line"
        return _failed(rule, what, "unknown-sku")
    factor = count * parsed[1] / (1000.0 if rule.kind == "storage" else 1.0)
    model = rule.instance(text)
    if model is None:
        return _failed(rule, "sku: the instance type cannot be read from the line", "unknown-sku")
    return {
        "rule": rule.id,
        "usage_kind": rule.kind,
        "model": model,
        "factor": factor,
        "usage_unit": KIND_UNITS[rule.kind],
        "ccf_replication": table.ccf_replication(text),
    }


def _failed(rule: Rule, error: str, error_type: str) -> dict[str, Any]:
    """A line a rule matched but that cannot be computed: the rule and why, typed."""
    return {"rule": rule.id, "usage_kind": rule.kind, "error": error, "error_type": error_type}


def _dimension(kind: str) -> str:
    dim = KINDS[kind]
    assert dim is not None
    return dim
