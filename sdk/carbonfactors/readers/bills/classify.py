"""Classify canonical bill lines with the mapping tables, into the frame layout.

Each distinct line key (provider, service, usage type, description, unit, resource type,
instance type) is classified once per read (``memo``), so a bill of millions of lines
costs one pass of regular expressions per SKU. What a kind becomes (model, quantity in
the engine's units) and every reason a line is not computed are in ``docs/bills.md``.
"""

from __future__ import annotations

from typing import Any

from . import units
from .codes import categorical, combine, constant, mapped, parts
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


def _kind_of(category: Any) -> str:
    v = (category or "usage").lower().replace(" ", "")
    return "usage" if v in USAGE else NON_USAGE.get(v, "other-charge")


def _charge_kind(c: Any) -> Any:
    """Per line: ``usage`` or the non-usage kind (worked out per distinct charge value)."""
    import numpy as np

    n = len(c)
    kind = np.full(n, "usage", dtype=object)
    if "charge_category" in c.columns:
        codes, values = parts(c["charge_category"])
        kind = np.array([_kind_of(v) for v in values], dtype=object)[codes]
    if "charge_class" in c.columns:
        codes, values = parts(c["charge_class"])
        fix = np.array([(v or "").lower() == "correction" for v in values])[codes]
        kind = np.where(fix, "correction", kind)
    if "commitment_status" in c.columns:
        codes, values = parts(c["commitment_status"])
        unused = np.array([(v or "").lower() == "unused" for v in values])[codes]
        kind = np.where(unused & (kind == "usage"), "unused-commitment", kind)
    negative = c["quantity"].to_numpy(dtype=float) < 0
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
#: Per-key text outputs of ``_classify_key`` (the rest: ``factor``, ``ccf_replication``).
_TEXT = ("usage_kind", "rule", "model", "error", "error_type", "usage_unit")
_NO_QUANTITY = ("quantity: missing or zero on a usage line", "no-quantity")
_NO_REGION = ("region: missing on a usage line (no location to compute)", "no-region")


def classify(c: Any, fmt: Format, all_tables: dict[str, Table], memo: dict[Any, Any]) -> Any:
    """Frame-layout rows for the canonical chunk ``c`` (see the module doc): each distinct
    line key is classified once (``memo`` keeps them across chunks), then broadcast by code."""
    import numpy as np

    names = by_name(all_tables)
    n = len(c)
    if fmt.provider is not None:
        c["provider"] = constant(n, fmt.provider)
    else:

        def provider(p: Any) -> Any:
            low = (p or "").strip().lower()
            return names[low].provider if low in names else low or None

        c["provider"] = mapped(c["provider_name"], provider)
    kind = _charge_kind(c)
    c["charge_kind"] = categorical(*_codes_of(kind))
    for k in _KEY:
        if k not in c.columns:
            c[k] = constant(n, None)
    codes, keys = combine([c[k] for k in _KEY])
    hits = []
    for key in keys:
        hit = memo.get(key)
        if hit is None:
            hit = _classify_key(dict(zip(_KEY, key, strict=True)), all_tables)
            if len(memo) > 100_000:
                memo.clear()
            memo[key] = hit
        hits.append(hit)
    per_unit = np.array([h.get("factor", np.nan) for h in hits] + [np.nan])[codes]
    replication = np.array([h.get("ccf_replication", 1.0) for h in hits] + [1.0])[codes]
    loc_codes, locations = _locations(c, all_tables)
    usage = kind == "usage"
    qty = c["quantity"].to_numpy(dtype=float)
    ok = usage & np.array([h.get("error") is None for h in hits] + [True])[codes]
    no_qty = ok & ~(qty > 0)
    ok &= ~no_qty
    no_loc = ok & (np.array([v is None for v in locations])[loc_codes])
    ok &= ~no_loc
    # Row codes into the key table, with three more slots: no quantity, no region, nothing.
    nk = len(hits)
    slot = codes.copy()
    slot[no_qty], slot[no_loc], slot[~usage] = nk, nk + 1, nk + 2
    usage_slot = np.where(usage, codes, nk + 2)
    model_slot = np.where(ok, codes, nk + 2)  # a line that is not computed names no model
    for col in _TEXT:
        values = [h.get(col) for h in hits]
        if col in ("error", "error_type"):
            i = int(col == "error_type")
            c[col] = categorical(slot, [*values, _NO_QUANTITY[i], _NO_REGION[i], None])
        else:
            row_slot = model_slot if col == "model" else usage_slot
            c[col] = categorical(row_slot, [*values, None, None, None])
    c["location"] = categorical(loc_codes, locations)
    c["ccf_replication"] = replication
    amount = qty * per_unit
    c["usage_amount"] = np.where(ok, amount, np.nan)
    c["count"] = np.where(ok, 1.0, np.nan)
    c["hours"] = np.where(ok, amount, np.nan)
    usage_kind = np.array([h.get("usage_kind") for h in hits] + [None], dtype=object)[codes]
    c["include_embodied"] = np.isin(usage_kind, ("instance", "gpu")) | ~ok
    return c


def _codes_of(values: Any) -> tuple[Any, Any]:
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques)


def _locations(c: Any, all_tables: dict[str, Table]) -> tuple[Any, list[str | None]]:
    """Row codes and the location of each distinct (provider, region)."""
    codes, pairs = combine([c["provider"], c["region"]])
    found: list[str | None] = []
    for provider, region in pairs:
        t = all_tables.get(provider) if isinstance(provider, str) else None
        found.append(t.location(region) if (t is not None and isinstance(region, str)) else None)
    return codes, [*found, None]


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
