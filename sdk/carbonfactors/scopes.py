"""GHG Protocol scopes of a footprint's lines, by who owns the hardware.

With ``ownership`` on a job, each line of the result states its GHG Protocol category and
totals are given per scope (they add up to ``total_kgco2e`` exactly: each scope total is a
sum of the same operational and embodied figures the total is made of):

* ``owned`` (your own servers, on premises or colocated): the electricity is **Scope 2**
  (purchased electricity; location-based, with the market-based figure beside it when a
  ``market`` is given); the hardware's manufacture is **Scope 3 category 2** (capital goods).
* ``cloud`` (a cloud provider's machines): both are **Scope 3 category 1** (purchased goods
  and services): the provider's Scope 1 and 2 and its hardware become your supply chain.

Scope 1 (fuel burnt on site, e.g. backup generators) is not modelled: it is reported as 0
with a note, never guessed.
"""

from __future__ import annotations

from typing import Any

OWNERSHIP = ("cloud", "owned")

SCOPE2: tuple[str, int | None, str] = ("scope_2", None, "Scope 2: purchased electricity")
S3C1 = ("scope_3", 1, "Scope 3 category 1: purchased goods and services")
S3C2 = ("scope_3", 2, "Scope 3 category 2: capital goods")

Rule = tuple[str, int | None, str]
RULES: dict[str, dict[str, Rule]] = {
    "owned": {"operational": SCOPE2, "embodied": S3C2},
    "cloud": {"operational": S3C1, "embodied": S3C1},
}


def scopes(
    ownership: str,
    operational_kg: float,
    embodied_kg: float,
    embodied_lines: list[tuple[str, float]],
    market_kg: float | None = None,
) -> dict[str, Any]:
    """The ``scopes`` block of a result (see the module doc)."""
    rule = RULES[ownership]
    lines: list[dict[str, Any]] = []

    def line(name: str, kind: str, kg: float) -> None:
        scope, category, label = rule[kind]
        lines.append(
            {
                "line": name,
                "kgco2e": kg,
                "scope": scope,
                "category": category,
                "ghg_protocol": label,
            }
        )

    line("operational", "operational", operational_kg)
    for name, kg in embodied_lines:
        line(name, "embodied", kg)
    totals = {"scope_1": 0.0, "scope_2": 0.0, "scope_3": 0.0}
    totals[rule["operational"][0]] += operational_kg
    totals[rule["embodied"][0]] += embodied_kg
    out: dict[str, Any] = {
        "ownership": ownership,
        "lines": lines,
        "totals": totals,
        "notes": ["scope 1 (on-site fuel, e.g. backup generators) is not modelled: 0"],
    }
    if ownership == "owned" and market_kg is not None:
        out["scope_2_market_based_kgco2e"] = market_kg
    return out
