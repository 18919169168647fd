"""Grid screens over lookups (audit 1796563618, classes B and G): a wider area's value far
from a zone's own values in a year the zone lacks, and a state estimate against the
balancing authorities serving the state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from test_screens import SOURCES2, f

from carbonfactors_pipeline.validate import Result, validate_tree

DERIVED = """\
- id: carbonfactors-derived
  producer: carbonfactors
  title: Values derived by carbonfactors from cited factors
  citation: carbonfactors, arithmetic on factors of this dataset.
  url: https://carbonfactors.org/
  published: '2026-12-01'
  accessed: '2026-12-01'
  license: LicenseRef-Computed
  license_url: https://carbonfactors.org/
  priority: 500
"""

ZONES = """\
zones:
- {id: MY, name: Malaysia, type: country}
- {id: MY-EM, name: East Malaysia, type: subnational, parent: MY}
- {id: US, name: United States, type: country}
- {id: US-NW-BPAT, name: Bonneville, type: subnational, parent: US}
- {id: US-NW-PSEI, name: Puget Sound Energy, type: subnational, parent: US}
- id: US-WA
  name: Washington
  type: subnational
  parent: US
  serving_zones: [US-NW-BPAT, US-NW-PSEI]
"""


def tree(tmp_path: Path, factors: list[dict[str, Any]], screens: str | None = None) -> Path:
    root = tmp_path / "factors"
    (root / "zones").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES2 + DERIVED, encoding="utf-8")
    (root / "zones" / "z.yaml").write_text(ZONES, encoding="utf-8")
    (root / "grid.yaml").write_text(yaml.safe_dump({"factors": factors}), encoding="utf-8")
    if screens is not None:
        (root / "screens.yaml").write_text(screens, encoding="utf-8")
    return root


def estimate(subject: str, year: int, value: float) -> dict[str, Any]:
    return f(
        subject,
        year,
        value,
        "carbonfactors-derived",
        method="ESTIMATE (rule G1): the US value scaled by the state's rate.",
        derived_from={"factors": [f"grid_intensity:US:{year}:ember-owid"], "sources": []},
    )


def problems(res: Result) -> list[str]:
    return [str(p) for p in res.problems]


def test_a_wider_areas_value_far_from_the_zones_own_is_a_problem(tmp_path: Path) -> None:
    # East Malaysia's own series starts in 2020 at 200 g; Malaysia has no 2020 value to
    # scale it by (rule G3 cannot apply), so MY-EM 2019 is Malaysia's 400 g: caught.
    series = [
        *(f("MY", y, 400.0) for y in range(2015, 2020)),
        *(f("MY-EM", y, 200.0, "emaps") for y in range(2020, 2023)),
    ]
    res = validate_tree(tree(tmp_path, series))
    # 2019, the year rule G3 would carry East Malaysia's 2020 value to; and 2015-2018, beyond
    # G3's reach, 2x East Malaysia's own first value with no year in common for rule G3b to
    # judge (grid-wider-far, audit 1796585890 B2).
    assert sorted((fl.factor, fl.rule) for fl in res.flags) == [
        *((f"grid_intensity:MY:{y}:ember-owid", "grid-wider-far") for y in range(2015, 2019)),
        ("grid_intensity:MY:2019:ember-owid", "grid-own-series"),
    ]
    assert any(
        "grid-wider-far: MY-EM 2015 resolves to 400 (MY), 2.00x MY-EM's own first value "
        "(2020: 200)" in p
        for p in problems(res)
    )
    assert any(
        "grid-own-series: MY-EM 2019 resolves to 400 (MY), more than 20% outside the own "
        "values of MY-EM rule G3 would carry (2020: 200)" in p
        for p in problems(res)
    )
    # With Malaysia's 2020 value, rule G3 carries East Malaysia's own series back, and rule G3b
    # (East Malaysia 0.5x Malaysia) its own first value to 2015-2018: no flag.
    fixed = validate_tree(tree(tmp_path / "b", [*series, f("MY", 2020, 400.0)]))
    assert fixed.ok and fixed.flags == [], problems(fixed)
    # A reviewer's note keeps it (and says why).
    note = """\
keep:
- factor: grid_intensity:MY:2019:ember-owid
  rule: grid-own-series
  note: Reviewed.
"""
    kept = validate_tree(tree(tmp_path / "c", series[4:], note))
    assert kept.ok and [fl.kept for fl in kept.flags] == ["Reviewed."], problems(kept)


def test_a_state_estimate_outside_its_authorities_is_listed_with_bounds(tmp_path: Path) -> None:
    # Audit 1796563618 #12: US-WA 2021 estimate 79.3 g, BPAT 92, PSEI 152. Rule G4's bounds
    # reach the authorities, so it is not a problem, but the estimate lies below both.
    factors = [
        f("US", 2021, 400.0),
        estimate("US-WA", 2021, 79.3),
        f("US-NW-BPAT", 2021, 92.0, "emaps"),
        f("US-NW-PSEI", 2021, 152.0, "emaps"),
    ]
    res = validate_tree(tree(tmp_path, factors))
    assert res.ok, problems(res)
    assert [(fl.factor, fl.rule) for fl in res.flags] == [
        ("grid_intensity:US-WA:2021:carbonfactors-derived", "grid-estimate-spread")
    ]
    assert "79.3 [79.3..152] while the authorities serving it give 92..152" in res.flags[0].reason
    # An estimate inside its authorities' range is not listed.
    inside = validate_tree(
        tree(tmp_path / "b", [*factors[:1], estimate("US-WA", 2021, 120.0), *factors[2:]])
    )
    assert inside.ok and inside.flags == [], problems(inside)


def test_serving_zones_must_name_known_zones(tmp_path: Path) -> None:
    root = tree(tmp_path, [f("US", 2021, 400.0)])
    zones = root / "zones" / "z.yaml"
    zones.write_text(zones.read_text().replace("US-NW-PSEI]", "US-NW-NOPE]"), encoding="utf-8")
    res = validate_tree(root)
    assert any("serving_zones" in p and "US-NW-NOPE" in p for p in problems(res))
