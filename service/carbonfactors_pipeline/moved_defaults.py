"""Which defaults a data change moves: the resolved tables of both sides, compared row by row.

A factor diff says what a contributor typed; users get *resolved* defaults (source priority,
nearest earlier year, rungs, category fallbacks). A new measured power factor can move the
default H100 from 700 W to 510 W without changing any existing factor, so the review
compares the tables of ``resolved`` (the very ones committed under ``factors/resolved/``)
between the base and the head, and says for each moved default: old -> new, and why (the
factor it comes from was edited, removed, or another one now wins).
"""

from __future__ import annotations

from typing import Any

from . import resolved

#: Per table: the key columns, then (value column, factor column, unit) of each default.
_SHAPES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]] = {
    "grid.tsv": (("zone", "year", "basis"), (("value", "factor", "gCO2e/kWh"),)),
    "pue.tsv": (("operator", "year"), (("value", "factor", ""),)),
    "hardware.tsv": (
        ("model",),
        (("power_w", "power_factors", "W"), ("embodied_kgco2e", "embodied_factor", "kgCO2e")),
    ),
}


def _rows(text: str) -> dict[tuple[str, ...], dict[str, str]]:
    lines = text.splitlines()
    header = lines[0].split("\t")
    out = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        out[tuple(row[k] for k in header[: _key_len(header)])] = row
    return out


def _key_len(header: list[str]) -> int:
    for keys, _ in _SHAPES.values():
        if header[: len(keys)] == list(keys):
            return len(keys)
    return 1


def _why(old_id: str, new_id: str, new_ids: set[str]) -> str:
    if old_id == new_id:
        return f"the value of {new_id} was edited" if new_id else "recomputed"
    if not old_id:
        return f"now resolved from {new_id}"
    if not new_id:
        return f"{old_id} no longer applies"
    if old_id.split(",")[0] not in new_ids:
        return f"{old_id} was removed; now {new_id}"
    return f"{new_id} now wins over {old_id} (a new factor, or a higher priority or rung)"


def moved(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Every default that differs between two snapshots: table, key, what, old, new, why."""
    old_t, new_t = resolved.tables(old), resolved.tables(new)
    new_ids = {f["id"] for f in new.get("factors", [])}
    out: list[dict[str, Any]] = []
    for name, (_keys, values) in _SHAPES.items():
        a, b = _rows(old_t[name]), _rows(new_t[name])
        for key in sorted(a.keys() | b.keys()):
            ra, rb = a.get(key, {}), b.get(key, {})
            for value, factor, unit in values:
                va, vb = ra.get(value, ""), rb.get(value, "")
                if va == vb:
                    continue
                fa, fb = ra.get(factor, ""), rb.get(factor, "")
                out.append(
                    {
                        "table": name,
                        "key": " ".join(key),
                        "what": value,
                        "old": va or "—",
                        "new": vb or "—",
                        "unit": unit,
                        "why": _why(fa, fb, new_ids),
                    }
                )
    return out


def render(rows: list[dict[str, Any]], limit: int) -> list[str]:
    """Markdown lines for the review report (empty when nothing moved)."""
    if not rows:
        return []
    out = ["", f"### Defaults that moved ({len(rows)})", ""]
    out += [
        f"- {r['key']} {r['what']}: {r['old']} → {r['new']} {r['unit']}".rstrip() + f" — {r['why']}"
        for r in rows[:limit]
    ]
    if len(rows) > limit:
        out.append(f"- … and {len(rows) - limit} more (`--format json` lists all)")
    return out
